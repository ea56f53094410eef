/**
 * Windows rendered on worker threads come back as the same files, byte for byte, as windows
 * rendered on this thread; a worker that cannot start fails the job instead of leaving it
 * waiting; an abort while workers run leaves only complete files.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateFilesFromScenario } from '../../src/delivery/generate-files.js';
import { RenderPool, type RenderedFile, type RenderSetup } from '../../src/delivery/render-pool.js';
import { WindowBuffer, type WindowPart } from '../../src/delivery/windows.js';
import { compilePlan } from '../../src/plan/compile.js';
import { RecordRenderer } from '../../src/render/record.js';
import type { Scenario } from '../../src/scenario/types.js';
import { simulate } from '../../src/sim/simulate.js';
import { InterruptedError } from '../../src/errors.js';
import { listFiles, readLogFiles, removeDir, tempDir } from '../helpers/tree.js';

const TINY = new URL('../fixtures/scenarios/tiny.scenario.yaml', import.meta.url).pathname;
const RANSOMWARE = new URL('../../examples/ransomware-vault-wipe.scenario.yaml', import.meta.url).pathname;

/** Every window of the scenario through a pool of `workers` threads, files in key order. */
async function renderAll(scenario: Scenario, workers: number, records?: number): Promise<{ files: RenderedFile[]; running: number }> {
  const plan = compilePlan(scenario, { seed: 3 });
  const setup: RenderSetup = { scenario, compile: { seed: 3 }, drawnNames: plan.drawnNames, level: 6, hash: true };
  const renderer = new RecordRenderer(plan);
  const pool = new RenderPool(workers, setup, plan, renderer, 0);
  const buffer = new WindowBuffer(renderer.unitKeys, plan.delivery, plan.maxRecordsPerFile);
  const jobs: Array<Promise<RenderedFile[]>> = [];
  const send = (p: WindowPart): void => void jobs.push(pool.render(p.window, p.firstFile, p.events));
  for (const ev of simulate(plan, { limit: records })) {
    const full = buffer.add(ev);
    if (full) send(full);
  }
  for (const part of buffer.complete(Infinity)) send(part);
  const files = (await Promise.all(jobs)).flat().sort((a, b) => (a.key < b.key ? -1 : 1));
  const running = pool.running;
  await pool.close();
  return { files, running };
}

describe('RenderPool', () => {
  it.each([
    ['tiny', TINY, undefined],
    // Identity Center roles (faker-drawn session e-mails, replayed in the workers), scripts and their actor variants.
    ['ransomware-vault-wipe', RANSOMWARE, 20_000],
  ])('renders, gzips and hashes on worker threads exactly as on this thread (%s)', async (_name, path, records) => {
    const scenario = parse(await readFile(path, 'utf8')) as Scenario;
    const here = await renderAll(scenario, 0, records);
    const threads = await renderAll(scenario, 2, records);
    expect(here.running).toBe(0);
    expect(threads.running).toBe(2);
    expect(here.files.length).toBeGreaterThan(50);
    expect(threads.files.map((f) => f.key)).toEqual(here.files.map((f) => f.key));
    for (let i = 0; i < here.files.length; i++) {
      const [a, b] = [here.files[i]!, threads.files[i]!];
      expect(b.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect({ ...b, gz: Buffer.from(b.gz).toString('base64') }).toEqual({ ...a, gz: Buffer.from(a.gz).toString('base64') });
    }
  });

  it('renders here when the scenario cannot be cloned into a worker', async () => {
    const scenario = parse(await readFile(TINY, 'utf8')) as Scenario;
    const plan = compilePlan(scenario, {});
    const renderer = new RecordRenderer(plan);
    const uncloneable = { ...scenario, note: () => 'a JS scenario module may hold a function' } as unknown as Scenario;
    const pool = new RenderPool(2, { scenario: uncloneable, compile: {}, drawnNames: plan.drawnNames, level: 6, hash: false }, plan, renderer, 0);
    const buffer = new WindowBuffer(renderer.unitKeys, plan.delivery);
    for (const ev of simulate(plan, { limit: 50 })) buffer.add(ev);
    const part = buffer.complete(Infinity).next().value as WindowPart;
    const files = await pool.render(part.window, part.firstFile, part.events);
    expect(files.length).toBe(1);
    expect(pool.running).toBe(0);
    await pool.close();
  });

  it('fails the job with the worker\'s error when a worker cannot start', async () => {
    const scenario = parse(await readFile(TINY, 'utf8')) as Scenario;
    const plan = compilePlan(scenario, {});
    const renderer = new RecordRenderer(plan);
    // The worker compiles its own plan; a scenario without accounts makes that throw.
    const broken = { ...scenario, accounts: undefined } as unknown as Scenario;
    const pool = new RenderPool(1, { scenario: broken, compile: {}, drawnNames: plan.drawnNames, level: 6, hash: false }, plan, renderer, 0);
    const buffer = new WindowBuffer(renderer.unitKeys, plan.delivery);
    for (const ev of simulate(plan, { limit: 50 })) buffer.add(ev);
    const part = buffer.complete(Infinity).next().value as WindowPart;
    await expect(pool.render(part.window, part.firstFile, part.events)).rejects.toThrow(/accounts|undefined/);
    await pool.close();
  });
});

describe('generate with render workers', () => {
  it('stops on abort with workers running: InterruptedError, no partial files, every written file complete', async () => {
    const scenario = parse(await readFile(TINY, 'utf8')) as Scenario;
    const out = await tempDir();
    const controller = new AbortController();
    let written = 0;
    const run = generateFilesFromScenario(scenario, {
      out, records: 200_000, workers: 2, spawnWorkersAfter: 0, signal: controller.signal,
      onFile: () => {
        if (++written === 20) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(InterruptedError);
    const files = await listFiles(out);
    expect(files.filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect((await readLogFiles(out)).length).toBeGreaterThanOrEqual(20);
    await removeDir(out);
  });
});
