/**
 * `--records N` over every example: exactly N records, spread over the whole span (the first and
 * last records near its ends), every scripted step present and labels written (in the sidecar). The naive
 * version (scale, then stop when N records are out) fails each of these: it cut the quickstart
 * at 04:14 of 06:00 and dropped multi-account-org's root session with its labels (issue 15).
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateFiles, generateRecordLines } from '../../src/index.js';
import { compilePlan } from '../../src/plan/compile.js';
import { loadScenario } from '../../src/scenario/load.js';
import { simulateRecords } from '../../src/sim/calibrate.js';
import { readLogFiles, removeDir, tempDir } from '../helpers/tree.js';

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;
const names = (await readdir(EXAMPLES)).filter((f) => f.endsWith('.scenario.yaml')).sort();
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map(removeDir)));

interface Label { eventID: string; step: string }
interface Run { times: number[]; ids: Set<string>; steps: Set<string> }

/** Top-level script steps (`wipe/3`, not `wipe/3.do/0`): present whatever the world holds at the time. */
const topStep = (step: string): string => /^[^/]+\/\d+/.exec(step)![0];

async function run(file: string, records?: number): Promise<Run> {
  const out = await tempDir();
  dirs.push(out);
  await generateFiles(join(EXAMPLES, file), { out, records, workers: 0 });
  const recs = (await readLogFiles(out)).flatMap((f) => f.records);
  // Labels live in the sidecar beside the bucket root (docs/layout.md).
  const labelsFile = `${out}.trailsmith/labels.ndjson`;
  const labels = existsSync(labelsFile)
    ? (await readFile(labelsFile, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Label)
    : [];
  dirs.push(`${out}.trailsmith`);
  return {
    times: recs.map((r) => Date.parse(r.eventTime as string)).sort((a, b) => a - b),
    ids: new Set(recs.map((r) => r.eventID as string)),
    steps: new Set(labels.map((l) => topStep(l.step))),
  };
}

/** The unscaled run straight from the simulation, and the scenario's span as the CLI resolves it. */
async function baseline(file: string): Promise<Run & { span: [number, number] }> {
  const plan = compilePlan((await loadScenario(join(EXAMPLES, file))).scenario, {});
  const times: number[] = [];
  const steps = new Set<string>();
  for (const ev of simulateRecords(plan, null)) {
    times.push(ev.t * 1000);
    if (ev.step) steps.add(topStep(ev.step));
  }
  return { times, ids: new Set(), steps, span: [plan.start * 1000, plan.end * 1000] };
}

describe.each(names)('--records over %s', (file) => {
  it('writes exactly N records over the whole span, with every scripted step and its labels', async () => {
    const base = await baseline(file);
    const [t0, t1] = base.span;
    const length = t1 - t0;
    for (const n of [400, 3000]) {
      const r = await run(file, n);
      expect(r.times.length, `${file} -n ${n}`).toBe(n);
      expect(r.ids.size).toBe(n);
      // Near both ends: within 5% of the span, or no further in than the unscaled run's own first/last record.
      const head = (r.times[0]! - t0) / length;
      const tail = (t1 - r.times[n - 1]!) / length;
      const baseHead = (base.times[0]! - t0) / length;
      const baseTail = (t1 - base.times[base.times.length - 1]!) / length;
      const slack = n < base.times.length ? 0.15 : 0.05;
      expect(head, `${file} -n ${n}: first record`).toBeLessThanOrEqual(Math.max(baseHead, 0) + slack);
      expect(tail, `${file} -n ${n}: last record`).toBeLessThanOrEqual(Math.max(baseTail, 0) + slack);
      // Scripted incidents are never dropped: the same top-level steps as the unscaled run.
      expect([...r.steps].sort(), `${file} -n ${n}: scripted steps`).toEqual([...base.steps].sort());
    }
  }, 60_000);
});

describe('--records edge cases', () => {
  it('refuses fewer records than the scripts alone write, naming the minimum', async () => {
    const lines = generateRecordLines(join(EXAMPLES, 'recon-access-denied.scenario.yaml'), { records: 5 });
    await expect(lines.next()).rejects.toThrow(/--records 5: this scenario's scripted steps alone write \d+ records, which are never dropped; ask for at least \d+/);
  });

  it('gives the same records as NDJSON and as files, and the same bytes run after run', async () => {
    const file = join(EXAMPLES, 'quickstart.scenario.yaml');
    const collect = async (): Promise<string[]> => {
      const lines: string[] = [];
      for await (const l of generateRecordLines(file, { records: 777, seed: 9 })) lines.push(l);
      return lines;
    };
    const a = await collect();
    expect(a).toHaveLength(777);
    expect(await collect()).toEqual(a);
    const out = await tempDir();
    dirs.push(out);
    await generateFiles(file, { out, records: 777, seed: 9, workers: 0 });
    const ids = new Set((await readLogFiles(out)).flatMap((f) => f.records.map((r) => r.eventID as string)));
    expect(ids).toEqual(new Set(a.map((l) => (JSON.parse(l) as { eventID: string }).eventID)));
  });
});
