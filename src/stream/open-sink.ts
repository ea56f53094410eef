/** Destination → sink. */
import type { Writable } from 'node:stream';
import type { Destination } from './destination.js';
import { HttpSink } from './http-sink.js';
import { LineSink, openFileSink } from './line-sink.js';
import { S3DirSink } from './s3-dir-sink.js';
import type { StreamSink } from './sink.js';
import type { StreamSource } from './source.js';

export interface SinkOptions {
  stdout: Writable;
  batchSize: number;
  concurrency: number;
  maxAttempts: number;
  headers: Record<string, string>;
  /** HTTP: each request's timeout (ms). */
  requestTimeoutMs: number;
  /** HTTP: prefix of the batches' Idempotency-Key. */
  runId: string;
  force: boolean;
  now(): number;
}

export async function openSink(dest: Destination, source: StreamSource, o: SinkOptions): Promise<StreamSink> {
  switch (dest.kind) {
    case 'stdout':
      return new LineSink('stdout', o.stdout, false);
    case 'file':
      return openFileSink(dest.path);
    case 'http':
      return new HttpSink({ url: dest.url, batchSize: o.batchSize, concurrency: o.concurrency, maxAttempts: o.maxAttempts, headers: o.headers, flushMs: 1000, timeoutMs: o.requestTimeoutMs, runId: o.runId, now: o.now });
    case 's3-dir':
      return S3DirSink.open(dest.path, source.plan, source.renderer, o.force);
  }
}
