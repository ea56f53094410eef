/**
 * Issue 17 item 3: every user agent names client releases that existed before the record's
 * eventTime (release tables in src/plan/releases), with matching components, and names the
 * service actually called.
 */
import { describe, expect, it } from 'vitest';
import { clientProfile, JAVA_V1_RETRY_MODE_FROM, JAVA_V1_VENDOR_FROM, versionAtLeast } from '../../src/plan/clients.js';
import { lastReleasedBy, pickRelease } from '../../src/plan/release-pick.js';
import { AWS_CLI_V1 } from '../../src/plan/releases/aws-cli-v1.js';
import { AWS_CLI_V2 } from '../../src/plan/releases/aws-cli-v2.js';
import { BOTO3 } from '../../src/plan/releases/boto3.js';
import { PYTHON_REQUESTS } from '../../src/plan/releases/python-requests.js';
import { SDK_GO_V2_GLACIER } from '../../src/plan/releases/sdk-go-v2-glacier.js';
import { SDK_GO_V2_CORE } from '../../src/plan/releases/sdk-go-v2-core.js';
import { SDK_GO_V2_STS } from '../../src/plan/releases/sdk-go-v2-sts.js';
import { SDK_JAVA_V1 } from '../../src/plan/releases/sdk-java-v1.js';
import { SDK_JAVA_V2 } from '../../src/plan/releases/sdk-java-v2.js';
import { SDK_JS_V3 } from '../../src/plan/releases/sdk-js-v3.js';
import { TERRAFORM } from '../../src/plan/releases/terraform.js';
import { TERRAFORM_PROVIDER_AWS } from '../../src/plan/releases/terraform-provider-aws.js';
import { Rng } from '../../src/random/rng.js';
import { corpus } from './corpus.js';

