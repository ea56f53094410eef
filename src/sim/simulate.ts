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
  /** The events are only counted: IDs that only records show are left empty (SimContext). */
  countOnly?: boolean;
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
  const ctx = new SimContext(plan, options.countOnly ?? false);
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

export { calibrateScale, expectedBackground } from './calibrate.js';

/** Lets timers and signal handlers run; throws if the run was aborted. */
export async function checkpoint(signal?: AbortSignal): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (signal?.aborted) throw new InterruptedError();
}
