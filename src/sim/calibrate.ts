/**
 * --records N: the activity scale that yields at least N events, so the run stops at exactly N.
 *
 * Small N (≤ 250 k) is calibrated exactly by counting simulations (1-3 passes). For larger N a
 * full counting pass would double the simulation cost (10 M records: ~25 s extra), so a pilot
 * simulation over the whole span at about N/20 expected background calls (at least 100 k;
 * 8-9% of the main run's simulation cost) measures the count, and
 * the scale is extrapolated with a 5% margin. The count is not quite linear in the scale:
 * scripted steps and session openers are a fixed number of records (fitted as a constant), and
 * follow-ups per arrival fall slightly as state builds up (measured on the examples: -1.4% from
 * 300 k to 3 M events, -1.8% when extrapolating 30x), which the margin covers. The cost of the margin
 * is the usual trim: the run ends when N records are out, a few percent before the scenario end.
 * Everything depends on the plan alone, so workers and shards see the same scale.
 */
import type { Plan } from '../plan/types.js';
import { checkpoint, simulate } from './simulate.js';

/** Up to this many records, calibrate exactly (a counting pass of this size costs < 1 s). */
export const EXACT_CALIBRATION_MAX = 250_000;
const PILOT_FRACTION = 1 / 20;
/** Smallest pilot (expected background calls): ~0.3% counting noise, ~0.3 s. */
const PILOT_MIN = 100_000;
const MARGIN = 1.05;

/** Expected background calls at scale 1 (follow-up calls come on top). */
export function expectedBackground(plan: Plan): number {
  const span = plan.end - plan.start;
  let total = 0;
  for (const unit of plan.units) for (const a of unit.activities) total += plan.activities[a]!.rate * span;
  return total;
}

/** Rate scale that yields at least `records` events (see the module comment). */
export async function calibrateScale(plan: Plan, records: number, signal?: AbortSignal): Promise<number> {
  if (records <= EXACT_CALIBRATION_MAX) return exactScale(plan, records, signal);
  const pilotRecords = Math.max(PILOT_MIN, Math.ceil(records * PILOT_FRACTION));
  const expected = expectedBackground(plan);
  if (expected <= 0) return 1;
  // One pass in practice: follow-ups make the count 1.4-1.8x the expected background calls.
  let s0 = pilotRecords / expected;
  for (let pass = 0; pass < 4; pass++) {
    const { scaled, fixed } = await countAt(plan, s0, signal);
    if (scaled >= pilotRecords / 2) return (s0 * Math.max(records - fixed, 1) * MARGIN) / scaled;
    s0 *= scaled === 0 ? 4 : Math.min(4, pilotRecords / scaled);
  }
  throw tooFew(records);
}

/** Counting passes: the smallest scale found (from an expected-count guess, up to 6 passes) that reaches `records`. */
async function exactScale(plan: Plan, records: number, signal?: AbortSignal): Promise<number> {
  const expected = expectedBackground(plan);
  if (expected <= 0) return 1;
  let scale = records / expected;
  for (let pass = 0; pass < 6; pass++) {
    let n = 0;
    for (const _ of simulate(plan, { rateScale: scale, limit: records })) {
      // Yield to the event loop every 8,192 events (~10-40 ms; 65,536 held a loaded 2-core
      // machine for seconds) so a signal is handled within the CLI's 2 s bound.
      if ((++n & 8191) === 0) await checkpoint(signal);
    }
    if (n >= records) return scale;
    scale *= n === 0 ? 4 : Math.min(4, (records / n) * 1.03);
  }
  throw tooFew(records);
}

/** Events of a full run at `scale`, split into those that scale with activity and the fixed ones (scripts, session openers). */
async function countAt(plan: Plan, scale: number, signal?: AbortSignal): Promise<{ scaled: number; fixed: number }> {
  let scaled = 0;
  let fixed = 0;
  for (const ev of simulate(plan, { rateScale: scale })) {
    if (ev.labels || (ev.kind !== undefined && ev.kind !== 'glacier')) fixed++;
    else scaled++;
    // Every 8,192 events of either kind, as in exactScale.
    if (((scaled + fixed) & 8191) === 0) await checkpoint(signal);
  }
  return { scaled, fixed };
}

function tooFew(records: number): RangeError {
  return new RangeError(`cannot reach ${records} records with this scenario; its activities produce too few events`);
}
