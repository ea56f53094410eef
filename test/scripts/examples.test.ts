/**
 * The example library: every example generates, its labels point at real records of the
 * scripted steps, background records stay unlabelled, labels never leak into records, and
 * scripted order holds.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFiles } from '../../src/index.js';
import { listFiles, readLogFiles, removeDir, tempDir } from '../helpers/tree.js';

type Rec = Record<string, unknown> & { eventID: string; eventName: string; eventTime: string; userIdentity: Record<string, unknown>; requestParameters: Record<string, unknown> | null; responseElements: Record<string, unknown> | null };
interface Label { eventID: string; labels: string[]; step: string }
interface Run { records: Rec[]; byId: Map<string, Rec>; labels: Label[]; raw: string[] }

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;
const runs = new Map<string, Run>();
const dirs: string[] = [];

beforeAll(async () => {
  const names = (await readdir(EXAMPLES)).filter((f) => f.endsWith('.scenario.yaml')).map((f) => f.replace('.scenario.yaml', ''));
  for (const name of names) {
    const out = await tempDir();
    dirs.push(out);
    const result = await generateFiles(join(EXAMPLES, `${name}.scenario.yaml`), { out });
    const files = await readLogFiles(out);
    const records = files.flatMap((f) => f.records as Rec[]).sort((a, b) => (a.eventTime < b.eventTime ? -1 : a.eventTime > b.eventTime ? 1 : 0));
    const raw = await Promise.all((await listFiles(out)).filter((f) => f.endsWith('.gz')).map(async (f) => (await import('node:zlib')).gunzipSync(await readFile(join(out, f))).toString()));
    const labelsText = result.labels > 0 ? await readFile(result.labelsFile, 'utf8') : '';
    const labels = labelsText.trim() ? labelsText.trim().split('\n').map((l) => JSON.parse(l) as Label) : [];
    runs.set(name, { records, byId: new Map(records.map((r) => [r.eventID, r])), labels, raw });
  }
}, 120_000);
afterAll(() => Promise.all(dirs.map(removeDir)));

const get = (name: string): Run => runs.get(name)!;

describe('example library', () => {
  it('has the documented examples, each generating records', () => {
    for (const name of ['quickstart', 'ci-fixture', 'all-operations', 'multi-account-org', 'ransomware-vault-wipe', 'exfiltration-retrieval', 'policy-tampering', 'recon-access-denied', 'cross-account-role']) {
      expect(runs.has(name), name).toBe(true);
      expect(get(name).records.length, name).toBeGreaterThan(0);
    }
  });

  it('gives every field one JSON type across all examples, as DuckDB and Athena need', () => {
    // DuckDB infers one column type per field over all files and silently coerces a mix
    // (pitfalls.md): e.g. mfaAuthenticated must always be a string, readOnly always a boolean.
    const types = new Map<string, Set<string>>();
    const visit = (v: unknown, path: string): void => {
      const t = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
      if (t !== 'null') types.set(path, (types.get(path) ?? new Set()).add(t));
      if (t === 'array') for (const x of v as unknown[]) visit(x, `${path}/[]`);
      else if (t === 'object') for (const [k, x] of Object.entries(v as object)) visit(x, `${path}/${k}`);
    };
    for (const run of runs.values()) for (const r of run.records) visit(r, '');
    const mixed = [...types].filter(([, s]) => s.size > 1).map(([p, s]) => `${p}: ${[...s].join('|')}`);
    expect(mixed).toEqual([]);
    expect(types.get('/userIdentity/sessionContext/attributes/mfaAuthenticated')).toEqual(new Set(['string']));
    expect(types.get('/readOnly')).toEqual(new Set(['boolean']));
  });

  it('keeps the CI fixture under 100 records', () => {
    expect(get('ci-fixture').records.length).toBeLessThan(100);
  });

  it('labels only real records, and every scripted example has labels', () => {
    for (const [name, run] of runs) {
      if (!['quickstart', 'all-operations'].includes(name)) expect(run.labels.length, name).toBeGreaterThan(0);
      const seen = new Set<string>();
      for (const l of run.labels) {
        expect(run.byId.has(l.eventID), `${name}: ${l.eventID}`).toBe(true);
        expect(seen.has(l.eventID)).toBe(false);
        seen.add(l.eventID);
        expect(l.step).toMatch(/^[\w.-]+\/\d+/);
        expect(l.labels.length).toBeGreaterThan(0);
      }
    }
  });

  it('never leaks labels or step ids into the CloudTrail records', () => {
    for (const [name, run] of runs) {
      // Step ids are unique strings; label names can coincide with real values (inventory-retrieval), so check keys.
      const steps = new Set(run.labels.map((l) => l.step));
      for (const text of run.raw) for (const m of steps) expect(text.includes(`"${m}"`), `${name}: ${m}`).toBe(false);
      for (const r of run.records) {
        expect(r).not.toHaveProperty('labels');
        expect(r).not.toHaveProperty('step');
      }
    }
  });

  it('ransomware: labelled calls come from the attacker tooling, background never does; DeleteVault follows the last DeleteArchive', () => {
    const run = get('ransomware-vault-wipe');
    const labelled = new Set(run.labels.map((l) => l.eventID));
    for (const r of run.records) {
      const tooling = (r.userAgent as string).startsWith('python-requests/');
      expect(tooling, `${r.eventName} ${r.eventID}`).toBe(labelled.has(r.eventID));
    }
    const wipe = run.records.filter((r) => labelled.has(r.eventID));
    const deletes = wipe.filter((r) => r.eventName === 'DeleteArchive' && !r.errorCode);
    expect(deletes.length).toBeGreaterThan(100);
    const vaultDelete = wipe.find((r) => r.eventName === 'DeleteVault')!;
    expect(vaultDelete.eventTime >= deletes[deletes.length - 1]!.eventTime).toBe(true);
    const job = wipe.find((r) => r.eventName === 'InitiateJob')!;
    const output = wipe.find((r) => r.eventName === 'GetJobOutput')!;
    expect(output.requestParameters!.jobId).toBe((job.responseElements as { jobId: string }).jobId);
    expect(Date.parse(output.eventTime) - Date.parse(job.eventTime)).toBeGreaterThanOrEqual(3 * 3600_000);
    // Same stolen key before and during the incident.
    const key = vaultDelete.userIdentity.accessKeyId;
    expect(run.records.some((r) => !labelled.has(r.eventID) && r.userIdentity.accessKeyId === key)).toBe(true);
  });

  it('exfiltration: every GetJobOutput follows its own InitiateJob after completion', () => {
    const run = get('exfiltration-retrieval');
    const started = new Map<string, string>();
    let downloads = 0;
    for (const r of run.records.filter((x) => run.labels.some((l) => l.eventID === x.eventID))) {
      if (r.eventName === 'InitiateJob' && !r.errorCode) started.set((r.responseElements as { jobId: string }).jobId, r.eventTime);
      if (r.eventName === 'GetJobOutput' && !r.errorCode) {
        const at = started.get(r.requestParameters!.jobId as string);
        expect(at).toBeDefined();
        expect(Date.parse(r.eventTime) - Date.parse(at!)).toBeGreaterThanOrEqual(60_000);
        downloads++;
      }
    }
    expect(downloads).toBeGreaterThanOrEqual(15);
  });

  it('policy tampering: the labelled policy grants Principal *', () => {
    const run = get('policy-tampering');
    const grants = run.labels.filter((l) => l.labels.includes('policy-grants-everyone')).map((l) => run.byId.get(l.eventID)!);
    expect(grants).toHaveLength(2);
    for (const r of grants) {
      const policy = JSON.parse(((r.requestParameters!.policy as { policy: string }).policy)) as { Statement: Array<{ Principal: unknown }> };
      expect(policy.Statement[0]!.Principal).toBe('*');
    }
    expect(run.labels.some((l) => run.byId.get(l.eventID)!.eventName === 'AbortVaultLock')).toBe(true);
  });

  it('recon: bursts of AccessDenied from tooling, then discovery from another origin', () => {
    const run = get('recon-access-denied');
    const denied = run.labels.filter((l) => l.labels.includes('access-denied-burst')).map((l) => run.byId.get(l.eventID)!);
    expect(denied.length).toBeGreaterThanOrEqual(12);
    for (const r of denied) {
      expect(r.errorCode).toBe('AccessDenied');
      expect(r.errorMessage).toMatch(/is not authorized to perform: glacier:/);
      expect(r.responseElements).toBeNull();
    }
    expect(new Set(denied.map((r) => r.awsRegion)).size).toBe(2);
  });

  it('cross-account: AssumeRole in both accounts with one sharedEventID, and its credentials sign the later calls', () => {
    const run = get('cross-account-role');
    const labelled = run.labels.map((l) => run.byId.get(l.eventID)!);
    const assumes = labelled.filter((r) => r.eventName === 'AssumeRole');
    expect(assumes.length).toBeGreaterThanOrEqual(2);
    const byShared = new Map<string, Rec[]>();
    for (const r of assumes) byShared.set(r.sharedEventID as string, [...(byShared.get(r.sharedEventID as string) ?? []), r]);
    for (const pair of byShared.values()) {
      expect(new Set(pair.map((r) => r.recipientAccountId))).toEqual(new Set(['111100002222', '333300004444']));
      expect(new Set(pair.map((r) => r.eventID)).size).toBe(2);
    }
    const issued = new Map(assumes.map((r) => [((r.responseElements as { credentials: { accessKeyId: string } }).credentials.accessKeyId), r.eventTime]));
    const roleCalls = labelled.filter((r) => r.eventSource === 'glacier.amazonaws.com' && r.userIdentity.type === 'AssumedRole');
    expect(roleCalls.length).toBeGreaterThanOrEqual(4);
    for (const r of roleCalls) {
      const at = issued.get(r.userIdentity.accessKeyId as string);
      expect(at, r.eventName).toBeDefined();
      expect(r.eventTime >= at!).toBe(true);
      expect((r.userIdentity.sessionContext as { attributes: { creationDate: string } }).attributes.creationDate).toBe(at);
    }
    // The caller's account sees the IAM user; the vault owner's copy only the calling account.
    const direct = labelled.filter((r) => r.eventName === 'DescribeVault' && ['IAMUser', 'AWSAccount'].includes(r.userIdentity.type as string));
    expect(direct).toHaveLength(2);
    expect(direct[0]!.sharedEventID).toBe(direct[1]!.sharedEventID);
    const owner = direct.find((r) => r.recipientAccountId === '333300004444')!;
    expect(owner.userIdentity).toEqual({ type: 'AWSAccount', principalId: direct.find((r) => r !== owner)!.userIdentity.principalId, accountId: '111100002222' });
    expect(direct.every((r) => r.requestParameters!.accountId === '333300004444')).toBe(true);
  });

  it('background role sessions open with an STS record whose key the calls use', () => {
    const run = get('quickstart');
    const issued = new Set(run.records.filter((r) => r.eventSource === 'sts.amazonaws.com').map((r) => (r.responseElements as { credentials: { accessKeyId: string } }).credentials.accessKeyId));
    const roleCalls = run.records.filter((r) => r.eventSource === 'glacier.amazonaws.com' && r.userIdentity.type === 'AssumedRole');
    expect(roleCalls.length).toBeGreaterThan(100);
    for (const r of roleCalls) expect(issued.has(r.userIdentity.accessKeyId as string) || r.userIdentity.accessKeyId === '', r.eventID).toBe(true);
  });
});

/** What examples/README.md says a detector should find, as label → operation → outcome, checked over several seeds. */
interface Claim { label: string; eventName: string; ok: boolean; min: number; check?: (r: Rec) => boolean }
const CLAIMS: Record<string, Claim[]> = {
  'quickstart': [],
  'all-operations': [],
  'ci-fixture': [
    { label: 'unexpected-vault-deletion', eventName: 'DeleteVault', ok: true, min: 1, check: (r) => r.userIdentity.userName === 'contractor' && r.requestParameters!.vaultName === 'to-be-deleted' },
  ],
  'multi-account-org': [{ label: 'root-activity', eventName: 'ListVaults', ok: true, min: 1, check: (r) => r.userIdentity.type === 'Root' }],
  'ransomware-vault-wipe': [
    { label: 'inventory-retrieval', eventName: 'InitiateJob', ok: true, min: 1 },
    { label: 'mass-delete', eventName: 'DeleteArchive', ok: true, min: 100, check: (r) => (r.userAgent as string).startsWith('python-requests/') },
    { label: 'vault-deleted', eventName: 'DeleteVault', ok: true, min: 1 },
  ],
  'exfiltration-retrieval': [
    // Expedited retrievals meet InsufficientCapacityException now and then, as on AWS.
    { label: 'retrieval-started', eventName: 'InitiateJob', ok: true, min: 15 },
    { label: 'output-downloaded', eventName: 'GetJobOutput', ok: true, min: 15 },
  ],
  'policy-tampering': [
    { label: 'vault-lock-aborted', eventName: 'AbortVaultLock', ok: true, min: 1 },
    { label: 'policy-grants-everyone', eventName: 'SetVaultAccessPolicy', ok: true, min: 1, check: (r) => (JSON.parse((r.requestParameters!.policy as { policy: string }).policy) as { Statement: Array<{ Principal: unknown }> }).Statement[0]!.Principal === '*' },
    { label: 'notifications-removed', eventName: 'DeleteVaultNotifications', ok: true, min: 1 },
  ],
  'recon-access-denied': [
    { label: 'access-denied-burst', eventName: 'ListVaults', ok: false, min: 5, check: (r) => r.errorCode === 'AccessDenied' },
    { label: 'successful-discovery', eventName: 'ListVaults', ok: true, min: 1 },
  ],
  'cross-account-role': [
    { label: 'role-assumption', eventName: 'AssumeRole', ok: true, min: 2 },
    { label: 'inventory-downloaded', eventName: 'GetJobOutput', ok: true, min: 1, check: (r) => r.userIdentity.type === 'AssumedRole' },
  ],
};

