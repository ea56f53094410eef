#!/usr/bin/env node
// Long fuzz campaigns: `npm run fuzz -- --runs 2000 [--seed 7] [--shrink] [file filter...]`.
// Runs the properties of test/fuzz/ with FUZZ_RUNS / FUZZ_SEED set (see test/fuzz/README.md);
// `npm test` runs the same files with a few cases each.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '500' },
    seed: { type: 'string' },
    shrink: { type: 'boolean', default: false },
  },
});
for (const [flag, value] of [['--runs', values.runs], ['--seed', values.seed]]) {
  if (value !== undefined && !/^\d+$/.test(value)) {
    console.error(`fuzz: ${flag} ${value}: expected a whole number`);
    process.exit(2);
  }
}
const env = { ...process.env, FUZZ_RUNS: values.runs };
if (values.seed !== undefined) env.FUZZ_SEED = values.seed;
if (values.shrink) env.FUZZ_SHRINK = '1';
const filters = positionals.length > 0 ? positionals : ['test/fuzz/'];
const run = spawnSync('npx', ['vitest', 'run', ...filters], { stdio: 'inherit', env });
process.exit(run.status ?? 1);
