/**
 * Fitting an activity's rhythm and rate to its timestamps, in the generator's own model
 * (src/plan/rhythm.ts, src/sim/unit.ts): arrivals are Poisson with intensity
 * `rate × w(hour of week) / mean(w)`, where `w = weekdays[d] × hours[h]` in the actor's local
 * time. The fit is the generator run backwards:
 *
 * - each hour's and weekday's weight is its count over its exposure (the seconds of that hour
 *   or weekday inside the observed window), so a 6-hour input does not read as "idle the
 *   other 18 hours"; hours and days never observed get the mean weight of those observed;
 * - the rate is the count over the window's rhythm-weighted length, so generating the twin
 *   over the same window expects exactly the observed number of calls.
 */
import { REGIONS } from '../plan/regions.js';

export interface Window {
  /** Epoch seconds, inclusive. */
  start: number;
  /** Epoch seconds, exclusive. */
  end: number;
}

export interface FittedActivity {
  hours: number[];
  weekdays: number[];
  /** Calls per hour, averaged over a week of the fitted rhythm (the scenario's `rate`). */
  ratePerHour: number;
}

/** Seconds of each UTC hour of week (0 = Monday 00:00) inside the window. */
export function exposure(window: Window): Float64Array {
  const e = new Float64Array(168);
  for (let t = window.start; t < window.end;) {
    const hourEnd = (Math.floor(t / 3600) + 1) * 3600;
    const next = Math.min(hourEnd, window.end);
    e[(Math.floor(t / 3600) + 72) % 168]! += next - t;
    t = next;
  }
  return e;
}

/**
 * UTC offset that puts the activity's daily peak at 13:00 local, the middle of a working day.
 * The peak is taken from calls per exposed hour (a 6-hour input is not a 6-hour peak); flat
 * activity (resultant length of the hour-of-day circle under 0.25) keeps the region's usual
 * offset. Whole hours, so hourly counts shift without splitting bins.
 */
export function offsetFromPeak(countsUtc: Float64Array, window: Window, region: string): number {
  const exp = exposure(window);
  const perHour = ratios(24, (h) => sum(7, (d) => countsUtc[d * 24 + h]!), (h) => sum(7, (d) => exp[d * 24 + h]!));
  let x = 0;
  let y = 0;
  let n = 0;
  perHour.forEach((c, h) => {
    const a = (h / 24) * 2 * Math.PI;
    x += c * Math.cos(a);
    y += c * Math.sin(a);
    n += c;
  });
  const fallback = Math.round(REGIONS[region]?.utcOffset ?? 0);
  if (n === 0 || Math.hypot(x, y) / n < 0.25) return fallback;
  const peak = ((Math.atan2(y, x) / (2 * Math.PI)) * 24 + 24) % 24;
  let offset = Math.round(13 - peak);
  if (offset < -12) offset += 24;
  if (offset > 14) offset -= 24;
  return offset;
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

/** Rhythm and rate of one activity: counts by UTC hour of week, the window, the actor's offset. */
export function fitActivity(countsUtc: Float64Array, window: Window, utcOffset: number): FittedActivity {
  const expUtc = exposure(window);
  // Local hour of week of UTC bin b is b + offset (src/plan/rhythm.ts hourOfWeek).
  const shift = (((utcOffset % 168) + 168) % 168);
  const counts = new Float64Array(168);
  const exp = new Float64Array(168);
  for (let b = 0; b < 168; b++) {
    counts[(b + shift) % 168] = countsUtc[b]!;
    exp[(b + shift) % 168] = expUtc[b]!;
  }
  const { hours, weekdays } = separable(counts, exp);
  // The generator normalises w by its maximum and divides the peak by the mean (rhythmWeights).
  let max = 0;
  for (let d = 0; d < 7; d++) for (let h = 0; h < 24; h++) max = Math.max(max, weekdays[d]! * hours[h]!);
  let mean = 0;
  let weighted = 0;
  for (let d = 0; d < 7; d++) {
    for (let h = 0; h < 24; h++) {
      const w = (weekdays[d]! * hours[h]!) / max;
      mean += w / 168;
      weighted += exp[d * 24 + h]! * w;
    }
  }
  const total = sum(168, (b) => counts[b]!);
  const perSecond = weighted > 0 ? (total * mean) / weighted : 0;
  return { hours, weekdays, ratePerHour: perSecond * 3600 };
}

/**
 * Hour and weekday weights whose product best explains the counts (Poisson maximum
 * likelihood, by alternating updates). Taking each margin's count over its exposure instead
 * is biased when hours and days are confounded: in a window shorter than a week, UTC 00-05 may
 * fall on local Sunday and 05-09 on Monday, so a busy early Monday would raise both Monday's
 * weight and those hours' weights, and the twin would be busier than the input there.
 */
function separable(counts: Float64Array, exp: Float64Array): { hours: number[]; weekdays: number[] } {
  const h = new Float64Array(24).fill(1);
  const d = new Float64Array(7).fill(1);
  for (let iter = 0; iter < 100; iter++) {
    for (let i = 0; i < 24; i++) {
      const e = sum(7, (j) => exp[j * 24 + i]! * d[j]!);
      if (e > 0) h[i] = sum(7, (j) => counts[j * 24 + i]!) / e;
    }
    for (let j = 0; j < 7; j++) {
      const e = sum(24, (i) => exp[j * 24 + i]! * h[i]!);
      if (e > 0) d[j] = sum(24, (i) => counts[j * 24 + i]!) / e;
    }
  }
  const hourExposed = (i: number): number => sum(7, (j) => exp[j * 24 + i]!);
  const dayExposed = (j: number): number => sum(24, (i) => exp[j * 24 + i]!);
  return { hours: ratios(24, (i) => h[i]! * hourExposed(i), hourExposed), weekdays: ratios(7, (j) => d[j]! * dayExposed(j), dayExposed) };
}

/** count/exposure per bin, scaled to a maximum of 1 and rounded; unexposed bins get the mean. */
function ratios(n: number, count: (i: number) => number, exp: (i: number) => number): number[] {
  const r: Array<number | undefined> = [];
  for (let i = 0; i < n; i++) r.push(exp(i) > 0 ? count(i) / exp(i) : undefined);
  const seen = r.filter((x): x is number => x !== undefined);
  const mean = seen.reduce((a, b) => a + b, 0) / Math.max(1, seen.length);
  const filled = r.map((x) => x ?? mean);
  const max = Math.max(...filled);
  return filled.map((x) => (max > 0 ? round(x / max, 4) : 1));
}

function sum(n: number, f: (i: number) => number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += f(i);
  return s;
}
