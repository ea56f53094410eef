/** The library as a user first writes it: every scenario form, typed records, labels beside the records. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  generateFiles, generateRecordLines, generateRecords, loadScenario,
  type GeneratedRecord, type LabelledRecord, type UserIdentity,
} from '../../src/index.js';
import { runCli } from '../helpers/cli.js';
import { removeDir, tempDir } from '../helpers/tree.js';

const CI = new URL('../../examples/ci-fixture.scenario.yaml', import.meta.url).pathname;
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map(removeDir)));

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('scenario forms', () => {
  it('generateRecords(await loadScenario(path)) works and equals the path and object forms', async () => {
    const loaded = await loadScenario(CI);
    const fromLoaded = await collect(generateRecords(loaded, { seed: 4 }));
    const fromPath = await collect(generateRecords(CI, { seed: 4 }));
    const fromObject = await collect(generateRecords(loaded.scenario, { seed: 4 }));
    expect(fromLoaded.length).toBeGreaterThan(20);
    expect(fromLoaded).toEqual(fromPath);
    expect(fromObject).toEqual(fromPath);
    expect(await collect(generateRecordLines(loaded, { seed: 4 }))).toEqual(fromPath.map((r) => JSON.stringify(r)));
  });

  it('generateFiles takes the loaded form too', async () => {
    const out = await tempDir();
    dirs.push(out);
    const result = await generateFiles(await loadScenario(CI), { seed: 4, out, force: true });
    expect(result.records).toBeGreaterThan(20);
  });

  it('a non-empty out names the library option, not only the CLI flag', async () => {
    const out = await tempDir();
    dirs.push(out);
    await generateFiles(CI, { out, force: true });
    await expect(generateFiles(CI, { out })).rejects.toThrow(/is not empty \(\d+ entries\); pass --force \(library: force: true\)/);
    await expect(generateFiles(CI, { out, labelsFile: join(out, 'l.ndjson'), shard: { index: 0, count: 2 }, force: true })).rejects.toThrow(/--labels FILE cannot be combined with --shard/);
  });

  it('a loaded scenario edited into something invalid is still rejected', async () => {
    const loaded = await loadScenario(CI);
    (loaded.scenario as unknown as Record<string, unknown>).start = 'yesterday';
    await expect(collect(generateRecords(loaded))).rejects.toThrow(/start/);
  });
});

describe('typed records', () => {
  it('yields CloudTrailRecord with userIdentity required', async () => {
    // Compile-time pins (npm run typecheck): these lines fail to compile on Record<string, unknown> or an optional identity.
    expectTypeOf<GeneratedRecord['userIdentity']>().toEqualTypeOf<UserIdentity>();
    expectTypeOf(generateRecords(CI)).toEqualTypeOf<AsyncGenerator<GeneratedRecord>>();
    expectTypeOf(generateRecords(CI, { withLabels: true })).toEqualTypeOf<AsyncGenerator<LabelledRecord>>();
    for await (const r of generateRecords(CI, { seed: 1 })) {
      const type: string | undefined = r.userIdentity.type;
      expect(type).toBeDefined();
      expect(r.eventSource).toMatch(/\.amazonaws\.com$/);
    }
  });
});

describe('labels wherever records go', () => {
  it('withLabels yields { record, labels, step }, the same ground truth as the labels file', async () => {
    const entries = await collect(generateRecords(CI, { seed: 2, withLabels: true }));
    const labelled = entries.filter((e) => e.labels.length > 0);
    expect(labelled.length).toBeGreaterThan(0);
    expect(entries.filter((e) => e.labels.length === 0).every((e) => e.step === undefined)).toBe(true);
    expect(labelled.every((e) => typeof e.step === 'string')).toBe(true);
    const out = await tempDir();
    dirs.push(out);
    const result = await generateFiles(CI, { seed: 2, out, force: true });
    const fromFile = (await readFile(result.labelsFile, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { eventID: string; labels: string[]; step: string });
    const byId = (xs: Array<{ eventID: string; labels: string[]; step?: string }>): string[] => xs.map((x) => JSON.stringify([x.eventID, x.labels, x.step])).sort();
    expect(byId(labelled.map((e) => ({ eventID: e.record.eventID, labels: e.labels, step: e.step })))).toEqual(byId(fromFile));
  });

  it('NDJSON output gets its labels file beside it (or at --labels), and stdout says where they went', async () => {
    const dir = await tempDir();
    dirs.push(dir);
    const file = join(dir, 'events.ndjson');
    const run = await runCli(['generate', CI, '-f', 'ndjson', '-o', file, '--seed', '2']);
    expect(run.code, run.stderr).toBe(0);
    const beside = join(`${file}.trailsmith`, 'labels.ndjson');
    expect(run.stdout).toContain(`labelled records in ${beside}`);
    const s3 = await tempDir();
    dirs.push(s3);
    const files = await generateFiles(CI, { seed: 2, out: s3, force: true });
    const sorted = (t: string): string[] => t.trim().split('\n').sort();
    expect(sorted(await readFile(beside, 'utf8'))).toEqual(sorted(await readFile(files.labelsFile, 'utf8')));

    const explicit = join(dir, 'truth.ndjson');
    const toStdout = await runCli(['generate', CI, '-f', 'ndjson', '-o', '-', '--seed', '2', '--labels', explicit]);
    expect(toStdout.code).toBe(0);
    expect(sorted(await readFile(explicit, 'utf8'))).toEqual(sorted(await readFile(beside, 'utf8')));
    const dropped = await runCli(['generate', CI, '-f', 'ndjson', '-o', '-', '--seed', '2']);
    expect(dropped.stderr).toMatch(/note: \d+ labelled records; their labels are not written with --out - unless --labels FILE/);
  });
});
