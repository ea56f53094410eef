/* eslint-disable @typescript-eslint/no-explicit-any -- records are arbitrary JSON read field by field */
/**
 * Issue 17 item 7: callers that exist. The resource owner's copy of a cross-account call names
 * the caller as `AWSAccount` (CloudTrail userIdentity reference; IAM docs' cross-account
 * AssumeRole example), and no AWSService identity calls Glacier: service automation is the
 * service's role, assumed (AssumedRole under aws-service-role/, invokedBy the service).
 */
import { describe, expect, it } from 'vitest';
import { corpus } from './corpus.js';

describe('callers', async () => {
  const records = await corpus();
  const glacier = records.filter((r) => r.record.eventSource === 'glacier.amazonaws.com');

  it('no Glacier record is made by an AWSService identity', () => {
    const bad = glacier.filter((r) => r.record.userIdentity?.type === 'AWSService').map((r) => `${r.source} ${r.record.eventName}`);
    expect(bad.slice(0, 3)).toEqual([]);
  });

  it('service automation calls through an assumed service role that names the service', () => {
    const service = glacier.filter((r) => r.record.userIdentity?.invokedBy);
    expect(service.length).toBeGreaterThan(0); // multi-account-org's storage-service actor
    for (const { record } of service) {
      const u = record.userIdentity;
      expect(u.type).toBe('AssumedRole');
      expect(u.sessionContext.sessionIssuer.arn).toMatch(new RegExp(`:role/aws-service-role/${u.invokedBy.replace(/\./g, '\\.')}/AWSServiceRoleFor`));
      expect(u.accessKeyId).toMatch(/^ASIA/);
      expect(record.sourceIPAddress).toBe(u.invokedBy);
    }
  });

  it("the resource owner's copy of a cross-account call shows AWSAccount with the caller's account; the caller's copy the full identity", () => {
    const byShared = new Map<string, Array<Record<string, any>>>();
    for (const { record } of records) if (record.sharedEventID) (byShared.get(record.sharedEventID) ?? byShared.set(record.sharedEventID, []).get(record.sharedEventID)!).push(record);
    expect(byShared.size).toBeGreaterThan(0); // cross-account-role's calls
    for (const [shared, pair] of byShared) {
      expect(pair.length, shared).toBe(2);
      const owner = pair.find((r) => r.userIdentity.type === 'AWSAccount');
      const caller = pair.find((r) => r.userIdentity.type !== 'AWSAccount');
      expect(owner && caller, `${shared}: one AWSAccount copy and one full identity`).toBeTruthy();
      expect(Object.keys(owner!.userIdentity)).toEqual(['type', 'principalId', 'accountId']);
      expect(owner!.userIdentity.accountId).toBe(caller!.userIdentity.accountId);
      expect(owner!.userIdentity.principalId).toBe(caller!.userIdentity.principalId);
      expect(owner!.recipientAccountId).not.toBe(owner!.userIdentity.accountId);
      expect(caller!.recipientAccountId).toBe(caller!.userIdentity.accountId);
    }
  });
});
