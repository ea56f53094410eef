/**
 * When digests are delivered for one account × region (reference section 4.1): hourly windows
 * back to back, `digestStartTime` = previous `digestEndTime`. Real windows end at arbitrary
 * seconds past the hour (e.g. 14:01:31 to 15:01:31) because the hour runs from when validation
 * was enabled; we draw that offset per unit from the seed.
 *
 * The first window (the starting digest, all `previous*` null) is the one containing the
 * scenario start: validation counts as enabled at that window's start, up to an hour earlier,
 * so no log file predates the chain. Hours without log files still
 * get a digest with `logFiles: []`, as CloudTrail writes them; the chain runs until the window
 * that holds the last delivery (deliveries lag events by minutes, so it can pass the end).
 */
import { Rng } from '../random/rng.js';

export const DIGEST_PERIOD = 3600;

export interface DigestWindow {
  start: number;
  end: number;
}

/** Seconds past the hour at which this unit's windows turn, in [1, 3599] (never on the hour). */
export function windowOffset(seed: string, unitKey: string): number {
  return Rng.for(seed, 'digest-offset', unitKey).range(1, DIGEST_PERIOD - 1);
}

/** Windows covering [from, until] inclusive, aligned on `offset`. */
export function digestWindows(from: number, until: number, offset: number): DigestWindow[] {
  let start = Math.floor((from - offset) / DIGEST_PERIOD) * DIGEST_PERIOD + offset;
  const out: DigestWindow[] = [];
  do {
    out.push({ start, end: start + DIGEST_PERIOD });
    start += DIGEST_PERIOD;
  } while (start <= until);
  return out;
}
