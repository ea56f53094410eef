/** Every file the generator writes validates under --strict: each example scenario, with digests. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { removeDir, tempDir } from '../helpers/tree.js';
import { runValidate, type JsonReport } from './helpers.js';

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;
const scenarios = readdirSync(EXAMPLES).filter((f) => f.endsWith('.scenario.yaml')).sort();

let dir = '';
beforeAll(async () => {
  dir = await tempDir('trailsmith-validate-gen-');
});
afterAll(() => removeDir(dir));

describe('generated output validates under --strict', () => {
  it('covers the example library', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(5);
  });

  it.each(scenarios)('%s', async (scenario) => {
    const out = join(dir, scenario.replace(/\.scenario\.yaml$/, ''));
    // Short runs keep the suite fast; digests add the CloudTrail-Digest files to the check.
    const gen = await runCli(['generate', join(EXAMPLES, scenario), '--out', out, '--duration', '3h', '--digest', '-q']);
    expect(gen.code, gen.stderr).toBe(0);
    const run = await runValidate(['--strict', '--format', 'json', out]);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.results, run.stdout.slice(0, 2000)).toEqual([]);
    expect(run.code).toBe(0);
    expect(report.summary.records).toBeGreaterThan(0);
    expect(report.summary.invalid).toBe(0);
  });

  it('a random seed validates too (the seed is printed to reproduce a failure)', async () => {
    const seed = String(Math.floor(Math.random() * 1e9));
    console.log(`validate: random seed ${seed}`);
    const out = join(dir, `random-${seed}`);
    const gen = await runCli(['generate', join(EXAMPLES, 'multi-account-org.scenario.yaml'), '--seed', seed, '--out', out, '--duration', '2h', '-q']);
    expect(gen.code, gen.stderr).toBe(0);
    const run = await runValidate(['--strict', '--quiet', out]);
    expect(run.stdout, `seed ${seed}`).toBe('');
    expect(run.code, `seed ${seed}`).toBe(0);
  });

  it('NDJSON output validates too (stdin)', async () => {
    const gen = await runCli(['generate', join(EXAMPLES, 'all-operations.scenario.yaml'), '--format', 'ndjson', '--out', '-', '--duration', '2h']);
    expect(gen.code, gen.stderr).toBe(0);
    const run = await runValidate(['--strict', '-'], gen.stdout);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/^OK: 1 file, [\d,]+ records: [\d,]+ valid, 0 invalid in [\d.]+ s \([\d,]+ records\/s\)\n$/);
  });
});
