/**
 * HTTP POST in batches: `batchSize` units per request, newline-delimited
 * (`Content-Type: application/x-ndjson`), at most `concurrency` requests in flight. When all
 * slots are busy, write() returns a promise and the producer stops reading records until one
 * frees up (back-pressure), so a slow receiver shows up as "cannot keep up" in the reports,
 * never as unbounded memory or dropped records.
 *
 * Retries: network errors, timeouts, 429 and 5xx are retried up to `maxAttempts` times with
 * exponential backoff (100 ms doubling to 5 s, jittered); other 4xx fail at once. Every count is
 * in records, whatever a unit holds (a CloudWatch message carries its batch). A batch that fails
 * for good is counted and reported, and makes the command exit 3.
 *
 * Duplicates: an attempt that got no answer (timeout, connection lost) may still have been
 * processed, so a retry that succeeds may deliver its records twice; they are counted as
 * possibly duplicated. Every attempt of a batch carries the same `Idempotency-Key` header
 * (`<run id>-<batch number>`, the header of the IETF httpapi draft
 * draft-ietf-httpapi-idempotency-key-header), so a receiver can drop repeats.
 */
import { hashString } from '../random/hash.js';
import { backoffMs, sleep, type SinkStats, type StreamSink } from './sink.js';

export interface HttpSinkOptions {
  url: string;
  batchSize: number;
  concurrency: number;
  maxAttempts: number;
  /** A partial batch older than this is sent when the producer idles (ms). */
  flushMs: number;
  /** Each request (connect, send, answer) is abandoned after this long (ms). */
  timeoutMs: number;
  headers: Record<string, string>;
  /** Stable prefix of the batches' Idempotency-Key (derived from the run's flags by the CLI). */
  runId: string;
  now(): number;
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';

export class HttpSink implements StreamSink {
  readonly name: string;
  private batch: string[] = [];
  private batchRecords = 0;
  private batchStarted = 0;
  private inflight = new Set<Promise<void>>();
  private waiters: Array<() => void> = [];
  private seq = 0;
  private readonly key: number;
  private readonly s: SinkStats = { delivered: 0, bytes: 0, retries: 0, failed: 0, duplicates: 0 };
  private batches = 0;
  private readonly stop = new AbortController();
  private giveUpTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: HttpSinkOptions) {
    this.name = options.url;
    this.key = hashString(options.url);
  }

  write(unit: string, records: number): void | Promise<void> {
    if (this.batch.length === 0) this.batchStarted = this.options.now();
    this.batch.push(unit);
    this.batchRecords += records;
    if (this.batch.length >= this.options.batchSize) return this.send();
  }

  idle(): void | Promise<void> {
    if (this.batch.length && this.options.now() - this.batchStarted >= this.options.flushMs) return this.send();
  }

  giveUp(afterMs: number): void {
    if (this.stop.signal.aborted) return;
    clearTimeout(this.giveUpTimer);
    this.giveUpTimer = setTimeout(() => this.stop.abort(), afterMs);
    this.giveUpTimer.unref();
  }

  private send(): void | Promise<void> {
    const units = this.batch;
    const records = this.batchRecords;
    this.batch = [];
    this.batchRecords = 0;
    const p: Promise<void> = this.post(units.join('\n') + '\n', records, this.seq++).finally(() => {
      this.inflight.delete(p);
      this.waiters.shift()?.();
    });
    this.inflight.add(p);
    if (this.inflight.size >= this.options.concurrency) return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  private async post(body: string, records: number, seq: number): Promise<void> {
    let error = '';
    let unanswered = 0;
    const headers = { 'content-type': 'application/x-ndjson', ...this.options.headers, [IDEMPOTENCY_HEADER]: `${this.options.runId}-${seq}` };
    for (let attempt = 1; attempt <= this.options.maxAttempts && !this.stop.signal.aborted; attempt++) {
      if (attempt > 1) {
        this.s.retries++;
        await sleep(backoffMs(attempt - 1, this.key ^ seq), this.stop.signal);
        if (this.stop.signal.aborted) break;
      }
      try {
        const res = await fetch(this.options.url, {
          method: 'POST',
          body,
          headers,
          signal: AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs), this.stop.signal]),
        });
        await res.arrayBuffer(); // drain, so the connection returns to the pool
        if (res.ok) {
          this.s.delivered += records;
          this.s.bytes += Buffer.byteLength(body);
          if (unanswered > 0) this.s.duplicates! += records;
          this.batches++;
          return;
        }
        error = `HTTP ${res.status} ${res.statusText}`.trim();
        if (res.status !== 429 && res.status < 500) break;
      } catch (err) {
        const e = err as Error & { cause?: { code?: string; message?: string } };
        unanswered++;
        error = e.name === 'TimeoutError' ? `no answer within ${this.options.timeoutMs / 1000} s` : (e.cause?.code ?? e.cause?.message ?? e.message);
      }
    }
    if (this.stop.signal.aborted) error = `${error ? `${error}; ` : ''}abandoned when the stream stopped`;
    this.s.failed += records;
    this.s.lastError = `batch ${seq}: ${error}`;
  }

  async close(): Promise<void> {
    if (this.batch.length) await this.send();
    while (this.inflight.size) await Promise.all([...this.inflight]);
    clearTimeout(this.giveUpTimer);
  }

  stats(): SinkStats {
    return { ...this.s, detail: `${this.batches} batches` };
  }
}
