/** --tamper: each fault is labelled, reproducible, and reported precisely by verify. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sidecarDir, TAMPER_KINDS, verifyTree, type ProblemKind, type TamperKind, type TamperLabel } from '../../src/index.js';
import { runCli } from '../helpers/cli.js';
import { removeDir, tempDir } from '../helpers/tree.js';
import { signedTree, TINY } from './helpers.js';

const dirs: string[] = [];
const trees = new Map<TamperKind, string>();
afterAll(async () => Promise.all(dirs.map(removeDir)));
beforeAll(async () => {
  for (const kind of TAMPER_KINDS) {
    const out = await signedTree(TINY, { seed: 5, tamper: [kind] });
    dirs.push(out);
    trees.set(kind, out);
  }
});

async function tamperLabels(root: string): Promise<TamperLabel[]> {
  const lines = (await readFile(join(sidecarDir(root), 'labels.ndjson'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  return lines.filter((l) => 'tamper' in l) as TamperLabel[];
}

/** The problem each fault must produce, on which file. */
const EXPECTED: Record<TamperKind, { kind: ProblemKind; onLabelKey: boolean }> = {
  'modify-record': { kind: 'log-hash-mismatch', onLabelKey: true },
  'delete-log': { kind: 'log-missing', onLabelKey: true },
  'insert-log': { kind: 'log-not-covered', onLabelKey: true },
  'break-chain': { kind: 'chain-previous-missing', onLabelKey: false },
  'bad-signature': { kind: 'signature-invalid', onLabelKey: true },
};

describe('--tamper', () => {
  it.each(TAMPER_KINDS)('%s is appended to the labels file and rejected by verify with the precise problem', async (kind) => {
    const root = trees.get(kind)!;
    const labels = await tamperLabels(root);
    expect(labels).toHaveLength(1);
    const label = labels[0]!;
    expect(label.tamper).toBe(kind);
    // Tamper lines come last (tiny has no labelled records, so here they are alone).
    expect((await readFile(join(sidecarDir(root), 'labels.ndjson'), 'utf8')).trim().split('\n').at(-1)).toBe(JSON.stringify(label));
    const report = await verifyTree(root);
    expect(report.ok).toBe(false);
    const { kind: problemKind, onLabelKey } = EXPECTED[kind];
    const hit = report.problems.find((p) => p.kind === problemKind);
    expect(hit, JSON.stringify(report.problems, null, 1)).toBeDefined();
    if (onLabelKey) expect(hit!.file).toBe(label.key);
    else expect(hit!.expected).toBe(label.key); // the successor names the deleted digest
  });

  it('appends to the scenario\'s record labels without changing them', async () => {
    const scenario = new URL('../../examples/ransomware-vault-wipe.scenario.yaml', import.meta.url).pathname;
    const plain = await tempDir();
    dirs.push(plain);
    await runCli(['generate', scenario, '--out', plain, '-q']);
    const tampered = await signedTree(scenario, { tamper: ['delete-log'] });
    dirs.push(tampered);
    const before = await readFile(join(sidecarDir(plain), 'labels.ndjson'), 'utf8');
    const after = await readFile(join(sidecarDir(tampered), 'labels.ndjson'), 'utf8');
    expect(before.split('\n').length).toBeGreaterThan(10);
    expect(after.startsWith(before)).toBe(true);
    expect(after.slice(before.length)).toMatch(/^\{"tamper":"delete-log","key":"AWSLogs\/[^"]+\.json\.gz"\}\n$/);
  });

  it('reports the hashes of a modified log file as expected vs actual', async () => {
    const report = await verifyTree(trees.get('modify-record')!);
    expect(report.problems).toHaveLength(1);
    const p = report.problems[0]!;
    expect(p.expected).toMatch(/^[0-9a-f]{64}$/);
    expect(p.actual).toMatch(/^[0-9a-f]{64}$/);
    expect(p.actual).not.toBe(p.expected);
    expect(p.digest).toMatch(/CloudTrail-Digest/);
  });

  it('bad-signature also breaks the next digest\'s previousDigestSignature link', async () => {
    const report = await verifyTree(trees.get('bad-signature')!);
    const kinds = report.problems.map((p) => p.kind).sort();
    expect(kinds[0]).toBe('signature-invalid');
    expect(kinds.every((k) => k === 'signature-invalid' || k === 'chain-previous-signature')).toBe(true);
  });

  it('picks the same targets for the same seed, in any order of the list, and never the same target twice', async () => {
    const a = await signedTree(TINY, { seed: 5, tamper: [...TAMPER_KINDS] });
    const b = await signedTree(TINY, { seed: 5, tamper: [...TAMPER_KINDS].reverse() });
    dirs.push(a, b);
    const la = await tamperLabels(a);
    expect(la).toEqual(await tamperLabels(b));
    expect(la.map((l) => l.tamper)).toEqual([...TAMPER_KINDS]);
    expect(new Set(la.map((l) => l.key)).size).toBe(la.length);
    const found = new Set((await verifyTree(a)).problems.map((p) => p.kind));
    for (const kind of TAMPER_KINDS) expect(found.has(EXPECTED[kind].kind), kind).toBe(true);
  });
});

describe('trailsmith verify', () => {
  it('exits 0 on a valid tree, 1 with problems (text and json), 2 on a missing directory', async () => {
    const good = await signedTree(TINY, { seed: 5 });
    dirs.push(good);
    let r = await runCli(['verify', good]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^OK: (\d+)\/\1 digests valid in 3 chains, (\d+)\/\2 log files valid, 0 problems/m);
    r = await runCli(['verify', trees.get('delete-log')!]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/: log-missing: log file listed in the digest does not exist \[digest .*CloudTrail-Digest.*\]/);
    r = await runCli(['verify', trees.get('modify-record')!, '--format', 'json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { ok: boolean; problems: Array<{ kind: string }> };
    expect(json.ok).toBe(false);
    expect(json.problems.map((p) => p.kind)).toEqual(['log-hash-mismatch']);
    const missing = join(await tempDir(), 'nope');
    r = await runCli(['verify', missing]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${missing} is not a readable directory`);
  });

  it('refuses a tree without digests: nothing to verify is exit 2 (issue 15; test/validate/verify-input.test.ts)', async () => {
    const out = await tempDir();
    dirs.push(out);
    await runCli(['generate', TINY, '--out', out, '--force', '-q']);
    const r = await runCli(['verify', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no digest files under');
  });
});
