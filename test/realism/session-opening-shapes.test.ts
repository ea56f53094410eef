/**
 * Issue 17 items 5 and 6: session-opening records in the shape STS and sign-in wrote them in
 * each period (sources in src/plan/event-version.ts and src/render/record.ts): their own
 * eventVersion, RequestDetails on STS from 2025, ConsoleLogin with tlsDetails, MFAIdentifier,
 * a regional LoginTo and some failures that open no session, and console Glacier calls with
 * the browser's tlsDetails.
 */
import { describe, expect, it } from 'vitest';
import { generateRecords } from '../../src/index.js';
import { corpus, type CorpusRecord } from './corpus.js';

const SIGN_INS = new URL('../fixtures/scenarios/console-sign-ins.scenario.yaml', import.meta.url).pathname;

/** Console users over a month, in three periods (before 1.08 sign-in records, 2023, after 2025-06). */
async function signInRuns(): Promise<CorpusRecord[]> {
  const out: CorpusRecord[] = [];
  for (const start of ['2019-03-04T00:00:00Z', '2023-03-06T00:00:00Z', '2025-09-01T00:00:00Z']) {
    const source = `console-sign-ins --start ${start}`;
    for await (const record of generateRecords(SIGN_INS, { start })) out.push({ source, record });
  }
  return out;
}

const epoch = (iso: string): number => Date.parse(iso) / 1000;
const Y2021_04 = epoch('2021-04-01T00:00:00Z');
const Y2025 = epoch('2025-01-01T00:00:00Z');
const Y2025_06 = epoch('2025-06-01T00:00:00Z');
const Y2022 = epoch('2022-01-01T00:00:00Z');

describe('session-opening record shapes', async () => {
  const records = [...(await corpus()), ...(await signInRuns())];
  const sts = records.filter((r) => r.record.eventSource === 'sts.amazonaws.com');
  const logins = records.filter((r) => r.record.eventName === 'ConsoleLogin');

  it('STS records use the versions STS wrote: 1.05, 1.08 from 2021-04 (never 1.09/1.10), 1.11 from 2025-06', () => {
    const bad: string[] = [];
    const seen = new Set<string>();
    for (const { source, record } of sts) {
      const t = epoch(record.eventTime);
      const want = t < Y2021_04 ? '1.05' : t < Y2025_06 ? '1.08' : '1.11';
      seen.add(record.eventVersion);
      if (record.eventVersion !== want && bad.length < 3) bad.push(`${source} ${record.eventTime} ${record.eventVersion}`);
    }
    expect(bad).toEqual([]);
    expect([...seen].sort()).toEqual(['1.05', '1.08', '1.11']);
  });

  it('STS records carry additionalEventData.RequestDetails from 2025 only, naming the serving region', () => {
    let modern = 0;
    const bad: string[] = [];
    for (const { source, record } of sts) {
      const details = record.additionalEventData?.RequestDetails;
      if (epoch(record.eventTime) >= Y2025) {
        modern++;
        if (details?.endpointType !== 'regional' || details?.awsServingRegion !== record.awsRegion) bad.push(`${source} ${JSON.stringify(details)}`);
      } else if (record.additionalEventData !== undefined) bad.push(`${source} ${record.eventTime} has additionalEventData`);
    }
    expect(modern).toBeGreaterThan(5);
    expect(bad.slice(0, 3)).toEqual([]);
  });

  it('sign-in records use sign-in versions (1.05, 1.08 from 2020-10, 1.11 from 2025-06) and tlsDetails from 1.08', () => {
    const bad: string[] = [];
    for (const { source, record } of logins) {
      const t = epoch(record.eventTime);
      const want = t < epoch('2020-10-01T00:00:00Z') ? '1.05' : t < Y2025_06 ? '1.08' : '1.11';
      if (record.eventVersion !== want) bad.push(`${source} ${record.eventTime} ${record.eventVersion}`);
      if (want !== '1.05' && record.tlsDetails?.clientProvidedHostHeader !== 'signin.aws.amazon.com') bad.push(`${source} no tlsDetails`);
    }
    expect(logins.length).toBeGreaterThan(20);
    expect(bad.slice(0, 3)).toEqual([]);
  });

  it('ConsoleLogin names the MFA device when MFA was used, and LoginTo names a region from 2022', () => {
    let mfa = 0;
    const bad: string[] = [];
    for (const { source, record } of logins) {
      const extra = record.additionalEventData;
      const success = record.responseElements?.ConsoleLogin === 'Success';
      if (success && extra.MFAUsed === 'Yes') {
        mfa++;
        if (!/^arn:aws[\w-]*:iam::\d{12}:mfa\/[\w+=,.@-]+$/.test(String(extra.MFAIdentifier))) bad.push(`${source} MFAIdentifier ${extra.MFAIdentifier}`);
      } else if ('MFAIdentifier' in extra) bad.push(`${source} MFAIdentifier without MFA`);
      const regional = extra.LoginTo.includes(`hashArgsFromTB_${record.awsRegion}_`);
      if (regional !== epoch(record.eventTime) >= Y2022) bad.push(`${source} ${record.eventTime} LoginTo ${extra.LoginTo}`);
    }
    expect(mfa).toBeGreaterThan(5);
    expect(bad.slice(0, 3)).toEqual([]);
  });

  it('some logins fail ("Failed authentication", no arn) and a failure opens no session: the same user signs in successfully right after', () => {
    const failures = logins.filter((r) => r.record.responseElements?.ConsoleLogin === 'Failure');
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.length).toBeLessThan(logins.length * 0.2);
    for (const { source, record } of failures) {
      expect(record.errorMessage, source).toBe('Failed authentication');
      expect(record.userIdentity.arn, source).toBeUndefined();
      expect(record.userIdentity.sessionContext, source).toBeUndefined();
      expect('MFAIdentifier' in record.additionalEventData, source).toBe(false);
      const retry = logins.find((r) => r.source === source && r.record.responseElements?.ConsoleLogin === 'Success'
        && r.record.userIdentity.principalId === record.userIdentity.principalId && epoch(r.record.eventTime) >= epoch(record.eventTime));
      expect(retry, `${source}: no successful sign-in after the failure`).toBeDefined();
    }
    // No Glacier call's session starts at a failure unless a success opened it at the same second.
    const successes = new Set(logins.filter((r) => r.record.responseElements?.ConsoleLogin === 'Success').map((r) => `${r.source} ${r.record.userIdentity.principalId} ${r.record.eventTime}`));
    for (const { source, record } of failures) expect(successes.has(`${source} ${record.userIdentity.principalId} ${record.eventTime}`), source).toBe(true);
  });

  it('console Glacier calls carry the browser tlsDetails with the regional Glacier host (1.08+)', () => {
    const consoleCalls = records.filter((r) => r.record.eventSource === 'glacier.amazonaws.com' && r.record.sessionCredentialFromConsole === 'true');
    expect(consoleCalls.length).toBeGreaterThan(20);
    const bad = consoleCalls.filter((r) => r.record.tlsDetails?.clientProvidedHostHeader !== `glacier.${r.record.awsRegion}.amazonaws.com`
      || !/^TLSv1\.[23]$/.test(r.record.tlsDetails?.tlsVersion));
    expect(bad.slice(0, 3).map((r) => `${r.source} ${JSON.stringify(r.record.tlsDetails)}`)).toEqual([]);
  });
});

