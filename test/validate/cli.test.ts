/** `trailsmith validate` through the real parser: report formats, exit codes, inputs. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../helpers/tree.js';
import { glacierRecord, REAL_DIR, runValidate, type JsonReport } from './helpers.js';

const ACCT = '111122223333';
const KEY = `AWSLogs/${ACCT}/CloudTrail/us-west-2/2025/03/04/${ACCT}_CloudTrail_us-west-2_20250304T0920Z_Mu0KsOhtH1ar15ZZ.json.gz`;
let dir = '';
let good = '';
let bad = '';
beforeAll(async () => {
  dir = await tempDir('trailsmith-validate-cli-');
  good = join(dir, 'good');
  bad = join(dir, 'bad');
  await mkdir(join(good, KEY, '..'), { recursive: true });
  await writeFile(join(good, KEY), gzipSync(JSON.stringify({ Records: [glacierRecord()] })));
  await writeFile(join(good, 'labels.ndjson'), '{"eventID":"x","labels":["y"]}\n'); // ours: skipped in walks
  await mkdir(join(good, 'CloudTrail-PublicKeys'), { recursive: true });
  await writeFile(join(good, 'CloudTrail-PublicKeys', 'k.pem'), '-----BEGIN RSA PUBLIC KEY-----\n');
  await mkdir(join(bad, KEY, '..'), { recursive: true });
  const broken = { ...glacierRecord(), eventTime: '2025-03-04 09:15:02', extra: true, eventID: '5f0e6a4b-3c2d-4e1f-9a8b-7c6d5e4f3a2b' };
  await writeFile(join(bad, KEY), gzipSync(JSON.stringify({ Records: [glacierRecord(), broken] })));
  await writeFile(join(bad, 'garbage.json.gz'), Buffer.from('not gzip at all'));
});
afterAll(() => removeDir(dir));

describe('trailsmith validate', () => {
  it('exits 0 and prints a summary with records/s for a valid tree', async () => {
    const run = await runValidate([good]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^OK: 1 file, 1 record: 1 valid, 0 invalid in [\d.]+ s \([\d,]+ records\/s\)\n$/);
  });

  it('lists file:record: /pointer: message lines and exits 1', async () => {
    const run = await runValidate([bad]);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toContain(`${join(bad, KEY)}:1: /eventTime: "2025-03-04 09:15:02" is not a real UTC time in whole seconds, YYYY-MM-DDTHH:MM:SSZ, as CloudTrail writes eventTime`);
    expect(lines).toContain(`${join(bad, KEY)}:1: /extra: warning: unknown field "extra" (not in the documented format)`);
    expect(lines).toContain(`${join(bad, 'garbage.json.gz')}: not gzip data (no gzip header), though the name ends in .gz`);
    expect(lines.at(-1)).toMatch(/^FAIL: 2 files, 2 records: 1 valid, 2 invalid, 1 warning in /);
  });

  it('--format json prints one object with summary and results', async () => {
    const run = await runValidate(['--format', 'json', bad]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.summary).toMatchObject({ files: 2, records: 2, valid: 1, invalid: 2 });
    expect(typeof report.summary.recordsPerSecond).toBe('number');
    expect(report.results).toEqual([
      { file: join(bad, KEY), record: 1, valid: false, errors: [{ path: '/eventTime', message: expect.any(String) }], warnings: [{ path: '/extra', message: expect.any(String) }] },
      { file: join(bad, 'garbage.json.gz'), record: null, valid: false, errors: [{ path: '', message: expect.stringContaining('not gzip') }] },
    ]);
  });

  it('--strict turns warnings into errors', async () => {
    const run = await runValidate(['--strict', '--format', 'json', bad]);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.results[0]!.errors.map((e) => e.path)).toEqual(['/eventTime', '/extra']);
    expect(report.results[0]!.warnings).toBeUndefined();
  });

  it('--quiet prints errors only', async () => {
    const run = await runValidate(['--quiet', bad]);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(/warning|FAIL/);
    expect(run.stdout).toContain('/eventTime');
    expect((await runValidate(['-q', good])).stdout).toBe('');
  });

  it('reads - from stdin: a log file, gzip or not, or NDJSON', async () => {
    const log = JSON.stringify({ Records: [glacierRecord()] }, null, 2);
    expect((await runValidate(['-'], log)).code).toBe(0);
    expect((await runValidate(['-'], gzipSync(log))).code).toBe(0);
    const nd = `${JSON.stringify(glacierRecord())}\n${JSON.stringify({ ...glacierRecord(), eventID: 'nope' })}\n`;
    const run = await runValidate(['-'], nd);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('-:1: /eventID: "nope" is not');
  });

  it('validates the real records (NDJSON files) and a mix of inputs', async () => {
    const run = await runValidate(['--strict', REAL_DIR, good]);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/^OK: 9 files, 174 records: 174 valid, 0 invalid/);
  });

  it('exits 2 for a missing path, after validating the rest', async () => {
    const run = await runValidate(['--format', 'json', good, join(dir, 'missing')]);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.summary).toMatchObject({ files: 2, records: 1, valid: 1 });
    expect(report.results).toEqual([{ file: join(dir, 'missing'), record: null, valid: false, errors: [{ path: '', message: expect.stringContaining('ENOENT') }] }]);
  });

  it('exits 2 for usage errors and for a directory with nothing to validate', async () => {
    expect((await runValidate([])).code).toBe(2);
    expect((await runValidate(['--format', 'xml', good])).code).toBe(2);
    expect((await runValidate(['--bogus', good])).code).toBe(2);
    const empty = join(dir, 'empty');
    await mkdir(empty, { recursive: true });
    const run = await runValidate([empty]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no CloudTrail files found');
  });

  it('gives empty stdin the verdict of an empty .json file (exit 1, one message)', async () => {
    const file = join(dir, 'empty.json');
    await writeFile(file, '');
    const fromFile = await runValidate(['--format', 'json', file]);
    const fromStdin = await runValidate(['--format', 'json', '-'], '');
    expect(fromFile.code).toBe(1);
    expect(fromStdin.code).toBe(1);
    const message = (r: { stdout: string }): string => (JSON.parse(r.stdout) as JsonReport).results[0]!.errors[0]!.message;
    expect(message(fromStdin)).toBe(message(fromFile));
    expect(message(fromStdin)).toMatch(/^empty input/);
    expect((await runValidate(['-'], '  \n\n')).code).toBe(1);
  });

  it('escapes file names, pointers and keys with control characters in text reports, as JSON does', async () => {
    const forged = join(dir, 'x\nOK: 1 file, 1 record: 1 valid\u001b[2K.json');
    await writeFile(forged, JSON.stringify({ Records: [{ ...glacierRecord(), 'a\nb\u001b[31m': 1 }] }));
    const run = await runValidate([forged]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2); // the warning and the summary: no forged line
    expect(lines[0]).toBe(`${JSON.stringify(forged)}:0: /a\\u000ab\\u001b[31m: warning: unknown field "a\\u000ab\\u001b[31m" (not in the documented format)`);
    expect(run.stdout).not.toContain('\u001b');
  });
});
