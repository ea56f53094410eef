/**
 * --records N: exactly N records over the scenario's whole span, scripted incidents intact.
 *
 * Background activity is scaled (every activity rate times one factor) until a full run of the
 * span counts slightly more than N records, then the surplus is thinned out of the background:
 * only records whose absence leaves nothing dangling are dropped (read-only or failed Glacier
 * calls of background activity: they create nothing a later record refers to), spread evenly over
 * the run by their index. Scripted steps (labelled), session openers (STS, console sign-in),
 * cross-account copies and every successful mutating call are never dropped, so the run's first
 * and last records sit near the span's ends and every labelled step is present. An earlier
 * version stopped the run when N records were out: it cut the end of the span and the incidents
 * scheduled there (issue 15).
 *
 * Finding the scale takes full counting passes (no rendering), the last of them at the scale
 * used, so the surplus is known exactly before the first record is written. Up to
 * EXACT_CALIBRATION_MAX records, passes start from the expected count (1-3 passes, < 1 s each).
 * Above it, a pilot over the whole span at N/20 expected background calls (at least 100 k)
 * extrapolates the scale with a 2.5% margin, then one counting pass at that scale: about one
 * simulation of N records on top of the run (1 M records of the quickstart: 1.22 M events
 * counted in all). The extrapolation holds because the count grows about linearly with the
 * scale: records per unit of scale 1,558-1,598 from scale 16 to 260 on the quickstart, since
 * throttling bursts shrink as a principal's rate grows (unit.ts burstScales). With bursts of fixed length
 * they grew 53 % over that range, the pilot landed 21 % high and a second pass was needed
 * (2.5 M events, issue 18). Scenarios whose state saturates (multi-account-org: -8 % from scale
 * 10 to 66 as its vaults fill and empty) still take two passes.
 * Everything depends on the plan alone, so workers and shards see the same scale and drops.
 */
import { OPERATIONS } from '../glacier/operations.js';
import { UsageError } from '../errors.js';
import type { Plan } from '../plan/types.js';
import type { SimEvent } from './event.js';
import { checkpoint, simulate } from './simulate.js';

/** Up to this many records, calibrate from the expected count without a pilot. */
export const EXACT_CALIBRATION_MAX = 250_000;
const PILOT_FRACTION = 1 / 20;
/** Smallest pilot (expected background calls): ~0.3% counting noise, ~0.3 s. */
const PILOT_MIN = 100_000;
const PILOT_MARGIN = 1.025;
const MAX_PASSES = 8;

/** How a run of exactly N records is made: the activity scale, and how many droppable records to thin out. */
export interface RecordFit {
  /** Multiplies every activity rate. */
  scale: number;
  /** Records of the full run at `scale` that may be dropped (see isDroppable). */
  droppable: number;
  /** How many of them to drop, spread evenly. */
  drop: number;
  /** Records of the full run at `scale` (the output has `total - drop`). */
  total: number;
}

/** Expected background calls at scale 1 (follow-up calls come on top). */
export function expectedBackground(plan: Plan): number {
  const span = plan.end - plan.start;
  let total = 0;
  for (const unit of plan.units) for (const a of unit.activities) total += plan.activities[a]!.rate * span;
  return total;
}

/**
 * A background record that can be left out without leaving a later record dangling: a read-only
 * or failed Glacier call, not scripted, not one of a pair delivered to two accounts.
 */
export function isDroppable(ev: SimEvent): boolean {
  if (ev.labels || (ev.kind !== undefined && ev.kind !== 'glacier') || ev.shared !== undefined || ev.copyOf) return false;
  return ev.error !== '' || OPERATIONS[ev.op]!.readOnly;
}

/** Counts of a full run at `scale`. */
interface Count {
  total: number;
  /** Records whose number does not follow the scale: scripted steps and session openers. */
  fixed: number;
  droppable: number;
}

