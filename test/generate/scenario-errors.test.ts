/** Broken scenarios fail with the file, the path in the scenario, the line, and exit code 2, and write nothing. */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
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
