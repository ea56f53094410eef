/**
 * Records as NDJSON in time order (one compact record per line): to stdout, a file, or any
 * writable stream. Lines are encoded into 1 MiB byte chunks and the producer waits for 'drain',
 * so a slow consumer (a pipe into a SIEM shipper) holds memory flat.
 */
import { WriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { compileOptionsOf, compilePlan, type CompileOptions } from '../plan/compile.js';
import type { Plan } from '../plan/types.js';
import { BufferPool, ByteBuilder, byteBuffers } from '../render/bytes.js';
import { RecordRenderer } from '../render/record.js';
import type { Scenario } from '../scenario/types.js';
import { EXACT_CALIBRATION_MAX, fitRecords, NEEDS_COUNT, RefitNeeded, simulateBeside, simulateRecords, startFit, type PendingFit, type RecordFit } from '../sim/calibrate.js';
import { startCounter } from '../sim/count-beside.js';
import { checkpoint } from '../sim/simulate.js';
import { checkRunSize } from './estimate.js';
import { StepWarnings } from './step-warnings.js';

export interface NdjsonOptions extends CompileOptions {
  records?: number;
  signal?: AbortSignal;
  onProgress?: (p: { records: number; fraction: number }) => void;
  /** --records N: events simulated so far by the counting passes that size the run. */
  onCalibration?: (events: number) => void;
  /** Refuse before any work a run estimated above this many records (delivery/estimate.ts); default: no limit. */
  maxRecords?: number;
  /**
   * A fresh, empty sink to start over in (the CLI's temporary file, recreated). Given it, a run
   * above 250 k records starts writing while its exact count is taken on another thread, and in
   * the rare case the count rules the pilot's scale out, starts again in the new sink (same bytes
   * either way: sim/calibrate.ts startFit). Without it the count comes first.
   */
  rewind?: () => Promise<Writable>;
}

/** Bytes per write: 1 MiB chunks make the write syscalls and 'drain' waits negligible (~600 records each). */
const CHUNK_BYTES = 1 << 20;
/** Room for the largest record (STS records with tokens are ~3 KB; scripted policies more). */
const CHUNK_SLACK = 64 * 1024;
const NO_RECYCLING = new BufferPool(0);

export interface NdjsonResult {
  records: number;
  bytes: number;
  /** Lines of the labels file (`{"eventID","labels","step"}`), one per labelled record, in record order. */
  labelLines: string[];
  /** Scripted calls that failed without `fail:`/`expect: failure` (stderr warnings). */
  warnings: string[];
}

export async function writeNdjson(scenario: Scenario, sink: Writable, options: NdjsonOptions = {}): Promise<NdjsonResult> {
  const plan = compilePlan(scenario, options);
  if (options.maxRecords !== undefined) checkRunSize(plan, options.records, options.maxRecords);
  const { records, rewind, signal, onCalibration } = options;
  if (records === undefined) return writeRun(plan, sink, null, options);
  if (!rewind || records <= EXACT_CALIBRATION_MAX) return writeRun(plan, sink, await fitRecords(plan, records, signal, onCalibration), options);
  const counter = startCounter(plan, { scenario, compile: compileOptionsOf(options) }, signal);
  try {
    const fit = await startFit(plan, records, counter.count, signal, onCalibration);
    try {
      return await writeRun(plan, sink, fit, options);
    } catch (err) {
      if (!(err instanceof RefitNeeded) || !('settled' in fit)) throw err;
      const refit = await fit.refit();
      return await writeRun(plan, await rewind(), refit, options);
    }
  } finally {
    await counter.close();
  }
}

/** One run into `sink`: simulation (thinned by `fit`), rendering, 1 MiB writes. */
async function writeRun(plan: Plan, sink: Writable, fit: RecordFit | PendingFit | null, options: NdjsonOptions): Promise<NdjsonResult> {
  const renderer = new RecordRenderer(plan, '\n');
  // Chunks are recycled only for file streams, whose write callback means the bytes reached the
  // file; any other sink (a PassThrough, a test collecting chunks) may still hold them.
  const pool = sink instanceof WriteStream ? byteBuffers : NO_RECYCLING;
  let chunk = new ByteBuilder(CHUNK_BYTES + CHUNK_SLACK, pool);
  let records = 0;
  let bytes = 0;
  const labelLines: string[] = [];
  const warnings = new StepWarnings();
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
  const events = fit && 'settled' in fit ? simulateBeside(plan, fit) : simulateRecords(plan, fit);
  for (const ev of events) {
    if (ev === NEEDS_COUNT) {
      await (fit as PendingFit).settled;
      continue;
    }
    renderer.renderInto(ev, chunk);
    if (ev.labels) labelLines.push(labelLine(renderer.eventId(ev), ev.labels, ev.step));
    if (ev.unexpectedFailure) warnings.note(ev);
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
  return { records, bytes, labelLines, warnings: warnings.lines };
}

/** One line of a labels file, the same for every output format. */
export function labelLine(eventID: string, labels: readonly string[], step: string | undefined): string {
  return JSON.stringify({ eventID, labels, step });
}

/** Records as strings in time order, rendered lazily. */
export async function* recordLines(scenario: Scenario, options: CompileOptions & { records?: number } = {}): AsyncGenerator<string> {
  for await (const entry of recordEntries(scenario, options)) yield entry.line;
}

/** A record's line with its ground truth: the labels of the script step that made it (none for background activity). */
export interface RecordEntry {
  line: string;
  labels: string[];
  step?: string;
}

export async function* recordEntries(scenario: Scenario, options: CompileOptions & { records?: number } = {}): AsyncGenerator<RecordEntry> {
  const plan = compilePlan(scenario, options);
  const fit = options.records !== undefined ? await fitRecords(plan, options.records) : null;
  const renderer = new RecordRenderer(plan);
  for (const ev of simulateRecords(plan, fit)) {
    const line = renderer.render(ev);
    yield ev.labels ? (ev.step !== undefined ? { line, labels: [...ev.labels], step: ev.step } : { line, labels: [...ev.labels] }) : { line, labels: [] };
  }
}
