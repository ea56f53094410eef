/**
 * Issue 17 items 2, 4, 5 and 7: STS records as real clients and STS write them. Session tokens
 * of the real length and structure, instance-profile expirations, SDK-generated session names
 * and durations, Identity Center SAML values computed as AWS documents them, no placeholders,
 * sharedEventID only on cross-account calls, and the service-linked role's AssumeRole made by
 * its service as real Resource Explorer records show it.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { corpus } from './corpus.js';

const epoch = (iso: string): number => Date.parse(iso) / 1000;
const stsTime = (s: string): number => Date.parse(`${s} UTC`) / 1000;

describe('session-opening records', async () => {
  const records = await corpus();
  const sts = records.filter((r) => r.record.eventSource === 'sts.amazonaws.com');

  it('exist in the corpus', () => {
    expect(sts.length).toBeGreaterThan(50);
  });

  it('carry session tokens of the real length and structure (region, then a DER signature, then the account)', () => {
    const bad: string[] = [];
    for (const { source, record } of sts) {
      const token = record.responseElements?.credentials?.sessionToken as string | undefined;
      if (!token) continue;
      const bytes = Buffer.from(token, 'base64');
      const region = String(record.awsRegion);
      const roleAccount = /iam::(\d{12}):/.exec(String(record.requestParameters?.roleArn))?.[1] ?? '';
      const ok = token.length >= 740 && token.length <= 1100 && token.startsWith('IQoJb3JpZ2luX2Vj')
        && bytes.includes(Buffer.from(`\x1a${String.fromCharCode(region.length)}${region}"`, 'latin1'))
        && bytes.includes(Buffer.from(roleAccount)) && bytes.includes(Buffer.from([0x22, 0x30]).subarray(1));
      if (!ok && bad.length < 3) bad.push(`${source} ${token.length} ${token.slice(0, 60)}`);
    }
    expect(bad).toEqual([]);
  });

  it('state instance-profile expirations 6 h 11 m to 6 h 24 m out', () => {
    const spans = sts.filter((r) => r.record.userIdentity?.invokedBy === 'ec2.amazonaws.com')
      .map((r) => stsTime(r.record.responseElements.credentials.expiration) - epoch(r.record.eventTime));
    expect(spans.length).toBeGreaterThan(5);
    for (const s of spans) {
      expect(s).toBeGreaterThanOrEqual(6 * 3600 + 11 * 60);
      expect(s).toBeLessThanOrEqual(6 * 3600 + 24 * 60);
    }
  });

  it('name SDK sessions after the AssumeRole time and send durationSeconds only where the SDK does', () => {
    let named = 0;
    for (const { record } of sts) {
      const name = String(record.requestParameters?.roleSessionName ?? '');
      const t = epoch(record.eventTime);
      if (name.startsWith('botocore-session-')) {
        named++;
        expect(Number(name.slice(17))).toBe(t);
        expect(record.requestParameters.durationSeconds).toBeUndefined();
      }
      if (name.startsWith('aws-go-sdk-')) {
        named++;
        expect(name).toMatch(/^aws-go-sdk-\d{19}$/);
        expect(Number(name.slice(11, 21))).toBe(t);
        expect(record.requestParameters.durationSeconds).toBe(900);
      }
    }
    expect(named).toBeGreaterThan(0);
  });

  it('rebuild Identity Center AssumeRoleWithSAML as AWS computes it, with both resources', () => {
    const saml = sts.filter((r) => r.record.eventName === 'AssumeRoleWithSAML');
    expect(saml.length).toBeGreaterThan(0);
    for (const { record } of saml) {
      const provider = String(record.requestParameters.principalArn);
      const [, account, name] = /iam::(\d{12}):saml-provider\/(.+)$/.exec(provider)!;
      const { issuer, nameQualifier, subject } = record.responseElements;
      expect(nameQualifier).toBe(createHash('sha1').update(issuer + account + '/' + name).digest('base64'));
      expect(record.userIdentity.principalId).toBe(`${nameQualifier}:${subject}`);
      expect(record.requestParameters.sAMLAssertionID).toMatch(/^_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(record.resources.map((r: { type: string }) => r.type)).toEqual(['AWS::IAM::Role', 'AWS::IAM::SAMLProvider']);
    }
  });

  it('contain no placeholder literals', () => {
    const text = records.map((r) => JSON.stringify(r.record)).join('\n');
    for (const literal of ['ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'EXAMPLE', 'placeholder', 'REDACTED', '...']) expect(text.includes(literal), literal).toBe(false);
  });

  it('share an event ID only between accounts (or with the AWS service that assumed its own role)', () => {
    for (const { record } of sts) {
      if (!record.sharedEventID || record.userIdentity?.type === 'AWSService') continue;
      const caller = String(record.userIdentity?.accountId ?? record.recipientAccountId);
      const owner = /iam::(\d{12}):/.exec(String(record.requestParameters?.roleArn))?.[1];
      expect(caller === owner, `${record.eventName} ${record.eventID}`).toBe(false);
    }
  });

  it('open a service-linked role session with the service\'s own AssumeRole, as real Resource Explorer records show it', () => {
    const byService = sts.filter((r) => r.record.userIdentity?.type === 'AWSService' && r.record.userIdentity.invokedBy !== 'ec2.amazonaws.com');
    expect(byService.length).toBeGreaterThan(0); // multi-account-org's resource-explorer actor
    const glacier = records.filter((r) => r.record.userIdentity?.invokedBy && r.record.eventSource === 'glacier.amazonaws.com');
    for (const { source, record } of byService) {
      const service = record.userIdentity.invokedBy;
      expect(Object.keys(record.userIdentity)).toEqual(['type', 'invokedBy']);
      expect([record.sourceIPAddress, record.userAgent]).toEqual([service, service]);
      expect(record.requestParameters.roleArn).toMatch(new RegExp(`:role/aws-service-role/${service.replace(/\./g, '\\.')}/AWSServiceRoleFor`));
      expect(record.sharedEventID).toMatch(/^[0-9a-f-]{36}$/);
      // Written once: no account of ours is the caller's, so there is no second copy.
      expect(byService.filter((r) => r.source === source && r.record.eventID === record.eventID)).toHaveLength(1);
      expect(record.tlsDetails).toBeUndefined();
      // One hour, whatever was asked.
      expect(stsTime(record.responseElements.credentials.expiration) - epoch(record.eventTime)).toBe(3600);
      if (record.additionalEventData) {
        const decoded = Buffer.from(record.additionalEventData.ExtendedRequestId, 'base64').toString();
        expect(decoded).toMatch(new RegExp(`^1:${record.awsRegion}:S:${epoch(record.eventTime)}\\d{3}:R:[0-9A-Za-z]{8}$`));
      }
      // The session's calls carry the key it returned, from the same second on.
      const key = record.responseElements.credentials.accessKeyId;
      const first = glacier.filter((g) => g.source === source && g.record.userIdentity.accessKeyId === key).map((g) => epoch(g.record.eventTime));
      expect(first.length, key).toBeGreaterThan(0);
      expect(Math.min(...first) - epoch(record.eventTime)).toBeLessThanOrEqual(1);
    }
  });
});
