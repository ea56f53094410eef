/* eslint-disable @typescript-eslint/no-explicit-any -- records are arbitrary JSON read field by field */
/**
 * Issue 17 item 7: a FederatedUser's credentials come from sts:GetFederationToken, made by the
 * IAM user who owns the federated user with its long-term key (shape after the real
 * stratus-red-team record, src/sim/openers.ts). Every FederatedUser session in every example,
 * the quickstart at random seeds and the tiny fixture (which has a federated user) at random
 * seeds and dates must have been opened by such a record, earlier, whose response key is the
 * key the federated calls use.
 */
import { describe, expect, it } from 'vitest';
import { generateRecords } from '../../src/index.js';
import { accountOfId } from '../../src/random/ids.js';
import { corpus, randomRuns, type CorpusRecord } from './corpus.js';

const TINY = new URL('../fixtures/scenarios/tiny.scenario.yaml', import.meta.url).pathname;
const epoch = (iso: string): number => Date.parse(iso) / 1000;
const stsTime = (s: string): number => Date.parse(`${s} UTC`) / 1000;

async function tinyRuns(): Promise<CorpusRecord[]> {
  const out: CorpusRecord[] = [];
  for (const run of randomRuns()) {
    const source = `tiny --seed ${run.seed} --start ${run.start}`;
    console.log(`federation corpus: ${source}`);
    for await (const record of generateRecords(TINY, { seed: run.seed, start: run.start, duration: '30h' })) out.push({ source, record });
  }
  return out;
}

describe('federated user sessions', async () => {
  const records = [...(await corpus()), ...(await tinyRuns())];
  const tokens = new Map<string, CorpusRecord>();
  for (const r of records) if (r.record.eventName === 'GetFederationToken') tokens.set(`${r.source}|${r.record.responseElements?.credentials?.accessKeyId}`, r);
  const federated = records.filter((r) => r.record.userIdentity?.type === 'FederatedUser');

  it('exist in the corpus, across several sessions', () => {
    expect(federated.length).toBeGreaterThan(100);
    expect(tokens.size).toBeGreaterThan(10);
  });

  it('are each opened by an earlier GetFederationToken whose response key is the session key', () => {
    const bad: string[] = [];
    for (const { source, record } of federated) {
      const u = record.userIdentity;
      const opener = tokens.get(`${source}|${u.accessKeyId}`)?.record;
      const why = !opener ? 'no GetFederationToken returned this key'
        : epoch(opener.eventTime) >= epoch(record.eventTime) ? `opened at ${opener.eventTime}, not before`
          : opener.responseElements.federatedUser.arn !== u.arn ? `opened for ${opener.responseElements.federatedUser.arn}`
            : opener.recipientAccountId !== u.accountId ? 'opened in another account'
              : u.sessionContext.attributes.creationDate !== opener.eventTime ? `creationDate ${u.sessionContext.attributes.creationDate}`
                : epoch(record.eventTime) >= stsTime(opener.responseElements.credentials.expiration) ? 'used after its expiration'
                  : '';
      if (why && bad.length < 3) bad.push(`${source} ${record.eventName} ${record.eventTime} ${u.accessKeyId}: ${why}`);
    }
    expect(bad).toEqual([]);
  });

  it('are opened by the issuing IAM user with its long-term key, in the real record shape', () => {
    // Each session's first call.
    const byKey = new Map<string, any>();
    for (const { source, record } of federated) {
      const key = `${source}|${record.userIdentity.accessKeyId}`;
      const seen = byKey.get(key);
      if (!seen || epoch(record.eventTime) < epoch(seen.eventTime)) byKey.set(key, record);
    }
    let used = 0;
    for (const [key, { record }] of tokens) {
      const { userIdentity: caller, requestParameters: req, responseElements: resp } = record;
      const account = record.recipientAccountId;
      expect(record.eventSource).toBe('sts.amazonaws.com');
      expect(record.readOnly).toBe(false);
      expect(caller.type).toBe('IAMUser');
      expect(caller.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
      expect(accountOfId(caller.accessKeyId)).toBe(account);
      // A session policy is required (without one the federated user can do nothing).
      expect(Object.keys(req)).toEqual(['name', 'policyArns']);
      expect(req.policyArns).toEqual([{ arn: 'arn:aws:iam::aws:policy/AmazonGlacierFullAccess' }]);
      expect(Object.keys(resp)).toEqual(['credentials', 'federatedUser', 'packedPolicySize']);
      expect(resp.credentials.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
      expect(accountOfId(resp.credentials.accessKeyId)).toBe(account);
      expect(resp.credentials.sessionToken.length).toBeGreaterThan(740);
      // No DurationSeconds: STS's default 12 h.
      expect(stsTime(resp.credentials.expiration) - epoch(record.eventTime)).toBe(12 * 3600);
      expect(resp.federatedUser).toEqual({ federatedUserId: `${account}:${req.name}`, arn: `arn:aws:sts::${account}:federated-user/${req.name}` });
      expect(req.name).toMatch(/^[\w+=,.@-]{2,32}$/);
      const user = byKey.get(key);
      if (!user) continue; // a session whose first call fell after the run's end
      used++;
      // The broker hands the credentials on and the first call follows 1-6 s later (sim/unit.ts).
      const gap = epoch(user.eventTime) - epoch(record.eventTime);
      expect(gap).toBeGreaterThanOrEqual(1);
      expect(gap).toBeLessThanOrEqual(6);
      const issuer = user.userIdentity.sessionContext.sessionIssuer;
      expect({ type: issuer.type, principalId: issuer.principalId, arn: issuer.arn, userName: issuer.userName })
        .toEqual({ type: 'IAMUser', principalId: caller.principalId, arn: caller.arn, userName: caller.userName });
      // The broker's SDK or CLI names the STS call where its user agent names calls at all.
      const ua = String(record.userAgent);
      if (/command[/#]/.test(ua)) expect(ua).toMatch(/command[/#]sts\.get-federation-token/);
      if (/ api\//.test(ua)) expect(ua).toMatch(/ api\/sts[#/]/i);
    }
    expect(used).toBeGreaterThan(5);
  });
});

describe('the IAM user who calls GetFederationToken', async () => {
  const FIXTURE = new URL('../fixtures/scenarios/federation-broker.scenario.yaml', import.meta.url).pathname;
  const records: any[] = [];
  for await (const record of generateRecords(FIXTURE)) records.push(record);
  const tokens = records.filter((r) => r.eventName === 'GetFederationToken');

  it('is the scenario\'s IAM user of that name when it has a key, else one hidden user per name', () => {
    const declared = records.find((r) => r.userIdentity.type === 'IAMUser' && r.eventSource === 'glacier.amazonaws.com')!.userIdentity;
    const callers = new Map<string, Set<string>>();
    for (const r of tokens) {
      const name = r.requestParameters.name;
      const key = `${r.userIdentity.userName} ${r.userIdentity.principalId} ${r.userIdentity.accessKeyId}`;
      callers.set(name, (callers.get(name) ?? new Set()).add(key));
    }
    const own = `partner-broker ${declared.principalId} ${declared.accessKeyId}`;
    expect(callers.get('alice')).toEqual(new Set([own]));
    expect(callers.get('bob')).toEqual(new Set([own]));
    const other = [...callers.get('carol')!];
    expect(other).toHaveLength(1);
    expect(other[0]).toMatch(/^other-broker AIDA\w+ AKIA\w+$/);
    // Two days: the 12 h sessions reopen.
    expect(tokens.filter((r) => r.requestParameters.name === 'alice').length).toBeGreaterThanOrEqual(2);
  });
});
