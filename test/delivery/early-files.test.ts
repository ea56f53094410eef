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

describe('the window buffer of a shard', () => {
  it('keeps only its own windows, each with the events and file numbers the whole buffer gives it', async () => {
    const { compilePlan } = await import('../../src/plan/compile.js');
    const { simulate } = await import('../../src/sim/simulate.js');
    const { RecordRenderer } = await import('../../src/render/record.js');
    const { WindowBuffer } = await import('../../src/delivery/windows.js');
    const plan = compilePlan(parse(await readFile(TINY, 'utf8')) as Scenario, { seed: 11 });
    const keys = new RecordRenderer(plan).unitKeys;
    const mine = (unit: number, window: number): boolean => (unit + window) % 3 === 0;
    const parts = (buffer: InstanceType<typeof WindowBuffer>): string[] => {
      const out: string[] = [];
      const take = (p: { unit: number; window: number; firstFile: number; events: { length: number; seq(i: number): number; release(): void } }): void => {
        out.push(`${p.unit}/${p.window}/${p.firstFile}: ${Array.from({ length: p.events.length }, (_, i) => p.events.seq(i)).join(',')}`);
        p.events.release();
      };
      for (const ev of simulate(plan, { limit: 3000 })) {
        const full = buffer.add(ev);
        if (full) take(full);
      }
      for (const p of buffer.complete(Infinity)) take(p);
      return out;
    };
    const whole = parts(new WindowBuffer(keys, plan.delivery, 4));
    const own = parts(new WindowBuffer(keys, plan.delivery, 4, mine));
    expect(own.length).toBeGreaterThan(20);
    expect(own).toEqual(whole.filter((p) => mine(Number(p.split('/')[0]), Number(p.split('/')[1]))));
  });
});
