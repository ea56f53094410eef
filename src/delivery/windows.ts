/**
 * Delivery windows. CloudTrail publishes about every 5 minutes, with a few minutes of lag
 * (reference section 3): an event at time t is delivered with a lag of 30 s to 5 min into the
 * window containing t + lag, and the file is stamped after that window's end, so every event
 * in a file precedes its stamp and files routinely hold events from the window before.
 *
 * Stamps are not a clock's multiples of five (scenario `delivery:`, DeliveryPolicy): each
 * account-region window is published 0-4 minutes after its end, so stamps fall on any minute;
 * now and then a file is late by 10-40 minutes (Tracebit measured CloudTrail delays of minutes
 * with a long tail, reference S13); a busy window is sometimes published as several files with
 * one stamp; and, only when asked for, a few records are delivered twice ("CloudTrail ...
 * might deliver the same event more than once", CloudTrail User Guide, reference S4). All of it
 * is hashed from the unit's key and the window, so shards and workers agree.
 */
import { mix32 } from '../random/hash.js';
import { LANE } from '../render/record.js';
import type { SimEvent } from '../sim/event.js';
import { EventArena, type WindowEvents } from './event-arena.js';
import type { DeliveryPolicy } from './policy.js';

export { DEFAULT_DELIVERY, REGULAR_DELIVERY, type DeliveryPolicy } from './policy.js';

export const WINDOW_SECONDS = 300;

// Hash lanes of delivery decisions, apart from the renderer's (render/record.ts LANE).
const STAMP_LANE = 24;
const LATE_LANE = 25;
const SPLIT_LANE = 27;
export const DUPLICATE_LANE = 28;
const BUSY_RECORDS = 30;
const UINT32 = 4294967296;
const MIN_LAG = 30;
const LAG_SPAN = 270;

export function windowOf(ev: SimEvent, unitKey: number): number {
  const lag = MIN_LAG + (mix32(unitKey, ev.seq, LANE.delay) % LAG_SPAN);
  return Math.floor((ev.t + lag) / WINDOW_SECONDS);
}

/** Delivery stamp (epoch seconds, whole minutes) of a unit's window. */
export function windowStamp(window: number, unitKey: number, policy: DeliveryPolicy): number {
  let stamp = (window + 1) * WINDOW_SECONDS;
  if (policy.irregularStamps) stamp += (mix32(unitKey, window, STAMP_LANE) % 5) * 60;
  if (policy.lateFiles > 0 && mix32(unitKey, window, LATE_LANE) / UINT32 < policy.lateFiles) stamp += (10 + (mix32(unitKey, window, LATE_LANE + 1) % 31)) * 60;
  return stamp;
}

/** Files a busy part of a window is published as (before the maxRecordsPerFile split): 1, 2 or 3. */
export function busyFiles(unitKey: number, window: number, firstFile: number, records: number, policy: DeliveryPolicy): number {
  if (!policy.multiFileStamps || records < BUSY_RECORDS) return 1;
  const h = mix32(unitKey, window * 64 + firstFile, SPLIT_LANE) % 10;
  if (h >= 4) return 1;
  return records >= 200 && h === 0 ? 3 : 2;
}

/** Whether the event numbered `seq` is delivered a second time. */
export function isDuplicated(unitKey: number, seq: number, policy: DeliveryPolicy): boolean {
  return policy.duplicates > 0 && mix32(unitKey, seq, DUPLICATE_LANE) / UINT32 < policy.duplicates;
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
  constructor(private readonly unitKeys: number[], private readonly policy: DeliveryPolicy, private readonly fullFile = Infinity, private readonly owned?: (unit: number, window: number) => boolean) {
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
      const key = this.unitKeys[unit]!;
      const ready = [...map.keys()].filter((w) => windowStamp(w, key, this.policy) <= now).sort((a, b) => a - b);
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
