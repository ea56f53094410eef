import { mkdtemp, readFile, rm, writeFile, mkdir, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { profileTrail, NothingToProfileError } from '../../src/profile/index.js';
import { classifyClient, classifyOrigin } from '../../src/profile/classify.js';
import { exposure, fitActivity } from '../../src/profile/rhythm-fit.js';
import { runCli } from '../helpers/cli.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'trailsmith-profile-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const T0 = Date.UTC(2025, 2, 3, 9, 0, 0) / 1000; // a Monday
const iso = (s: number): string => new Date(s * 1000).toISOString().replace('.000Z', 'Z');
let seq = 0;

/** A Glacier record by an IAM user; `over` replaces fields. */
function rec(eventName: string, t: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: '1.09', eventTime: iso(t), eventSource: 'glacier.amazonaws.com', eventName, awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.7', userAgent: 'aws-cli/2.22.1 md/awscrt#0.22.0 ua/2.0 os/linux',
    userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: 'arn:aws:iam::123456789012:user/dana', accountId: '123456789012', accessKeyId: 'AKIAEXAMPLEEXAMPLE12', userName: 'dana' },
    requestParameters: { accountId: '-', vaultName: 'v1' }, responseElements: null, eventID: `00000000-0000-4000-8000-${String(seq++).padStart(12, '0')}`,
    eventType: 'AwsApiCall', recipientAccountId: '123456789012', ...over,
  };
}

