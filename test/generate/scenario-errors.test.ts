/** Broken scenarios fail with the file, the path in the scenario, the line, and exit code 2, and write nothing. */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario, ScenarioError } from '../../src/index.js';
import { runCli } from '../helpers/cli.js';
import { removeDir, tempDir } from '../helpers/tree.js';

const BASE = `name: t
start: 2025-01-01T00:00:00Z
duration: 1h
trail: { name: trail, homeRegion: us-east-1 }
accounts:
  - name: a
    regions: [us-east-1]
actors:
  - name: u
    account: a
    type: IAMUser
activities:
  - actor: u
    rate: 10/hour
    mix: auditor
`;

let dir = '';
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => removeDir(dir));

async function problem(yaml: string, ext = '.yaml'): Promise<ScenarioError> {
  const file = join(dir, `s${Math.abs(hash(yaml))}${ext}`);
  await writeFile(file, yaml);
  try {
    await loadScenario(file);
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return err as ScenarioError;
  }
  throw new Error('scenario was accepted');
}

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}

describe('scenario validation', () => {
  it('accepts the base scenario and every example', async () => {
    await writeFile(join(dir, 'ok.yaml'), BASE);
    await expect(loadScenario(join(dir, 'ok.yaml'))).resolves.toBeTruthy();
    const examples = new URL('../../examples/', import.meta.url).pathname;
    for (const f of (await readdir(examples)).filter((n) => n.endsWith('.scenario.yaml'))) {
      await expect(loadScenario(join(examples, f)), f).resolves.toBeTruthy();
    }
  });

  it.each([
    ['unknown key', BASE.replace('duration: 1h', 'duration: 1h\ncolour: blue'), '/colour', 'unknown key "colour"', 4],
    ['wrong type', BASE.replace('rate: 10/hour', 'rate: [1]'), '/activities/0/rate', 'cannot read rate [1]', 14],
    ['dangling account', BASE.replace('account: a', 'account: nope'), '/actors/0/account', 'account "nope" is not defined', 10],
    ['dangling actor', BASE.replace('- actor: u', '- actor: ghost'), '/activities/0/actor', 'actor "ghost" is not defined', 13],
    ['end before start', BASE.replace('duration: 1h', 'end: 2024-12-31T00:00:00Z'), '/end', 'is not after start', 3],
    ['impossible date', BASE.replace('2025-01-01T00', '2025-02-30T00'), '/start', 'not a valid UTC timestamp', 2],
    ['bad region', BASE.replace('[us-east-1]', '[us-east-9]'), '/accounts/0/regions/0', 'unknown or non-Glacier region', 7],
    ['unknown operation', BASE.replace('mix: auditor', 'mix: { ListVault: 1 }'), '/activities/0/mix', 'ListVault', 15],
  ])('rejects %s with path and line', async (_name, yaml, path, message, line) => {
    const err = await problem(yaml);
    const issue = err.issues.find((i) => i.message.includes(message));
    expect(issue, JSON.stringify(err.issues)).toBeDefined();
    expect(issue!.path).toBe(path);
    expect(issue!.line).toBe(line);
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain(err.file);
  });

  it('reports YAML syntax errors with a line', async () => {
    const err = await problem(BASE.replace('rate: 10/hour', 'rate: : :'));
    expect(err.issues[0]!.line).toBe(14);
  });

  it('reports JSON scenarios with lines too', async () => {
    const json = JSON.stringify({ start: '2025-01-01T00:00:00Z', duration: '1h', trail: { name: 'trail', homeRegion: 'us-east-1' }, accounts: [{ name: 'a', regions: ['us-east-1'] }], actors: [{ name: 'u', account: 'b', type: 'IAMUser' }], activities: [] }, null, 2);
    const err = await problem(json, '.json');
    const issue = err.issues.find((i) => i.path === '/actors/0/account')!;
    expect(issue.line).toBeGreaterThan(10);
  });

  it('exits 2 from the CLI, names the file, and leaves no output behind', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, BASE.replace('account: a', 'account: nope'));
    const out = join(dir, 'out-bad');
    const run = await runCli(['generate', file, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}:10: /actors/0/account: account "nope" is not defined`);
    await expect(readdir(out)).rejects.toThrow();
  });

  it('exits 2 for a missing scenario file', async () => {
    const run = await runCli(['generate', join(dir, 'missing.yaml'), '--out', join(dir, 'o')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no such file');
  });

  it('accepts a JS module scenario', async () => {
    const file = join(dir, 'mod.mjs');
    await mkdir(dir, { recursive: true });
    await writeFile(file, `export default ${JSON.stringify({ start: '2025-01-01T00:00:00Z', duration: '1h', trail: { name: 'trail', homeRegion: 'us-east-1' }, accounts: [{ name: 'a', regions: ['us-east-1'] }], actors: [{ name: 'u', account: 'a', type: 'IAMUser' }], activities: [] })};`);
    await expect(loadScenario(file)).resolves.toBeTruthy();
  });
});

const MODULE_BASE = { start: '2025-01-01T00:00:00Z', duration: '1h', trail: { name: 'trail', homeRegion: 'us-east-1' }, accounts: [{ name: 'a', regions: ['us-east-1'] }], actors: [{ name: 'u', account: 'a', type: 'IAMUser' }], activities: [] };

describe('one message per mistake, with the fix (issue 15, item 10)', () => {
  it.each([
    ['a duration in words', BASE.replace('duration: 1h', 'duration: 6 hours'), '/duration', 'write "6h"', 3],
    ['a rate that is neither form', BASE.replace('rate: 10/hour', 'rate: lots'), '/activities/0/rate', 'cannot read rate "lots"', 14],
    ['a misspelt named mix', BASE.replace('mix: auditor', 'mix: audit'), '/activities/0/mix', 'did you mean "auditor"?', 15],
    ['an unknown operation in a mix', BASE.replace('mix: auditor', 'mix: { ListVault: 1 }'), '/activities/0/mix', 'unknown operation "ListVault"; did you mean "ListVaults"?', 15],
    ['a misspelt origin', BASE.replace('type: IAMUser', 'type: IAMUser\n    origin: ofice'), '/actors/0/origin', 'did you mean "office"?', 12],
    ['a misspelt enum value', BASE.replace('type: IAMUser', 'type: IAMUsr'), '/actors/0/type', 'did you mean "IAMUser"?', 11],
    ['an unknown scripted call', `${BASE}scripts:\n  - name: s\n    actor: u\n    steps:\n      - call: ListVault\n`, '/scripts/0/steps/0/call', 'did you mean "ListVaults"?', 20],
    ['a step without an action', `${BASE}scripts:\n  - name: s\n    actor: u\n    steps:\n      - vault: v\n`, '/scripts/0/steps/0', 'a step needs one action', 20],
    ['a step with two actions', `${BASE}scripts:\n  - name: s\n    actor: u\n    steps:\n      - { call: ListVaults, wait: 1h }\n`, '/scripts/0/steps/0', 'this one has call and wait', 20],
    ['a vault with neither name nor count', BASE.replace('regions: [us-east-1]', 'regions: [us-east-1]\n    vaults: [{ archives: 3 }]'), '/accounts/0/vaults/0', 'needs "name"', 8],
    ['an empty file', '', '', 'the scenario is empty', 1],
    ['a list instead of a mapping', '- a\n- b\n', '', 'not a list', 1],
    ['an error code longer than records allow', `${BASE}scripts:\n  - name: s\n    actor: u\n    steps:\n      - { call: ListVaults, fail: ${'A'.repeat(1025)} }\n`, '/scripts/0/steps/0/fail', 'at most 128', 20],
    ['a .nan rate', BASE.replace('rate: 10/hour', 'rate: .nan'), '/activities/0/rate', 'not a finite number', 14],
  ])('%s', async (_what, yaml, path, words, line) => {
    const err = await problem(yaml);
    expect(err.issues, JSON.stringify(err.issues)).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ path, line });
    expect(err.issues[0]!.message).toContain(words);
    expect(err.message).not.toMatch(/must match|oneOf|\^\(/);
  });

  it('the suggestion lists follow the schema', async () => {
    const { OPERATION_NAMES, NAMED_MIX_NAMES, ORIGIN_KINDS, RHYTHM_NAMES, STEP_ACTIONS } = await import('../../src/scenario/schema-names.js');
    const schema = JSON.parse(await readFile(new URL('../../schemas/scenario.schema.json', import.meta.url), 'utf8')) as {
      $defs: { operation: { enum: string[] }; originKind: { enum: string[] }; step: { oneOf: Array<{ required: string[] }> } };
      properties: { activities: { items: { properties: { mix: { oneOf: Array<{ enum?: string[] }> }; rhythm: { oneOf: Array<{ enum?: string[] }> } } } } };
    };
    const activity = schema.properties.activities.items.properties;
    expect(OPERATION_NAMES).toEqual(schema.$defs.operation.enum);
    expect(NAMED_MIX_NAMES).toEqual(activity.mix.oneOf[0]!.enum);
    expect(RHYTHM_NAMES).toEqual(activity.rhythm.oneOf[0]!.enum);
    expect(ORIGIN_KINDS).toEqual(schema.$defs.originKind.enum);
    expect(STEP_ACTIONS).toEqual(schema.$defs.step.oneOf.map((o) => o.required[0]));
  });
});

describe('hostile input is a ScenarioError, never a stack (issue 20)', () => {
  it.each([
    ['an alias bomb', 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n', 'aliases may expand at most 100 times', 2],
    ['an unresolved alias', 'start: *nope\n', 'Unresolved alias', 1],
    ['a duplicate key', BASE.replace('duration: 1h', 'duration: 1h\nduration: 2h'), 'duplicate key "duration" (first at line 3)', 4],
  ])('%s', async (_what, yaml, words, line) => {
    const err = await problem(yaml);
    expect(err.issues[0]!.message).toContain(words);
    expect(err.issues[0]!.line).toBe(line);
  });

  it.each([
    ['a function', '{ ...BASE, start: () => 1 }', '/start', 'is a function'],
    ['a symbol', '{ ...BASE, name: Symbol("x") }', '/name', 'is a symbol'],
    ['a Proxy', 'new Proxy(BASE, {})', '', 'is a Proxy'],
    ['a throwing getter', '{ ...BASE, get trail() { throw new Error("boom"); } }', '/trail', 'reading it threw: boom'],
    ['a Date', '{ ...BASE, start: new Date(0) }', '/start', 'is a Date'],
    ['a cycle', '(() => { const o = { ...BASE }; o.actors[0].self = o; return o; })()', '/actors/0/self', 'refers to itself'],
    ['NaN', '{ ...BASE, actors: [{ ...BASE.actors[0], utcOffset: NaN }] }', '/actors/0/utcOffset', 'not a finite number'],
  ])('a JS module exporting %s names the pointer; the CLI exits 2 without a stack', async (_what, expr, path, words) => {
    const file = join(dir, `m${Math.abs(hash(expr))}.mjs`);
    await writeFile(file, `const BASE = ${JSON.stringify(MODULE_BASE)};\nexport default ${expr};\n`);
    const err = await loadScenario(file).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).issues[0]).toMatchObject({ path, message: expect.stringContaining(words) });
    const out = join(dir, `out-${Math.abs(hash(expr))}`);
    const run = await runCli(['generate', file, '--out', out, '-q']);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    await expect(readdir(out)).rejects.toThrow();
  });

  it.each([
    ['flow lists', (n: number) => `start: ${'['.repeat(n)}${']'.repeat(n)}\n`],
    ['block mappings', (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1\n'],
  ])('deeply nested %s are a ScenarioError, not a stack overflow', async (_what, text) => {
    for (const depth of [100, 5_000]) {
      const err = await problem(text(depth));
      expect(err.issues.length, JSON.stringify(err.issues.slice(0, 2))).toBeGreaterThan(0);
      expect(err.message).not.toMatch(/\n\s+at /);
    }
  });

  it('reports 64,000 unknown keys quickly: the first 50 and a count', async () => {
    const keys = Array.from({ length: 64_000 }, (_, i) => `k${i}: 1`).join('\n');
    const t0 = performance.now();
    const err = await problem(`${BASE}${keys}\n`);
    const seconds = (performance.now() - t0) / 1000;
    expect(err.issues).toHaveLength(51);
    expect(err.issues[0]).toMatchObject({ path: '/k0', message: 'unknown key "k0"', line: 16 });
    expect(err.issues[50]!.message).toBe('... and 63,950 more problems (the first 50 are listed)');
    // 68 s before (pairwise summary, the yaml library's pairwise duplicate check); ~1 s now on a quiet machine.
    expect(seconds).toBeLessThan(30);
  });

  it('refuses a device, a directory and an oversized file before reading them', async () => {
    expect((await loadScenario('/dev/zero').catch((e: ScenarioError) => e) as ScenarioError).issues[0]!.message).toContain('not a regular file');
    expect((await loadScenario(dir).catch((e: ScenarioError) => e) as ScenarioError).issues[0]!.message).toContain('is a directory');
    const big = join(dir, 'big.yaml');
    await writeFile(big, `${BASE}# ${'x'.repeat(8 << 20)}\n`);
    expect((await loadScenario(big).catch((e: ScenarioError) => e) as ScenarioError).issues[0]!.message).toContain('scenarios are limited to 8,388,608');
  });
});

