import { existsSync } from 'node:fs';
/** The generate command through the real yargs parser, in-process. */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { listFiles, readLogFiles, removeDir, tempDir } from '../helpers/tree.js';

const TINY = new URL('../fixtures/scenarios/tiny.scenario.yaml', import.meta.url).pathname;
let dir = '';
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => removeDir(dir));

describe('trailsmith generate', () => {
  it('runs the built-in default scenario and prints a summary', async () => {
    const out = join(dir, 'default');
    const run = await runCli(['generate', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^wrote \d+ files, [\d,]+ records \(.+\) for 1 account in 2 regions to .+ in [\d.]+ s \([\d,]+ records\/s\)\n$/);
    expect((await listFiles(out)).length).toBeGreaterThan(10);
  });

  it('scales to exactly --records N', async () => {
    const out = join(dir, 'exact');
    const run = await runCli(['generate', TINY, '--out', out, '--records', '1234', '-q']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    const total = (await readLogFiles(out)).reduce((n, f) => n + f.records.length, 0);
    expect(total).toBe(1234);
  });

  it('streams NDJSON to stdout in time order', async () => {
    const run = await runCli(['generate', TINY, '--format', 'ndjson', '--out', '-', '-n', '20']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(20);
    const times = lines.map((l) => (JSON.parse(l) as { eventTime: string }).eventTime);
    expect([...times].sort()).toEqual(times);
    expect(run.stderr).toContain('wrote 20 records');
  });

  it('writes NDJSON to a file atomically', async () => {
    const file = join(dir, 'n', 'records.ndjson');
    const run = await runCli(['generate', TINY, '-f', 'ndjson', '-o', file, '-n', '50']);
    expect(run.code, run.stderr).toBe(0);
    expect((await readFile(file, 'utf8')).trimEnd().split('\n')).toHaveLength(50);
  });

  it('takes any NDJSON --out name as a file, and an existing directory as the place for records.ndjson', async () => {
    const file = join(dir, 'named', 'events.jsonl');
    const named = await runCli(['generate', TINY, '-f', 'ndjson', '-o', file, '-n', '20', '-q']);
    expect(named.code, named.stderr).toBe(0);
    expect((await stat(file)).isFile()).toBe(true);
    expect((await readFile(file, 'utf8')).trimEnd().split('\n')).toHaveLength(20);
    const folder = join(dir, 'folder');
    await mkdir(folder, { recursive: true });
    const inDir = await runCli(['generate', TINY, '-f', 'ndjson', '-o', folder, '-n', '20', '-q']);
    expect(inDir.code, inDir.stderr).toBe(0);
    expect((await readFile(join(folder, 'records.ndjson'), 'utf8')).trimEnd().split('\n')).toHaveLength(20);
  });

  it.skipIf(process.platform === 'win32')('writes NDJSON into a FIFO in place instead of renaming a file over it', async () => {
    // Stands in for /dev/null: before the fix the temporary file was renamed over the path.
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = readFile(fifo, 'utf8');
    const run = await runCli(['generate', TINY, '-f', 'ndjson', '-o', fifo, '-n', '25', '-q']);
    expect(run.code, run.stderr).toBe(0);
    expect((await reader).trimEnd().split('\n')).toHaveLength(25);
    expect((await stat(fifo)).isFIFO()).toBe(true);
    expect((await readdir(dir)).filter((f) => f.includes('partial'))).toEqual([]);
  }, 15_000);

  it('refuses a non-empty directory without --force', async () => {
    const out = join(dir, 'full');
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'x'), 'x');
    const refused = await runCli(['generate', TINY, '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--force');
    const forced = await runCli(['generate', TINY, '--out', out, '--force', '-q']);
    expect(forced.code).toBe(0);
  });

  it('exits 3 with the path when the output cannot be written', async () => {
    const blocker = join(dir, 'blocker');
    await writeFile(blocker, 'a file, not a directory');
    const run = await runCli(['generate', TINY, '--out', join(blocker, 'sub')]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(join(blocker, 'sub'));
  });

  it.each([
    [['generate', '--records', '-5'], '--records'],
    [['generate', '--start', 'yesterday'], '--start'],
    [['generate', '--duration', 'forever'], '--duration'],
    [['generate', '--shard', '3/3'], '--shard'],
    [['generate', '--records', 'many'], '--records "many": expected a number'],
    [['generate', '--gzip-level=x'], '--gzip-level "x": expected a number'],
    [['generate', '-n', 'ten'], '--records "ten": expected a number'],
    [['generate', '--format', 'xml'], 'Invalid values'],
    [['generate', '--no-such-flag'], 'Unknown argument'],
    [['frobnicate'], 'Unknown'],
  ])('rejects bad usage %j with exit 2', async (argv, text) => {
    const run = await runCli([...argv, '--out', join(dir, 'unused')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(text);
  });

  it('stops on an abort signal with exit 130 and leaves no partial files', async () => {
    const out = join(dir, 'aborted');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const run = await runCli(['generate', TINY, '--out', out, '-n', '400000', '-q'], { signal: controller.signal });
    expect(run.code).toBe(130);
    // Stopped before a file was written: the directory this run created is taken back too.
    const files = existsSync(out) ? await listFiles(out) : [];
    expect(files.filter((f) => f.endsWith('.partial'))).toEqual([]);
    await readLogFiles(out); // every file that exists is complete and parses
  });
});
