/**
 * The whole simulation in time order: every account × region unit (independent background
 * activity) and the scripts, merged by the time of their next task. Ties go to the lower unit
 * index, scripts last, which keeps the order deterministic. Events leave through the context's
 * outbox in emission order, so a session-opening record precedes the call it enables.
 */
import { InterruptedError } from '../errors.js';
import type { Plan } from '../plan/types.js';
import { SimContext } from './context.js';
import type { SimEvent } from './event.js';
import { MinHeap, type HeapItem } from './heap.js';
import { ScriptRunner } from './script-runner.js';
import { UnitSim } from './unit.js';

export interface SimulateOptions {
  /** Multiplies every activity rate (used by --records). */
  rateScale?: number;
  /** Stop after this many events. */
  limit?: number;
}

interface Source {
  nextTime(): number;
  step(): void;
}

interface Cursor extends HeapItem {
  source: Source;
}

export function* simulate(plan: Plan, options: SimulateOptions = {}): Generator<SimEvent> {
  const scale = options.rateScale ?? 1;
  const limit = options.limit ?? Infinity;
  const ctx = new SimContext(plan);
  for (const unit of plan.units) ctx.addUnit(new UnitSim(ctx, unit, scale));
  const sources: Source[] = [...ctx.units, new ScriptRunner(ctx, plan)];
  const heap = new MinHeap<Cursor>();
  sources.forEach((source, order) => {
    const t = source.nextTime();
    if (t < Infinity) heap.push({ t, order, source });
  });
  let count = 0;
  const out = ctx.outbox;
  while (count < limit) {
    const cursor = heap.pop();
    if (!cursor) return;
    cursor.source.step();
    const t = cursor.source.nextTime();
    if (t < Infinity) {
      cursor.t = t;
      heap.push(cursor);
    }
    for (let i = 0; i < out.length && count < limit; i++) {
      count++;
      yield out[i]!;
    }
    out.length = 0;
  }
}

/** Expected background calls at scale 1 (follow-up calls come on top). */
export function expectedBackground(plan: Plan): number {
  const span = plan.end - plan.start;
  let total = 0;
  for (const unit of plan.units) for (const a of unit.activities) total += plan.activities[a]!.rate * span;
  return total;
}

/**
 * Rate scale that yields at least `records` events, found by counting simulations (no
 * rendering: ~2 µs per event). Follow-ups make the count non-linear in the scale, so it
 * iterates; 1-3 passes in practice.
 */
export async function calibrateScale(plan: Plan, records: number, signal?: AbortSignal): Promise<number> {
  const expected = expectedBackground(plan);
  if (expected <= 0) return 1;
  let scale = records / expected;
  for (let pass = 0; pass < 6; pass++) {
    let n = 0;
    for (const _ of simulate(plan, { rateScale: scale, limit: records })) {
      // Yield to the event loop now and then so Ctrl-C is handled during long calibrations.
      if ((++n & 65535) === 0) await checkpoint(signal);
    }
    if (n >= records) return scale;
    scale *= n === 0 ? 4 : Math.min(4, (records / n) * 1.03);
  }
  throw new RangeError(`cannot reach ${records} records with this scenario; its activities produce too few events`);
}

/** Lets timers and signal handlers run; throws if the run was aborted. */
export async function checkpoint(signal?: AbortSignal): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (signal?.aborted) throw new InterruptedError();
}
