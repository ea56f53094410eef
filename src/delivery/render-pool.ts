/**
 * Rendering, gzip and SHA-256 of closed delivery windows, on worker threads (`--workers N`), so
 * the main thread only simulates. A window's events move to a worker as the compact bytes of
 * its event arena (no copy); the worker renders, compresses and hashes its files and sends the
 * gzip bytes back, and the main thread writes them. Each window goes to the worker with the
 * fewest jobs in flight. Rendering on the main thread made it the bottleneck (~4 µs of its
 * ~10 µs a record: string building, UTF-8 encoding and the GC for both) while the gzip workers
 * waited for bodies; now both cores stay busy, and the run is bound by total CPU (22 CPU-s per
 * million records, gzip 10 of them; see bench/RESULTS.md).
 *
 * Output bytes do not depend on the worker count: rendering is a pure function of the plan and
 * the events, and gzip is deterministic for a given input, level and zlib build. With 0 workers
 * the main thread renders and node:zlib's async API compresses in libuv's thread pool.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CompileOptions } from '../plan/compile.js';
import type { Plan } from '../plan/types.js';
import { byteBuffers } from '../render/bytes.js';
import type { RecordRenderer } from '../render/record.js';
import type { Scenario } from '../scenario/types.js';
import { packagePath } from '../package-path.js';
import type { WindowEvents, WindowTransfer } from './event-arena.js';
import { gzipBody } from './gzip.js';
import { renderWindow, type LogFileContent } from './log-file.js';
import type { DeliveredLogFile } from './types.js';

/** What a worker needs to compile the same plan as the main thread (render-only: see plan/name-draws.ts). */
export interface RenderSetup {
  scenario: Scenario;
  compile: CompileOptions;
  /** The main plan's faker draws (Plan.drawnNames), replayed so the worker never loads faker. */
  drawnNames: Record<string, string>;
  level: number;
  /** Compute each file's SHA-256 (else sha256 is ''). */
  hash: boolean;
}

/** A finished log file: its metadata, hash and gzip bytes. */
export interface RenderedFile extends Omit<DeliveredLogFile, 'bytes'> {
  gz: Uint8Array;
}

/** A rendered file's metadata with its gzip bytes and, when `hash` is set, the SHA-256 of its body (else ''). */
export function renderedFile(file: LogFileContent, gz: Uint8Array, hash: boolean): RenderedFile {
  const { key, accountId, region, deliveredAt, records, oldestEventTime, newestEventTime, body } = file;
  const sha256 = hash ? createHash('sha256').update(body).digest('hex') : '';
  return { key, accountId, region, deliveredAt, records, oldestEventTime, newestEventTime, sha256, gz };
}

export interface RenderJob {
  id: number;
  window: number;
  firstFile: number;
  events: WindowTransfer;
}

export type RenderReply = { id: number; files: RenderedFile[]; chunks: ArrayBuffer[] } | { id: number; error: string };

interface Slot {
  worker: Worker;
  busy: number;
}

interface Pending {
  resolve: (files: RenderedFile[]) => void;
  reject: (e: Error) => void;
  slot: Slot;
}

/** The compiled worker script: beside this module in dist/, or dist/ when running from sources. */
function workerPath(): string | null {
  const beside = fileURLToPath(new URL('./render-worker.js', import.meta.url));
  if (existsSync(beside)) return beside;
  const built = packagePath('dist/delivery/render-worker.js');
  return existsSync(built) ? built : null;
}

/**
 * Records rendered here before the workers start. A worker costs ~0.1-0.15 s to start (Node,
 * the renderer and the plan compiler, without faker), more than rendering the whole default
 * scenario (~1,100 records) here; by 20,000 records the workers have paid for themselves.
 */
export const DEFAULT_SPAWN_AFTER = 20_000;

/**
 * Worker heap limits. A 16 MB young generation instead of the default (which let each worker's
 * heap grow to ~45 MB, mostly short-lived record strings) cut peak RSS at 10 M records from 462
 * to 430 MiB with no loss of speed (132 -> 123 s, within run-to-run noise). 8 MB saved as much
 * but cost ~10% wall. The old generation must be given too: a young-only limit left it at a small
 * default and the run took 50% longer; 2 GB is only a ceiling (a worker holds a plan and one
 * window, ~10 MB).
 */