/** The scale and thinning that give exactly `records` records over the whole span (module comment). */
export async function fitRecords(plan: Plan, records: number, signal?: AbortSignal, onCount?: (events: number) => void): Promise<RecordFit> {
  // Counting passes can take seconds at millions of records: report the events simulated so far.
  let counted = 0;
  const progress = onCount ? (n: number): void => onCount((counted += n)) : undefined;
  const floor = await countAt(plan, 0, signal, progress);
  if (records < floor.total) {
    throw new UsageError(`--records ${records}: this scenario's scripted steps alone write ${floor.total} records, which are never dropped; ask for at least ${floor.total}`);
  }
  if (records === floor.total) return { scale: 0, droppable: 0, drop: 0, total: floor.total };
  const expected = expectedBackground(plan);
  if (expected <= 0) throw tooFew(records, floor.total);
  let scale = records > EXACT_CALIBRATION_MAX ? await pilotScale(plan, records, expected, signal, progress) : (records - floor.fixed) / expected;
  let best: RecordFit | null = null;
  // The fewest records any tried scale could be thinned to: what to ask for when N is too small.
  let fewest = Infinity;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const c = await countAt(plan, scale, signal, progress);
    if (c.total >= records) fewest = Math.min(fewest, c.total - c.droppable);
    const surplus = c.total - records;
    if (surplus >= 0 && surplus <= c.droppable && (!best || surplus < best.drop)) best = { scale, droppable: c.droppable, drop: surplus, total: c.total };
    // Good enough: a small surplus, well within what may be dropped.
    if (best && best.drop <= tolerance(records, c.droppable)) return best;
    const scaled = c.total - c.fixed;
    // Aim a little above N: the count is not quite linear in the scale.
    const aim = records + Math.ceil(records * 0.002) + 2 - c.fixed;
    scale = scaled === 0 ? Math.max(scale, 1 / expected) * 4 : (scale * Math.max(aim, 1)) / scaled;
  }
  if (best) return best;
  if (Number.isFinite(fewest)) {
    // Small N: session openers, retries and follow-ups of the calls that reach the span's end
    // leave fewer droppable records than the surplus.
    throw new UsageError(`--records ${records}: too few to cover this scenario's span exactly (a run that reaches it still writes ${fewest} records that cannot be left out); ask for at least ${fewest}`);
  }
  throw tooFew(records, floor.total);
}

/** The surplus accepted without another pass: 1% of N (5% above the pilot's range), at most half the droppable records. */
function tolerance(records: number, droppable: number): number {
  const share = records > EXACT_CALIBRATION_MAX ? 0.05 : 0.01;
  return Math.min(Math.floor(droppable / 2), Math.max(5, Math.floor(records * share)));
}

/** Scale extrapolated from a pilot of about N/20 background calls (module comment). */
async function pilotScale(plan: Plan, records: number, expected: number, signal?: AbortSignal, progress?: (n: number) => void): Promise<number> {
  const pilotRecords = Math.max(PILOT_MIN, Math.ceil(records * PILOT_FRACTION));
  let s0 = pilotRecords / expected;
  for (let pass = 0; pass < 4; pass++) {
    const { total, fixed } = await countAt(plan, s0, signal, progress);
    const scaled = total - fixed;
    if (scaled >= pilotRecords / 2) return (s0 * Math.max(records - fixed, 1) * PILOT_MARGIN) / scaled;
    s0 *= scaled === 0 ? 4 : Math.min(4, pilotRecords / scaled);
  }
  return s0;
}

/** Records of a full run at `scale`, split by what scales with activity and what may be dropped. */
async function countAt(plan: Plan, scale: number, signal?: AbortSignal, progress?: (n: number) => void): Promise<Count> {
  let total = 0;
  let fixed = 0;
  let droppable = 0;
  for (const ev of simulate(plan, { rateScale: scale })) {
    if (ev.labels || (ev.kind !== undefined && ev.kind !== 'glacier')) fixed++;
    else if (isDroppable(ev)) droppable++;
    // Yield to the event loop every 8,192 events (~10-40 ms; 65,536 held a loaded 2-core
    // machine for seconds) so a signal is handled within the CLI's 2 s bound.
    if ((++total & 8191) === 0) {
      progress?.(8192);
      await checkpoint(signal);
    }
  }
  return { total, fixed, droppable };
}

/**
 * The run of `fit`: the simulation at its scale with `fit.drop` of the droppable records left out,
 * evenly (the i-th droppable record is dropped when floor((i+1)·drop/droppable) steps up).
 */
export function* simulateRecords(plan: Plan, fit: RecordFit | null): Generator<SimEvent> {
  if (!fit) {
    yield* simulate(plan);
    return;
  }
  const { drop, droppable } = fit;
  let i = 0;
  for (const ev of simulate(plan, { rateScale: fit.scale })) {
    if (drop > 0 && isDroppable(ev)) {
      const dropped = Math.floor(((i + 1) * drop) / droppable) > Math.floor((i * drop) / droppable);
      i++;
      if (dropped) continue;
    }
    yield ev;
  }
}

/** The scale alone, for callers that only scale (kept for `stream`'s calibration notes). */
export async function calibrateScale(plan: Plan, records: number, signal?: AbortSignal): Promise<number> {
  return (await fitRecords(plan, records, signal)).scale;
}

function tooFew(records: number, floor: number): UsageError {
  return new UsageError(`--records ${records}: this scenario has no background activity to scale (its scripts write ${floor} records)`);
}
