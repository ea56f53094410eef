/** `trailsmith stream` through the real parser: pacing, formats, reproducibility, Ctrl-C. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { listFiles, removeDir, tempDir } from '../helpers/tree.js';
import { expectValidRecords, TINY } from './helpers.js';

let dir = '';
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => removeDir(dir));

const FIXED = ['--clock', 'fixed', '--start', '2025-03-04T00:00:00Z', '--seed', '7', '-q'];

describe('trailsmith stream', () => {
  it('holds a fixed rate on the live clock: 1,000/s for 3 s gives 3,000 valid records in ~3 s', async () => {
    const file = join(dir, 'rate.ndjson');
    const t0 = Date.now();
    const run = await runCli(['stream', TINY, '--rate', '1000', '--duration', '3s', '--to', file, '--report-every', '1s']);
    const seconds = (Date.now() - t0) / 1000;
    expect(run.code, run.stderr).toBe(0);
    const records = expectValidRecords(await readFile(file, 'utf8'));
    expect(Math.abs(records.length - 3000)).toBeLessThanOrEqual(60); // ±2%
    // Paced, not dumped: the 3,000 records took about 3 s (start-up included).
    expect(seconds).toBeGreaterThan(2.9);
    expect(seconds).toBeLessThan(8); // start-up is ~0.5 s idle, ~2 s on a loaded shared machine
    expect(run.stderr).toMatch(/stream: 1\.\d s {2}[\d,]+ records {2}[\d,]+\/s \(requested 1,000\/s\)/);
    expect(run.stderr, run.stderr).toMatch(/streamed 3,000 records \(.+\) in 3\.\d\d s \([\d,]+\/s, requested 1,000\/s\)/);
    // eventTimes follow the live clock, one second per 1,000 records, in order.
    const times = records.map((r) => r.eventTime as string);
    expect([...times].sort()).toEqual(times);
    expect(new Set(times).size).toBeGreaterThanOrEqual(3);
    expect(Math.abs(Date.parse(times[0]!) - t0)).toBeLessThan(5000);
  });

  it('is reproducible with --clock fixed and --start', async () => {
    const a = await runCli(['stream', TINY, '--rate', '100', '-d', '10s', ...FIXED]);
    const b = await runCli(['stream', TINY, '--rate', '100', '-d', '10s', ...FIXED]);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const records = expectValidRecords(a.stdout);
    expect(records).toHaveLength(1000);
    expect(records[0]!.eventTime).toBe('2025-03-04T00:00:00Z');
    expect(records.at(-1)!.eventTime).toBe('2025-03-04T00:00:09Z');
    // --speed 60: the same 10 s cover 10 simulated minutes.
    const fast = await runCli(['stream', TINY, '--rate', '100', '-d', '10s', '--speed', '60', ...FIXED]);
    expect(expectValidRecords(fast.stdout).at(-1)!.eventTime).toBe('2025-03-04T00:09:59Z');
  });

  it('writes the same bytes to a file (chunks recycled once written) as to stdout (fresh chunks)', async () => {
    // ~10 MB unpaced: about ten 1 MiB chunks, each handed over whole or copied out.
    const file = join(dir, 'chunks.ndjson');
    const toFile = await runCli(['stream', TINY, '--rate', '2000', '-d', '3s', '--to', file, ...FIXED]);
    const toStdout = await runCli(['stream', TINY, '--rate', '2000', '-d', '3s', ...FIXED]);
    expect(toFile.code, toFile.stderr).toBe(0);
    const text = await readFile(file, 'utf8');
    expect(text.length).toBeGreaterThan(8 * 2 ** 20);
    expect(text).toBe(toStdout.stdout);
    expect(expectValidRecords(text)).toHaveLength(6000);
  });

  it('keeps session creationDate at or before eventTime after the time shift', async () => {
    const run = await runCli(['stream', TINY, '--rate', '500', '-d', '20s', ...FIXED]);
    for (const r of expectValidRecords(run.stdout)) {
      const created = (r.userIdentity as { sessionContext?: { attributes?: { creationDate?: string } } }).sessionContext?.attributes?.creationDate;
      if (created) expect(created <= (r.eventTime as string)).toBe(true);
    }
  });

  it('wraps records in the EventBridge envelope with ids derived from eventID', async () => {
    const a = await runCli(['stream', TINY, '--rate', '50', '-d', '2s', '-f', 'eventbridge', ...FIXED]);
    expect(a.code, a.stderr).toBe(0);
    const lines = a.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(100);
    for (const e of lines) {
      const detail = e.detail as Record<string, unknown>;
      expect(Object.keys(e)).toEqual(['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail']);
      expect(e.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(e.source).toBe(`aws.${(detail.eventSource as string).split('.')[0]}`);
      expect([e.account, e.time, e.region]).toEqual([detail.recipientAccountId, detail.eventTime, detail.awsRegion]);
      expect(validateRecord(detail).errors).toEqual([]);
    }
    expect(new Set(lines.map((e) => e.id)).size).toBe(100);
  });

  it('writes each record the same as an NDJSON line (rendered into bytes) and inside an EventBridge envelope (a string)', async () => {
    const lines = await runCli(['stream', TINY, '--rate', '200', '-d', '5s', ...FIXED]);
    const envelopes = await runCli(['stream', TINY, '--rate', '200', '-d', '5s', '-f', 'eventbridge', ...FIXED]);
    expect(lines.code, lines.stderr).toBe(0);
    const details = envelopes.stdout.trimEnd().split('\n').map((l) => l.slice(l.indexOf(',"detail":') + ',"detail":'.length, -1));
    expect(details).toHaveLength(1000);
    expect(lines.stdout.trimEnd().split('\n')).toEqual(details);
  });

  it('batches CloudWatch Logs subscription messages, plain or gzip+base64', async () => {
    const run = await runCli(['stream', TINY, '--rate', '100', '-d', '3s', '-f', 'cloudwatch', '--cloudwatch-batch', '40', ...FIXED]);
    expect(run.code, run.stderr).toBe(0);
    const messages = run.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { messageType: string; owner: string; logStream: string; logEvents: Array<{ id: string; timestamp: number; message: string }> });
    expect(messages.reduce((n, m) => n + m.logEvents.length, 0)).toBe(300);
    for (const m of messages) {
      expect(m.messageType).toBe('DATA_MESSAGE');
      expect(m.logEvents.length).toBeLessThanOrEqual(40);
      for (const ev of m.logEvents) {
        const r = JSON.parse(ev.message) as { eventTime: string; recipientAccountId: string; awsRegion: string };
        expect(ev.id).toMatch(/^\d{56}$/);
        expect(ev.timestamp).toBe(Date.parse(r.eventTime));
        expect(m.logStream).toBe(`${r.recipientAccountId}_CloudTrail_${r.awsRegion}`);
      }
    }
    const gz = await runCli(['stream', TINY, '--rate', '100', '-d', '3s', '-f', 'cloudwatch', '--cloudwatch-batch', '40', '--cloudwatch-encoding', 'gzip', ...FIXED]);
    const decoded = gz.stdout.trimEnd().split('\n').map((l) => gunzipSync(Buffer.from(l, 'base64')).toString());
    expect(decoded.join('\n')).toBe(run.stdout.trimEnd());
  });

  it('delivers S3-layout files on the delivery cadence into s3-dir:', async () => {
    const out = join(dir, 'bucket');
    const run = await runCli(['stream', TINY, '--rate', '200', '-d', '10s', '--speed', '180', '--to', `s3-dir:${out}`, ...FIXED]);
    expect(run.code, run.stderr).toBe(0);
    const files = await listFiles(out);
    expect(files.length).toBeGreaterThan(3);
    let total = 0;
    for (const f of files) {
      expect(f).toMatch(/CloudTrail\/[a-z0-9-]+\/2025\/03\/04\/\d{12}_CloudTrail_[a-z0-9-]+_20250304T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/);
      const body = JSON.parse(gunzipSync(await readFile(join(out, f))).toString()) as { Records: unknown[] };
      total += body.Records.length;
    }
    expect(total).toBe(2000);
  });

  it('Ctrl-C flushes whole lines, exits 0 and leaves no temporary files', async () => {
    const file = join(dir, 'abort.ndjson');
    const out = join(dir, 'abort-bucket');
    const abortAfter = (ms: number): AbortSignal => {
      const c = new AbortController();
      setTimeout(() => c.abort(), ms);
      return c.signal;
    };
    const [a, b] = await Promise.all([
      runCli(['stream', TINY, '--rate', '3000', '--to', file, '--report-every', '10s'], { signal: abortAfter(1500) }),
      runCli(['stream', TINY, '--rate', '3000', '--speed', '600', '--to', `s3-dir:${out}`], { signal: abortAfter(1500) }),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stderr).toContain('stopped by Ctrl-C after flushing');
    const records = expectValidRecords(await readFile(file, 'utf8'));
    expect(records.length).toBeGreaterThan(1000);
    expect(records.length).toBeLessThan(9000);
    expect(b.code, b.stderr).toBe(0);
    const files = await listFiles(out);
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((f) => !f.endsWith('.json.gz'))).toEqual([]);
    for (const f of files) expect(JSON.parse(gunzipSync(await readFile(join(out, f))).toString())).toHaveProperty('Records');
    expect((await readdir(dir)).filter((f) => f.includes('.partial'))).toEqual([]);
  });

  it('rejects bad flags with exit 2', async () => {
    for (const [args, msg] of [
      [['--rate', 'fast', '-d', '1s'], '--rate fast: expected records per second'],
      [['--to', 's3://bucket/x'], 'stream writes the S3 layout to a directory'],
      [['--clock', 'fixed'], '--clock fixed needs --duration'],
      [['--to', 'ftp://x/y'], 'unsupported scheme'],
      [['-f', 'eventbridge', '--to', 's3-dir:/tmp/x'], '--format eventbridge does not apply'],
    ] as const) {
      const run = await runCli(['stream', TINY, ...args]);
      expect(run.code, msg).toBe(2);
      expect(run.stderr).toContain(msg);
    }
  });
});

import { validateRecord } from '../../src/validate/index.js';
