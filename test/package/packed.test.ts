/**
 * The library API as users get it: `npm pack`, install the tarball into a scratch project
 * (dependencies linked from this checkout, so no network), import from 'trailsmith', and get
 * 20 records in milliseconds.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../helpers/tree.js';

const ROOT = new URL('../../', import.meta.url).pathname;
let scratch = '';

beforeAll(async () => {
  scratch = await tempDir('trailsmith-pack-');
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const filename = (JSON.parse(out) as Array<{ filename: string }>)[0]!.filename;
  const pkg = join(scratch, 'node_modules', 'trailsmith');
  await mkdir(pkg, { recursive: true });
  execFileSync('tar', ['-xzf', join(scratch, filename), '-C', pkg, '--strip-components=1']);
  for (const dep of await readdir(join(ROOT, 'node_modules'))) {
    if (dep === '.bin' || dep === 'trailsmith') continue;
    await symlink(join(ROOT, 'node_modules', dep), join(scratch, 'node_modules', dep)).catch(() => undefined);
  }
  // A version of its own, as after `npm init -y`: `trailsmith --version` must not print it.
  await writeFile(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', type: 'module', private: true }));
}, 120_000);
afterAll(() => removeDir(scratch));

describe('packed package', () => {
  it('ships dist, schemas and examples, and works through the exports map', async () => {
    await writeFile(join(scratch, 'use.mjs'), `
import { generateRecords, loadScenario, generateFiles, OPERATION_NAMES, ScenarioError, validateRecord } from 'trailsmith';
import { createRequire } from 'node:module';
const t0 = performance.now();
const records = [];
for await (const r of generateRecords('node_modules/trailsmith/examples/ci-fixture.scenario.yaml', { seed: 3, records: 20 })) records.push(r);
const ms = performance.now() - t0;
const { scenario } = await loadScenario({ start: '2025-01-01T00:00:00Z', duration: '1h', trail: { name: 'trail', homeRegion: 'us-east-1' }, accounts: [{ name: 'a', regions: ['us-east-1'] }], actors: [{ name: 'u', account: 'a', type: 'IAMUser' }], activities: [{ actor: 'u', rate: '60/hour', mix: 'auditor' }] });
const bad = await loadScenario({}).catch((e) => e instanceof ScenarioError);
const allValid = records.every((r) => validateRecord(r, { strict: true }).valid);
const broken = validateRecord({ ...records[0], eventTime: 'yesterday' });
const schema = createRequire(import.meta.url).resolve('trailsmith/schemas/scenario.schema.json');
console.log(JSON.stringify({ n: records.length, first: records[0].eventSource, ops: OPERATION_NAMES.length, ms, accounts: scenario.accounts.length, bad, schema: schema.endsWith('scenario.schema.json'), allValid, brokenPaths: broken.errors.map((e) => e.path) }));
`);
    const out = execFileSync(process.execPath, ['use.mjs'], { cwd: scratch, encoding: 'utf8' });
    const result = JSON.parse(out) as { n: number; first: string; ops: number; ms: number; accounts: number; bad: boolean; schema: boolean; allValid: boolean; brokenPaths: string[] };
    expect(result).toMatchObject({ n: 20, first: 'glacier.amazonaws.com', ops: 33, accounts: 1, bad: true, schema: true, allValid: true, brokenPaths: ['/eventTime'] });
    expect(result.ms).toBeLessThan(2000);
  });

  it('prints trailsmith\'s own version, not the host project\'s, from any working directory', async () => {
    const own = (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(own).not.toBe('1.0.0');
    const bin = join(scratch, 'node_modules', 'trailsmith', 'bin', 'trailsmith.js');
    for (const cwd of [scratch, join(scratch, 'node_modules'), '/']) {
      expect(execFileSync(process.execPath, [bin, '--version'], { cwd, encoding: 'utf8' }).trim(), cwd).toBe(own);
    }
  });

  it('loads from CommonJS too (require of the ESM entry, Node >= 20.19)', async () => {
    await writeFile(join(scratch, 'use.cjs'), `
const { generateRecordLines, OPERATION_NAMES } = require('trailsmith');
(async () => {
  let n = 0;
  for await (const _ of generateRecordLines('node_modules/trailsmith/examples/ci-fixture.scenario.yaml', { seed: 3, records: 5 })) n++;
  console.log(JSON.stringify({ n, ops: OPERATION_NAMES.length }));
})();
`);
    const out = execFileSync(process.execPath, ['use.cjs'], { cwd: scratch, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ n: 5, ops: 33 });
  });

  it('takes what loadScenario returns: generateRecords(await loadScenario(path)), with labels on request', async () => {
    await writeFile(join(scratch, 'loaded.mjs'), `
import { generateRecords, loadScenario } from 'trailsmith';
const path = 'node_modules/trailsmith/examples/ci-fixture.scenario.yaml';
const ids = [];
for await (const r of generateRecords(await loadScenario(path), { seed: 3 })) ids.push(r.eventID);
const same = [];
for await (const r of generateRecords(path, { seed: 3 })) same.push(r.eventID);
const labelled = [];
for await (const { record, labels } of generateRecords(await loadScenario(path), { seed: 3, withLabels: true })) if (labels.length) labelled.push(record.eventName);
console.log(JSON.stringify({ n: ids.length, same: JSON.stringify(ids) === JSON.stringify(same), labelled }));
`);
    const result = JSON.parse(execFileSync(process.execPath, ['loaded.mjs'], { cwd: scratch, encoding: 'utf8' })) as { n: number; same: boolean; labelled: string[] };
    expect(result.n).toBeGreaterThan(20);
    expect(result.same).toBe(true);
    expect(result.labelled).toContain('DeleteVault');
  });

  it('installs a working trailsmith binary', () => {
    const out = execFileSync(process.execPath, [join(scratch, 'node_modules', 'trailsmith', 'bin', 'trailsmith.js'), 'generate', '-f', 'ndjson', '-o', '-', '-n', '5', '-q'], { cwd: scratch, encoding: 'utf8' });
    expect(out.trim().split('\n')).toHaveLength(5);
  });
});