describe('the declared world stays within the documented limits (docs/limits.md)', () => {
  it.each([
    ['1,000 vaults of 1,000,000 archives', BASE.replace('regions: [us-east-1]', 'regions: [us-east-1]\n    vaults: [{ count: 1000, archives: 1000000 }]'), '1,000,000,000 pre-existing archives'],
    ['100,000 vaults', BASE.replace('regions: [us-east-1]', `regions: [us-east-1]\n    vaults: [${Array.from({ length: 100 }, () => '{ count: 1000, archives: 0 }').join(', ')}]`), '100,000 pre-existing vaults'],
    ['5,001 account regions', BASE.replace(/accounts:\n {2}- name: a\n {4}regions: \[us-east-1\]\n/, `accounts:\n${Array.from({ length: 5001 }, (_, i) => `  - { name: a${i ? i : ''}, regions: [us-east-1] }`).join('\n')}\n`), '5,001 account regions'],
    ['scripts of 10^10 calls', `${BASE}scripts:\n  - name: s\n    actor: u\n    steps:\n      - repeat: 100000\n        do:\n          - repeat: 100000\n            do: [{ call: ListVaults }]\n`, 'scripted calls'],
  ])('refuses %s at load', async (_what, yaml, words) => {
    const err = await problem(yaml);
    expect(err.issues.map((i) => i.message).join('\n')).toContain(words);
  });
});

