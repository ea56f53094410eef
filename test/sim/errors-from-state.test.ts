/**
 * Errors follow state and policy, not dice (issue 18, item 1), over every example and random
 * seeds: a principal denied an operation on a resource is never allowed it without a policy
 * change; denial messages name the cause as IAM words it; vaults are "not found" only when
 * they are gone; failed calls keep the operation's required parameters; only errors the
 * operation can return; throttled and 5xx calls of SDK clients are retried with the same request.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleRuns, glacier, seconds, type Rec, type Run } from './behaviour-helpers.js';

const REFERENCE = JSON.parse(readFileSync(new URL('../fixtures/reference/glacier-errors.json', import.meta.url), 'utf8')) as { errors: Record<string, string[]>; required: Record<string, string[]> };
/** Documented for every AWS JSON API (glacier-operations.json additionalDocumentedErrors). */
const COMMON = ['AccessDenied', 'AccessDeniedException', 'ThrottlingException'];
const RETRYABLE = new Set(['ThrottlingException', 'ServiceUnavailableException', 'RequestTimeoutException']);

let runs: Run[] = [];
beforeAll(async () => {
  runs = await exampleRuns(2);
}, 300_000);

const who = (r: Rec): string => (r.userIdentity.principalId ?? r.userIdentity.arn ?? r.userIdentity.type).split(':')[0]!;
const vaultOf = (r: Rec): string => `${r.recipientAccountId}/${r.awsRegion}/${String(r.requestParameters?.vaultName ?? '')}`;
const denied = (r: Rec): boolean => r.errorCode === 'AccessDenied' || r.errorCode === 'AccessDeniedException';
const where = (run: Run): string => `${run.name} seed ${run.seed ?? 'own'}`;

