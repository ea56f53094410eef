/* eslint-disable @typescript-eslint/no-explicit-any -- records are arbitrary JSON read field by field */
/**
 * Issue 17 item 7: callers that exist. The resource owner's copy of a cross-account call names
 * the caller as `AWSAccount` (CloudTrail userIdentity reference; IAM docs' cross-account
 * AssumeRole example), and no AWSService identity calls Glacier: service automation is the
 * service's role, assumed (AssumedRole under aws-service-role/, invokedBy the service), and only
 * for the two services whose service-linked role policies grant glacier: actions, each calling
 * only those (src/glacier/service-principals.ts: never AWS Backup, never an upload).
 */
import { describe, expect, it } from 'vitest';
import { corpus } from './corpus.js';
import { loadScenario, generateRecords } from '../../src/index.js';

// Copied from AWS's managed service-role policies (badele/aws-policies-analyzer-docs, 2025-04):
// the test keeps its own list so that a change to the source's table has to be made twice.
const SERVICE_OPS: Record<string, string[]> = {
  'resource-explorer-2.amazonaws.com': ['ListVaults'],
  'support.amazonaws.com': ['DescribeJob', 'DescribeVault', 'GetDataRetrievalPolicy', 'GetVaultAccessPolicy', 'GetVaultLock', 'GetVaultNotifications', 'ListJobs', 'ListTagsForVault', 'ListVaults'],
};

describe('callers', async () => {
  const records = await corpus();
  const glacier = records.filter((r) => r.record.eventSource === 'glacier.amazonaws.com');

  it('no Glacier record is made by an AWSService identity', () => {
    const bad = glacier.filter((r) => r.record.userIdentity?.type === 'AWSService').map((r) => `${r.source} ${r.record.eventName}`);
    expect(bad.slice(0, 3)).toEqual([]);
  });

  it('service automation calls through an assumed service role that names the service', () => {
    const service = glacier.filter((r) => r.record.userIdentity?.invokedBy);
    expect(service.length).toBeGreaterThan(0); // multi-account-org's resource-explorer actor
    for (const { record } of service) {
      const u = record.userIdentity;
      expect(u.type).toBe('AssumedRole');
      expect(u.sessionContext.sessionIssuer.arn).toMatch(new RegExp(`:role/aws-service-role/${u.invokedBy.replace(/\./g, '\\.')}/AWSServiceRoleFor`));
      expect(u.accessKeyId).toMatch(/^ASIA/);
      expect(record.sourceIPAddress).toBe(u.invokedBy);
    }
  });

  it('only Resource Explorer and AWS Support call Glacier as services, and only what their roles allow', () => {
    const bad = glacier
      .filter((r) => r.record.userIdentity?.invokedBy)
      .filter((r) => !SERVICE_OPS[r.record.userIdentity.invokedBy]?.includes(r.record.eventName))
      .map((r) => `${r.source} ${r.record.userIdentity.invokedBy} ${r.record.eventName}`);
    expect(bad.slice(0, 3)).toEqual([]);
  });

  it('a service actor whose mix names operations its role does not allow still calls only allowed ones', async () => {
    const { scenario } = await loadScenario(new URL('../fixtures/scenarios/tiny.scenario.yaml', import.meta.url).pathname);
    const svc = scenario.actors.find((a) => a.type === 'AWSService')!;
    svc.service = 'resource-explorer-2.amazonaws.com';
    scenario.activities.find((a) => a.actor === svc.name)!.mix = { DescribeVault: 3, UploadArchive: 2, DeleteVault: 1 };
    const names = new Set<string>();
    for await (const r of generateRecords(scenario, { seed: 5 })) if (r.userIdentity?.invokedBy === svc.service && r.eventSource === 'glacier.amazonaws.com') names.add(r.eventName);
    expect([...names]).toEqual(['ListVaults']);
  });

  it('a scenario naming a service that cannot call Glacier is refused with the services that can', async () => {
    const { scenario } = await loadScenario(new URL('../fixtures/scenarios/tiny.scenario.yaml', import.meta.url).pathname);
    scenario.actors.find((a) => a.type === 'AWSService')!.service = 'backup.amazonaws.com';
    await expect(async () => {
      for await (const _ of generateRecords(scenario, { records: 10 })) void _;
    }).rejects.toThrow(/backup\.amazonaws\.com does not call the Glacier vault API: only resource-explorer-2\.amazonaws\.com and support\.amazonaws\.com/);
  });

  it("the resource owner's copy of a cross-account call shows AWSAccount with the caller's account; the caller's copy the full identity", () => {
    const byShared = new Map<string, Array<Record<string, any>>>();
    // A service assuming its own service-linked role shares the event with AWS's account only.
    for (const { record } of records) if (record.sharedEventID && record.userIdentity?.type !== 'AWSService') (byShared.get(record.sharedEventID) ?? byShared.set(record.sharedEventID, []).get(record.sharedEventID)!).push(record);
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
