/**
 * Shared pieces of the fuzz suite (see test/fuzz/README.md): the run count and seed, a
 * sandbox that proves nothing was written outside --out, CLI runs checked for stacks and
 * exit codes, and arbitraries that other fuzz files can reuse.
 *
 * Seeds: every property prints `fuzz <name>: seed=<n> runs=<n>`; a failure reproduces with
 * `FUZZ_SEED=<n> npx vitest run test/fuzz/<file>` (fast-check also prints the shrunk case).
 */
import { lstat, mkdir, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import { runCli, type CliRun } from '../helpers/cli.js';
import { removeDir, tempDir } from '../helpers/tree.js';

/** Exit codes the README documents; anything else (70: an unexpected error) is a bug. */
export const DOCUMENTED_EXIT_CODES = [0, 1, 2, 3, 130] as const;

export interface FuzzParams {
  seed: number;
  numRuns: number;
}

/**
 * Seed and run count of one property: FUZZ_SEED / FUZZ_RUNS from the environment (set by
 * `npm run fuzz -- --runs N --seed S`), else a fresh seed and `defaultRuns` (kept small so
 * `npm test` stays fast). `weight` scales FUZZ_RUNS for properties much slower than the rest.
 */
export function fuzzParams(name: string, defaultRuns: number, weight = 1): FuzzParams {
  const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
  const runs = process.env.FUZZ_RUNS !== undefined ? Math.max(1, Math.round(Number(process.env.FUZZ_RUNS) * weight)) : defaultRuns;
  if (!Number.isInteger(seed) || !Number.isFinite(runs)) throw new Error(`FUZZ_SEED=${process.env.FUZZ_SEED} FUZZ_RUNS=${process.env.FUZZ_RUNS}: expected whole numbers`);
  console.log(`fuzz ${name}: seed=${seed} runs=${runs} (reproduce: FUZZ_SEED=${seed} FUZZ_RUNS=${runs} npx vitest run test/fuzz)`);
  return { seed, numRuns: runs };
}

/** The vitest timeout of a property: `perRunMs` per run, at least two minutes. */
export function fuzzTimeout(params: FuzzParams, perRunMs: number): number {
  return Math.max(120_000, params.numRuns * perRunMs);
}

/** fc.assert with the params, an async property, and the seed in the failure message. */
export async function checkProperty<T>(name: string, params: FuzzParams, arb: fc.Arbitrary<T>, property: (value: T) => Promise<void>): Promise<void> {
  await fc.assert(fc.asyncProperty(arb, property), { seed: params.seed, numRuns: params.numRuns, endOnFailure: process.env.FUZZ_SHRINK === undefined, verbose: 1 });
}

/** A temporary directory in which a run may write only under `out`; removed by `done()`. */
export interface Sandbox {
  root: string;
  /** The --out directory, `root/nest/out` (not created), so a `..` escape lands in `root`. */
  out: string;
  /** Every file and directory under root, relative to it. */
  entries(): Promise<string[]>;
  /** Fails if anything exists in root outside `out` and its sidecar `out.trailsmith` (docs/layout.md). */
  expectNothingOutsideOut(): Promise<void>;
  done(): Promise<void>;
}

export async function sandbox(): Promise<Sandbox> {
  const root = await tempDir('trailsmith-fuzz-');
  const out = join(root, 'nest', 'out');
  const entries = async (): Promise<string[]> => {
    const found: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        found.push(relative(root, p));
        if (e.isDirectory()) await walk(p);
      }
    };
    await walk(root);
    return found.sort();
  };
  return {
    root,
    out,
    entries,
    async expectNothingOutsideOut() {
      const inside = (p: string, dir: string): boolean => p === dir || p.startsWith(dir + sep);
      const outside = (await entries()).filter((p) => p !== 'nest' && !inside(p, join('nest', 'out')) && !inside(p, join('nest', 'out.trailsmith')));
      expect(outside, 'written outside --out').toEqual([]);
    },
    done: () => removeDir(root),
  };
}

/** Files under `dir` (relative paths), or [] when it does not exist. */
export async function filesUnder(dir: string): Promise<string[]> {
  const info = await lstat(dir).catch(() => undefined);
  if (!info) return [];
  const found: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else found.push(relative(dir, p).split(sep).join('/'));
    }
  };
  await walk(dir);
  return found.sort();
}

/** A stack trace line, as Node prints them ("    at fn (file:1:2)"). */
const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

/**
 * Runs the CLI in-process and checks what every run must satisfy: a documented exit code and
 * no stack trace. `timeoutMs` aborts the run as Ctrl-C would (then 130 is expected).
 */
export async function runCliChecked(argv: string[], timeoutMs = 60_000): Promise<CliRun & { timedOut: boolean }> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const run = await runCli(argv, { signal: controller.signal });
    expect(DOCUMENTED_EXIT_CODES, `exit ${run.code} for ${argv.join(' ')}\n${run.stderr}`).toContain(run.code);
    expect(run.stderr, 'a stack trace on stderr').not.toMatch(STACK_LINE);
    return { ...run, timedOut };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The test process (vitest, the in-process CLI and its results) stays under `bytes` of resident
 * memory: a world that grows with what the scenario declares shows here first.
 */
export function expectMemoryBelow(bytes: number): void {
  const rss = process.memoryUsage().rss;
  expect(rss, `resident memory ${Math.round(rss / 2 ** 20)} MiB`).toBeLessThan(bytes);
}

/** No temporary (`.partial`) files anywhere under dir: every run, even an interrupted one, cleans up. */
export async function expectNoPartials(dir: string): Promise<void> {
  expect((await filesUnder(dir)).filter((f) => f.endsWith('.partial')), 'temporary files left behind').toEqual([]);
}

/**
 * Strings made of the fragments that break paths and keys: separators, dot segments, encoded
 * separators, control characters, spaces, Windows and shell specials, and non-ASCII.
 */
export function hostileString(options: { maxFragments?: number } = {}): fc.Arbitrary<string> {
  const fragments = ['/', '..', '.', '%2f', '%2e%2e', '\n', '\r', '\0', '\t', ' ', '~', '\\', ':', '*', '?', '"', '<', '|', 'a', 'Z', '0', '-', '_', 'é', '\u202e', '\ud83d\ude00', 'AWSLogs', 'CloudTrail'];
  return fc.array(fc.constantFrom(...fragments), { minLength: 1, maxLength: options.maxFragments ?? 8 }).map((parts) => parts.join(''));
}

export async function ensureDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
}
