/**
 * Worker thread body for RenderPool: renders a closed delivery window into log files, gzips
 * them and hashes the uncompressed bytes (the digest's hashValue). The worker compiles its own
 * render-only copy of the plan from the scenario (a few ms; the plan holds functions and cannot
 * be posted), replaying the main plan's faker draws, and rendering is a pure function of the
 * plan and the events, so the bytes are the same as the main thread would render.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { compilePlanWith } from '../plan/compile-core.js';
import { replayedNames } from '../plan/name-draws.js';
import { byteBuffers } from '../render/bytes.js';
import { RecordRenderer } from '../render/record.js';
import { WindowEvents } from './event-arena.js';
import { renderWindow } from './log-file.js';
import { renderedFile, type RenderedFile, type RenderJob, type RenderReply, type RenderSetup } from './render-pool.js';

const setup = workerData as RenderSetup;
const plan = compilePlanWith(setup.scenario, setup.compile, replayedNames(setup.drawnNames));
const renderer = new RecordRenderer(plan);

parentPort!.on('message', (job: RenderJob) => {
  let reply: RenderReply;
  const transfer: ArrayBuffer[] = [];
  try {
    const chunks: ArrayBuffer[] = [];
    const events = WindowEvents.fromTransfer(job.events, { give: (ab) => chunks.push(ab) });
    const files: RenderedFile[] = [];
    for (const file of renderWindow(plan, renderer, job.events.unit, job.window, events, job.firstFile)) {
      const gz = ownMemory(gzipSync(file.body, { level: setup.level }));
      files.push(renderedFile(file, gz, setup.hash));
      byteBuffers.give(file.body.buffer as ArrayBuffer);
      transfer.push(gz.buffer as ArrayBuffer);
    }
    // The window's chunks go back to be refilled by the simulation (see render/bytes.ts).
    transfer.push(...chunks);
    reply = { id: job.id, files, chunks };
  } catch (err) {
    reply = { id: job.id, error: err instanceof Error ? err.stack ?? err.message : String(err) };
  }
  parentPort!.postMessage(reply, transfer);
});

/** The bytes in memory of their own: a small result may be a slice of Node's shared 8 KB pool, which cannot be transferred. */
function ownMemory(b: Buffer): Uint8Array {
  const whole = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength;
  return whole ? new Uint8Array(b.buffer, 0, b.byteLength) : Uint8Array.prototype.slice.call(b);
}
