/**
 * Scenario mutation fuzz (issue 20): the examples, mutated by deleting keys, replacing values
 * with wrong types, extreme numbers, schema words in the wrong place and hostile strings,
 * adding unknown keys, duplicating list items, or cutting and splicing the text. For each:
 * loadScenario resolves or throws ScenarioError; `generate` (a short run) exits 0 or 2, never
 * prints a stack, writes nothing anywhere on 2, and what it writes on 0 passes `validate`.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadScenario, ScenarioError } from '../../src/index.js';
import { OPERATION_NAMES } from '../../src/scenario/schema-names.js';
import { removeDir, tempDir } from '../helpers/tree.js';
import { checkProperty, fuzzTimeout, expectMemoryBelow, expectNoPartials, fuzzParams, hostileString, runCliChecked, sandbox } from './helpers.js';

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;

interface Example {
  name: string;
  value: unknown;
  /** JSON pointers (as key lists) of every value in it. */
  paths: Array<Array<string | number>>;
}

/** Values from the scenario's own vocabulary, in the wrong places: the mutations that reach deepest. */
const SCENARIO_WORDS = [
  '', ' ', '0s', '6 hours', '401d', '1h', 'P0D', 'P1DT6H', '1e9/second', '100000000/second', '0/hour', '30/hour',
  '2012-08-20T00:00:00Z', '9999-12-29T00:00:00Z', '9999-12-31T23:59:59Z', '2025-02-30T00:00:00Z', '2025-06-01T00:00:00+14:00',
  'us-east-1', 'us-east-9', 'cn-north-1', 'us-gov-west-1', 'eu-west-1', '*', '$x', '$vault', '+99h', '+1m', '-1h',
  'everything', 'auditor', 'tor', 'office', 'ec2', 'AWSService', 'Root', 'AssumedRole', 'FederatedUser', 'console',
  'backup.amazonaws.com', 'o-aaaaaaaaaa', '000000000000', '123456789012', 'vaults', 'archives', 'AccessDeniedException',
  ...OPERATION_NAMES.slice(0, 8),
];

function pathsOf(value: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  return out;
}

const replacement: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SCENARIO_WORDS) },
  { weight: 3, arbitrary: fc.constantFrom(0, -1, 1, 1.5, 24, 1000, 100_000, 1_000_000, 1e9, 2 ** 31, 1e21, -1e9, 0.000001) },
  { weight: 2, arbitrary: fc.oneof(fc.constant(null), fc.boolean(), fc.constant([]), fc.constant({}), fc.array(fc.integer({ min: -5, max: 50 }), { maxLength: 30 })) },
  { weight: 2, arbitrary: hostileString() },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 200 }).map((depth) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown) },
);

type Mutation =
  | { kind: 'delete' | 'duplicate'; at: number }
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'scale'; at: number; factor: number }
  | { kind: 'unknownKey'; at: number; key: string }
  | { kind: 'cut' | 'splice'; at: number; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('delete' as const, 'duplicate' as const), at: fc.nat() }),
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: replacement }) },
  // Numbers keep their type and grow or shrink: the cases that pass the schema and reach generate.
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('scale' as const), at: fc.nat(), factor: fc.constantFrom(0, 0.5, 2, 10, 1000, -1) }) },
  fc.record({ kind: fc.constant('unknownKey' as const), at: fc.nat(), key: fc.oneof(fc.constantFrom('duraton', 'regoins', '__proto__', 'constructor', 'vault'), fc.string({ maxLength: 6 })) }),
  fc.record({ kind: fc.constantFrom('cut' as const, 'splice' as const), at: fc.nat(), text: fc.constantFrom('&a', '*a', '*nope', '{', ']', ': :', '\t', '"', '\0', '\n  - ', '<<: *a', '!!binary x', '? ', '---\n') }),
);

function valueAtPath(root: unknown, path: Array<string | number>): unknown {
  let node = root;
  for (const key of path) node = (node as Record<string | number, unknown>)[key];
  return node;
}

