/** Where a stream goes. Sinks take whole units (lines) or, for the S3 layout, the events themselves. */
import { mixUnit } from '../random/hash.js';
import type { RecordRenderer } from '../render/record.js';
import type { SimEvent } from '../sim/event.js';

export interface SinkStats {
  /** Records accepted by the destination (a CloudWatch message or an HTTP batch counts its records). */
  delivered: number;
  bytes: number;
  /** Requests retried, and records that failed for good (reported, never silent). */
  retries: number;
  failed: number;
  /**
   * Records of batches that succeeded after an attempt went unanswered (timeout, connection
   * lost after sending): the receiver may have processed that attempt too. Receivers drop the
   * repeats by the batch's Idempotency-Key header.
   */
  duplicates?: number;
  lastError?: string;
  /** Sink-specific detail for the report line, e.g. `12 files`. */
  detail?: string;
}

export interface StreamSink {
  readonly name: string;
  /** One unit, without its newline, holding `records` records (a CloudWatch message: its batch). Returns a promise only when the producer must wait (back-pressure). */
  write?(unit: string, records: number): void | Promise<void>;
  /** NDJSON records rendered straight into the sink's bytes (line sinks), instead of write(render(ev)). */
  writeRecord?(ev: SimEvent, renderer: RecordRenderer): void | Promise<void>;
  /** Sinks that render the events themselves (the S3 layout) take this instead of write. */
  writeEvent?(ev: SimEvent): void | Promise<void>;
  /** Set when the destination went away for good (a closed pipe): the stream ends normally. */
  readonly ended?: boolean;
  /** The producer is about to wait for the clock: push out what is buffered. */
  idle(): void | Promise<void>;
  /** Deliver everything still held, then release resources. Called at the end and after Ctrl-C. */
  close(): Promise<void>;
  /** Remove temporary files after a failure (a file sink cuts its file back to the last whole line). */
  abort?(): Promise<void>;
  /** Stop waiting: requests still in flight `afterMs` from now are aborted and their records counted as failed. */
  giveUp?(afterMs: number): void;
  stats(): SinkStats;
}

/** Exponential backoff with jitter from a counter hash (no Math.random in src/): 100 ms, 200 ms, ... up to 5 s, times 0.5-1. */
export function backoffMs(attempt: number, key: number): number {
  const base = Math.min(5000, 100 * 2 ** (attempt - 1));
  return Math.round(base * (0.5 + 0.5 * mixUnit(key, attempt, 0)));
}

/** setTimeout as a promise that also resolves early when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