const WORKER_HEAP = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 2048 };

export class RenderPool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** Set when a worker died: every later job fails with it instead of waiting forever. */
  private failure: Error | null = null;
  /** Records still to render here before the workers start (Infinity: never). */
  private untilSpawn: number;

  constructor(
    private readonly wanted: number,
    private readonly setup: RenderSetup,
    private readonly plan: Plan,
    private readonly renderer: RecordRenderer,
    spawnAfter = DEFAULT_SPAWN_AFTER,
  ) {
    this.untilSpawn = wanted > 0 && workerPath() !== null ? spawnAfter : Infinity;
  }

  /** Number of worker threads this pool runs once started (0: render here, gzip in libuv's thread pool). */
  get size(): number {
    return Number.isFinite(this.untilSpawn) || this.slots.length > 0 ? this.wanted : 0;
  }

  /** The files of one closed window (or early part of one); `events` must not be used afterwards. */
  render(window: number, firstFile: number, events: WindowEvents): Promise<RenderedFile[]> {
    if (this.failure) {
      events.release();
      return Promise.reject(this.failure);
    }
    if (this.slots.length === 0) {
      if (this.untilSpawn <= 0) this.spawn();
      if (this.slots.length === 0) {
        this.untilSpawn -= events.length;
        return this.renderHere(window, firstFile, events);
      }
    }
    let slot = this.slots[0]!;
    for (const s of this.slots) if (s.busy < slot.busy) slot = s;
    slot.busy++;
    const id = this.nextId++;
    const { message, transfer } = events.transfer();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, slot });
      const job: RenderJob = { id, window, firstFile, events: message };
      slot.worker.postMessage(job, transfer);
    });
  }

  /** Starts the workers now rather than after the first records (no effect with 0 workers). */
  start(): void {
    if (this.slots.length === 0 && Number.isFinite(this.untilSpawn)) this.spawn();
  }

  /** Worker threads running now. */
  get running(): number {
    return this.slots.length;
  }

  /** Starts the workers; if they cannot start (a scenario value that cannot be cloned into them), everything renders here. */
  private spawn(): void {
    const path = workerPath()!;
    for (let i = 0; i < this.wanted; i++) {
      let worker: Worker;
      try {
        worker = new Worker(path, { workerData: this.setup, resourceLimits: WORKER_HEAP });
      } catch {
        this.untilSpawn = Infinity;
        void this.close();
        return;
      }
      const slot: Slot = { worker, busy: 0 };
      slot.worker.on('message', (m: RenderReply) => this.settle(m));
      slot.worker.on('error', (err) => this.fail(slot, err));
      slot.worker.on('exit', (code) => this.fail(slot, new Error(`render worker exited with code ${code}`)));
      this.slots.push(slot);
    }
  }

  async close(): Promise<void> {
    this.untilSpawn = Infinity;
    const slots = this.slots.splice(0);
    for (const s of slots) s.worker.removeAllListeners('exit');
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private async renderHere(window: number, firstFile: number, events: WindowEvents): Promise<RenderedFile[]> {
    const jobs: Array<Promise<RenderedFile>> = [];
    for (const file of renderWindow(this.plan, this.renderer, events.unit, window, events, firstFile)) {
      jobs.push(gzipBody(file.body, this.setup.level).then((gz) => {
        const done = renderedFile(file, gz, this.setup.hash);
        byteBuffers.give(file.body.buffer as ArrayBuffer);
        return done;
      }));
    }
    return Promise.all(jobs);
  }

  private settle(m: RenderReply): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    p.slot.busy--;
    if ('error' in m) {
      p.reject(new Error(`render worker failed: ${m.error}`));
      return;
    }
    for (const ab of m.chunks) byteBuffers.give(ab);
    p.resolve(m.files);
  }

  private fail(slot: Slot, err: Error): void {
    this.failure ??= err;
    for (const [id, p] of this.pending) if (p.slot === slot) {
      this.pending.delete(id);
      p.reject(err);
    }
  }
}