function apply(root: unknown, path: Array<string | number>, m: Mutation): unknown {
  if (path.length === 0) return m.kind === 'replace' ? m.value : m.kind === 'delete' ? null : root;
  if (m.kind === 'cut' || m.kind === 'splice') return root;
  let parent = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  const list = Array.isArray(parent) ? (parent as unknown[]) : undefined;
  switch (m.kind) {
    case 'delete':
      if (list) list.splice(last as number, 1);
      else delete parent[last];
      break;
    case 'duplicate':
      if (list) list.splice(last as number, 0, structuredClone(list[last as number]));
      break;
    case 'replace':
      parent[last] = structuredClone(m.value);
      break;
    case 'scale': {
      const old = parent[last];
      if (typeof old === 'number') parent[last] = Number.isInteger(old) ? Math.round(old * m.factor) : old * m.factor;
      break;
    }
    case 'unknownKey': {
      const target = parent[last];
      if (target !== null && typeof target === 'object' && !Array.isArray(target)) Object.defineProperty(target, m.key, { value: 1, enumerable: true, writable: true, configurable: true });
      break;
    }
  }
  return root;
}

/** The scenario text after the mutations; object mutations first, then text ones. */
function mutate(example: Example, mutations: Mutation[], json: boolean): string {
  let value = structuredClone(example.value);
  for (const m of mutations.filter((x) => x.kind !== 'cut' && x.kind !== 'splice')) {
    const paths = m.kind === 'scale' ? pathsOf(value).filter((p) => typeof valueAtPath(value, p) === 'number') : pathsOf(value);
    if (paths.length > 0) value = apply(value, paths[m.at % paths.length]!, m);
  }
  let text = json ? JSON.stringify(value, null, 2) : stringify(value, { aliasDuplicateObjects: false });
  for (const m of mutations) {
    if (m.kind !== 'cut' && m.kind !== 'splice') continue;
    const at = m.at % (text.length + 1);
    text = m.kind === 'cut' ? text.slice(0, at) : text.slice(0, at) + m.text + text.slice(at);
  }
  return text;
}

let examples: Example[] = [];
const params = fuzzParams('scenario-mutation', 12);

let dir = '';
beforeAll(async () => {
  dir = await tempDir('trailsmith-fuzz-scenarios-');
  const names = (await readdir(EXAMPLES)).filter((n) => n.endsWith('.scenario.yaml')).sort();
  examples = await Promise.all(names.map(async (name) => {
    const value = parse(await readFile(join(EXAMPLES, name), 'utf8')) as unknown;
    return { name, value, paths: pathsOf(value) };
  }));
});
afterAll(() => removeDir(dir));

describe('scenario mutation fuzz', () => {
  it('every mutated example is a scenario or a ScenarioError; generate exits 0 or 2, no stack, nothing written on 2, valid output on 0', async () => {
    const cases = fc.record({
      example: fc.nat(),
      mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
      json: fc.boolean(),
    });
    let n = 0;
    const outcomes = { generated: 0, rejected: 0, timedOut: 0 };
    await checkProperty('scenario-mutation', params, cases, async ({ example: pick, mutations, json }) => {
      const example = examples[pick % examples.length]!;
      const file = join(dir, `case-${n++}.${json ? 'json' : 'yaml'}`);
      await writeFile(file, mutate(example, mutations, json));
      const loaded = await loadScenario(file).then(() => true, (err: unknown) => {
        if (!(err instanceof ScenarioError)) throw new Error(`${example.name}: loadScenario threw ${String(err)}, not a ScenarioError`, { cause: err });
        return false;
      });
      const box = await sandbox();
      try {
        const run = await runCliChecked(['generate', file, '--out', box.out, '-n', '100', '-w', '0', '-q'], 30_000);
        outcomes[run.timedOut ? 'timedOut' : run.code === 0 ? 'generated' : 'rejected']++;
        if (!loaded) expect(run.code, run.stderr).toBe(2);
        if (run.code === 2) expect(await box.entries(), 'written before exit 2').toEqual([]);
        await box.expectNothingOutsideOut();
        await expectNoPartials(box.root);
        expectMemoryBelow(1 << 30);
        if (run.code === 0) {
          const check = await runCliChecked(['validate', box.out, '-q']);
          expect(check.code, `${example.name} ${JSON.stringify(mutations)}: validate:\n${check.stdout}${check.stderr}`).toBe(0);
        }
      } finally {
        await box.done();
      }
    });
    console.log(`fuzz scenario-mutation: ${JSON.stringify(outcomes)}`);
  }, fuzzTimeout(params, 40000));
});
