/**
 * Records as NDJSON in time order (one compact record per line): to stdout, a file, or any
 * writable stream. Lines are batched into ~256 KB writes and the producer waits for 'drain',
 * so a slow consumer (a pipe into a SIEM shipper) holds memory flat.
 */
import type { Writable } from 'node:stream';
import { compilePlan, type CompileOptions } from '../plan/compile.js';
import { RecordRenderer } from '../render/record.js';
import type { Scenario } from '../scenario/types.js';
import { calibrateScale, checkpoint, simulate } from '../sim/simulate.js';

export interface NdjsonOptions extends CompileOptions {
  records?: number;
  signal?: AbortSignal;
  onProgress?: (p: { records: number; fraction: number }) => void;
}

const BATCH_CHARS = 256 * 1024;

export async function writeNdjson(scenario: Scenario, sink: Writable, options: NdjsonOptions = {}): Promise<{ records: number; bytes: number }> {
  const plan = compilePlan(scenario, options);
  const scale = options.records !== undefined ? await calibrateScale(plan, options.records, options.signal) : 1;
  const renderer = new RecordRenderer(plan);
  let batch = '';
  let records = 0;
  let bytes = 0;
  const push = async (text: string): Promise<void> => {
    bytes += Buffer.byteLength(text);
    if (!sink.write(text)) await new Promise<void>((resolve, reject) => {
      const onError = (e: Error): void => reject(e);
      sink.once('error', onError);
      sink.once('drain', () => {
        sink.off('error', onError);
        resolve();
      });
    });
  };
  for (const ev of simulate(plan, { rateScale: scale, limit: options.records })) {
    batch += renderer.render(ev) + '\n';
    records++;
    if (batch.length >= BATCH_CHARS) {
      await push(batch);
      batch = '';
      await checkpoint(options.signal);
      options.onProgress?.({ records, fraction: (ev.t - plan.start) / (plan.end - plan.start) });
    }
  }
  if (batch) await push(batch);
  return { records, bytes };
}

/** Records as strings in time order, rendered lazily. */
export async function* recordLines(scenario: Scenario, options: CompileOptions & { records?: number } = {}): AsyncGenerator<string> {
  const plan = compilePlan(scenario, options);
  const scale = options.records !== undefined ? await calibrateScale(plan, options.records) : 1;
  const renderer = new RecordRenderer(plan);
  for (const ev of simulate(plan, { rateScale: scale, limit: options.records })) yield renderer.render(ev);
}
