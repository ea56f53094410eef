/**
 * Busy windows deliver full files as soon as they fill (delivery/windows.ts). With
 * maxRecordsPerFile 4, most windows of the tiny scenario exceed it, so this covers the early
 * path: every record still lands in exactly one file, files stay within the limit, and shards
 * and worker counts still agree byte for byte.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateFiles, type Scenario } from '../../src/index.js';
import { listFiles, readLogFiles, removeDir, tempDir, treeHash } from '../helpers/tree.js';

const TINY = new URL('../fixtures/scenarios/tiny.scenario.yaml', import.meta.url).pathname;
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map(removeDir)));

async function gen(scenario: Scenario, options: { shard?: { index: number; count: number }; workers?: number; spawnWorkersAfter?: number } = {}): Promise<string> {
  const out = await tempDir();
  dirs.push(out);
  await generateFiles(scenario, { out, seed: 11, ...options });
  return out;
}

describe('early delivery of full files', () => {
  it('splits busy windows into full files, identically across shards and workers', async () => {
    const scenario: Scenario = { ...(parse(await readFile(TINY, 'utf8')) as Scenario), maxRecordsPerFile: 4 };
    const whole = await gen(scenario);
    const files = await readLogFiles(whole);
    const records = files.flatMap((f) => f.records);
    expect(files.length).toBeGreaterThan(150);
    expect(Math.max(...files.map((f) => f.records.length))).toBe(4);
    expect(new Set(records.map((r) => (r as { eventID: string }).eventID)).size).toBe(records.length);

    expect(await treeHash(await gen(scenario, { workers: 2, spawnWorkersAfter: 0 }))).toBe(await treeHash(whole));
    const parts = await Promise.all([0, 1].map((index) => gen(scenario, { shard: { index, count: 2 } })));
    const names = await listFiles(whole);
    const shardNames = await Promise.all(parts.map(listFiles));
    expect(shardNames[0]!.length + shardNames[1]!.length).toBe(names.length);
    for (const f of names) {
      const owner = shardNames.findIndex((s) => s.includes(f));
      expect(owner, f).toBeGreaterThanOrEqual(0);
      expect(await readFile(`${parts[owner]}/${f}`)).toEqual(await readFile(`${whole}/${f}`));
    }
  });
});
