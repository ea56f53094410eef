/**
 * Records as NDJSON in time order (one compact record per line): to stdout, a file, or any
 * writable stream. Lines are encoded into 1 MiB byte chunks and the producer waits for 'drain',
 * so a slow consumer (a pipe into a SIEM shipper) holds memory flat.
 */
import { WriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { compilePlan, type CompileOptions } from '../plan/compile.js';
import { BufferPool, ByteBuilder, byteBuffers } from '../render/bytes.js';
import { RecordRenderer } from '../render/record.js';
import type { Scenario } from '../scenario/types.js';
import { calibrateScale, checkpoint, simulate } from '../sim/simulate.js';

export interface NdjsonOptions extends CompileOptions {
  records?: number;
  signal?: AbortSignal;
  onProgress?: (p: { records: number; fraction: number }) => void;
}

/** Bytes per write: 1 MiB chunks make the write syscalls and 'drain' waits negligible (~600 records each). */
const CHUNK_BYTES = 1 << 20;
/** Room for the largest record (STS records with tokens are ~3 KB; scripted policies more). */
const CHUNK_SLACK = 64 * 1024;
const NO_RECYCLING = new BufferPool(0);

export async function writeNdjson(scenario: Scenario, sink: Writable, options: NdjsonOptions = {}): Promise<{ records: number; bytes: number }> {
  const plan = compilePlan(scenario, options);
  const scale = options.records !== undefined ? await calibrateScale(plan, options.records, options.signal) : 1;
  const renderer = new RecordRenderer(plan, '\n');
  // Chunks are recycled only for file streams, whose write callback means the bytes reached the
  // file; any other sink (a PassThrough, a test collecting chunks) may still hold them.
  const pool = sink instanceof WriteStream ? byteBuffers : NO_RECYCLING;
  let chunk = new ByteBuilder(CHUNK_BYTES + CHUNK_SLACK, pool);
  let records = 0;
  let bytes = 0;
  const push = async (data: Buffer): Promise<void> => {
    // A failed write (ENOSPC, EFBIG) destroys the stream: stop at once with its error, instead
    // of writing on into a destroyed stream or waiting for a 'drain' that will never come.
    if (sink.errored) throw sink.errored;
    bytes += data.length;
    const memory = data.buffer as ArrayBuffer;
    if (!sink.write(data, () => pool.give(memory))) await new Promise<void>((resolve, reject) => {
      const settle = (e?: Error | null): void => {
        sink.off('error', settle);
        sink.off('drain', settle);
        sink.off('close', settle);
        const failure = e ?? sink.errored;
        if (failure) reject(failure);
        else resolve();
      };
      sink.once('error', settle);
      sink.once('drain', settle);
      sink.once('close', settle);
    });
  };
  for (const ev of simulate(plan, { rateScale: scale, limit: options.records })) {
    renderer.renderInto(ev, chunk);
    records++;
    if (chunk.length >= CHUNK_BYTES) {
      // A fresh chunk each time: the stream may still hold the previous one.
      await push(chunk.finish());
      chunk = new ByteBuilder(CHUNK_BYTES + CHUNK_SLACK, pool);
      await checkpoint(options.signal);
      options.onProgress?.({ records, fraction: (ev.t - plan.start) / (plan.end - plan.start) });
    }
  }
  if (chunk.length > 0) await push(chunk.finish());
  return { records, bytes };
}

/** Records as strings in time order, rendered lazily. */
export async function* recordLines(scenario: Scenario, options: CompileOptions & { records?: number } = {}): AsyncGenerator<string> {
  const plan = compilePlan(scenario, options);
  const scale = options.records !== undefined ? await calibrateScale(plan, options.records) : 1;
  const renderer = new RecordRenderer(plan);
  for (const ev of simulate(plan, { rateScale: scale, limit: options.records })) yield renderer.render(ev);
}