type Table = ReadonlyArray<readonly [string, string, ...string[]]>;
const released = (table: Table): Map<string, number> => new Map(table.map((r) => [r[0], Date.parse(`${r[1]}T00:00:00Z`) / 1000]));
const FAMILIES: Array<{ re: RegExp; table: Map<string, number>; name: string; from?: number }> = [
  { name: 'aws-cli v2', re: /^aws-cli\/(2\.\d+\.\d+)/, table: released(AWS_CLI_V2) },
  { name: 'aws-cli v1', re: /^aws-cli\/(1\.\d+\.\d+)/, table: released(AWS_CLI_V1) },
  { name: 'boto3', re: /^Boto3\/(\S+)/, table: released(BOTO3) },
  { name: 'python-requests', re: /^python-requests\/(\S+)/, table: released(PYTHON_REQUESTS) },
  { name: 'terraform', re: /Terraform\/(\S+)/, table: released(TERRAFORM) },
  { name: 'terraform-provider-aws', re: /terraform-provider-aws\/(\S+)/, table: released(TERRAFORM_PROVIDER_AWS) },
  { name: 'sdk-js-v3', re: /^aws-sdk-js\/(\S+)/, table: released(SDK_JS_V3) },
  { name: 'go glacier module', re: /api\/glacier[#/](1\.\d+\.\d+)(?: m\/[A-Za-z,]+)?$/, table: released(SDK_GO_V2_GLACIER) },
  // Java SDK v1 from the table's start, 1.11.82 (2017-01-20; 1.11.0-81 have no table).
  { name: 'sdk-java-v1', re: /^aws-sdk-java\/(1\.1[12]\.\d+) /, table: released(SDK_JAVA_V1), from: Date.parse('2017-01-21T00:00:00Z') / 1000 },
  // Java SDK v2: client actors and Identity Center's own caller (Java SDK v1 before the v2 GA,
  // checked by the Java runtime test below).
  { name: 'sdk-java-v2', re: /^aws-sdk-java\/(2\.\d+\.\d+) /, table: released(SDK_JAVA_V2) },
];
const BOTOCORE_OF = new Map<string, string | undefined>([...BOTO3.map((r) => [`Boto3/${r[0]}`, r[2]] as const), ...AWS_CLI_V1.map((r) => [`aws-cli/${r[0]}`, r[2]] as const)]);

describe('client releases', () => {
  it('picks only releases out before the date, most within the last months', () => {
    const t = Date.parse('2024-06-01T00:00:00Z') / 1000;
    const rng = Rng.for('pick-test');
    const ages: number[] = [];
    for (let i = 0; i < 500; i++) {
      const row = pickRelease(BOTO3, t, rng)!;
      const at = Date.parse(`${row[1]}T00:00:00Z`) / 1000;
      expect(at).toBeLessThan(t);
      ages.push((t - at) / 86400);
    }
    ages.sort((a, b) => a - b);
    expect(ages[250]!).toBeLessThan(150);
    expect(ages[499]!).toBeLessThanOrEqual(740);
    expect(pickRelease(AWS_CLI_V2, Date.parse('2019-01-01T00:00:00Z') / 1000, rng)).toBeNull();
    expect(lastReleasedBy(BOTO3, 0)).toBe(-1);
    // The JS v3 table has no gap between 3.0.0 and 2026-03 (the CHANGELOG read in full there;
    // before 2026-12-05 it ended at 3.845.0, 2025-07-15).
    const js = SDK_JS_V3;
    expect(js[0]).toEqual(['3.0.0', '2020-12-15']);
    expect(js.at(-1)).toEqual(['3.1020.0', '2026-03-30']);
    for (let i = 1; i < js.length; i++) expect((Date.parse(js[i]![1]) - Date.parse(js[i - 1]![1])) / 86400000).toBeLessThan(25);
  });

  it('JS SDK v3 from its first release: a tabulated release before the date, in the user-agent format of that release', () => {
    const table = released(SDK_JS_V3);
    for (const [iso, modern] of [['2021-03-01', false], ['2022-06-01', false], ['2024-09-01', true], ['2026-04-01', true]] as const) {
      const t = Date.parse(`${iso}T00:00:00Z`) / 1000;
      for (let i = 0; i < 20; i++) {
        const ua = clientProfile('sdk-js-v3', t, Rng.for(`js-${iso}-${i}`)).userAgent('list-vaults');
        const v = /^aws-sdk-js\/(\S+) /.exec(ua)?.[1];
        expect(v, ua).toBeDefined();
        expect(table.get(v!)!, ua).toBeLessThan(t);
        expect(/ ua\/2\.[01] /.test(ua), ua).toBe(modern);
        if (!modern) expect(ua).toMatch(/ os\/linux\/\S+ lang\/js md\/nodejs\/\d+\.\d+\.\d+ api\/glacier\/3\.\d+\.\d+$/);
      }
    }
  });

  it('Java SDK v2 and the JS v3 gap months: a tabulated release before the date, never an interpolated one', () => {
    const java = released(SDK_JAVA_V2);
    const js = released(SDK_JS_V3);
    for (const iso of ['2019-07-01', '2020-06-01', '2021-11-15', '2023-03-01', '2024-04-10', '2025-09-01', '2026-05-01']) {
      const t = Date.parse(`${iso}T00:00:00Z`) / 1000;
      for (let i = 0; i < 20; i++) {
        const ua = clientProfile('sdk-java-v2', t, Rng.for(`java-${iso}-${i}`)).userAgent('list-vaults');
        const v = /^aws-sdk-java\/(2\.\d+\.\d+) /.exec(ua)?.[1];
        expect(java.get(v!), ua).toBeLessThan(t);
      }
    }
    // From its GA (2.1.0, 2018-11-19) the table has the SDK's releases; before it another client
    // stands in, never a made-up 2.x or a 2.0.0-preview.
    expect(SDK_JAVA_V2[0]).toEqual(['2.1.0', '2018-11-19']);
    expect(clientProfile('sdk-java-v2', Date.parse('2019-01-01T00:00:00Z') / 1000, Rng.for('java-early')).userAgent('list-vaults')).toMatch(/^aws-sdk-java\/2\.[12]\.\d+ /);
    expect(clientProfile('sdk-java-v2', Date.parse('2018-11-01T00:00:00Z') / 1000, Rng.for('java-early')).userAgent('list-vaults')).toMatch(/^Boto3\//);
    // Gaps between sampled pages are at most ~5 months (2.17.180 -> 2.17.285, 155 days); the table
    // before 2026-12-05 went up to 8 months without a row (2.5.71 -> 2.10.73).
    for (let i = 1; i < SDK_JAVA_V2.length; i++) {
      const gap = (Date.parse(SDK_JAVA_V2[i]![1]) - Date.parse(SDK_JAVA_V2[i - 1]![1])) / 86400e3;
      expect(gap, `${SDK_JAVA_V2[i - 1]![0]} -> ${SDK_JAVA_V2[i]![0]}`).toBeLessThanOrEqual(160);
    }
    // JS v3 2024-02..06 read: the newest pick in that window is from that window.
    const t = Date.parse('2024-05-01T00:00:00Z') / 1000;
    expect(SDK_JS_V3[lastReleasedBy(SDK_JS_V3, t)]![1] >= '2024-04-25').toBe(true);
    expect(js.get('3.567.0')).toBe(Date.parse('2024-05-01T00:00:00Z') / 1000);
    // The Go Glacier module's newest stored release.
    expect(SDK_GO_V2_GLACIER.at(-1)).toEqual(['1.34.0', '2026-07-06']);
  });

  it('Go Glacier module: every release from its CHANGELOG, no gap over 70 days from 2021 to the end', () => {
    // Every version 1.3.0 (2021-05-14) to 1.34.0, none skipped; the longest quiet spell is
    // 1.27.3 (2025-04-03) -> 1.27.4 (2025-06-10), 68 days. Before 2026-12 the table ended at
    // 1.15.5 (2023-08-21), so every later Go or Terraform actor named a 2023 module.
    expect(SDK_GO_V2_GLACIER[0]).toEqual(['1.3.0', '2021-05-14']);
    for (let i = 1; i < SDK_GO_V2_GLACIER.length; i++) {
      const [a, b] = [SDK_GO_V2_GLACIER[i - 1]!, SDK_GO_V2_GLACIER[i]!];
      expect(a[1] <= b[1] && versionAtLeast(b[0], a[0]) && a[0] !== b[0], `${a.join(' ')} then ${b.join(' ')}`).toBe(true);
      expect((Date.parse(b[1]) - Date.parse(a[1])) / 86400e3, `${a[0]} -> ${b[0]}`).toBeLessThanOrEqual(70);
    }
    // A 2026 Go actor names a module of 2024-2026, not the 2023 end of the old table.
    const module = released(SDK_GO_V2_GLACIER);
    const t = Date.parse('2026-06-15T00:00:00Z') / 1000;
    for (let i = 0; i < 30; i++) {
      const ua = clientProfile('sdk-go-v2', t, Rng.for(`go-glacier-${i}`)).userAgent('list-vaults');
      const v = /api\/glacier#(1\.\d+\.\d+)(?: m\/E)?$/.exec(ua)?.[1];
      expect(v !== undefined && module.has(v), ua).toBe(true);
      expect(module.get(v!)!, ua).toBeLessThan(t);
      expect(module.get(v!)!, ua).toBeGreaterThanOrEqual(Date.parse('2024-06-15T00:00:00Z') / 1000);
    }
  });

  it('Java SDK v2 user agents in the form of their release: Linux/… Java/… before 2.26.0, md/…#… with api/<Service>#2.N.x after, ua/2.1 and m/ ids from 2.30.0', () => {
    for (const [iso, form] of [['2023-06-01', 'old'], ['2024-10-01', 'ua20'], ['2026-03-01', 'ua21']] as const) {
      const t = Date.parse(`${iso}T00:00:00Z`) / 1000;
      for (let i = 0; i < 20; i++) {
        const client = clientProfile('sdk-java-v2', t, Rng.for(`java-form-${iso}-${i}`));
        const ua = client.userAgent('list-vaults');
        const v = /^aws-sdk-java\/(2\.(\d+)\.\d+) /.exec(ua)!;
        const minor = Number(v[2]);
        const expected = minor < 26 ? 'old' : minor < 30 ? 'ua20' : 'ua21';
        if (expected === 'old') expect(ua).toMatch(/ Linux\/\S+ OpenJDK_64-Bit_Server_VM\/\S+ Java\/\S+ vendor\/Amazon\.com_Inc\. io\/sync http\/Apache cfg\/retry-mode\/legacy$/);
        else {
          expect(ua).toMatch(new RegExp(`^aws-sdk-java/${v[1]!.replace(/\./g, '\\.')} md/io#sync md/http#Apache ua/${expected === 'ua21' ? '2\\.1' : '2\\.0'} api/Glacier#2\\.${minor}\\.x os/Linux#\\S+ lang/java#(1[17]\\.0\\.\\d+) md/OpenJDK_64-Bit_Server_VM#\\1\\+\\d+-LTS md/vendor#Amazon\\.com_Inc\\. md/en_US`));
          expect(ua.endsWith(' m/D,N')).toBe(expected === 'ua21');
          expect(client.userAgent('assume-role', 'sts')).toContain(` api/STS#2.${minor}.x `);
        }
        // The draw lags, so an older form is possible at a later date, never a newer one.
        expect(['old', 'ua20', 'ua21'].indexOf(expected)).toBeLessThanOrEqual(['old', 'ua20', 'ua21'].indexOf(form));
      }
    }
  });

  it('Terraform AWS provider: a tabulated release before the date, likelier recent, its own user-agent token from 3.28.0, Terraform 0.12+', () => {
    // The table: real CHANGELOG dates, in date order, each major's versions rising, no backport
    // of an older major after a newer one started (3.74.2-3.75.2 left out).
    expect(TERRAFORM_PROVIDER_AWS[0]).toEqual(['3.0.0', '2020-07-31']);
    expect(released(TERRAFORM_PROVIDER_AWS).get('4.0.0')).toBe(Date.parse('2022-02-10T00:00:00Z') / 1000);
    expect(released(TERRAFORM_PROVIDER_AWS).get('5.0.0')).toBe(Date.parse('2023-05-25T00:00:00Z') / 1000);
    expect(released(TERRAFORM_PROVIDER_AWS).get('6.0.0')).toBe(Date.parse('2025-06-18T00:00:00Z') / 1000);
    expect(released(TERRAFORM_PROVIDER_AWS).has('3.75.0')).toBe(false);
    // The former holes 4.54-4.67 (2023-02..05) and 5.83-5.100 (2025-01..06), from the CHANGELOG
    // header dates that Renovate release notes link to (scripts/release-tables-terraform-provider-aws-sources.txt).
    expect(released(TERRAFORM_PROVIDER_AWS).get('4.60.0')).toBe(Date.parse('2023-03-24T00:00:00Z') / 1000);
    expect(released(TERRAFORM_PROVIDER_AWS).get('5.95.0')).toBe(Date.parse('2025-04-17T00:00:00Z') / 1000);
    for (let i = 1; i < TERRAFORM_PROVIDER_AWS.length; i++) {
      const [a, b] = [TERRAFORM_PROVIDER_AWS[i - 1]!, TERRAFORM_PROVIDER_AWS[i]!];
      expect(a[1] <= b[1] && versionAtLeast(b[0], a[0]), `${a.join(' ')} then ${b.join(' ')}`).toBe(true);
      // No gap longer than 62 days (5.95.0 2025-04-17 to 6.0.0 2025-06-18).
      expect((Date.parse(b[1]) - Date.parse(a[1])) / 86400000, `${a.join(' ')} then ${b.join(' ')}`).toBeLessThanOrEqual(62);
    }
    const provider = released(TERRAFORM_PROVIDER_AWS);
    const seen = new Set<string>();
    for (const iso of ['2021-06-01', '2021-12-01', '2022-06-01', '2023-03-01', '2024-06-01', '2025-03-01', '2025-09-01', '2026-10-01']) {
      const t = Date.parse(`${iso}T00:00:00Z`) / 1000;
      const ages: number[] = [];
      for (let i = 0; i < 40; i++) {
        const ua = clientProfile('terraform', t, Rng.for(`tf-${iso}-${i}`)).userAgent('list-vaults');
        const tf = /Terraform\/(\S+) /.exec(ua)?.[1];
        expect(tf && versionAtLeast(tf, '0.12.0'), ua).toBe(true);
        const v = /terraform-provider-aws\/(\S+) /.exec(ua)?.[1];
        if (v === undefined) {
          // No token: only a release before 3.28.0 omits it, and those are all out by 2021-02.
          expect(t < Date.parse('2023-03-01T00:00:00Z') / 1000, ua).toBe(true);
          continue;
        }
        expect(versionAtLeast(v, '3.28.0'), ua).toBe(true);
        const at = provider.get(v);
        expect(at, ua).toBeDefined();
        expect(at!, ua).toBeLessThan(t);
        ages.push((t - at!) / 86400);
        seen.add(v);
      }
      ages.sort((a, b) => a - b);
      // Mean lag 120 days; medians 46-137 days over these dates (255 at 2025-09 while 2025-01..06
      // was a hole, 5.82.2 to 6.0.0).
      expect(ages[ages.length >> 1]!, iso).toBeLessThan(200);
    }
    // Several majors show up over the years, not one frozen version.
    expect(new Set([...seen].map((v) => v.split('.')[0])).size).toBeGreaterThanOrEqual(4);
  });

  it('Java SDK v1: a 1.11 or 1.12 release from the changelogs before the date, in the user-agent form of its release', () => {
    const java1 = released(SDK_JAVA_V1);
    // 1.11.82 and 1.11.83 came out the same day; the weekly thinning keeps the later.
    expect(SDK_JAVA_V1[0]).toEqual(['1.11.83', '2017-01-20']);
    // To the last release before end of support (2025-12-31); 1.12.779 and 1.12.789+ carry
    // Maven Central dates (no stored CHANGELOG has them), the rest CHANGELOG dates.
    expect(SDK_JAVA_V1.at(-1)).toEqual(['1.12.797', '2025-12-29']);
    expect(java1.get('1.12.788')).toBe(Date.parse('2025-07-11T00:00:00Z') / 1000);
    // 1.11.379-389 have no changelog entry (the SDK's own gap), so they never appear.
    expect(SDK_JAVA_V1.some((r) => /^1\.11\.(379|38\d)$/.test(r[0]))).toBe(false);
    for (const iso of ['2017-06-01', '2018-09-01', '2019-10-01', '2020-06-01', '2021-03-01', '2021-09-01', '2022-06-01', '2023-06-01', '2024-06-01', '2025-06-01', '2026-02-01']) {
      const t = Date.parse(`${iso}T00:00:00Z`) / 1000;
      for (let i = 0; i < 30; i++) {
        const ua = clientProfile('sdk-java-v1', t, Rng.for(`java1-${iso}-${i}`)).userAgent('list-vaults');
        const v = /^aws-sdk-java\/(1\.1[12]\.\d+) /.exec(ua)?.[1];
        // An interpolated 1.11.N or 1.12.N is often a number the SDK skipped (1.12.356, 1.11.385)
        // or one released after the date; the table holds only real releases.
        expect(v !== undefined && java1.has(v), ua).toBe(true);
        expect(java1.get(v!)! < t, ua).toBe(true);
        // Tokens by release: vendor/ from JAVA_V1_VENDOR_FROM, cfg/retry-mode/ from JAVA_V1_RETRY_MODE_FROM.
        expect(ua.includes(' vendor/'), ua).toBe(versionAtLeast(v!, JAVA_V1_VENDOR_FROM));
        expect(ua.endsWith(' cfg/retry-mode/legacy'), ua).toBe(versionAtLeast(v!, JAVA_V1_RETRY_MODE_FROM));
      }
    }
    // Real user agents bound the token switches: 1.11.462 without vendor/, 1.11.706 with it;
    // 1.11.848 without cfg/retry-mode/, 1.11.991 with it.
    expect([versionAtLeast('1.11.462', JAVA_V1_VENDOR_FROM), versionAtLeast('1.11.706', JAVA_V1_VENDOR_FROM)]).toEqual([false, true]);
    expect([versionAtLeast('1.11.848', JAVA_V1_RETRY_MODE_FROM), versionAtLeast('1.11.991', JAVA_V1_RETRY_MODE_FROM)]).toEqual([false, true]);
    const early = clientProfile('sdk-java-v1', Date.parse('2016-11-01T00:00:00Z') / 1000, Rng.for('java1-early')).userAgent('list-vaults');
    expect(early).toMatch(/^aws-sdk-java\/1\.11\.([0-7]?\d|8[01]) Linux\//);
  });

  it('Java SDK v1: the JVM vendor of the host, the distribution OpenJDK\'s Oracle Corporation or Corretto\'s Amazon', () => {
    // Every real v1 record we hold names Oracle_Corporation; it was Amazon.com_Inc. on every actor.
    const seen = new Map<string, number>();
    for (const iso of ['2019-06-01', '2022-06-01', '2024-06-01']) {
      const t = Date.parse(`${iso}T00:00:00Z`) / 1000;
      for (let i = 0; i < 40; i++) {
        const ua = clientProfile('sdk-java-v1', t, Rng.for(`java1-vendor-${iso}-${i}`)).userAgent('list-vaults');
        // No token: a release before 1.11.514 (a 2019 pick that lags back past it).
        const v = / vendor\/(\S+)/.exec(ua)?.[1];
        if (v) seen.set(v, (seen.get(v) ?? 0) + 1);
      }
    }
    expect([...seen.keys()].sort()).toEqual(['Amazon.com_Inc.', 'Oracle_Corporation']);
    expect(seen.get('Oracle_Corporation')!).toBeGreaterThanOrEqual(30);
  });

  it('Go SDK core: a highlighted release from the CHANGELOG while the table lasts, for Go and Terraform actors alike', () => {
    const core = released(SDK_GO_V2_CORE);
    expect(core.get('1.17.5')).toBe(Date.parse('2023-02-20T00:00:00Z') / 1000);
    for (const client of ['sdk-go-v2', 'terraform'] as const) {
      for (const iso of ['2021-07-01', '2022-01-01', '2022-07-01', '2023-01-01', '2023-04-01', '2023-09-01', '2024-06-01', '2025-03-01', '2025-10-01', '2026-07-01']) {
        const t = Date.parse(`${iso}T00:00:00Z`) / 1000;
        for (let i = 0; i < 30; i++) {
          const ua = clientProfile(client, t, Rng.for(`go-${client}-${iso}-${i}`)).userAgent('list-vaults');
          const v = /aws-sdk-go-v2\/(\S+) /.exec(ua)?.[1];
          // Interpolated `1.N.0` names numbers no release record confirms (1.9.0, 1.12.0) or later releases.
          expect(v !== undefined && core.has(v), ua).toBe(true);
          expect(core.get(v!)! < t, ua).toBe(true);
        }
      }
    }
    // The CHANGELOG's highlights from 2021-01 to 2026-06, at most 130 days apart (before
    // 2026-12-05 the table ended 2023-02 and anchors filled the rest).
    expect(SDK_GO_V2_CORE.at(-1)).toEqual(['1.42.0', '2026-06-08']);
    const days = SDK_GO_V2_CORE.map((r) => Date.parse(r[1]) / 86400e3);
    expect(Math.max(...days.slice(1).map((d, i) => d - days[i]!))).toBeLessThanOrEqual(130);
    // Past the table (two months after its last row) the dated anchors take over, never below it.
    const late = clientProfile('sdk-go-v2', Date.parse('2026-12-01T00:00:00Z') / 1000, Rng.for('go-late')).userAgent('list-vaults');
    expect(Number(/aws-sdk-go-v2\/1\.(\d+)\./.exec(late)![1])).toBeGreaterThanOrEqual(41);
  });

  it('Terraform CLI: 0.12-0.14 releases from their CHANGELOGs, picked when a draw lags back to them', () => {
    // The tags alone kept no 0.12.0-0.14.x (a late patch came first in version order), so a 2021
    // draw that lagged a few months fell to 0.11.14 and became 0.15.1: a release that did not
    // exist yet at the date the draw aimed at. The CHANGELOG headers fill that gap.
    const cli = released(TERRAFORM);
    expect(cli.get('0.12.0')).toBe(Date.parse('2019-05-22T00:00:00Z') / 1000);
    expect(cli.get('0.13.0')).toBe(Date.parse('2020-08-10T00:00:00Z') / 1000);
    expect(cli.get('0.14.0')).toBe(Date.parse('2020-12-02T00:00:00Z') / 1000);
    expect(cli.get('0.15.0')).toBe(Date.parse('2021-04-14T00:00:00Z') / 1000);
    // 0.13.6 (2021-01-06) came after 0.14.0: a backport, left out like the provider's.
    expect(cli.has('0.13.6')).toBe(false);
    // 0.12.8-0.12.29 from the tags (no stored CHANGELOG copy has them); 0.12.30 (2021-01) is a backport.
    expect(cli.get('0.12.20')).toBe(Date.parse('2020-01-22T00:00:00Z') / 1000);
    expect(cli.get('0.12.29')).toBe(Date.parse('2020-07-22T00:00:00Z') / 1000);
    expect(cli.has('0.12.30')).toBe(false);
    // No stretch of the 0.12 line without a release for more than two months (was 2019-08 to 2020-08).
    const v012 = TERRAFORM.filter((r) => r[0].startsWith('0.12.')).map((r) => Date.parse(r[1]) / 86400e3);
    expect(Math.max(...v012.slice(1).map((d, i) => d - v012[i]!))).toBeLessThanOrEqual(60);
    for (let i = 1; i < TERRAFORM.length; i++) {
      const [a, b] = [TERRAFORM[i - 1]!, TERRAFORM[i]!];
      expect(a[1] <= b[1] && versionAtLeast(b[0], a[0]), `${a.join(' ')} then ${b.join(' ')}`).toBe(true);
    }
    const lines = new Map<string, number>();
    const t = Date.parse('2021-07-01T00:00:00Z') / 1000;
    for (let i = 0; i < 200; i++) {
      const ua = clientProfile('terraform', t, Rng.for(`tf-cli-${i}`)).userAgent('list-vaults');
      const v = /Terraform\/(\S+) /.exec(ua)![1]!;
      expect(cli.get(v)! < t, ua).toBe(true);
      const line = v.split('.').slice(0, 2).join('.');
      lines.set(line, (lines.get(line) ?? 0) + 1);
    }
    // Mean lag 120 days from 2021-07: about a third of the draws land before 0.15.0 (2021-04-14).
    expect((lines.get('0.14') ?? 0) + (lines.get('0.13') ?? 0), JSON.stringify([...lines])).toBeGreaterThan(20);
    expect(lines.get('0.11') ?? 0).toBe(0);
  });

  it('in every generated record: released before eventTime, paired components agree, api/<service> names the call', async () => {
    const problems: string[] = [];
    let checked = 0;
    for (const { source, record } of await corpus()) {
      const ua = String(record.userAgent ?? '');
      const t = Date.parse(String(record.eventTime)) / 1000;
      const note = (why: string): void => void (problems.length < 8 && problems.push(`${source} ${String(record.eventTime)} ${why}: ${ua}`));
      for (const f of FAMILIES) {
        const m = f.re.exec(ua);
        if (!m || (f.from !== undefined && t < f.from)) continue;
        checked++;
        const at = f.table.get(m[1]!);
        if (at === undefined) note(`${f.name} ${m[1]} is not a release`);
        else if (at >= t) note(`${f.name} ${m[1]} released after the event`);
      }
      const boto = /^(?:Boto3|aws-cli)\/1\.\d+\.\d+/.exec(ua);
      const bc = /[Bb]otocore[/#](\d+\.\d+\.\d+)/.exec(ua);
      if (boto && bc && BOTOCORE_OF.get(boto[0]) !== bc[1]) note(`botocore ${bc[1]} does not ship with ${boto[0]}`);
      if (/ m\//.test(ua) && !/ua\/2\.1/.test(ua)) note('m/ feature ids without ua/2.1');
      // JS v3 wrote ua/2.0 only from 3.347.0; earlier releases used `/` separators and no ua/ token.
      const js = /^aws-sdk-js\/(3\.\d+\.\d+) (ua\/2)?/.exec(ua);
      if (js && !js[2] !== !versionAtLeast(js[1]!, '3.347.0')) note('JS v3 user-agent format does not match its release');
      const api = /api\/([A-Za-z0-9-]+)#/.exec(ua) ?? /(?:md\/command#|command\/)([a-z0-9-]+)\./.exec(ua);
      const service = String(record.eventSource ?? '').split('.')[0];
      if (api && record.eventType === 'AwsApiCall' && api[1]!.toLowerCase() !== service) note(`names ${api[1]} on a ${service} call`);
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(5_000);
  });

  it('Go SDK STS module: api/sts#<v> names an STS module release (its own CHANGELOG), the one out with the Glacier module, for Go and Terraform actors alike', () => {
    // Every version 1.4.0 (2021-05-14) to 1.41.9 (2026-03-13), none skipped. Before, STS calls
    // named the Glacier module's version (api/sts#1.26.17 with Glacier 1.26.17 of 2025-02-18, when
    // the STS module released that day was 1.33.15).
    const sts = released(SDK_GO_V2_STS);
    const glacier = released(SDK_GO_V2_GLACIER);
    expect(SDK_GO_V2_STS[0]).toEqual(['1.4.0', '2021-05-14']);
    expect(SDK_GO_V2_STS.at(-1)).toEqual(['1.41.9', '2026-03-13']);
    expect(sts.get('1.33.0')).toBe(Date.parse('2024-11-14T00:00:00Z') / 1000);
    for (let i = 1; i < SDK_GO_V2_STS.length; i++) {
      const [a, b] = [SDK_GO_V2_STS[i - 1]!, SDK_GO_V2_STS[i]!];
      expect(a[1] <= b[1] && versionAtLeast(b[0], a[0]) && a[0] !== b[0], `${a.join(' ')} then ${b.join(' ')}`).toBe(true);
    }
    let differs = 0;
    for (const client of ['sdk-go-v2', 'terraform'] as const) {
      for (const iso of ['2021-07-01', '2022-07-01', '2023-09-01', '2024-06-01', '2025-03-01', '2025-10-01', '2026-07-01']) {
        const t = Date.parse(`${iso}T00:00:00Z`) / 1000;
        for (let i = 0; i < 30; i++) {
          const client_ = clientProfile(client, t, Rng.for(`go-sts-${client}-${iso}-${i}`));
          const onGlacier = client_.userAgent('list-vaults');
          const onSts = client_.userAgent('assume-role', 'sts');
          if (!/aws-sdk-go-v2\//.test(onGlacier)) continue; // boto3 stands in before the Glacier module
          const g = /api\/glacier[#/](1\.\d+\.\d+)(?: m\/E)?$/.exec(onGlacier)?.[1];
          const v = /api\/sts[#/](1\.\d+\.\d+)(?: m\/E)?$/.exec(onSts)?.[1];
          expect(v !== undefined && sts.has(v), onSts).toBe(true);
          expect(sts.get(v!)! < t, `${onSts} at ${iso}`).toBe(true);
          // Shipped with the Glacier module: not after its release, and the newest STS release by then.
          expect(sts.get(v!)!, `${onSts} with glacier ${g}`).toBeLessThanOrEqual(glacier.get(g!)!);
          const next = SDK_GO_V2_STS[SDK_GO_V2_STS.findIndex((r) => r[0] === v) + 1];
          if (next) expect(Date.parse(`${next[1]}T00:00:00Z`) / 1000, `${onSts} with glacier ${g}`).toBeGreaterThan(glacier.get(g!)!);
          // Everything else in the user agent is the Glacier call's (but the feature ids, which
          // follow each module's release: an STS module from before 2024-06-18 sends none).
          const rest = (ua: string, svc: string): string => ua.replace(/^m\/E /, '').replace(new RegExp(`api/${svc}[#/]\\S+( m/E)?$`), '');
          expect(rest(onSts, 'sts'), onSts).toBe(rest(onGlacier, 'glacier'));
          if (v !== g) differs++;
        }
      }
    }
    // The old behaviour (api/sts#<the Glacier module's version>) fails here.
    expect(differs).toBeGreaterThan(100);
  });

  it('Go SDK v2 user agents in the form of their core release: / before 1.19.0, # after, m/E in front from 1.29.0, ua/2.1 and m/E at the end from 1.32.6', () => {
    const forms = new Map<string, number>();
    for (const client of ['sdk-go-v2', 'terraform'] as const) {
      for (const iso of ['2022-03-01', '2023-03-01', '2023-10-01', '2024-03-01', '2024-09-01', '2024-12-01', '2025-06-01', '2026-07-01']) {
        const t = Date.parse(`${iso}T00:00:00Z`) / 1000;
        for (let i = 0; i < 30; i++) {
          const ua = clientProfile(client, t, Rng.for(`go-form-${client}-${iso}-${i}`)).userAgent('list-vaults');
          const core = /aws-sdk-go-v2\/(\S+) /.exec(ua)?.[1];
          if (core === undefined) continue; // boto3 stands in before the Glacier module
          const go = ua.slice(ua.indexOf('aws-sdk-go-v2/'));
          const features = ua.includes('m/E aws-sdk-go-v2/') ? 'front' : / m\/E$/.test(ua) ? 'end' : 'none';
          let form: string;
          if (!versionAtLeast(core, '1.19.0')) {
            // A real 2022 record: `aws-sdk-go-v2/1.14.0 os/macos lang/go/1.17.6 md/GOOS/darwin md/GOARCH/arm64 api/iam/1.17.0`.
            expect(go, ua).toMatch(/^aws-sdk-go-v2\/\S+ os\/linux lang\/go\/\S+ md\/GOOS\/linux md\/GOARCH\/amd64 api\/glacier\/1\.\d+\.\d+$/);
            form = 'slash';
          } else if (!versionAtLeast(core, '1.32.6')) {
            expect(go, ua).toMatch(/^aws-sdk-go-v2\/\S+ os\/linux lang\/go#\S+ md\/GOOS#linux md\/GOARCH#amd64 api\/glacier#1\.\d+\.\d+$/);
            expect(features === 'none' || (features === 'front' && versionAtLeast(core, '1.29.0')), ua).toBe(true);
            form = features === 'front' ? 'front' : 'hash';
          } else {
            expect(go, ua).toMatch(/^aws-sdk-go-v2\/\S+ ua\/2\.1 os\/linux lang\/go#\S+ md\/GOOS#linux md\/GOARCH#amd64 api\/glacier#1\.\d+\.\d+( m\/E)?$/);
            expect(features === 'front', ua).toBe(false);
            form = features === 'end' ? 'ua21-E' : 'ua21';
          }
          // Terraform's provider wraps its own retryer: never m/E.
          if (client === 'terraform') expect(features, ua).toBe('none');
          forms.set(form, (forms.get(form) ?? 0) + 1);
        }
      }
    }
    // Every form shows up over the dates (always `#` with no ua/ and no m/ before this change).
    expect([...forms.keys()].sort()).toEqual(['front', 'hash', 'slash', 'ua21', 'ua21-E']);
  });
});

// Java runtimes by their release dates (Oracle's quarterly CPU days; OpenJDK/Corretto updates of
// 8, 11 and 17 shipped on them), written out here rather than derived like src/plan/client-eras.ts.
const CPU_DAYS = ['2016-01-19', '2016-04-19', '2016-07-19', '2016-10-18', '2017-01-17', '2017-04-18', '2017-07-18', '2017-10-17', '2018-01-16', '2018-04-17', '2018-07-17',
  '2018-10-16', '2019-01-15', '2019-04-16', '2019-07-16', '2019-10-15', '2020-01-14', '2020-04-14', '2020-07-14', '2020-10-20', '2021-01-19', '2021-04-20', '2021-07-20',
  '2021-10-19', '2022-01-18', '2022-04-19', '2022-07-19', '2022-10-18', '2023-01-17', '2023-04-18', '2023-07-18', '2023-10-17', '2024-01-16', '2024-04-16', '2024-07-16',
  '2024-10-15', '2025-01-21', '2025-04-15', '2025-07-15', '2025-10-21', '2026-01-20', '2026-04-21', '2026-07-21', '2026-10-20'];
const JAVA_RELEASED = new Map<string, string>();
[72, 92, 102, 112, 121, 131, 141, 152, 162, 172, 181].forEach((u, i) => JAVA_RELEASED.set(`1.8.0_${u}`, CPU_DAYS[i]!));
CPU_DAYS.slice(11).forEach((d, i) => {
  JAVA_RELEASED.set(`1.8.0_${192 + 10 * i}`, d);
  JAVA_RELEASED.set(`11.0.${i + 1}`, d);
});
CPU_DAYS.slice(23).forEach((d, i) => JAVA_RELEASED.set(`17.0.${i + 1}`, d));

describe('Java runtimes in user agents', () => {
  it('name an update released before the event, with the VM build as the JDK writes it (8u242-b08, zero-padded, one build per update)', async () => {
    const problems: string[] = [];
    const buildOf = new Map<string, string>();
    let checked = 0;
    for (const { source, record } of await corpus()) {
      const ua = String(record.userAgent ?? '');
      if (!ua.startsWith('aws-sdk-java/')) continue;
      const t = Date.parse(String(record.eventTime)) / 1000;
      const v8 = /OpenJDK_64-Bit_Server_VM\/25\.(\d+)-(b\d+) java\/1\.8\.0_(\d+)/.exec(ua);
      const lts = /(?:Java\/|lang\/java#)(1[17]\.0\.\d+)/.exec(ua);
      const version = v8 ? `1.8.0_${v8[3]}` : lts?.[1];
      if (!version) {
        problems.push(`${source}: no Java runtime in ${ua}`);
        continue;
      }
      checked++;
      const day = JAVA_RELEASED.get(version);
      if (!day) problems.push(`${source}: Java ${version} was never released`);
      else if (Date.parse(`${day}T00:00:00Z`) / 1000 >= t) problems.push(`${source} ${String(record.eventTime)}: Java ${version} released ${day}`);
      if (v8) {
        if (v8[1] !== v8[3] || !/^b\d\d$/.test(v8[2]!)) problems.push(`${source}: VM 25.${v8[1]}-${v8[2]} for java 1.8.0_${v8[3]}`);
        if ((buildOf.get(v8[3]!) ?? v8[2]) !== v8[2]) problems.push(`${source}: 8u${v8[3]} with two builds`);
        buildOf.set(v8[3]!, v8[2]!);
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
  });
});
