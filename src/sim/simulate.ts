/**
 * All units merged in time order. Units are independent (own world, own random streams), so
 * the merge only interleaves them; ties go to the lower unit index, which keeps the order
 * deterministic.
 */
import { InterruptedError } from '../errors.js';
import type { Plan } from '../plan/types.js';
import type { SimEvent } from './event.js';
import { MinHeap, type HeapItem } from './heap.js';
import { UnitSim } from './unit.js';

export interface SimulateOptions {
  /** Multiplies every activity rate (used by --records). */
  rateScale?: number;
  /** Stop after this many events. */
  limit?: number;
}

interface UnitCursor extends HeapItem {
  sim: UnitSim;
}

export function* simulate(plan: Plan, options: SimulateOptions = {}): Generator<SimEvent> {
  const scale = options.rateScale ?? 1;
  const limit = options.limit ?? Infinity;
  const heap = new MinHeap<UnitCursor>();
  for (const unit of plan.units) {
    const sim = new UnitSim(plan, unit, scale);
    const t = sim.nextTime();
    if (t < Infinity) heap.push({ t, order: unit.index, sim });
  }
  let count = 0;
  while (count < limit) {
    const cursor = heap.pop();
    if (!cursor) return;
    const ev = cursor.sim.step();
    const t = cursor.sim.nextTime();
    if (t < Infinity) {
      cursor.t = t;
      heap.push(cursor);
    }
    if (ev) {
      count++;
      yield ev;
    }
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
 * rendering: ~1 µs per event). Follow-ups make the count non-linear in the scale, so it
 * iterates; 2-3 passes suffice in practice.
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
