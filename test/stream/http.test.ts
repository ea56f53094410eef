/** The HTTP sink against a local node:http receiver: batches, retry of a 500, back-pressure. */
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { expectValidRecords, startReceiver, TINY, type Receiver } from './helpers.js';

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('trailsmith stream --to http://...', () => {
  it('POSTs NDJSON batches and retries an injected 500', async () => {
    receiver = await startReceiver((n, _req, res) => {
      if (n !== 1) return false;
      res.writeHead(500).end('injected');
      return true;
    });
    const run = await runCli(['stream', TINY, '--rate', '1000', '-d', '2s', '--to', receiver.url, '--batch-size', '100', '--concurrency', '2']);
    expect(run.code, run.stderr).toBe(0);
    expect(receiver.bodies).toHaveLength(20);
    for (const body of receiver.bodies) expect(body.trimEnd().split('\n')).toHaveLength(100);
    const records = expectValidRecords(receiver.bodies.join(''));
    expect(new Set(records.map((r) => r.eventID)).size).toBe(2000);
    expect(receiver.requests).toBe(21);
    expect(run.stderr).toMatch(/streamed 2,000 records \(.+\) in [\d.]+ s \(.+\) to http:\/\/127\.0\.0\.1:\d+\/ingest \(20 batches, 1 retried\)/);
  });

  it('holds back when the receiver is slow and says it cannot keep up, without dropping records', async () => {
    receiver = await startReceiver(async () => {
      await new Promise((r) => setTimeout(r, 150));
      return false;
    });
    // 1 request in flight, 50 lines per request, 150 ms each: at most ~330 lines/s of 1,000/s requested.
    const run = await runCli(['stream', TINY, '--rate', '1000', '-d', '1s', '--to', receiver.url, '--batch-size', '50', '--concurrency', '1', '--report-every', '0.5s']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/CANNOT KEEP UP: achieved \d+\/s of 1,000\/s requested; [\d,]+ records behind schedule \(none dropped/);
    expect(expectValidRecords(receiver.bodies.join(''))).toHaveLength(1000);
  });

  it('exits 3 and names the error when batches fail for good', async () => {
    receiver = await startReceiver((_n, _req, res) => {
      res.writeHead(400).end('bad');
      return true;
    });
    const run = await runCli(['stream', TINY, '--rate', '200', '-d', '1s', '--to', receiver.url, '--batch-size', '100', '-q']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/200 records could not be delivered to http:\/\/127\.0\.0\.1:\d+\/ingest \(.+ up to 5 attempts; other 4xx not retried; last error: batch \d: HTTP 400 Bad Request\)/);
    expect(receiver.requests).toBe(2); // 4xx is not retried
  });
});
