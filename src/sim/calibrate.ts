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
 *
 * That counting pass need not come before the run (startFit, sim/count-beside.ts): above
 * EXACT_CALIBRATION_MAX the run starts at the pilot's scale while another thread counts, and
 * thins the first half of the droppable records the pilot projects at half the projected
 * surplus's rate (the head). When the count arrives, usually before the run reaches the head's
 * end, the rest of the surplus is spread evenly over the rest. The head is thinned at a rate
 * the count cannot contradict unless the pilot missed by more than the tolerance; then the count
 * rules the scale out, the caller starts over (its sink rewound, its files held until then) and
 * the passes continue from the count as fitRecords' do. Counted first or beside, the decisions
 * are the same (firstScale, accept, refine), so where and when the count ran never shows.
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
  /** How many of them to drop. */
  drop: number;
  /** Records of the full run at `scale` (the output has `total - drop`). */
  total: number;
  /**
   * The first `head.droppable` droppable records lose `head.drop` of them, evenly; the rest lose
   * `drop - head.drop`, evenly. The head is thinned before the count is known (PendingFit), at
   * half the rate the pilot projects, so an exact count can still make up the difference; a fit
   * found by counting first has no head ({0, 0}: one even spread).
   */
  head: { droppable: number; drop: number };
}

/**
 * A fit whose counting pass runs beside the run (another thread): the scale and the head's
 * thinning are known at once, the rest when `settled` resolves. `outcome` is then the fit, or
 * null when the count rules the scale out (too few records, or too many to thin), and the run
 * must start again with `refit()`. Decisions are the same as fitRecords' (both go through
 * `firstScale` and `accept`), so the bytes do not depend on where or when the count ran.
 */
export interface PendingFit {
  scale: number;
  head: { droppable: number; drop: number };
  settled: Promise<void>;
  outcome: RecordFit | null | undefined;
  refit(): Promise<RecordFit>;
}

/** Yielded by simulateBeside where the run cannot go on before its count: await `settled`, then go on. */
export const NEEDS_COUNT: unique symbol = Symbol('needs the count');

/** Raised by simulateBeside when the count rules the scale out: start the run again with `fit.refit()`. */
export class RefitNeeded extends Error {
  constructor() {
    super('the counting pass ruled out the pilot\'s scale; the run starts again');
    this.name = 'RefitNeeded';
  }
}

/** Head of a pilot-scale fit: this share of the projected droppable records is thinned before the count is known. */
const HEAD_SHARE = 0.5;
/** ... at this share of the rate the pilot projects (the count can always make up a shortfall of the rest). */
const HEAD_RATE = 0.5;
const NO_HEAD = { droppable: 0, drop: 0 } as const;

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
export interface Count {
  total: number;
  /** Records whose number does not follow the scale: scripted steps and session openers. */
  fixed: number;
  droppable: number;
}

/** Counts a full run at a scale somewhere (another thread, or here). */
export type CountAt = (scale: number) => Promise<Count>;

/** Where the passes start: a fit already (nothing to scale), or a scale and the head it may thin before counting. */
type FirstScale = { fit: RecordFit } | Candidate;

/** A scale to count, the head a run may thin before the count, and what the scripts alone write (for messages). */
interface Candidate {
  scale: number;
  head: { droppable: number; drop: number };
  floor: number;
}

/** The scale and thinning that give exactly `records` records over the whole span (module comment). */
export async function fitRecords(plan: Plan, records: number, signal?: AbortSignal, onCount?: (events: number) => void): Promise<RecordFit> {
  const progress = progressCounter(onCount);
  const first = await firstScale(plan, records, signal, progress);
  if ('fit' in first) return first.fit;
  const count = await countAt(plan, first.scale, signal, progress);
  return accept(first, count, records) ?? refine(plan, records, first, count, signal, progress);
}

/**
 * fitRecords with its counting pass run by `countBeside` while the caller's run goes on: the
 * same fit, known later. Up to EXACT_CALIBRATION_MAX records (passes from the expected count,
 * no head) the fit is found here first.
 */
export async function startFit(plan: Plan, records: number, countBeside: CountAt, signal?: AbortSignal, onCount?: (events: number) => void): Promise<RecordFit | PendingFit> {
  if (records <= EXACT_CALIBRATION_MAX) return fitRecords(plan, records, signal, onCount);
  const progress = progressCounter(onCount);
  const first = await firstScale(plan, records, signal, progress);
  if ('fit' in first) return first.fit;
  let count: Count | undefined;
  const pending: PendingFit = {
    scale: first.scale,
    head: first.head,
    outcome: undefined,
    settled: countBeside(first.scale).then((c) => {
      count = c;
      pending.outcome = accept(first, c, records);
    }),
    refit: async () => {
      await pending.settled;
      return pending.outcome ?? refine(plan, records, first, count!, signal, progress);
    },
  };
  // Rejections surface where the run awaits `settled`; do not let an early one go unhandled.
  pending.settled.catch(() => undefined);
  return pending;
}

