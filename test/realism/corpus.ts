/* eslint-disable @typescript-eslint/no-explicit-any -- records are arbitrary JSON read field by field */
/**
 * The output the realism tests judge: every example with its own seed, plus the quickstart
 * scenario at random seeds and start dates across the years the tables cover (the seed and
 * start are printed, so a failure can be replayed with `generate --seed S --start T`).
 */
import { readdirSync } from 'node:fs';
import { generateRecords } from '../../src/index.js';

export interface CorpusRecord {
  source: string;
  record: Record<string, any>;
}

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;

/** Random runs: a seed from the test process's own entropy (printed), one per era. */
export function randomRuns(): Array<{ seed: number; start: string }> {
  const starts = ['2017-05-10T00:00:00Z', '2020-09-14T00:00:00Z', '2022-10-27T00:00:00Z', '2024-03-23T00:00:00Z', '2026-02-02T00:00:00Z'];
  return starts.map((start) => ({ seed: Math.floor(Math.random() * 1e9), start }));
}

let cached: Promise<CorpusRecord[]> | undefined;

export function corpus(): Promise<CorpusRecord[]> {
  return (cached ??= collect());
}

async function collect(): Promise<CorpusRecord[]> {
  const out: CorpusRecord[] = [];
  for (const file of readdirSync(EXAMPLES).filter((f) => f.endsWith('.scenario.yaml')).sort()) {
    for await (const record of generateRecords(EXAMPLES + file, { records: 3000 })) out.push({ source: file, record });
  }
  for (const run of randomRuns()) {
    const source = `quickstart --seed ${run.seed} --start ${run.start}`;
    console.log(`realism corpus: ${source}`);
    for await (const record of generateRecords(EXAMPLES + 'quickstart.scenario.yaml', { seed: run.seed, start: run.start, records: 1500 })) out.push({ source, record });
  }
  return out;
}

/** Every principal or key ID in a record with the account it should decode to. */
export function idsWithOwners(r: Record<string, any>): Array<{ id: string; account: string; where: string }> {
  const out: Array<{ id: string; account: string; where: string }> = [];
  const add = (id: unknown, account: unknown, where: string): void => {
    if (typeof id === 'string' && /^A[A-Z]{3}[A-Z2-7]{16}/.test(id) && typeof account === 'string') out.push({ id, account, where });
  };
  const u = r.userIdentity ?? {};
  add(u.accessKeyId, u.accountId, 'userIdentity.accessKeyId');
  add(String(u.principalId ?? '').split(':')[0], u.accountId, 'userIdentity.principalId');
  const issuer = u.sessionContext?.sessionIssuer ?? {};
  add(issuer.principalId, issuer.accountId, 'sessionIssuer.principalId');
  const creds = r.responseElements?.credentials;
  const roleArn = String(r.requestParameters?.roleArn ?? '');
  const roleAccount = /^arn:[^:]+:iam::(\d{12}):/.exec(roleArn)?.[1];
  if (creds && roleAccount) add(creds.accessKeyId, roleAccount, 'responseElements.credentials.accessKeyId');
  const federatedAccount = String(r.responseElements?.federatedUser?.federatedUserId ?? '').split(':')[0];
  if (creds && federatedAccount) add(creds.accessKeyId, federatedAccount, 'GetFederationToken credentials.accessKeyId');
  const assumed = r.responseElements?.assumedRoleUser;
  if (assumed && roleAccount) add(String(assumed.assumedRoleId).split(':')[0], roleAccount, 'assumedRoleUser.assumedRoleId');
  return out;
}
