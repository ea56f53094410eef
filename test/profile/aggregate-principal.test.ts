/**
 * The aggregator finds a record's principal by its arn (src/profile/aggregate.ts principal());
 * the key also depends on the recipient account, the identity type and the client family, so
 * records alike in arn but not in those must still be told apart, as callerKey tells them.
 */
import { expect, it } from 'vitest';
import { ProfileAggregator } from '../../src/profile/aggregate.js';

const ARN = 'arn:aws:iam::111122223333:user/alice';
const CLI = 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64';
const BOTO = 'Boto3/1.35.57 md/Botocore#1.35.57 ua/2.0 os/linux';

function record(i: number, over: { account?: unknown; type?: string; ua?: string }): Record<string, unknown> {
  return {
    eventTime: `2025-03-04T00:00:${String(i % 60).padStart(2, '0')}Z`, eventSource: 'glacier.amazonaws.com', eventName: 'ListVaults',
    awsRegion: 'us-east-1', recipientAccountId: over.account ?? '111122223333', userAgent: over.ua ?? CLI, sourceIPAddress: '198.51.100.7',
    userIdentity: { type: over.type ?? 'IAMUser', arn: ARN, principalId: 'AIDAEXAMPLE', accountId: '111122223333', userName: 'alice' },
    requestParameters: { accountId: '-' },
  };
}

it('keeps principals apart that share an arn but not the account, type or client', () => {
  const agg = new ProfileAggregator();
  const file = { path: 'x.json' };
  const variants = [{}, { account: '444455556666' }, { type: 'FederatedUser' }, { ua: BOTO }, { account: 7 }, { account: '000000000000' }, {}];
  // Interleaved, so the arn's cached principal is the wrong one for most records.
  for (let i = 0; i < 70; i++) agg.record(record(i, variants[i % variants.length]!), file);
  const keys = [...agg.principals.keys()].sort();
  expect(keys).toEqual([
    '000000000000|IAMUser:arn:aws:iam::111122223333:user/alice|aws-cli-v2',
    '111122223333|FederatedUser:arn:aws:iam::111122223333:user/alice|aws-cli-v2',
    '111122223333|IAMUser:arn:aws:iam::111122223333:user/alice|aws-cli-v2',
    '111122223333|IAMUser:arn:aws:iam::111122223333:user/alice|boto3',
    '444455556666|IAMUser:arn:aws:iam::111122223333:user/alice|aws-cli-v2',
    '|IAMUser:arn:aws:iam::111122223333:user/alice|aws-cli-v2',
  ]);
  expect([...agg.principals.values()].map((p) => p.records).sort((a, b) => a - b)).toEqual([10, 10, 10, 10, 10, 20]);
});