describe('IAM Identity Center AssumeRoleWithSAML', async () => {
  const all = await corpus();
  const saml = all.filter((r) => r.record.eventName === 'AssumeRoleWithSAML');

  it("is called by Identity Center itself (its Java SDK, from AWS addresses), not by the user's client or network", () => {
    expect(saml.length).toBeGreaterThan(5);
    const bad: string[] = [];
    const userIps = new Map<string, Set<string>>();
    for (const { source, record } of all) {
      if (record.eventSource !== 'glacier.amazonaws.com' || record.userIdentity?.type !== 'AssumedRole') continue;
      const key = `${source} ${record.userIdentity.principalId}`;
      if (!userIps.has(key)) userIps.set(key, new Set());
      userIps.get(key)!.add(record.sourceIPAddress);
    }
    for (const { source, record } of saml) {
      // Java SDK v2 from its GA (2.1.0, 2018-11-19); the v1 SDK of the time before it.
      const sdk = String(record.eventTime) > '2018-11-20' ? /^aws-sdk-java\/2\.\d+\.\d+ / : /^aws-sdk-java\/1\.11\.\d+ /;
      if (!sdk.test(record.userAgent)) bad.push(`${source} ${String(record.eventTime)} ${record.userAgent}`);
      if (record.userAgent.includes('ua/2.1') && !/ api\/STS#2\.\d+\.x /.test(record.userAgent)) bad.push(`${source} ${record.userAgent}`);
      const principal = `${record.responseElements.assumedRoleUser.assumedRoleId}`;
      if (userIps.get(`${source} ${principal}`)?.has(record.sourceIPAddress)) bad.push(`${source} ${record.sourceIPAddress} is the user's address`);
    }
    expect(bad.slice(0, 3)).toEqual([]);
  });
});
