/** Daily and weekly activity shapes as 168 hour-of-week weights (Monday 00:00 first). */
import type { Rhythm } from '../scenario/types.js';

const OFFICE = [0.02, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.2, 0.6, 1, 1, 0.9, 0.7, 0.9, 1, 1, 0.9, 0.6, 0.3, 0.15, 0.1, 0.06, 0.04, 0.03];
const NIGHTLY = [0.05, 1, 1, 1, 0.6, 0.05, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02];
const FLAT = new Array<number>(24).fill(1);

export function rhythmWeights(r: Rhythm | undefined): { weights: Float64Array; mean: number } {
  let hours = FLAT;
  let days = [1, 1, 1, 1, 1, 1, 1];
  if (r === 'office-hours') {
    hours = OFFICE;
    days = [1, 1, 1, 1, 0.9, 0.08, 0.05];
  } else if (r === 'nightly') {
    hours = NIGHTLY;
  } else if (r === 'weekdays') {
    days = [1, 1, 1, 1, 1, 0.1, 0.1];
  } else if (typeof r === 'object') {
    hours = r.hours ?? FLAT;
    days = r.weekdays ?? days;
  }
  const w = new Float64Array(168);
  let max = 0;
  for (let d = 0; d < 7; d++) for (let h = 0; h < 24; h++) max = Math.max(max, (w[d * 24 + h] = days[d]! * hours[h]!));
  let sum = 0;
  for (let i = 0; i < 168; i++) sum += (w[i] = w[i]! / max);
  return { weights: w, mean: sum / 168 };
}

/** Hour of week (0 = Monday 00:00) of epoch seconds shifted by a UTC offset in hours. 1970-01-01 was a Thursday. */
export function hourOfWeek(epochSeconds: number, utcOffset: number): number {
  const h = Math.floor(epochSeconds / 3600 + utcOffset) + 72;
  return ((h % 168) + 168) % 168;
}
