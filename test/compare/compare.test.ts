import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFiles, generateRecords, type GeneratedRecord } from '../../src/api.js';
import { compareRecords, jsDistance, ksStatistic } from '../../src/compare/index.js';
import { runCli } from '../helpers/cli.js';

const QUICKSTART = join(import.meta.dirname, '../../examples/quickstart.scenario.yaml');
let work: string;
let a: string;
let b: string;
let other: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'trailsmith-compare-'));
  [a, b, other] = ['a', 'b', 'other'].map((d) => join(work, d)) as [string, string, string];
  // Whole days, not --records: a run cut at N records ends at a different time for each seed.
  await generateFiles(QUICKSTART, { out: a, duration: '1d', seed: 1, workers: 1, gzipLevel: 1 });
  await generateFiles(QUICKSTART, { out: b, duration: '1d', seed: 2, workers: 1, gzipLevel: 1 });
  await generateFiles(join(import.meta.dirname, '../../examples/recon-access-denied.scenario.yaml'), { out: other, records: 4000, workers: 1, gzipLevel: 1 });
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('distances', () => {
  it('Jensen-Shannon distance: 0 for equal shares, 1 for disjoint, sqrt of the divergence in bits between', () => {
    expect(jsDistance(new Map([['x', 2], ['y', 2]]), new Map([['x', 5], ['y', 5]]))).toBe(0);
    expect(jsDistance(new Map([['x', 1]]), new Map([['y', 1]]))).toBeCloseTo(1, 12);
    // p = (1, 0), q = (1/2, 1/2): JSD = 0.311278 bits , so the distance is its square root 0.557923.
    expect(jsDistance(new Map([['x', 1]]), new Map([['x', 1], ['y', 1]]))).toBeCloseTo(0.557923, 5);
  });

  it('Kolmogorov-Smirnov: the largest gap between the empirical CDFs', () => {
    expect(ksStatistic(Float64Array.from([1, 2, 3]), Float64Array.from([1, 2, 3]))).toBe(0);
    expect(ksStatistic(Float64Array.from([1, 2, 3, 4]), Float64Array.from([3, 4, 5, 6]))).toBe(0.5);
    expect(ksStatistic(Float64Array.from([1, 2]), Float64Array.from([10, 20]))).toBe(1);
  });
});

describe('compareRecords', () => {
  // Two seeds of one scenario differ by chance only: bursty per-principal rates (a job's polls,
  // an upload's parts, throttling bursts with their retries) count as clusters, not records.
  it('passes two seeds of one scenario', async () => {
    const report = await compareRecords(a, b);
    expect(report.metrics.filter((m) => m.verdict === 'fail').map((m) => [m.id, m.distance])).toEqual([]);
    expect(report.verdict).toBe('pass');
  });

  it('fails two different scenarios, naming the metrics', async () => {
    const same = await compareRecords(a, b);
    expect(same.metrics).toHaveLength(15);
    const diff = await compareRecords(a, other);
    expect(diff.verdict).toBe('fail');
    const failed = diff.metrics.filter((m) => m.verdict === 'fail').map((m) => m.id);
    // Another scenario fails on what it is made of, far beyond noise; its 4,000 records carry
    // too few independent errors (throttling bursts count once) for error rates to tell.
    expect(failed).toEqual(expect.arrayContaining(['operations', 'identity-types', 'clients', 'hour-of-day', 'principal-rates']));
    expect(diff.metrics.find((m) => m.id === 'operations')!.distance).toBeGreaterThan(0.5);
  });

  it('compares accounts by rank, so a twin with fresh IDs is not different for that', async () => {
    const records = async (seed: number): Promise<GeneratedRecord[]> => {
      const out: GeneratedRecord[] = [];
      for await (const r of generateRecords(QUICKSTART, { records: 500, seed })) out.push(r);
      return out;
    };
    const x = await records(1);
    const y = (await records(1)).map((r) => ({ ...r, recipientAccountId: '999988887777' }));
    const report = await compareRecords(x, y);
    expect(report.metrics.find((m) => m.id === 'accounts')!.distance).toBe(0);
    expect(report.metrics.find((m) => m.id === 'operations')!.distance).toBe(0);
    // Records given as objects have no files: per-file metrics are not applicable.
    expect(report.metrics.find((m) => m.id === 'records-per-file')!.verdict).toBe('n/a');
  });

  it('a trail shifted by 6 hours fails hour of day and nothing else about its mix', async () => {
    const x: GeneratedRecord[] = [];
    for await (const r of generateRecords(QUICKSTART, { records: 2000, seed: 3, duration: '1d' })) x.push(r);
    const shift = (t: string): string => new Date(Date.parse(t) + 6 * 3600_000).toISOString().replace('.000Z', 'Z');
    const y = x.map((r) => ({ ...r, eventTime: shift(r.eventTime as string) }));
    const report = await compareRecords(x, y);
    const verdicts = Object.fromEntries(report.metrics.map((m) => [m.id, m.verdict]));
    expect(verdicts['hour-of-day']).toBe('fail');
    expect(verdicts['operations']).toBe('pass');
    expect(verdicts['inter-arrival']).toBe('pass');
  });
});

describe('trailsmith compare (CLI)', () => {
  it('prints a table and exits 1 when a metric fails', async () => {
    const table = await runCli(['compare', a, b]);
    expect(table.stdout).toMatch(/Operation mix\s+JS\s+0\.\d{3}\s+≤ 0\.05\s+PASS/);
    expect(table.stdout).toMatch(/overall: (PASS|FAIL)/);
    const bad = await runCli(['compare', a, other, '--format', 'json']);
    expect(bad.code).toBe(1);
    const report = JSON.parse(bad.stdout) as { verdict: string; metrics: Array<{ id: string; distance: number }> };
    expect(report.verdict).toBe('fail');
  });

  it('writes a self-contained HTML page: one figure per metric, two charts each, no external assets', async () => {
    const html = join(work, 'report.html');
    await runCli(['compare', a, b, '--html', html]);
    const page = await readFile(html, 'utf8');
    expect(page.match(/<figure /g)).toHaveLength(15);
    expect(page.match(/<svg class="chart"/g)!.length).toBe(30);
    expect(page).not.toMatch(/<script|<link|src=|url\(/);
  });

  it('exits 2 for an input with no records', async () => {
    const r = await runCli(['compare', a, join(work, 'missing')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing: cannot read/);
  });
});

describe('sampling noise', () => {
  it('small samples of one distribution pass; large samples must meet the threshold itself', async () => {
    const { jsCritical } = await import('../../src/compare/distances.js');
    expect(jsCritical(150, 150, 10)).toBeGreaterThan(0.1);
    expect(jsCritical(20_000, 20_000, 24)).toBeLessThan(0.03);
  });
});
