import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateFiles } from '../../src/index.js';
import type { Scenario } from '../../src/index.js';
import { listFiles, removeDir, tempDir, treeHash } from '../helpers/tree.js';

const TINY = new URL('../fixtures/scenarios/tiny.scenario.yaml', import.meta.url).pathname;
const dirs: string[] = [];
async function gen(scenario: string | Scenario, options: { seed?: number | string; shard?: { index: number; count: number }; workers?: number; spawnWorkersAfter?: number } = {}): Promise<string> {
  const out = await tempDir();
  dirs.push(out);
  await generateFiles(scenario, { out, ...options });
  return out;
}
afterAll(async () => Promise.all(dirs.map(removeDir)));

describe('determinism', () => {
  it('gives byte-identical trees (gzip bytes included) for the same seed', async () => {
    const a = await gen(TINY, { seed: 5 });
    const b = await gen(TINY, { seed: 5 });
    expect((await listFiles(a)).length).toBeGreaterThan(20);
    expect(await treeHash(a)).toBe(await treeHash(b));
  });

  it('gives the same bytes for 0, 1 and 3 render workers', async () => {
    const hashes = await Promise.all([0, 1, 3].map(async (workers) => treeHash(await gen(TINY, { seed: 8, workers, spawnWorkersAfter: 0 }))));
    // Workers that start part-way through (after the first windows rendered here) change nothing either.
    hashes.push(await treeHash(await gen(TINY, { seed: 8, workers: 2, spawnWorkersAfter: 300 })));
    expect(new Set(hashes).size).toBe(1);
  });

  it('gives different data for a different seed', async () => {
    const a = await gen(TINY, { seed: 5 });
    const b = await gen(TINY, { seed: 6 });
    expect(await treeHash(a, true)).not.toBe(await treeHash(b, true));
  });

  it('leaves the other accounts byte-identical when an account and actor are added', async () => {
    const base = parse(await readFile(TINY, 'utf8')) as Scenario;
    const grown: Scenario = structuredClone(base);
    grown.accounts.push({ name: 'c', id: '555555555555', regions: ['us-east-1'], vaults: [{ count: 2 }] });
    grown.actors.push({ name: 'newcomer', account: 'c', type: 'IAMUser', client: 'aws-cli-v1' });
    grown.activities.push({ actor: 'newcomer', rate: '30/hour', mix: 'everything' });
    const a = await gen(base, { seed: 11 });
    const b = await gen(grown, { seed: 11 });
    const others = (p: string): boolean => !p.includes('555555555555');
    expect(await treeHash(a, false, others)).toBe(await treeHash(b, false, others));
    expect((await listFiles(b)).some((p) => p.includes('/555555555555/'))).toBe(true);
  });

  it('shards partition the tree: the union of 3 shards equals the unsharded tree', async () => {
    const whole = await gen(TINY, { seed: 3 });
    const parts = await Promise.all([0, 1, 2].map((index) => gen(TINY, { seed: 3, shard: { index, count: 3 } })));
    const files = await listFiles(whole);
    const shardFiles = (await Promise.all(parts.map(listFiles))).map((l) => new Set(l));
    for (const s of shardFiles) expect(s.size).toBeGreaterThan(0);
    expect(shardFiles.reduce((n, s) => n + s.size, 0)).toBe(files.length);
    for (const f of files) {
      const owner = shardFiles.findIndex((s) => s.has(f));
      expect(owner, f).toBeGreaterThanOrEqual(0);
      expect(await readFile(`${parts[owner]}/${f}`)).toEqual(await readFile(`${whole}/${f}`));
    }
  });
});