describe('errors from state and policy', () => {
  it('never both denies and allows a principal an operation on a resource, except by network condition or a later deny', () => {
    const bad: string[] = [];
    let denials = 0;
    for (const run of runs) {
      const groups = new Map<string, Rec[]>();
      for (const r of run.records.filter(glacier)) {
        if (r.errorCode && !denied(r)) continue;
        const key = `${who(r)} ${r.eventName} ${vaultOf(r)}`;
        groups.set(key, [...(groups.get(key) ?? []), r]);
      }
      for (const [key, list] of groups) {
        const no = list.filter(denied);
        if (no.length === 0) continue;
        denials += no.length;
        const firstDenial = seconds(no[0]!);
        const deniedFrom = new Set(no.map((r) => r.sourceIPAddress));
        const explicit = no.every((r) => r.errorMessage!.includes('with an explicit deny'));
        // Allowed after a denial: only from a network the (explicit, conditioned) deny does not cover.
        const allowedAfter = list.filter((r) => !r.errorCode && seconds(r) >= firstDenial && (!explicit || deniedFrom.has(r.sourceIPAddress)));
        // An implicit deny (no policy allows) is never lifted without a policy change.
        const allowedBefore = explicit ? [] : list.filter((r) => !r.errorCode && seconds(r) < firstDenial);
        if (allowedAfter.length || allowedBefore.length) bad.push(`${where(run)}: ${key}: ${no.length} denied, ${allowedAfter.length + allowedBefore.length} allowed`);
      }
    }
    expect(bad).toEqual([]);
    expect(denials).toBeGreaterThan(0);
  });

  it('words denials as IAM does, the reason following the cause', () => {
    const reasons = new Set<string>();
    for (const run of runs) {
      for (const r of run.records.filter((x) => glacier(x) && denied(x))) {
        expect(r.errorMessage).toMatch(/^User: arn:aws[\w-]*:(iam|sts)::\d{12}:\S+ is not authorized to perform: glacier:\w+ on resource: arn:aws[\w-]*:glacier:[\w-]+:\d{12}:(vaults\/\S*|\*) (because no (identity|resource)-based policy allows the glacier:\w+ action|with an explicit deny in (an identity-based|a resource-based|a service control) policy)$/);
        expect(r.errorMessage).toContain(`glacier:${r.eventName} `);
        reasons.add(r.errorMessage!.replace(/.* (because|with)/, '$1').replace(/glacier:\w+/, 'X'));
        // Tor-only denials are explicit denies, not missing allows.
        if (run.name === 'recon-access-denied' && run.seed === undefined) expect(r.errorMessage).toContain('with an explicit deny');
      }
    }
    expect([...reasons].sort()).toEqual(expect.arrayContaining(['because no identity-based policy allows the X action', 'with an explicit deny in an identity-based policy']));
  });

  it('says a vault is not found only when it does not exist at that moment', () => {
    const bad: string[] = [];
    let notFound = 0;
    for (const run of runs) {
      const byVault = new Map<string, Rec[]>();
      for (const r of run.records.filter(glacier)) byVault.set(vaultOf(r), [...(byVault.get(vaultOf(r)) ?? []), r]);
      for (const [vault, list] of byVault) {
        list.forEach((r, i) => {
          if (r.errorCode !== 'ResourceNotFoundException' || !r.errorMessage!.startsWith('Vault not found')) return;
          notFound++;
          const before = list.slice(0, i).reverse().find((x) => !x.errorCode);
          const after = list.slice(i + 1).find((x) => !x.errorCode);
          // Used successfully before and after, with neither a deletion before nor a creation after: it was there.
          if (before && after && before.eventName !== 'DeleteVault' && after.eventName !== 'CreateVault') bad.push(`${where(run)}: ${r.eventName} ${vault} at ${r.eventTime}`);
        });
      }
    }
    expect(bad).toEqual([]);
    expect(notFound).toBeGreaterThan(0);
  });

  it('keeps the request parameters of failed calls and returns only errors the operation can return', () => {
    const bad: string[] = [];
    for (const run of runs) {
      for (const r of run.records.filter((x) => glacier(x) && x.errorCode)) {
        const allowed = [...REFERENCE.errors[r.eventName]!, ...COMMON];
        if (!allowed.includes(r.errorCode!)) bad.push(`${where(run)}: ${r.eventName} cannot return ${r.errorCode}`);
        if (/scripted|Invalid parameter value\.$/.test(r.errorMessage ?? '')) bad.push(`${where(run)}: ${r.eventName} message ${r.errorMessage}`);
        const missing = REFERENCE.required[r.eventName]!.filter((m) => r.requestParameters?.[m] === undefined);
        if (r.eventName === 'InitiateJob' && r.requestParameters?.jobParameters === undefined) missing.push('jobParameters');
        if (r.eventName !== 'ListVaults' && !r.eventName.endsWith('ProvisionedCapacity') && !r.eventName.endsWith('DataRetrievalPolicy') && r.requestParameters?.vaultName === undefined) missing.push('vaultName');
        if (missing.length) bad.push(`${where(run)}: failed ${r.eventName} without ${missing.join(', ')}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('retries throttled and 5xx calls of SDK clients with the same request, as their retry modes do', () => {
    const bad: string[] = [];
    let retried = 0;
    for (const run of runs) {
      const list = run.records.filter(glacier);
      const sdk = (r: Rec): boolean => !/^Mozilla|python-requests/.test(r.userAgent);
      for (let i = 0; i < list.length; i++) {
        const r = list[i]!;
        if (!RETRYABLE.has(r.errorCode ?? '') || !sdk(r) || seconds(r) > run.end - 60) continue;
        const same = (x: Rec): boolean => who(x) === who(r) && x.eventName === r.eventName && JSON.stringify(x.requestParameters) === JSON.stringify(r.requestParameters) && x.awsRegion === r.awsRegion;
        const next = list.slice(i + 1).find((x) => seconds(x) <= seconds(r) + 25 && same(x));
        if (next) {
          retried++;
          continue;
        }
        // The last attempt of a chain: at least the mode's minimum (3 attempts) before giving up.
        const chain = list.slice(0, i).filter((x) => seconds(x) >= seconds(r) - 60 && same(x) && RETRYABLE.has(x.errorCode ?? ''));
        if (chain.length < 2) bad.push(`${where(run)}: ${r.eventName} ${r.errorCode} at ${r.eventTime} by ${who(r)} not retried`);
      }
    }
    expect(bad).toEqual([]);
    expect(retried).toBeGreaterThan(0);
  });

  it('throttles in bursts of one principal, not as scattered coin flips', () => {
    let throttles = 0;
    let inBurst = 0;
    for (const run of runs) {
      const list = run.records.filter((r) => glacier(r) && r.errorCode === 'ThrottlingException');
      throttles += list.length;
      for (const r of list) if (list.some((x) => x !== r && who(x) === who(r) && Math.abs(seconds(x) - seconds(r)) <= 120)) inBurst++;
    }
    expect(throttles).toBeGreaterThan(20);
    expect(inBurst / throttles).toBeGreaterThan(0.8);
  });
});

describe('scenario permissions', () => {
  it('denies what permissions deny, with the stated reason, until the scripted policy change', async () => {
    const { parse } = await import('yaml');
    const text = readFileSync(new URL('../fixtures/scenarios/tiny.scenario.yaml', import.meta.url), 'utf8');
    const scenario = parse(text) as { actors: Array<Record<string, unknown>> };
    const admin = scenario.actors.find((a) => a.name === 'admin')!;
    admin.permissions = { deny: [{ operations: ['ListVaults', 'DescribeVault'], reason: 'service-control-policy', until: '+90m' }] };
    const { generateRecordLines } = await import('../../src/index.js');
    const records: Rec[] = [];
    for await (const line of generateRecordLines(scenario as never, {})) records.push(JSON.parse(line) as Rec);
    const mine = records.filter((r) => glacier(r) && r.userIdentity.arn?.endsWith(':user/admin') && (r.eventName === 'ListVaults' || r.eventName === 'DescribeVault'));
    const cut = Date.parse('2025-09-01T09:30:00Z') / 1000;
    const before = mine.filter((r) => seconds(r) < cut);
    const after = mine.filter((r) => seconds(r) >= cut);
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    for (const r of before) expect(r.errorMessage).toMatch(/with an explicit deny in a service control policy$/);
    for (const r of after) expect(r.errorCode === undefined || !denied(r)).toBe(true);
  });
});
