/**
 * Size before work: how many records a scenario would write and how many bytes, estimated in a
 * fraction of a second, so `check` can print it and `generate` can refuse an absurd run
 * (`rate: 100000000/second`, `duration: 100000d`) before writing anything.
 *
 * Records: a pilot simulation of the whole span at a scale small enough for about PILOT_EVENTS
 * background calls, extrapolated linearly (scripted steps and session openers counted as they
 * are: they do not scale). Follow-up calls make the count 1.4-1.8x the background arrivals, which
 * the pilot measures instead of assuming. Bytes: per-record averages measured on the examples
 * (2026-12-04): NDJSON ~1,560 bytes a record (quickstart 1.7 MiB for 1,085; multi-account-org
 * 16.9 MiB for 10,871), gzip'd S3 files ~300 (quickstart 337.5 KiB, ransomware 455 KiB for 1,489,
 * multi-account-org 3.0 MiB); small files compress worse, large runs better.
 */
import { UsageError } from '../errors.js';
import { fmt, fmtBytes as fmtSmall } from '../human-format.js';
import type { Plan } from '../plan/types.js';
import { expectedBackground } from '../sim/calibrate.js';
import { simulate } from '../sim/simulate.js';

const PILOT_EVENTS = 20_000;
export const NDJSON_BYTES_PER_RECORD = 1_560;
export const GZIP_BYTES_PER_RECORD = 300;

export { MAX_INITIAL_ARCHIVES, MAX_RECORDS_DEFAULT } from './size-limits.js';
import { MAX_INITIAL_ARCHIVES } from './size-limits.js';

/** fmtBytes, with TiB and PiB for the absurd runs this module exists to catch. */
export function fmtBytes(n: number): string {
  if (n >= 1024 ** 5) return `${(n / 1024 ** 5).toFixed(1)} PiB`;
  if (n >= 1024 ** 4) return `${(n / 1024 ** 4).toFixed(1)} TiB`;
  return fmtSmall(n);
}

export interface RunEstimate {
  /** Expected records of the whole run (rounded). */
  records: number;
  ndjsonBytes: number;
  gzipBytes: number;
  /** Archives in the scenario's vaults at the start, over all accounts and regions. */
  initialArchives: number;
}

export function initialArchives(plan: Plan): number {
  let n = 0;
  for (const unit of plan.units) for (const v of unit.vaults) n += v.archives;
  return n;
}

/** Estimates the run of `plan` (module comment); `records` given (--records N) is taken as is. */
export function estimateRun(plan: Plan, records?: number): RunEstimate {
  const archives = initialArchives(plan);
  let n = records ?? NaN;
  if (records === undefined) {
    // Too many archives to build the world for a pilot: count background arrivals only.
    n = archives > MAX_INITIAL_ARCHIVES ? expectedBackground(plan) : pilotCount(plan);
  }
  n = Math.round(n);
  return { records: n, ndjsonBytes: n * NDJSON_BYTES_PER_RECORD, gzipBytes: n * GZIP_BYTES_PER_RECORD, initialArchives: archives };
}

function pilotCount(plan: Plan): number {
  const expected = expectedBackground(plan);
  const scale = expected > PILOT_EVENTS ? PILOT_EVENTS / expected : 1;
  let scaled = 0;
  let fixed = 0;
  for (const ev of simulate(plan, { rateScale: scale })) {
    if (ev.labels || (ev.kind !== undefined && ev.kind !== 'glacier')) fixed++;
    else scaled++;
  }
  return fixed + scaled / scale;
}

/**
 * Refuses, before any work, a run estimated above `maxRecords` records, or one whose vaults hold
 * more than MAX_INITIAL_ARCHIVES archives at the start (unless `maxRecords` is Infinity: --yes).
 * The estimate is free when the scenario's background arrivals are well under the ceiling;
 * otherwise a pilot simulation (~0.1-0.3 s) measures it.
 */
export function checkRunSize(plan: Plan, records: number | undefined, maxRecords: number): void {
  if (maxRecords === Infinity) return;
  const archives = initialArchives(plan);
  const advice = 'pass --yes to run it anyway';
  if (archives > MAX_INITIAL_ARCHIVES) {
    throw new UsageError(`the scenario's vaults hold ${fmt(archives)} archives at the start, above the ceiling of ${fmt(MAX_INITIAL_ARCHIVES)} (each is kept in memory); lower accounts[].vaults[].archives or count, or ${advice}`);
  }
  // Follow-ups make a run 1.4-1.8x its background arrivals; 2x is a safe bound for skipping the pilot.
  if (records === undefined && expectedBackground(plan) * 2 + 100_000 <= maxRecords) return;
  const e = estimateRun(plan, records);
  if (e.records <= maxRecords) return;
  const override = `pass --max-records ${e.records} or --yes to run it anyway (trailsmith check shows the estimate)`;
  if (records !== undefined) throw new UsageError(`--records ${fmt(records)} (~${fmtBytes(e.gzipBytes)} of gzip'd files) is above the ceiling of ${fmt(maxRecords)} records; ${override}`);
  const what = `about ${fmt(e.records)} records (~${fmtBytes(e.gzipBytes)} of gzip'd files, ~${fmtBytes(e.ndjsonBytes)} as NDJSON) over ${fmt((plan.end - plan.start) / 86400)} days of simulated time`;
  throw new UsageError(
    `this run would write ${what}, above the ceiling of ${fmt(maxRecords)} records; ` +
      `lower the rates or the duration, ask for --records N, or ${override}`,
  );
}
