/**
 * Stream failure behaviour (issue 22, items 1, 2 and 14): loss and retries counted in records for
 * every format, possibly duplicated records reported with a stable Idempotency-Key per batch,
 * every wait bounded (a sink that never answers, Ctrl-C), framing headers refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startReceiver, TINY, type Receiver } from './helpers.js';

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const FIXED = ['--clock', 'fixed', '--start', '2025-03-04T00:00:00Z', '--seed', '7'];

/** Log events in the CloudWatch messages of some bodies. */
function cloudwatchEvents(bodies: string[]): number {
  let n = 0;
  for (const body of bodies) for (const line of body.trimEnd().split('\n')) n += (JSON.parse(line) as { logEvents: unknown[] }).logEvents.length;
  return n;
}

describe('stream failures are counted in records', () => {
  it('cloudwatch against a sink refusing most requests with 429: FAILED counts records, delivered + failed = all, exit 3', async () => {
    // 85% of requests refused (the reproducer); deterministic by request number.
    receiver = await startReceiver((n, _req, res) => {
      if (n % 20 < 17) {
        res.writeHead(429).end('slow down');
        return true;
      }
      return false;
    });
    const run = await runCli(['stream', TINY, '--rate', '2000', '-d', '1s', '-f', 'cloudwatch', '--cloudwatch-batch', '50', '--batch-size', '2', '--max-attempts', '2', '--to', receiver.url, ...FIXED]);
    expect(run.code, run.stderr).toBe(3);
    const received = cloudwatchEvents(receiver.bodies);
    const failed = Number(/([\d,]+) records could not be delivered/.exec(run.stderr)![1]!.replace(/,/g, ''));
    // The naive count (messages, or lines) would be 25-50x smaller than the records lost.
    expect(failed + received).toBe(2000);
    expect(failed).toBeGreaterThan(1000);
    expect(run.stderr).toMatch(/[\d,]+ records FAILED \(batch \d+: HTTP 429/);
  });

  it('reports records possibly delivered twice when a batch is retried after no answer, with the same Idempotency-Key', async () => {
    // The receiver processes the first request but answers too late: the sender retries it.
    receiver = await startReceiver(async (n) => {
      if (n === 0) await new Promise((r) => setTimeout(r, 1500));
      return false;
    });
    const run = await runCli(['stream', TINY, '--rate', '300', '-d', '1s', '--batch-size', '100', '--concurrency', '1', '--request-timeout', '0.5s', '--to', receiver.url, ...FIXED]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/100 records possibly delivered twice \(retried after no answer; same Idempotency-Key\)/);
    // 3 batches, the first one processed twice once its late answer is in.
    await new Promise((r) => setTimeout(r, 1600));
    expect(receiver.bodies).toHaveLength(4);
  });

  it('sends one Idempotency-Key per batch, the same on every attempt and on a --clock fixed rerun', async () => {
    const seen: string[] = [];
    receiver = await startReceiver((n, req, res) => {
      seen.push(String(req.headers['idempotency-key']));
      if (n === 1) {
        res.writeHead(503).end('retry');
        return true;
      }
      return false;
    });
    const args = ['stream', TINY, '--rate', '300', '-d', '1s', '--batch-size', '100', '--concurrency', '1', '--to', receiver.url, ...FIXED, '-q'];
    expect((await runCli(args)).code).toBe(0);
    const first = [...seen];
    expect(first).toHaveLength(4);
    expect(first[1]).toBe(first[2]); // the retry of batch 1
    expect(new Set(first).size).toBe(3);
    for (const k of first) expect(k).toMatch(/^[0-9a-f]{16}-\d+$/);
    seen.length = 0;
    await runCli(args);
    expect(new Set(seen)).toEqual(new Set(first));
  });
});

describe('every wait is bounded', () => {
  it('a sink that never answers: a 1 s stream ends by duration + request timeout, exit 3, every record accounted', async () => {
    receiver = await startReceiver(() => new Promise<boolean>(() => undefined));
    const t0 = Date.now();
    const run = await runCli(['stream', TINY, '--rate', '200', '-d', '1s', '--request-timeout', '1s', '--batch-size', '50', '--to', receiver.url]);
    const seconds = (Date.now() - t0) / 1000;
    expect(run.code, run.stderr).toBe(3);
    expect(seconds).toBeLessThan(6); // 1 s + 1 s grace + start-up on a loaded machine
    expect(run.stderr).toMatch(/records could not be delivered/);
  });

  it('Ctrl-C with a sink that never answers ends within ~1 s of the signal', async () => {
    receiver = await startReceiver(() => new Promise<boolean>(() => undefined));
    const c = new AbortController();
    let abortedAt = 0;
    setTimeout(() => {
      abortedAt = Date.now();
      c.abort();
    }, 2500);
    const run = await runCli(['stream', TINY, '--rate', '200', '--batch-size', '50', '--to', receiver.url], { signal: c.signal });
    const stop = (Date.now() - abortedAt) / 1000;
    expect(abortedAt).toBeGreaterThan(0);
    expect(stop).toBeLessThan(2);
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toMatch(/abandoned when the stream stopped/);
  });

  it('refuses framing headers, the batch key and CR/LF in --header with exit 2', async () => {
    for (const [h, msg] of [
      ['content-length: 5', 'content-length is set by trailsmith or the HTTP client'],
      ['Transfer-Encoding: chunked', 'transfer-encoding is set by'],
      ['Host: example.com', 'host is set by'],
      ['Idempotency-Key: x', 'idempotency-key is set by'],
      ['X-A: 1\r\nX-B: 2', 'contains a line break or NUL'],
      ['X-A: 1\n', 'contains a line break or NUL'],
      ['Bad Name: 1', 'is not a valid header name'],
    ] as const) {
      const run = await runCli(['stream', TINY, '-d', '1s', '--to', 'http://127.0.0.1:9/x', '--header', h]);
      expect(run.code, h).toBe(2);
      expect(run.stderr).toContain(msg);
    }
    const ok = await runCli(['stream', TINY, '-d', '1s', '--to', 'http://127.0.0.1:9/x', '--header', 'Authorization: Bearer x', '--request-timeout', 'soon']);
    expect(ok.stderr).toContain('--request-timeout soon: expected');
  });
});
