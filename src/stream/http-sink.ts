/**
 * HTTP POST in batches: `batchSize` units per request, newline-delimited
 * (`Content-Type: application/x-ndjson`), at most `concurrency` requests in flight. When all
 * slots are busy, write() returns a promise and the producer stops reading records until one
 * frees up (back-pressure), so a slow receiver shows up as "cannot keep up" in the reports,
 * never as unbounded memory or dropped records.
 *
 * Retries: network errors, timeouts, 429 and 5xx are retried up to `maxAttempts` times with
 * exponential backoff (100 ms doubling to 5 s, jittered); other 4xx fail at once. A batch that
 * fails for good is counted and reported, and makes the command exit 3.
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
  timeoutMs: number;
  headers: Record<string, string>;
  now(): number;
}

export class HttpSink implements StreamSink {
  readonly name: string;
  private batch: string[] = [];
  private batchStarted = 0;
  private inflight = new Set<Promise<void>>();
  private waiters: Array<() => void> = [];
  private seq = 0;
  private readonly key: number;
  private readonly s: SinkStats = { delivered: 0, bytes: 0, retries: 0, failed: 0 };
  private batches = 0;

  constructor(private readonly options: HttpSinkOptions) {
    this.name = options.url;
    this.key = hashString(options.url);
  }

  write(unit: string): void | Promise<void> {
    if (this.batch.length === 0) this.batchStarted = this.options.now();
    this.batch.push(unit);
    if (this.batch.length >= this.options.batchSize) return this.send();
  }

  idle(): void | Promise<void> {
    if (this.batch.length && this.options.now() - this.batchStarted >= this.options.flushMs) return this.send();
  }

  private send(): void | Promise<void> {
    const units = this.batch;
    this.batch = [];
    const p: Promise<void> = this.post(units.join('\n') + '\n', units.length, this.seq++).finally(() => {
      this.inflight.delete(p);
      this.waiters.shift()?.();
    });
    this.inflight.add(p);
    if (this.inflight.size >= this.options.concurrency) return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  private async post(body: string, units: number, seq: number): Promise<void> {
    let error = '';
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt++) {
      if (attempt > 1) {
        this.s.retries++;
        await sleep(backoffMs(attempt - 1, this.key ^ seq));
      }
      try {
        const res = await fetch(this.options.url, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/x-ndjson', ...this.options.headers },
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        await res.arrayBuffer(); // drain, so the connection returns to the pool
        if (res.ok) {
          this.s.delivered += units;
          this.s.bytes += Buffer.byteLength(body);
          this.batches++;
          return;
        }
        error = `HTTP ${res.status} ${res.statusText}`.trim();
        if (res.status !== 429 && res.status < 500) break;
      } catch (err) {
        const e = err as Error & { cause?: { code?: string; message?: string } };
        error = e.cause?.code ?? e.cause?.message ?? e.message;
      }
    }
    this.s.failed += units;
    this.s.lastError = `batch ${seq}: ${error}`;
  }

  async close(): Promise<void> {
    if (this.batch.length) await this.send();
    while (this.inflight.size) await Promise.all([...this.inflight]);
  }

  stats(): SinkStats {
    return { ...this.s, detail: `${this.batches} batches` };
  }
}
