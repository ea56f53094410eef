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

/** A unit's window, or the part of it handed out early, with the index of its first file. */
export interface WindowPart {
  unit: number;
  window: number;
  /** Index within the window of the first file rendered from these events (file name uniqueness). */
  firstFile: number;
  events: WindowEvents;
}

interface OpenWindow {
  arena: EventArena;
  /** Files already handed out early for this window. */
  files: number;
}

/**
 * Collects each unit's events by window and hands back complete windows once the merged
 * stream has passed their end. Memory: the open windows of every unit (two per unit at most),
 * held compactly (see event-arena.ts).
 *
 * With `fullFile` set (generate passes maxRecordsPerFile), a window that has collected that many
 * events hands them over at once as one full file (`add` returns them), as CloudTrail delivers
 * several files per window when busy; the rest of the window follows when it closes. Buffering
 * busy windows whole made memory grow with the record count: at 10 M records in the 6-hour
 * quickstart a unit window holds ~70 k events (~25 MB of arena chunks, up to 4 open), all
 * rendered back to back when it closes. Measured at 1 M records: peak arrayBuffers 79 -> 31 MB,
 * peak RSS 369 -> 329 MB. Output changes only for windows over `fullFile` events: their files
 * now hold consecutive runs of `fullFile` events (each ordered as before) and a remainder,
 * instead of the whole window ordered then split evenly. Shards still agree: the split depends
 * only on the unit's own event stream.
 */
export class WindowBuffer {
  private readonly open: Array<Map<number, OpenWindow>>;

  /**
   * `owned`: the windows this shard renders (--shard); events of the others are dropped here, not
   * encoded. With 4 shards that spared each shard's main thread encoding three quarters of the
   * events (see generate-files.ts).
   */
  constructor(private readonly unitKeys: number[], private readonly fullFile = Infinity, private readonly owned?: (unit: number, window: number) => boolean) {
    this.open = unitKeys.map(() => new Map());
  }

  /** Buffers `ev`; returns a full file's events when its window has just reached `fullFile` events. */
  add(ev: SimEvent): WindowPart | null {
    const w = windowOf(ev, this.unitKeys[ev.unit]!);
    if (this.owned && !this.owned(ev.unit, w)) return null;
    const map = this.open[ev.unit]!;
    let open = map.get(w);
    if (!open) map.set(w, (open = { arena: new EventArena(), files: 0 }));
    open.arena.add(ev);
    if (open.arena.size < this.fullFile) return null;
    const part = { unit: ev.unit, window: w, firstFile: open.files, events: open.arena.take(ev.unit) };
    open.files++;
    return part;
  }

  /** Windows that can no longer grow once the stream has reached time `now`; all of them when now is Infinity. */
  *complete(now: number): Generator<WindowPart> {
    for (let unit = 0; unit < this.open.length; unit++) {
      const map = this.open[unit]!;
      if (map.size === 0) continue;
      const ready = [...map.keys()].filter((w) => windowStamp(w) <= now).sort((a, b) => a - b);
      for (const window of ready) {
        const open = map.get(window)!;
        map.delete(window);
        // A window whose events all went out early has nothing left to deliver.
        if (open.arena.size === 0 && open.files > 0) continue;
        yield { unit, window, firstFile: open.files, events: open.arena.take(unit) };
      }
    }
  }
}