async function ndjson(name: string, records: unknown[]): Promise<string> {
  const path = join(work, name);
  await writeFile(path, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return path;
}

describe('classification', () => {
  it('reads client families from user agents, Terraform before the Go SDK it wraps', () => {
    expect(classifyClient('aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64')).toBe('aws-cli-v2');
    expect(classifyClient('aws-cli/1.32.1 Python/3.9 botocore/1.34')).toBe('aws-cli-v1');
    expect(classifyClient('Boto3/1.34.1 md/Botocore#1.34.1 ua/2.0')).toBe('boto3');
    expect(classifyClient('APN/1.0 HashiCorp/1.0 Terraform/1.7.0 terraform-provider-aws/5.40.0 aws-sdk-go-v2/1.30.0')).toBe('terraform');
    expect(classifyClient('aws-sdk-go-v2/1.30.0 os/linux lang/go#1.22')).toBe('sdk-go-v2');
    expect(classifyClient('m/E aws-sdk-go-v2/1.32.5 os/linux lang/go#1.23.1 md/GOOS#linux md/GOARCH#amd64 api/glacier#1.24.4')).toBe('sdk-go-v2');
    expect(classifyClient('aws-sdk-java/1.12.600 Linux/5.10')).toBe('sdk-java-v1');
    expect(classifyClient('aws-sdk-java/2.25.1 Linux/5.10')).toBe('sdk-java-v2');
    expect(classifyClient('Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0')).toBe('console');
    expect(classifyClient('aws-cli/2.15.0', true)).toBe('console');
    expect(classifyClient('backup.amazonaws.com')).toBe('aws-service');
    expect(classifyClient('curl/8.0')).toBe('unknown');
  });

  it('reads origin kinds from address shapes', () => {
    const base = { distinct: 3, networks16: 1, networks24: 1, maxPerDay: 3, maxPerHour: 2, ec2Share: 0, awsShare: 0 };
    expect(classifyOrigin(base)).toBe('office');
    expect(classifyOrigin({ ...base, distinct: 7, maxPerDay: 1, maxPerHour: 1 })).toBe('home-isp');
    expect(classifyOrigin({ ...base, distinct: 40, networks16: 9, networks24: 30, maxPerDay: 8 })).toBe('tor');
    expect(classifyOrigin({ ...base, ec2Share: 0.9 })).toBe('ec2');
    expect(classifyOrigin({ ...base, awsShare: 1 })).toBeUndefined();
  });
});

describe('rhythm and rate fit', () => {
  it('reproduces the count of every exposed hour when hours and weekdays are confounded', () => {
    // 9 hours from Sunday 20:00 to Monday 05:00 UTC: each hour is seen on one day only.
    const start = Date.UTC(2025, 2, 2, 20) / 1000;
    const window = { start, end: start + 9 * 3600 };
    const counts = new Float64Array(168);
    const perHour = [5, 5, 6, 5, 40, 300, 320, 310, 20];
    perHour.forEach((c, i) => (counts[(Math.floor((start + i * 3600) / 3600) + 72) % 168] = c));
    const fit = fitActivity(counts, window, 0);
    const exp = exposure(window);
    const w = (b: number): number => fit.weekdays[Math.floor(b / 24)]! * fit.hours[b % 24]!;
    let max = 0;
    let mean = 0;
    for (let b = 0; b < 168; b++) max = Math.max(max, w(b));
    for (let b = 0; b < 168; b++) mean += w(b) / max / 168;
    perHour.forEach((c, i) => {
      const b = (Math.floor((start + i * 3600) / 3600) + 72) % 168;
      const expected = ((fit.ratePerHour / 3600) * exp[b]! * (w(b) / max)) / mean;
      expect(expected).toBeCloseTo(c, 0);
    });
  });

  it('a flat 6-hour input is the same rate per hour, not idle the rest of the day', () => {
    const window = { start: T0, end: T0 + 6 * 3600 };
    const counts = new Float64Array(168);
    for (let i = 0; i < 6; i++) counts[(Math.floor((T0 + i * 3600) / 3600) + 72) % 168] = 100;
    const fit = fitActivity(counts, window, 0);
    expect(fit.ratePerHour).toBeCloseTo(100, 6);
    expect(fit.hours.every((h) => h === 1)).toBe(true);
  });
});

describe('profileTrail', () => {
  it('keeps follow-ups out of the mix, even when a part is delivered before its Initiate', async () => {
    const up = 'UPLOAD-ID-1';
    const path = await ndjson('flows.ndjson', [
      rec('UploadMultipartPart', T0 + 20, { requestParameters: { accountId: '-', vaultName: 'v1', uploadId: up } }),
      rec('InitiateMultipartUpload', T0 + 10, { responseElements: { uploadId: up } }),
      rec('UploadMultipartPart', T0 + 30, { requestParameters: { accountId: '-', vaultName: 'v1', uploadId: up } }),
      rec('CompleteMultipartUpload', T0 + 40, { requestParameters: { accountId: '-', vaultName: 'v1', uploadId: up } }),
      rec('UploadMultipartPart', T0 + 50, { requestParameters: { accountId: '-', vaultName: 'v1', uploadId: 'STARTED-BEFORE' } }),
      rec('ListVaults', T0 + 60),
    ]);
    const { scenario, report } = await profileTrail([path]);
    expect(report.followUps).toBe(3);
    expect(scenario.activities[0]!.mix).toEqual({ InitiateMultipartUpload: 1, UploadMultipartPart: 1, ListVaults: 1 });
  });

  it('fits errorRate to chance failures only: not state errors, not denials, not SDK retries', async () => {
    const records = [];
    for (let i = 0; i < 100; i++) records.push(rec('DescribeVault', T0 + i * 30));
    for (let i = 0; i < 50; i++) records.push(rec('GetVaultAccessPolicy', T0 + i * 30 + 5, { errorCode: 'ResourceNotFoundException', errorMessage: 'No vault access policy is set for the vault: arn:aws:glacier:us-east-1:123456789012:vaults/v1' }));
    for (let i = 0; i < 15; i++) records.push(rec('DescribeVault', T0 + i * 30 + 7, { errorCode: 'AccessDenied', errorMessage: 'User: x is not authorized' }));
    // 10 calls unavailable, each retried by the CLI 2 s later (same request): 10 failed calls, not 20 calls.
    for (let i = 0; i < 10; i++) {
      records.push(rec('ListVaults', T0 + i * 300 + 11, { requestParameters: { accountId: '-' }, errorCode: 'ServiceUnavailableException', errorMessage: 'Service is temporarily unavailable. Please try again.' }));
      records.push(rec('ListVaults', T0 + i * 300 + 13, { requestParameters: { accountId: '-' } }));
    }
    const { scenario } = await profileTrail([await ndjson('errors.ndjson', records)]);
    expect(scenario.activities[0]!.errorRate).toBeCloseTo(10 / 110, 4);
    expect((scenario.activities[0]!.mix as Record<string, number>).ListVaults).toBe(10);
    // Denied 15 times of 115: not an operation the principal may not call.
    expect(scenario.actors[0]!.permissions).toBeUndefined();
  });

  it('an operation denied most of the time becomes a deny in the actor\'s permissions', async () => {
    const records = [];
    for (let i = 0; i < 40; i++) records.push(rec('DescribeVault', T0 + i * 30));
    for (let i = 0; i < 6; i++) records.push(rec('DeleteVault', T0 + i * 200 + 3, { errorCode: 'AccessDenied', errorMessage: 'User: x is not authorized to perform: glacier:DeleteVault on resource: y with an explicit deny in an identity-based policy' }));
    const { scenario } = await profileTrail([await ndjson('denied.ndjson', records)]);
    expect(scenario.actors[0]!.permissions).toEqual({ deny: [{ operations: ['DeleteVault'], reason: 'identity-policy' }] });
    expect(scenario.activities[0]!.errorRate).toBeUndefined();
  });

  it('classifies identities: SSO roles, EC2 instance roles as one principal, MFA, AWS services', async () => {
    const role = (session: string, t: number): Record<string, unknown> => rec('ListVaults', t, {
      userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::123456789012:assumed-role/Backup/${session}`, accountId: '123456789012', sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::123456789012:role/Backup', userName: 'Backup' } } },
      sourceIPAddress: '3.80.1.2', userAgent: 'Boto3/1.34.1 md/Botocore#1.34.1',
    });
    const sso = rec('CreateVault', T0 + 5, {
      userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/jo@example.com', accountId: '123456789012', sessionContext: { attributes: { mfaAuthenticated: 'true' }, sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef', userName: 'AWSReservedSSO_Admin_0123456789abcdef' } } },
      userAgent: 'Mozilla/5.0 (Macintosh) Chrome/120.0', sessionCredentialFromConsole: 'true',
    });
    const service = rec('DescribeVault', T0 + 9, { userIdentity: { type: 'AWSService', invokedBy: 'backup.amazonaws.com' }, sourceIPAddress: 'backup.amazonaws.com', userAgent: 'backup.amazonaws.com' });
    const { scenario } = await profileTrail([await ndjson('ids.ndjson', [role('i-0123456789abcdef0', T0), role('i-0fedcba9876543210', T0 + 60), sso, service])]);
    const byType = Object.fromEntries(scenario.actors.map((a) => [`${a.type}${a.sso ? '+sso' : ''}`, a]));
    expect(scenario.actors).toHaveLength(3);
    expect(byType['AssumedRole']).toMatchObject({ client: 'boto3', origin: 'ec2' });
    expect(byType['AssumedRole+sso']).toMatchObject({ client: 'console', mfa: true });
    // AWS Backup's role holds no glacier: action, so the twin names the service that may make these calls.
    expect(byType['AWSService']).toMatchObject({ service: 'support.amazonaws.com' });
    expect(byType['AWSService']!.client).toBeUndefined();
  });

  it('counts other services and skips files that are not CloudTrail', async () => {
    const dir = join(work, 'mixed');
    await mkdir(dir, { recursive: true });
    const sts = (name: string): Record<string, unknown> => ({ ...rec(name, T0 + 2), eventSource: 'sts.amazonaws.com' });
    await writeFile(join(dir, 'a.ndjson'), [rec('ListVaults', T0), { ...rec('ListBuckets', T0 + 1), eventSource: 's3.amazonaws.com' }, sts('GetFederationToken'), sts('AssumeRole'), sts('AssumeRole')].map((r) => JSON.stringify(r)).join('\n'));
    await writeFile(join(dir, 'package.json'), '{"name":"not-cloudtrail"}');
    const { report } = await profileTrail([dir]);
    expect(report.glacierRecords).toBe(1);
    expect(report.otherServices).toEqual({ 's3.amazonaws.com': 1 });
    // Session openers are made by the twin's actors (FederatedUser, AssumedRole), not ignored.
    expect(report.openers).toEqual({ 'AssumeRole (AssumedRole actors, instance-profile refreshes)': 2, 'GetFederationToken (FederatedUser actors)': 1 });
    expect(report.read.notCloudTrail).toBe(1);
  });

  it('throws NothingToProfileError (exit 2) when no Glacier record is found', async () => {
    const path = await ndjson('s3-only.ndjson', [{ ...rec('ListBuckets', T0), eventSource: 's3.amazonaws.com' }]);
    const err = await profileTrail([path]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NothingToProfileError);
    expect((err as NothingToProfileError).exitCode).toBe(2);
    expect((err as Error).message).toMatch(/no Glacier records among 1 CloudTrail records/);
  });
});

describe('trailsmith profile (CLI)', () => {
  it('writes a scenario that loads, and reports what it read, modelled and ignored', async () => {
    const path = await ndjson('cli.ndjson', [rec('ListVaults', T0), rec('DescribeVault', T0 + 100), { ...rec('GetCallerIdentity', T0 + 3), eventSource: 'sts.amazonaws.com' }]);
    const out = join(work, 'twin.scenario.yaml');
    const r = await runCli(['profile', path, '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/read: 1 files, 3 records/);
    expect(r.stderr).toMatch(/modelled: 2 Glacier records/);
    expect(r.stderr).toMatch(/ignored: 1 records of other services \(sts.amazonaws.com 1\)/);
    const { scenario } = await loadScenario(out);
    expect(scenario.actors[0]).toMatchObject({ name: 'user-1', type: 'IAMUser', client: 'aws-cli-v2' });
    expect(await readFile(out, 'utf8')).not.toContain('dana');
  });

  it('reads stdin, and names the file and line of broken input (exit 1, scenario still written)', async () => {
    const text = `${JSON.stringify(rec('ListVaults', T0))}\n{"eventTime": oops\n`;
    const r = await runCli(['profile', '-'], { stdin: text });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/problem: -:2: not JSON/);
    expect(r.stdout).toMatch(/^activities:/m);
  });

  it('exits 2 without writing when there is nothing to profile or an input is missing', async () => {
    const out = join(work, 'none.yaml');
    const s3 = await ndjson('s3.ndjson', [{ ...rec('ListBuckets', T0), eventSource: 's3.amazonaws.com' }]);
    expect((await runCli(['profile', s3, '-o', out])).code).toBe(2);
    const missing = await runCli(['profile', join(work, 'nope'), '-o', out]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope: cannot read/);
    await expect(access(out)).rejects.toThrow();
  });

  it('rejects a bad --start or --duration as a usage error', async () => {
    expect((await runCli(['profile', 'x', '--duration', 'soon'])).code).toBe(2);
    expect((await runCli(['profile', 'x', '--start', 'yesterday'])).stderr).toMatch(/--start "yesterday"/);
  });
});
