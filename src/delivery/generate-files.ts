/**
 * Scenario → S3-layout tree of gzip'd CloudTrail log files under `out` (the bucket root).
 * Pipeline: simulate (merged, time order) → window buffer → complete windows (and full files
 * of busy windows as soon as they fill, see windows.ts) → render + gzip + SHA-256 off the main
 * thread (render-pool.ts) → atomic write. At most max(8, 3 × workers) windows are between the
 * buffer and disk, which bounds memory regardless of the record count.
 */
import { InterruptedError, UsageError } from '../errors.js';
import { compileOptionsOf, compilePlan, type CompileOptions } from '../plan/compile.js';
import type { Plan } from '../plan/types.js';
import { RecordRenderer } from '../render/record.js';
import type { Scenario } from '../scenario/types.js';
import { EXACT_CALIBRATION_MAX, fitRecords, NEEDS_COUNT, RefitNeeded, simulateBeside, simulateRecords, startFit, type PendingFit, type RecordFit } from '../sim/calibrate.js';
import { startCounter } from '../sim/count-beside.js';
import { checkpoint } from '../sim/simulate.js';
import type { WindowEvents } from './event-arena.js';
import { DEFAULT_GZIP_LEVEL } from './gzip.js';
import { RenderPool, type RenderedFile } from './render-pool.js';
import { shardOwner, type Shard, type ShardBy } from './shard.js';
import type { DeliveredLogFile } from './types.js';
import { WindowBuffer, WINDOW_SECONDS, type WindowPart } from './windows.js';
import { checkRunSize } from './estimate.js';
import { StepWarnings } from './step-warnings.js';
import { AtomicWriter, prepareOutputDir } from './writer.js';
import { basename, dirname, join, resolve } from 'node:path';
import { clearSidecar, labelsFileName, sidecarDir } from '../sidecar.js';
import { labelLine } from './ndjson.js';

export interface Progress {
  records: number;
  files: number;
  bytes: number;
  /** Simulated time reached, epoch seconds; with plan.start/end gives the fraction done. */
  simTime: number;
  fraction: number;
}

export interface GenerateFilesOptions extends CompileOptions {
  /** Bucket root directory: receives only CloudTrail's objects. */
  out: string;
  /** Directory for our files (labels, public keys, signature metadata); default `<out>.trailsmith` (docs/layout.md). */
  sidecar?: string;
  /** Write the labels here instead of `<sidecar>/labels.ndjson`. */
  labelsFile?: string;
  /** Scale activity to exactly this many records. */
  records?: number;
  force?: boolean;
  shard?: Shard;
  /** How shards split the work; 'unit' keeps each account × region whole (digests need it). */
  shardBy?: ShardBy;
  gzipLevel?: number;
  /**
   * SHA-256 of every file's uncompressed bytes (DeliveredLogFile.sha256), which digests sign.
   * Default true; the CLI turns it off without --digest: hashing 1.7 GB per million records
   * costs ~1 CPU-s that nothing reads. When off, sha256 is ''.
   */
  hashFiles?: boolean;
  /** Render + gzip worker threads; 0 (default) renders here and gzips in libuv's thread pool. Never changes the bytes. */
  workers?: number;
  /** Records rendered on the main thread before the workers start (default 20,000; 0 starts them at once). Never changes the bytes. */
  spawnWorkersAfter?: number;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** --records N: events simulated so far by the counting passes that size the run. */
  onCalibration?: (events: number) => void;
  /** Refuse before any work a run estimated above this many records (delivery/estimate.ts); default: no limit. */
  maxRecords?: number;
  /** Called with every delivered file (digests are built from these). */
  onFile?: (file: DeliveredLogFile) => void;
}

export interface GenerateSummary {
  out: string;
  /** Where our files went: labels, and with digests the public key and signature metadata. */
  sidecar: string;
  /** The labels file (written only when `labels` > 0; tampering appends to it). */
  labelsFile: string;
  files: number;
  records: number;
  bytes: number;
  accounts: number;
  regions: number;
  labels: number;
  /** Scripted calls that failed though their step asked for no failure (delivery/step-warnings.ts). */
  warnings: string[];
  plan: Plan;
  delivered: DeliveredLogFile[];
}