function progressCounter(onCount?: (events: number) => void): ((n: number) => void) | undefined {
  // Counting passes can take seconds at millions of records: report the events simulated so far.
  let counted = 0;
  return onCount ? (n: number): void => onCount((counted += n)) : undefined;
}

/** The floor (scripts alone) checked, then the first scale to count: from the expected count, or the pilot's with its head. */
async function firstScale(plan: Plan, records: number, signal?: AbortSignal, progress?: (n: number) => void): Promise<FirstScale> {
  const floor = await countAt(plan, 0, signal, progress);
  if (records < floor.total) {
    throw new UsageError(`--records ${records}: this scenario's scripted steps alone write ${floor.total} records, which are never dropped; ask for at least ${floor.total}`);
  }
  if (records === floor.total) return { fit: { scale: 0, droppable: 0, drop: 0, total: floor.total, head: NO_HEAD } };
  const expected = expectedBackground(plan);
  if (expected <= 0) throw tooFew(records, floor.total);
  if (records <= EXACT_CALIBRATION_MAX) return { scale: (records - floor.fixed) / expected, head: NO_HEAD, floor: floor.total };
  return { ...(await pilotScale(plan, records, expected, signal, progress)), floor: floor.total };
}

/** The fit at `first`'s scale if its count allows it (a surplus that the head and the rest can thin, within tolerance), else null. */
function accept(first: Candidate, c: Count, records: number): RecordFit | null {
  const surplus = c.total - records;
  const { head } = first;
  if (surplus < head.drop || surplus - head.drop > c.droppable - head.droppable || surplus > tolerance(records, c.droppable)) return null;
  return { scale: first.scale, droppable: c.droppable, drop: surplus, total: c.total, head };
}

/** More counting passes from the candidate's scale and its count `c`, until a surplus within tolerance (no head: the count comes first). */
async function refine(plan: Plan, records: number, first: Candidate, c: Count, signal?: AbortSignal, progress?: (n: number) => void): Promise<RecordFit> {
  let scale = first.scale;
  let best: RecordFit | null = null;
  // The fewest records any tried scale could be thinned to: what to ask for when N is too small.
  let fewest = Infinity;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    if (pass > 0) c = await countAt(plan, scale, signal, progress);
    if (c.total >= records) fewest = Math.min(fewest, c.total - c.droppable);
    const surplus = c.total - records;
    if (surplus >= 0 && surplus <= c.droppable && (!best || surplus < best.drop)) best = { scale, droppable: c.droppable, drop: surplus, total: c.total, head: NO_HEAD };
    // Good enough: a small surplus, well within what may be dropped.
    if (best && best.drop <= tolerance(records, c.droppable)) return best;
    const scaled = c.total - c.fixed;
    // Aim a little above N: the count is not quite linear in the scale.
    const aim = records + Math.ceil(records * 0.002) + 2 - c.fixed;
    scale = scaled === 0 ? Math.max(scale, 1 / expectedBackground(plan)) * 4 : (scale * Math.max(aim, 1)) / scaled;
  }
  if (best) return best;
  if (Number.isFinite(fewest)) {
    // Small N: session openers, retries and follow-ups of the calls that reach the span's end
    // leave fewer droppable records than the surplus.
    throw new UsageError(`--records ${records}: too few to cover this scenario's span exactly (a run that reaches it still writes ${fewest} records that cannot be left out); ask for at least ${fewest}`);
  }
  throw tooFew(records, first.floor);
}

/** The surplus accepted without another pass: 1% of N (5% above the pilot's range), at most half the droppable records. */
function tolerance(records: number, droppable: number): number {
  const share = records > EXACT_CALIBRATION_MAX ? 0.05 : 0.01;
  return Math.min(Math.floor(droppable / 2), Math.max(5, Math.floor(records * share)));
}

/**
 * Scale extrapolated from a pilot of about N/20 background calls (module comment), and the head
 * a run may thin before its count: HEAD_SHARE of the droppable records the pilot projects, at
 * HEAD_RATE of the projected surplus's rate.
 */