describe('CLI time overrides pass the scenario checks (issue 22, item 5)', () => {
  it.each([
    [['--start', '1970-01-01T00:00:00Z'], '--start 1970-01-01T00:00:00Z: Glacier launched on 2012-08-21'],
    [['--duration', '5000d'], '--duration 5000d: the scenario spans 5000 days; at most 400'],
    [['--start', '9999-12-31T23:59:59Z'], '--start 9999-12-31T23:59:59Z: the scenario must end by 9999-12-30T00:00:00Z'],
  ])('generate %j exits 2 and writes nothing', async (flags, message) => {
    const file = join(dir, 'override.yaml');
    await writeFile(file, BASE);
    const out = join(dir, `out-override-${flags[0]}`);
    const run = await runCli(['generate', file, '--out', out, '-q', ...flags]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    await expect(readdir(out)).rejects.toThrow();
  });

  it.each([
    ['1970-01-01T00:00:00Z', 'Glacier launched on 2012-08-21'],
    ['9999-12-29T23:30:00Z', 'could pass 9999-12-30T00:00:00Z'],
  ])('stream --start %s exits 2 before streaming', async (start, message) => {
    const run = await runCli(['stream', '--clock', 'fixed', '--start', start, '--duration', '1s', '--rate', '10', '--to', '-']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });

  it('a scenario starting at 9999-12-31T23:59:59Z is refused (its keys would have +010000 years)', async () => {
    const err = await problem(BASE.replace('2025-01-01T00:00:00Z', '9999-12-31T23:59:59Z'));
    expect(err.issues[0]).toMatchObject({ path: '/start', message: expect.stringContaining('must end by 9999-12-30') });
  });

  it('the API applies the same checks', async () => {
    const { generateRecordLines } = await import('../../src/index.js');
    const file = join(dir, 'api.yaml');
    await writeFile(file, BASE);
    await expect(generateRecordLines(file, { duration: '5000d' }).next()).rejects.toThrow(/at most 400/);
  });
});

describe('unknown keys suggest the key meant', () => {
  it('at every level: top, trail, accounts, actors, activities, steps, nested steps', async () => {
    const err = await problem(`start: 2025-01-01T00:00:00Z
duraton: 1h
trail: { name: trail, homeRegion: us-east-1, prefx: a }
accounts:
  - name: a
    regoins: [us-east-1]
actors:
  - { name: u, account: a, type: IAMUser, orign: tor }
activities: [{ actor: u, rate: 1/hour, mix: auditor, rythm: nightly }]
scripts:
  - name: s
    actor: u
    steps:
      - { call: ListVaults, vualt: x }
      - repeat: 2
        do: [{ call: ListVaults, labl: x }]
`);
    expect(err.issues.map((i) => `${i.line} ${i.path}: ${i.message}`)).toEqual([
      '9 /activities/0/rythm: unknown key "rythm"; did you mean "rhythm"?',
      '8 /actors/0/orign: unknown key "orign"; did you mean "origin"?',
      '2 /duraton: unknown key "duraton"; did you mean "duration"?',
      '16 /scripts/0/steps/1/do/0/labl: unknown key "labl"; did you mean "label"?',
      '14 /scripts/0/steps/0/vualt: unknown key "vualt"; did you mean "vault"?',
      '3 /trail/prefx: unknown key "prefx"; did you mean "prefix"?',
      '6 /accounts/0/regoins: unknown key "regoins"; did you mean "regions"?',
    ].sort((a, b) => (a.split(' ')[1]! < b.split(' ')[1]! ? -1 : 1)));
  });
});
