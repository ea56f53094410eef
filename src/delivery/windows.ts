/**
 * Delivery windows. CloudTrail publishes about every 5 minutes, with a few minutes of lag
 * (reference section 3): an event at time t is delivered with a lag of 30 s to 5 min into the
 * window containing t + lag, and the file is stamped at that window's end, so every event in
 * a file precedes its stamp and files routinely hold events from the window before.
 */
import { mix32 } from '../random/hash.js';
import { LANE } from '../render/record.js';
import type { SimEvent } from '../sim/event.js';
import { EventArena, type WindowEvents } from './event-arena.js';

export const WINDOW_SECONDS = 300;
const MIN_LAG = 30;
const LAG_SPAN = 270;

export function windowOf(ev: SimEvent, unitKey: number): number {
  const lag = MIN_LAG + (mix32(unitKey, ev.seq, LANE.delay) % LAG_SPAN);
  return Math.floor((ev.t + lag) / WINDOW_SECONDS);
}

/** Delivery stamp (epoch seconds, whole minutes) of a window. */
export function windowStamp(window: number): number {
  return (window + 1) * WINDOW_SECONDS;
}

/**
 * Collects each unit's events by window and hands back complete windows once the merged
 * stream has passed their end. Memory: the open windows of every unit (two per unit at most),
 * held compactly (see event-arena.ts).
 */
export class WindowBuffer {
  private readonly open: Array<Map<number, EventArena>>;

  constructor(private readonly unitKeys: number[]) {
    this.open = unitKeys.map(() => new Map());
  }

  add(ev: SimEvent): void {
    const w = windowOf(ev, this.unitKeys[ev.unit]!);
    const map = this.open[ev.unit]!;
    let arena = map.get(w);
    if (!arena) map.set(w, (arena = new EventArena()));
    arena.add(ev);
  }

  /** Windows that can no longer grow once the stream has reached time `now`; all of them when now is Infinity. */
  *complete(now: number): Generator<{ unit: number; window: number; events: WindowEvents }> {
    for (let unit = 0; unit < this.open.length; unit++) {
      const map = this.open[unit]!;
      if (map.size === 0) continue;
      const ready = [...map.keys()].filter((w) => windowStamp(w) <= now).sort((a, b) => a - b);
      for (const window of ready) {
        const arena = map.get(window)!;
        map.delete(window);
        yield { unit, window, events: arena.take(unit) };
      }
    }
  }
}
