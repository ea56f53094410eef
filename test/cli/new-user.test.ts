/** `init`, `check` and the size ceiling of `generate` through the real parser (issue 15, items 11 and 14). */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { removeDir, tempDir } from '../helpers/tree.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map(removeDir)));
const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;

async function dir(): Promise<string> {
  const d = await tempDir();
  dirs.push(d);
  return d;
}

const ABSURD = `start: 2025-03-04T00:00:00Z
duration: 400d
trail: { name: t-trail, homeRegion: us-east-1 }
accounts: [{ name: a, regions: [us-east-1], vaults: [{ name: v, archives: 10 }] }]
actors: [{ name: u, account: a, type: IAMUser }]
activities: [{ actor: u, rate: 100000000/second, mix: auditor }]
`;

describe('trailsmith init', () => {
  it('writes a starter scenario that checks and generates, whose schema line points at the real schema', async () => {
    const d = await dir();
    const file = join(d, 'scenario.yaml');
    const run = await runCli(['init', file]);
    expect(run.code).toBe(0);
    const text = await readFile(file, 'utf8');
    const schema = /^# yaml-language-server: \$schema=(\S+)\n/.exec(text)![1]!;
    expect(schema).toMatch(/^\.{1,2}\/.*schemas\/scenario\.schema\.json$/);
    expect(existsSync(resolve(dirname(file), schema))).toBe(true);
    const check = await runCli(['check', file]);
    expect(check.code).toBe(0);
    const gen = await runCli(['generate', file, '-o', join(d, 'out'), '-q']);
    expect(gen.code).toBe(0);
    expect(existsSync(join(d, 'out.trailsmith', 'labels.ndjson'))).toBe(true);
  });

  it('never overwrites a file without --force', async () => {
    const d = await dir();
    const file = join(d, 'mine.yaml');
    await writeFile(file, 'precious');
    const run = await runCli(['init', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('already exists; pass --force to overwrite it');
    expect(await readFile(file, 'utf8')).toBe('precious');
    expect((await runCli(['init', file, '--force'])).code).toBe(0);
  });
});

describe('trailsmith check', () => {
  it('prints accounts, actors, scripts with their times, and the expected records and size', async () => {
    const run = await runCli(['check', join(EXAMPLES, 'ci-fixture.scenario.yaml')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('ci-fixture.scenario.yaml: valid');
    expect(run.stdout).toContain('span: 2025-08-05T09:00:00Z to 2025-08-05T11:00:00Z (2h of simulated time), seed 1');
    expect(run.stdout).toContain('test 123456789012 (ci-test): us-east-1; 2 vaults at the start');
    expect(run.stdout).toContain('contractor: IAMUser in test, aws-cli-v2, from home-isp');
    expect(run.stdout).toContain('unexpected-delete: contractor at 2025-08-05T10:15:00Z (+1h 15m) in us-east-1, 3 steps, labels unexpected-vault-deletion');
    expect(run.stdout).toMatch(/expected: ~64 records; ~[\d.]+ KiB as gzip'd S3 files/);
  });

  it('reports an invalid scenario with exit 2 and writes nothing', async () => {
    const d = await dir();
    await writeFile(join(d, 'bad.yaml'), 'start: yesterday\n');
    const run = await runCli(['check', join(d, 'bad.yaml')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('bad.yaml');
  });

  it('warns that generate would refuse an absurd scenario', async () => {
    const d = await dir();
    await writeFile(join(d, 'absurd.yaml'), ABSURD);
    const run = await runCli(['check', join(d, 'absurd.yaml')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/expected: ~3,\d{3},\d{3},\d{3},\d{3},\d{3} records; ~[\d.]+ PiB/);
    expect(run.stdout).toContain('generate would refuse this run');
  });
});

describe('generate: size before work', () => {
  it('refuses rate 100000000/second over 400 days at once, with the estimate, and writes nothing', async () => {
    const d = await dir();
    await writeFile(join(d, 'absurd.yaml'), ABSURD);
    const t0 = Date.now();
    const run = await runCli(['generate', join(d, 'absurd.yaml'), '-o', join(d, 'out')]);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/this run would write about 3,\d{3},\d{3},\d{3},\d{3},\d{3} records \(~[\d.]+ PiB of gzip'd files.*above the ceiling of 100,000,000 records.*--yes/);
    expect(existsSync(join(d, 'out'))).toBe(false);
  });

  it('refuses a billion archives at the start before building them', async () => {
    const d = await dir();
    await writeFile(join(d, 'archives.yaml'), ABSURD.replace('100000000/second', '1/hour').replace('{ name: v, archives: 10 }', '{ count: 1000, archives: 1000000 }'));
    const run = await runCli(['generate', join(d, 'archives.yaml'), '-o', join(d, 'out')]);
    expect(run.code).toBe(2);
    // The loader's world limit (docs/limits.md) refuses it before the size estimate would.
    expect(run.stderr).toContain('1,000,000,000 pre-existing archives');
    expect(run.stderr).toContain('at most 50,000,000');
  });

  it('takes --records above the ceiling only with --max-records or --yes', async () => {
    const d = await dir();
    const refused = await runCli(['generate', '-n', '300', '--max-records', '200', '-f', 'ndjson', '-o', join(d, 'a.ndjson')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--records 300 (~');
    expect(refused.stderr).toContain('above the ceiling of 200 records; pass --max-records 300 or --yes');
    expect(existsSync(join(d, 'a.ndjson'))).toBe(false);
    expect((await runCli(['generate', '-n', '300', '--max-records', '200', '--yes', '-f', 'ndjson', '-o', join(d, 'b.ndjson'), '-q'])).code).toBe(0);
    expect((await runCli(['generate', '-n', '300', '--max-records', '300', '-f', 'ndjson', '-o', join(d, 'c.ndjson'), '-q'])).code).toBe(0);
  });
});
