/**
 * Delivery as CloudTrail does it (issue 18, item 6): in a day-long multi-account run with the
 * delivery defaults, stamps fall on any minute, some busy windows come as several files with
 * one stamp, and some files are tens of minutes late; duplicates appear only when asked for;
 * `delivery:` with everything off gives the exact 5-minute clock. Shards agree (determinism
 * tests cover workers and shards for the defaults).
 */
import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateFiles, type Scenario } from '../../src/index.js';
import { readLogFiles, removeDir, tempDir } from '../helpers/tree.js';

const ORG = new URL('../../examples/multi-account-org.scenario.yaml', import.meta.url).pathname;
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map(removeDir)));

interface File { key: string; records: Array<{ eventTime: string; eventID: string }> }

async function run(delivery: Scenario['delivery'] | undefined, duration = '1d'): Promise<File[]> {
  const scenario = parse(await readFile(ORG, 'utf8')) as Scenario;
  if (delivery) scenario.delivery = delivery;
  const out = await tempDir();
  dirs.push(out);
  await generateFiles(scenario, { out, duration });
  return (await readLogFiles(out)) as unknown as File[];
}

const STAMP = /_(\d{8}T\d{4})Z_/;
const stampOf = (f: File): number => {
  const s = STAMP.exec(f.key)![1]!;
  return Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8), +s.slice(9, 11), +s.slice(11, 13)) / 1000;
};
const unitOf = (f: File): string => f.key.split('/').slice(1, 4).join('/');

describe('CloudTrail-like delivery', () => {
  it('stamps on any minute, several files per stamp for busy windows, and some late files, by default', async () => {
    const files = await run(undefined);
    const minutes = new Set(files.map((f) => (stampOf(f) / 60) % 5));
    expect(minutes.size).toBe(5);
    const perStamp = new Map<string, number>();
    for (const f of files) perStamp.set(`${unitOf(f)} ${stampOf(f)}`, (perStamp.get(`${unitOf(f)} ${stampOf(f)}`) ?? 0) + 1);
    expect([...perStamp.values()].filter((n) => n > 1).length).toBeGreaterThan(0);
    // Late: the newest record is more than 10 minutes older than the stamp (normal lag: under 10).
    const lag = (f: File): number => stampOf(f) - Math.max(...f.records.map((r) => Date.parse(r.eventTime) / 1000));
    expect(files.filter((f) => lag(f) > 600).length).toBeGreaterThan(0);
    expect(files.filter((f) => lag(f) > 600).length / files.length).toBeLessThan(0.05);
    for (const f of files) expect(lag(f)).toBeGreaterThan(0);
    // No duplicates unless asked for.
    const ids = files.flatMap((f) => f.records.map((r) => r.eventID));
    expect(new Set(ids).size).toBe(ids.length);
  }, 120_000);

  it('delivers some records twice when duplicates are asked for, and keeps the 5-minute clock when all is off', async () => {
    const dup = await run({ duplicates: 0.01 }, '6h');
    const ids = dup.flatMap((f) => f.records.map((r) => r.eventID));
    expect(ids.length - new Set(ids).size).toBeGreaterThan(0);
    const regular = await run({ irregularStamps: false, multiFileStamps: false, lateFiles: 0 }, '6h');
    for (const f of regular) expect((stampOf(f) / 60) % 5).toBe(0);
  }, 120_000);
});