async function pilotScale(plan: Plan, records: number, expected: number, signal?: AbortSignal, progress?: (n: number) => void): Promise<{ scale: number; head: { droppable: number; drop: number } }> {
  const pilotRecords = Math.max(PILOT_MIN, Math.ceil(records * PILOT_FRACTION));
  let s0 = pilotRecords / expected;
  for (let pass = 0; pass < 4; pass++) {
    const { total, fixed, droppable } = await countAt(plan, s0, signal, progress);
    const scaled = total - fixed;
    if (scaled >= pilotRecords / 2) {
      const scale = (s0 * Math.max(records - fixed, 1) * PILOT_MARGIN) / scaled;
      const projectedDroppable = (droppable * scale) / s0;
      const projectedSurplus = Math.max(records - fixed, 1) * (PILOT_MARGIN - 1);
      const headDroppable = Math.floor(projectedDroppable * HEAD_SHARE);
      const headDrop = Math.floor((projectedSurplus * HEAD_RATE * headDroppable) / Math.max(projectedDroppable, 1));
      return { scale, head: { droppable: headDroppable, drop: headDrop } };
    }
    s0 *= scaled === 0 ? 4 : Math.min(4, pilotRecords / scaled);
  }
  return { scale: s0, head: NO_HEAD };
}

/** Records of a full run at `scale`, split by what scales with activity and what may be dropped. */
export async function countAt(plan: Plan, scale: number, signal?: AbortSignal, progress?: (n: number) => void): Promise<Count> {
  let total = 0;
  let fixed = 0;
  let droppable = 0;
  for (const ev of simulate(plan, { rateScale: scale, countOnly: true })) {
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

/** Decides which droppable records a fit leaves out, by their index among the droppable records. */
class Thinning {
  private i = 0;
  constructor(private readonly head: { droppable: number; drop: number }, private rest: { droppable: number; drop: number } | null) {}

  /** The fit's counts arrived: the records after the head lose the rest of the surplus. */
  settle(fit: RecordFit): void {
    this.rest = { droppable: fit.droppable - this.head.droppable, drop: fit.drop - this.head.drop };
  }

  /** Whether the next droppable record needs the count before it can be decided. */
  get waiting(): boolean {
    return this.rest === null && this.i >= this.head.droppable;
  }

  /** Whether the next droppable record is left out (call `waiting` first). */
  drops(): boolean {
    const i = this.i++;
    const { droppable, drop } = i < this.head.droppable ? this.head : this.rest!;
    const j = i < this.head.droppable ? i : i - this.head.droppable;
    return drop > 0 && Math.floor(((j + 1) * drop) / droppable) > Math.floor((j * drop) / droppable);
  }
}

/**
 * The run of `fit`: the simulation at its scale with `fit.drop` of the droppable records left out,
 * evenly within the head and within the rest (the i-th droppable record of a part is dropped
 * when floor((i+1)·drop/droppable) steps up).
 */
export function* simulateRecords(plan: Plan, fit: RecordFit | null): Generator<SimEvent> {
  if (!fit) {
    yield* simulate(plan);
    return;
  }
  const thinning = new Thinning(fit.head, null);
  thinning.settle(fit);
  for (const ev of simulate(plan, { rateScale: fit.scale })) {
    if (fit.drop > 0 && isDroppable(ev) && thinning.drops()) continue;
    yield ev;
  }
}

/**
 * The run of a pending fit: the same records as simulateRecords(plan, outcome), but begun before
 * the count is known. Yields NEEDS_COUNT where it cannot go on without it (the first droppable
 * record after the head, or the end of the run): the caller awaits `fit.settled` and resumes.
 * Throws RefitNeeded if the count ruled the scale out.
 */
export function* simulateBeside(plan: Plan, fit: PendingFit): Generator<SimEvent | typeof NEEDS_COUNT> {
  const thinning = new Thinning(fit.head, null);
  const settle = function* (): Generator<typeof NEEDS_COUNT> {
    if (fit.outcome === undefined) yield NEEDS_COUNT;
    if (fit.outcome === undefined) throw new Error('simulateBeside resumed before its count settled');
    if (fit.outcome === null) throw new RefitNeeded();
    thinning.settle(fit.outcome);
  };
  let settled = false;
  for (const ev of simulate(plan, { rateScale: fit.scale })) {
    if (isDroppable(ev)) {
      if (!settled && thinning.waiting) {
        yield* settle();
        settled = true;
      }
      if (thinning.drops()) continue;
    }
    yield ev;
  }
  if (!settled) yield* settle();
}

/** The scale alone, for callers that only scale (kept for `stream`'s calibration notes). */
export async function calibrateScale(plan: Plan, records: number, signal?: AbortSignal): Promise<number> {
  return (await fitRecords(plan, records, signal)).scale;
}

function tooFew(records: number, floor: number): UsageError {
  return new UsageError(`--records ${records}: this scenario has no background activity to scale (its scripts write ${floor} records)`);
}
