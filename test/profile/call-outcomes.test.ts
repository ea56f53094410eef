/**
 * The error fit reads records in the generator's terms (src/profile/call-outcomes.ts): retries
 * fold into their call, burst throttles roll no dice, denials are permissions, and all of it in
 * event-time order whatever order the files gave.
 */
import { describe, expect, it } from 'vitest';
import { OPERATION_COUNT, OP } from '../../src/glacier/operations.js';
import { CallOutcomes, denyReasonOf, type OutcomeCounts } from '../../src/profile/call-outcomes.js';
import { callerKey, describeCaller } from '../../src/profile/caller.js';

function counts(): OutcomeCounts {
  return { retries: 0, retriedOps: new Float64Array(OPERATION_COUNT), retriedHours: new Float64Array(168), burstThrottles: 0, exposed: 0, errors: 0, denied: new Float64Array(OPERATION_COUNT), denyReasons: new Map() };
}

const req = { accountId: '-', vaultName: 'v' };
const T = 1_700_000_000;

describe('CallOutcomes', () => {
  it('folds an SDK retry sequence into one call with one chance error', () => {
    const c = counts();
    const o = new CallOutcomes();
    o.observe(c, OP.DescribeVault, T, 'ThrottlingException', 'Rate exceeded', req, 'boto3');
    o.observe(c, OP.DescribeVault, T + 1, 'ThrottlingException', 'Rate exceeded', req, 'boto3');
    o.observe(c, OP.DescribeVault, T + 3, '', undefined, req, 'boto3');
    o.finish();
    expect(c).toMatchObject({ retries: 2, exposed: 1, errors: 1, burstThrottles: 0 });
    expect(c.retriedOps[OP.DescribeVault]).toBe(2);
  });

  it('finds the retry when it is read before the failure (late or unordered files)', () => {
    const c = counts();
    const o = new CallOutcomes();
    o.observe(c, OP.DescribeVault, T + 2, '', undefined, req, 'aws-cli-v2');
    o.observe(c, OP.DescribeVault, T, 'ServiceUnavailableException', 'Service is temporarily unavailable.', req, 'aws-cli-v2');
    o.finish();
    expect(c).toMatchObject({ retries: 1, exposed: 1, errors: 1 });
  });

  it('does not fold another request, a call past the backoff window, or a client that never retries', () => {
    const c = counts();
    const o = new CallOutcomes();
    o.observe(c, OP.DescribeVault, T, 'ServiceUnavailableException', '', req, 'boto3');
    o.observe(c, OP.DescribeVault, T + 1, '', undefined, { accountId: '-', vaultName: 'other' }, 'boto3');
    o.observe(c, OP.DescribeVault, T + 60, '', undefined, req, 'boto3');
    o.observe(c, OP.ListVaults, T + 100, 'ServiceUnavailableException', '', { accountId: '-' }, 'console');
    o.observe(c, OP.ListVaults, T + 101, '', undefined, { accountId: '-' }, 'console');
    o.finish();
    expect(c.retries).toBe(0);
    expect(c.exposed).toBe(5);
  });

  it('throttles inside a burst roll no dice; denials and state errors are not chance', () => {
    const c = counts();
    const o = new CallOutcomes();
    o.observe(c, OP.ListVaults, T, 'ThrottlingException', '', { accountId: '-' }, 'console');
    o.observe(c, OP.DescribeVault, T + 30, 'ThrottlingException', '', req, 'console');
    o.observe(c, OP.DescribeVault, T + 200, 'ThrottlingException', '', req, 'console');
    o.observe(c, OP.DeleteVault, T + 300, 'AccessDenied', 'User: x is not authorized to perform: glacier:DeleteVault on resource: y because no identity-based policy allows the glacier:DeleteVault action', req, 'console');
    o.observe(c, OP.DeleteVault, T + 400, 'InvalidParameterValueException', 'Vault not empty or recently written to: arn', req, 'console');
    o.observe(c, OP.DescribeVault, T + 500, 'ResourceNotFoundException', 'Vault not found', req, 'console');
    o.finish();
    expect(c).toMatchObject({ burstThrottles: 1, errors: 2, exposed: 2 });
    expect(c.denied[OP.DeleteVault]).toBe(1);
    expect([...c.denyReasons]).toEqual([['no-identity-policy', 1]]);
  });

  it('reads the deny reason from the message', () => {
    expect(denyReasonOf('... with an explicit deny in a service control policy')).toBe('service-control-policy');
    expect(denyReasonOf('... with an explicit deny in an identity-based policy')).toBe('identity-policy');
    expect(denyReasonOf('... because no resource-based policy allows the glacier:X action')).toBe('no-resource-policy');
  });
});

describe('callers', () => {
  const role = (session: string): Record<string, unknown> => ({
    recipientAccountId: '111122223333',
    userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::111122223333:assumed-role/Deployer/${session}`, sessionContext: { sessionIssuer: { userName: 'Deployer', arn: 'arn:aws:iam::111122223333:role/Deployer' } } },
  });

  it('SDK sessions named after their start are one principal (the role)', () => {
    expect(callerKey(role('botocore-session-1741046400'))).toBe(callerKey(role('botocore-session-1741050000')));
    expect(callerKey(role('aws-go-sdk-1741046400123456789'))).toBe(callerKey(role('aws-go-sdk-1741046999000000001')));
    expect(callerKey(role('alice'))).not.toBe(callerKey(role('bob')));
  });

  it('a service-linked role session is an AWSService actor', () => {
    const r = {
      recipientAccountId: '111122223333',
      userIdentity: {
        type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForBackup/AWSBackup-AWSServiceRoleForBackup', invokedBy: 'backup.amazonaws.com',
        sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup', userName: 'AWSServiceRoleForBackup' } },
      },
    };
    expect(describeCaller(r, 'k')).toMatchObject({ type: 'AWSService', service: 'backup.amazonaws.com' });
  });
});
