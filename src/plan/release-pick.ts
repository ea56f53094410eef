/**
 * Picking a client release for a date from a release table (src/plan/releases/*.ts). A record
 * must never show a version released after it, nor one that was never released; among those
 * before the date, recent ones are likelier (people and images upgrade with a lag): the lag is
 * drawn as an exponential of mean 120 days, capped at two years.
 */
import type { Rng } from '../random/rng.js';

const DAY = 86400;
const MEAN_LAG_DAYS = 120;
const MAX_LAG_DAYS = 730;

type Row = readonly [string, string, ...string[]];

const epochCache = new WeakMap<readonly Row[], number[]>();

function epochs(table: readonly Row[]): number[] {
  let out = epochCache.get(table);
  if (!out) epochCache.set(table, (out = table.map((r) => Date.parse(`${r[1]}T00:00:00Z`) / 1000)));
  return out;
}

/** Index of the last row released at or before `at` (epoch s), or -1. Rows are in date order. */
export function lastReleasedBy<T extends Row>(table: readonly T[], at: number): number {
  const e = epochs(table);
  let lo = 0;
  let hi = e.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (e[mid]! <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * A row released a random lag before `at` (the first row released on or before `at` minus the
 * lag). Rows must be released a full day before `at`, as a release's tag date has no time.
 * Returns null when the table has no release before `at` (the caller chooses a fallback).
 */
export function pickRelease<T extends Row>(table: readonly T[], at: number, rng: Rng): T | null {
  const newest = lastReleasedBy(table, at - DAY);
  if (newest < 0) return null;
  const lagDays = Math.min(MAX_LAG_DAYS, rng.exp(1 / MEAN_LAG_DAYS));
  const i = lastReleasedBy(table, at - DAY - lagDays * DAY);
  return table[Math.max(0, Math.min(newest, i < 0 ? 0 : i))]!;
}

/** Epoch seconds of a row's release date. */
export function releasedAt(row: Row): number {
  return Date.parse(`${row[1]}T00:00:00Z`) / 1000;
}