const MAX_INFLIGHT = 8;
/**
 * Gzip bytes of files held while the --records count runs beside the run; past it the run waits
 * for the count. 1 M records of the quickstart are ~186 MB of gzip and the count settles about
 * 40 % in (~75 MB), so the cap only binds on larger runs, where it bounds memory.
 */
const HOLD_BYTES = 128 * 1024 * 1024;

/** What one run at a fit delivered. */
interface RunResult {
  delivered: DeliveredLogFile[];
  labelLines: string[];
  warnings: StepWarnings;
  records: number;
}

export async function generateFilesFromScenario(scenario: Scenario, options: GenerateFilesOptions): Promise<GenerateSummary> {
  const plan = compilePlan(scenario, options);
  const sidecar = options.sidecar !== undefined ? resolve(options.sidecar) : sidecarDir(options.out);
  const shard = options.shard ?? { index: 0, count: 1 };
  // Shards running at once would overwrite one named file; each writes its own in the sidecar.
  if (options.labelsFile !== undefined && shard.count > 1) throw new UsageError('--labels FILE cannot be combined with --shard: each shard writes labels.shard-i-of-N.ndjson in the sidecar');
  const labelsFile = resolve(options.labelsFile ?? join(sidecar, labelsFileName(shard)));
  if (options.maxRecords !== undefined) checkRunSize(plan, options.records, options.maxRecords);
  if (await prepareOutputDir(options.out, options.force ?? false)) await clearSidecar(sidecar);
  const renderer = new RecordRenderer(plan);
  const owners = plan.units.map((u) => shardOwner(u.key, options.shardBy));
  const writer = new AtomicWriter(options.out);
  const level = options.gzipLevel ?? DEFAULT_GZIP_LEVEL;
  const large = options.records !== undefined && options.records > EXACT_CALIBRATION_MAX;
  const pool = new RenderPool(options.workers ?? 0, { scenario, compile: compileOptionsOf(options), drawnNames: plan.drawnNames, level, hash: options.hashFiles ?? true }, plan, renderer, options.spawnWorkersAfter);
  // A pilot calibration (--records above 250 k) keeps one core busy for 0.3 s or more: the
  // workers start now and load their plan on the other core meanwhile, and the main thread
  // never renders (1 M records: the same wall time within noise, 15-25 MiB less peak RSS).
  if (large) pool.start();
  // Above 250 k records the exact count runs on its own thread while the run goes on; files are
  // held in memory until it settles (sim/count-beside.ts, holdFiles below).
  const counter = large ? startCounter(plan, { scenario, compile: compileOptionsOf(options) }, options.signal) : null;

  /** One run at `fit`: simulation, windows, rendering on the pool, files written (or held). */
  const run = async (fit: RecordFit | PendingFit | null): Promise<RunResult> => {
    const buffer = new WindowBuffer(renderer.unitKeys, plan.delivery, plan.maxRecordsPerFile, shard.count > 1 ? (unit, window) => owners[unit]!(window, shard) : undefined);
    const delivered: DeliveredLogFile[] = [];
    const labelLines: string[] = [];
    const warnings = new StepWarnings();
    const inflight = new Set<Promise<void>>();
    let failure: unknown = null;
    let records = 0;
    const pending = fit && 'settled' in fit ? fit : null;
    // Files finished before the count settles: nothing reaches the disk (or onFile) until the
    // scale is known to be the one used, so starting over leaves no trace.
    let held: RenderedFile[] | null = pending ? [] : null;
    let heldBytes = 0;
    const maxInflight = Math.max(MAX_INFLIGHT, pool.size * 3);

    const writeFiles = async (files: RenderedFile[]): Promise<void> => {
      for (const { gz, ...meta } of files) {
        await writer.write(meta.key, Buffer.from(gz.buffer, gz.byteOffset, gz.byteLength));
        const entry: DeliveredLogFile = { ...meta, bytes: gz.byteLength };
        delivered.push(entry);
        options.onFile?.(entry);
      }
    };
    /** Waits for the count; writes the held files if it keeps the scale, else RefitNeeded. */
    const settle = async (): Promise<void> => {
      if (!pending || !held) return;
      await pending.settled;
      if (pending.outcome === null) throw new RefitNeeded();
      const files = held;
      held = null;
      heldBytes = 0;
      await writeFiles(files);
    };

    const enqueue = async (window: number, firstFile: number, events: WindowEvents): Promise<void> => {
      while (inflight.size >= maxInflight) await Promise.race(inflight);
      if (held && heldBytes >= HOLD_BYTES) await settle();
      if (failure) {
        events.release();
        throw failure;
      }
      records += events.length;
      const job = pool.render(window, firstFile, events)
        .then(async (files) => {
          if (held) {
            held.push(...files);
            for (const f of files) heldBytes += f.gz.byteLength;
          } else {
            await writeFiles(files);
          }
        })
        .catch((err: unknown) => {
          failure ??= err;
        })
        .finally(() => inflight.delete(job));
      inflight.add(job);
    };

    // The buffer holds only this shard's windows.
    const deliver = async ({ window, firstFile, events }: WindowPart): Promise<void> => {
      // Only events kept as objects can carry labels (delivery/event-arena.ts).
      for (const ev of events.unusual) {
        if (ev.labels) labelLines.push(labelLine(renderer.eventId(ev), ev.labels, ev.step));
        warnings.note(ev);
      }
      await enqueue(window, firstFile, events);
    };

    const flush = async (now: number): Promise<void> => {
      for (const part of buffer.complete(now)) await deliver(part);
    };

    try {
      let nextFlush = -Infinity;
      let seen = 0;
      const events = pending ? simulateBeside(plan, pending) : simulateRecords(plan, fit as RecordFit | null);
      for (const ev of events) {
        if (ev === NEEDS_COUNT) {
          await settle();
          continue;
        }
        const full = buffer.add(ev);
        if (full) await deliver(full);
        seen++;
        if (ev.t >= nextFlush) {
          await flush(ev.t);
          nextFlush = (Math.floor(ev.t / WINDOW_SECONDS) + 1) * WINDOW_SECONDS;
          if (options.signal?.aborted) throw new InterruptedError();
          options.onProgress?.({ records, files: writer.files, bytes: writer.bytes, simTime: ev.t, fraction: (ev.t - plan.start) / (plan.end - plan.start) });
        } else if ((seen & 8191) === 0) {
          await checkpoint(options.signal);
        }
      }
      await flush(Infinity);
      await Promise.all(inflight);
      if (failure) throw failure;
      await settle();
    } catch (err) {
      await Promise.allSettled(inflight);
      throw err;
    }
    return { delivered, labelLines, warnings, records };
  };

  let result: RunResult;
  try {
    let fit: RecordFit | PendingFit | null = null;
    if (options.records !== undefined) {
      fit = counter
        ? await startFit(plan, options.records, counter.count, options.signal, options.onCalibration)
        : await fitRecords(plan, options.records, options.signal, options.onCalibration);
    }
    try {
      result = await run(fit);
    } catch (err) {
      // The count ruled the pilot's scale out: nothing was written; run again at the refit.
      if (!(err instanceof RefitNeeded) || !fit || !('settled' in fit)) throw err;
      result = await run(await fit.refit());
    }
    // Beside the bucket root, never in it (sidecar.ts).
    if (result.labelLines.length > 0) await new AtomicWriter(dirname(labelsFile)).write(basename(labelsFile), result.labelLines.join('\n') + '\n');
  } catch (err) {
    await writer.abort();
    throw err;
  } finally {
    await counter?.close();
    await pool.close();
  }
  const { delivered, labelLines, warnings, records } = result;
  delivered.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    out: options.out,
    sidecar,
    labelsFile,
    files: delivered.length,
    records,
    bytes: writer.bytes,
    accounts: plan.accounts.length,
    regions: new Set(plan.units.map((u) => u.region)).size,
    labels: labelLines.length,
    warnings: warnings.lines,
    plan,
    delivered,
  };
}
