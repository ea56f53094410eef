/**
 * Events for a stream, each with the moment (ms after the stream's start, on the wall clock at
 * --speed 1) it is due.
 *
 * Scenario mode (no rate): the scenario runs from the stream's start and events are due at
 * their own eventTime, divided by --speed. Nothing is rewritten.
 *
 * Rate mode (--rate N): the schedule is fixed, event i is due at i/N seconds, and its eventTime
 * is the schedule's clock (start + i*speed/N, whole seconds). Content comes from the scenario
 * with daily rhythms flattened and its volume calibrated to the rate, so simulated time runs
 * close to the schedule. Each event is shifted by delta = (schedule time - simulated time):
 * eventTime and the session start (`sessionContext.attributes.creationDate`) move together,
 * and because the map from simulated to schedule time is monotonic, a session's creationDate
 * never follows an eventTime that uses it. STS expirations and dates inside request parameters
 * (archive descriptions) stay on the simulated timeline: they differ from the schedule by the
 * drift of delta, small because of the calibration.
 */
import { compilePlan } from '../plan/compile.js';
import type { Plan } from '../plan/types.js';
import { RecordRenderer } from '../render/record.js';
import type { Scenario } from '../scenario/types.js';
import { isoSeconds } from '../scenario/units.js';
import type { SimEvent } from '../sim/event.js';
import { checkpoint, expectedBackground, simulate } from '../sim/simulate.js';
import { UsageError } from '../errors.js';

export interface SourceOptions {
  seed?: string | number;
  /** Start of the event timeline, epoch seconds. */
  start: number;
  /** Records per wall-clock second; undefined: the scenario's own volume. */
  rate?: number;
  /** Simulated seconds per wall-clock second. */
  speed: number;
  /** Wall-clock seconds to run; undefined: until the timeline ends (MAX_TIMELINE) or Ctrl-C. */
  duration?: number;
  signal?: AbortSignal;
}

export interface DueEvent {
  ev: SimEvent;
  /** Milliseconds after the stream's start at which the event is due. */
  due: number;
}

export interface StreamSource {
  plan: Plan;
  renderer: RecordRenderer;
  /** Records the stream will produce; Infinity when only the timeline bounds it. */
  total: number;
  events: Iterable<DueEvent>;
}

/** Longest simulated timeline of one stream without --duration: 7 days. */
export const MAX_TIMELINE = 7 * 86400;

export async function openSource(scenario: Scenario, options: SourceOptions): Promise<StreamSource> {
  const timeline = options.duration !== undefined ? options.duration * options.speed : MAX_TIMELINE;
  if (options.rate === undefined) {
    const plan = compilePlan(scenario, { seed: options.seed, start: isoSeconds(options.start), duration: `${Math.max(1, Math.ceil(timeline))}s` });
    const end = options.start + timeline;
    return { plan, renderer: new RecordRenderer(plan), total: Infinity, events: scenarioEvents(plan, options.start, options.speed, end) };
  }
  const flat: Scenario = { ...scenario, activities: scenario.activities.map((a) => ({ ...a, rhythm: undefined })) };
  const perSimSecond = options.rate / options.speed;
  const scale = await measureScale(flat, options, perSimSecond);
  // Twice the timeline plus an hour: the simulated clock may lag the schedule a little.
  const plan = compilePlan(flat, { seed: options.seed, start: isoSeconds(options.start), duration: `${Math.ceil(timeline * 2 + 3600)}s` });
  const total = options.duration !== undefined ? Math.floor(options.rate * options.duration) : Infinity;
  return { plan, renderer: new RecordRenderer(plan), total, events: rateEvents(plan, scale, options.start, options.rate, options.speed, total) };
}

/** Highest rate measureScale simulates (per simulated second): at most 50 k events counted. */
export const PROBE_RATE = 10_000;

/**
 * Rate scale that makes the simulation produce about `perSimSecond` events per simulated
 * second: the background estimate, corrected once by counting a short window (10-50 k events).
 * Only the drift between simulated and schedule time depends on it, never the record count
 * or the pacing, so one pass is enough. Cost: 0.15-0.7 s at ~14 µs per event on a 2-core VM
 * (high scales of a small scenario simulate slower than the ~2 µs of a normal run).
 *
 * Above PROBE_RATE the window is counted at PROBE_RATE and the correction carried over to the
 * requested rate, as `--records` extrapolates its pilot (sim/calibrate.ts): counting 5
 * simulated seconds at the rate itself made the start-up grow with it (1,000,000/s: 5 M events
 * and 17 s before the first record).
 */
export async function measureScale(flat: Scenario, options: SourceOptions, perSimSecond: number): Promise<number> {
  const probe = Math.min(perSimSecond, PROBE_RATE);
  const span = Math.min(3600, Math.max(5, Math.ceil(10_000 / probe)));
  const plan = compilePlan(flat, { seed: options.seed, start: isoSeconds(options.start), duration: `${span}s` });
  const expected = expectedBackground(plan);
  if (expected <= 0) throw new UsageError('--rate: the scenario has no background activity to scale');
  const scale = (probe * span) / expected;
  const target = Math.ceil(probe * span);
  let n = 0;
  for (const _ of simulate(plan, { rateScale: scale, limit: target * 4 })) {
    if ((++n & 8191) === 0) await checkpoint(options.signal);
  }
  const corrected = n > 0 ? (scale * target) / n : scale;
  return probe === perSimSecond ? corrected : (corrected * perSimSecond) / probe;
}

function* scenarioEvents(plan: Plan, start: number, speed: number, end: number): Generator<DueEvent> {
  for (const ev of simulate(plan)) {
    if (ev.t >= end) return;
    yield { ev, due: ((ev.t - start) * 1000) / speed };
  }
}

function* rateEvents(plan: Plan, scale: number, start: number, rate: number, speed: number, total: number): Generator<DueEvent> {
  let i = 0;
  const msPer = 1000 / rate;
  const simPer = speed / rate;
  for (const ev of simulate(plan, { rateScale: scale, limit: total })) {
    const t = start + Math.floor(i * simPer);
    const delta = t - ev.t;
    const shifted: SimEvent = delta === 0 ? ev : { ...ev, t, sessionStart: ev.sessionStart === undefined ? undefined : ev.sessionStart + delta };
    yield { ev: shifted, due: i * msPer };
    i++;
  }
}
