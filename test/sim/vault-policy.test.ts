/**
 * A vault access policy a script sets binds later calls: its Deny statements refuse the named
 * principals "with an explicit deny in a resource-based policy" until the policy is deleted
 * (IAM policy evaluation logic: an explicit deny in any applicable policy wins). Before this,
 * a scripted deny policy was stored and never evaluated.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OP } from '../../src/glacier/operations.js';
import { compileVaultDenies, deniesCall } from '../../src/sim/vault-policy.js';
import { glacier, seconds, type Rec } from './behaviour-helpers.js';

const VAULT = 'arn:aws:glacier:us-east-1:123456789012:vaults/alpha';
const WRITER = { arn: 'arn:aws:sts::123456789012:assumed-role/Writer/botocore-session-1', roleArn: 'arn:aws:iam::123456789012:role/Writer' };
const ADMIN = { arn: 'arn:aws:iam::123456789012:user/admin' };
const OUTSIDER = { arn: 'arn:aws:iam::210987654321:user/mallory' };
const policy = (statement: object): string => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

describe('vault access policy evaluation', () => {
  it('denies the principals and actions a Deny statement names, and nothing else', () => {
    const denies = compileVaultDenies(policy({ Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::123456789012:role/Writer' }, Action: ['glacier:UploadArchive', 'glacier:Describe*'], Resource: VAULT }), VAULT)!;
    expect(deniesCall(denies, OP.UploadArchive, WRITER)).toBe(true);
    expect(deniesCall(denies, OP.DescribeVault, WRITER)).toBe(true);
    expect(deniesCall(denies, OP.DescribeJob, WRITER)).toBe(true);
    expect(deniesCall(denies, OP.DeleteArchive, WRITER)).toBe(false);
    expect(deniesCall(denies, OP.UploadArchive, ADMIN)).toBe(false);
  });

  it('reads account principals, "*" and resources as IAM does', () => {
    const account = compileVaultDenies(policy({ Effect: 'Deny', Principal: { AWS: ['210987654321'] }, Action: 'glacier:*', Resource: VAULT }), VAULT)!;
    expect(deniesCall(account, OP.InitiateJob, OUTSIDER)).toBe(true);
    expect(deniesCall(account, OP.InitiateJob, ADMIN)).toBe(false);
    const root = compileVaultDenies(policy({ Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: '*' }), VAULT)!;
    expect(deniesCall(root, OP.DeleteVault, ADMIN)).toBe(true);
    expect(deniesCall(root, OP.DeleteVault, OUTSIDER)).toBe(false);
    const everyone = compileVaultDenies(policy({ Effect: 'Deny', Principal: '*', Action: 'glacier:DeleteArchive', Resource: VAULT }), VAULT)!;
    expect(deniesCall(everyone, OP.DeleteArchive, OUTSIDER)).toBe(true);
    // Another vault's ARN, an Allow, or a condition the simulator cannot evaluate: no denial.
    expect(compileVaultDenies(policy({ Effect: 'Deny', Principal: '*', Action: 'glacier:*', Resource: `${VAULT}-other` }), VAULT)).toBeNull();
    expect(compileVaultDenies(policy({ Effect: 'Allow', Principal: '*', Action: 'glacier:*', Resource: VAULT }), VAULT)).toBeNull();
    expect(compileVaultDenies(policy({ Effect: 'Deny', Principal: '*', Action: 'glacier:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }), VAULT)).toBeNull();
    expect(compileVaultDenies('not json', VAULT)).toBeNull();
  });

  it('refuses the denied calls from the SetVaultAccessPolicy until DeleteVaultAccessPolicy', async () => {
    const { parse } = await import('yaml');
    const text = readFileSync(new URL('../fixtures/scenarios/tiny.scenario.yaml', import.meta.url), 'utf8');
    const scenario = parse(text) as Record<string, unknown>;
    const deny = policy({ Sid: 'freeze-writer', Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::123456789012:role/Writer' }, Action: ['glacier:UploadArchive', 'glacier:DescribeVault'], Resource: VAULT });
    // The writer's own background mix must not replace or delete the policy meanwhile.
    const activities = scenario.activities as Array<Record<string, unknown>>;
    activities.find((a) => a.actor === 'writer')!.mix = { UploadArchive: 3, DescribeVault: 2, ListVaults: 1 };
    scenario.scripts = [
      { name: 'freeze', actor: 'admin', at: '2025-09-01T09:00:00Z', steps: [{ call: 'SetVaultAccessPolicy', vault: 'alpha', params: { policy: deny } }] },
      { name: 'thaw', actor: 'admin', at: '2025-09-01T10:00:00Z', steps: [{ call: 'DeleteVaultAccessPolicy', vault: 'alpha' }] },
    ];
    const { generateRecordLines } = await import('../../src/index.js');
    const records: Rec[] = [];
    for await (const line of generateRecordLines(scenario as never, {})) records.push(JSON.parse(line) as Rec);
    const at = (r: Rec, name: string): boolean => glacier(r) && r.eventName === name && r.awsRegion === 'us-east-1' && r.requestParameters?.vaultName === 'alpha';
    const setAt = seconds(records.find((r) => at(r, 'SetVaultAccessPolicy') && !r.errorCode)!);
    const deleteAt = seconds(records.find((r) => at(r, 'DeleteVaultAccessPolicy') && !r.errorCode)!);
    const writer = records.filter((r) => (at(r, 'UploadArchive') || at(r, 'DescribeVault')) && r.userIdentity.arn?.includes(':assumed-role/Writer/'));
    const during = writer.filter((r) => seconds(r) > setAt && seconds(r) < deleteAt);
    const outside = writer.filter((r) => seconds(r) < setAt || seconds(r) > deleteAt);
    expect(during.length).toBeGreaterThan(0);
    expect(outside.length).toBeGreaterThan(0);
    for (const r of during) {
      expect(r.errorCode).toBe('AccessDenied');
      expect(r.errorMessage).toMatch(/on resource: arn:aws:glacier:us-east-1:123456789012:vaults\/alpha with an explicit deny in a resource-based policy$/);
    }
    for (const r of outside) expect(r.errorCode === 'AccessDenied' || r.errorCode === 'AccessDeniedException').toBe(false);
    // The admin the policy does not name keeps its access to the vault meanwhile.
    const admin = records.filter((r) => glacier(r) && r.requestParameters?.vaultName === 'alpha' && r.awsRegion === 'us-east-1' && r.userIdentity.arn?.endsWith(':user/admin') && seconds(r) > setAt && seconds(r) < deleteAt);
    for (const r of admin) expect(r.errorMessage ?? '').not.toContain('resource-based policy');
  });
});