describe('every example does what its documentation says, whatever the seed', () => {
  it.each([1, 2, 3])('seed %i: the documented findings are there, and no scripted step fails unasked', async (seed) => {
    for (const [name, claims] of Object.entries(CLAIMS)) {
      const out = await tempDir();
      dirs.push(out);
      const result = await generateFiles(join(EXAMPLES, `${name}.scenario.yaml`), { out, seed, workers: 0 });
      // A scripted step that fails though it asked for no failure means the incident did not happen as written.
      expect(result.warnings, `${name} seed ${seed}`).toEqual([]);
      if (claims.length === 0) continue;
      const byId = new Map((await readLogFiles(out)).flatMap((f) => f.records as Rec[]).map((r) => [r.eventID, r]));
      const labels = (await readFile(result.labelsFile, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Label);
      for (const c of claims) {
        const found = labels.filter((l) => l.labels.includes(c.label)).map((l) => byId.get(l.eventID)!)
          .filter((r) => r.eventName === c.eventName && (r.errorCode === undefined) === c.ok && (c.check?.(r) ?? true));
        expect(found.length, `${name} seed ${seed}: ${c.label} ${c.eventName} ${c.ok ? 'succeeding' : 'failing'}`).toBeGreaterThanOrEqual(c.min);
      }
    }
  }, 120_000);
});
