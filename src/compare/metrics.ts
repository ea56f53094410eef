/**
 * `compare`: two sets of CloudTrail side by side over the distributions detection and
 * pipeline engineers look at, each with a distance and a verdict against a documented
 * threshold (docs/twin.md lists them). Accounts and principals of a twin have other IDs than
 * the original's, so their shares are compared by rank (busiest account against busiest
 * account), never by ID.
 *
 * A metric fails when its distance is above its threshold and above what sampling noise
 * explains at the 1 % level (KS and JS critical values, ./distances.ts; for mixes, records of
 * one burst count once): two samples of a few hundred records differ by more than 0.05 by
 * chance alone.
 */
import type { Readable } from 'node:stream';
import { readTrail, type ReadSummary } from '../profile/read-trail.js';
import { SideStats } from './collect.js';
import { jsCritical, jsDistance, ksCritical, ksStatistic } from './distances.js';

export type Verdict = 'pass' | 'fail' | 'n/a';

export interface MetricResult {
  id: string;
  title: string;
  kind: 'categorical' | 'continuous' | 'rate';
  /** What the distance is: `JS` (Jensen-Shannon distance), `KS` (Kolmogorov-Smirnov), `max rel. diff`, `mean abs. diff`. */
  measure: string;
  distance: number;
  threshold: number;
  verdict: Verdict;
  /** Categorical: shares per category on each side; continuous: summary quantiles. */
  a: Record<string, number>;
  b: Record<string, number>;
  /** Sample sizes. */
  n: [number, number];
  /** Continuous metrics: the samples' empirical CDF points for charts (at most 200 each). */
  cdf?: [Array<[number, number]>, Array<[number, number]>];
}

export interface CompareReport {
  a: { records: number; files: number; principals: number };
  b: { records: number; files: number; principals: number };
  metrics: MetricResult[];
  verdict: 'pass' | 'fail';
}

/** Thresholds (docs/twin.md): JS distance for mixes, KS statistic for continuous distributions. */
export const THRESHOLDS = {
  operations: 0.05,
  identityTypes: 0.05,
  clients: 0.05,
  hours: 0.05,
  weekdays: 0.05,
  regions: 0.05,
  accounts: 0.05,
  errorCodes: 0.1,
  errorRates: 0.02,
  recordsPerFile: 0.15,
  fileCadence: 0.15,
  interArrival: 0.1,
  addresses: 0.2,
  agents: 0.2,
  principalRates: 0.1,
} as const;

/** Principals with fewer records than this are too noisy for a rate comparison (Poisson: ±1/√n). */
export const MIN_RATE_RECORDS = 500;

export type CompareInput = string | readonly string[] | Iterable<object> | AsyncIterable<object>;

export interface CompareOptions {
  stdin?: Readable;
  signal?: AbortSignal;
}

/**
 * Compares two sets of CloudTrail: paths (anything `validate` reads) or records.
 * @example
 * const report = await compareRecords('original/', 'twin/');
 * console.log(report.verdict, report.metrics.map((m) => `${m.id} ${m.distance.toFixed(3)}`));
 */
export async function compareRecords(a: CompareInput, b: CompareInput, options: CompareOptions = {}): Promise<CompareReport> {
  const [sa, ra] = await collect(a, options);
  const [sb, rb] = await collect(b, options);
  return compareSides(sa, sb, ra.files, rb.files);
}

/** Reads one side; paths must name at least one CloudTrail record. */
export async function collect(input: CompareInput, options: CompareOptions = {}): Promise<[SideStats, ReadSummary]> {
  const side = new SideStats();
  if (typeof input === 'string' || isStringArray(input)) {
    const paths = typeof input === 'string' ? [input] : input;
    const read = await readTrail(paths, side, options);
    return [side, read];
  }
  let n = 0;
  const file = { path: '<records>' };
  for await (const r of input as AsyncIterable<Record<string, unknown>>) {
    side.record(r, file);
    n++;
  }
  return [side, { files: 0, records: n, digestFiles: 0, notCloudTrail: 0, unreadable: 0, malformed: 0, problems: [] }];
}

function isStringArray(x: unknown): x is readonly string[] {
  return Array.isArray(x) && x.every((p) => typeof p === 'string');
}

export function compareSides(a: SideStats, b: SideStats, filesA = 0, filesB = 0): CompareReport {
  const ia = a.independence();
  const ib = b.independence();
  const categorical = (id: string, title: string, x: ReadonlyMap<string, number>, y: ReadonlyMap<string, number>, threshold: number): MetricResult =>
    categoricalMetric(id, title, x, y, threshold, [ia, ib]);
  const metrics: MetricResult[] = [
    categorical('operations', 'Operation mix', a.operations, b.operations, THRESHOLDS.operations),
    categorical('identity-types', 'Identity types', a.identityTypes, b.identityTypes, THRESHOLDS.identityTypes),
    categorical('clients', 'Client families', a.clients, b.clients, THRESHOLDS.clients),
    categorical('hour-of-day', 'Volume by hour of day (UTC)', a.hours, b.hours, THRESHOLDS.hours),
    categorical('weekday', 'Volume by weekday (UTC)', a.weekdays, b.weekdays, THRESHOLDS.weekdays),
    errorRates(a, b, ia, ib),
    categorical('error-codes', 'Error-code mix', a.errorCodes, b.errorCodes, THRESHOLDS.errorCodes),
    continuous('records-per-file', 'Records per log file', a.recordsPerFile.values(), b.recordsPerFile.values(), THRESHOLDS.recordsPerFile),
    continuous('file-cadence', 'Seconds between log files (per account and region)', a.fileCadence(), b.fileCadence(), THRESHOLDS.fileCadence),
    continuous('inter-arrival', 'Seconds between a principal\'s calls', a.interArrivals(), b.interArrivals(), THRESHOLDS.interArrival),
    continuous('addresses-per-principal', 'Distinct source addresses per principal', a.perPrincipal('addresses'), b.perPrincipal('addresses'), THRESHOLDS.addresses),
    continuous('agents-per-principal', 'Distinct user agents per principal', a.perPrincipal('agents'), b.perPrincipal('agents'), THRESHOLDS.agents),
    categorical('regions', 'Region shares', a.regions, b.regions, THRESHOLDS.regions),
    categorical('accounts', 'Account shares (by rank)', ranked(a.accounts), ranked(b.accounts), THRESHOLDS.accounts),
    principalRates(a, b),
  ];
  const verdict = metrics.some((m) => m.verdict === 'fail') ? 'fail' : 'pass';
  const side = (s: SideStats, files: number): CompareReport['a'] => ({ records: s.records, files, principals: s.principals.size });
  return { a: side(a, filesA), b: side(b, filesB), metrics, verdict };
}

function shares(m: ReadonlyMap<string, number>): Record<string, number> {
  let t = 0;
  for (const v of m.values()) t += v;
  const entries = [...m.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  return Object.fromEntries(entries.map(([k, v]) => [k, t ? round(v / t) : 0]));
}

/** `independence`: bursts per record of each side; the noise bound uses that many draws (see SideStats.independence). */
function categoricalMetric(id: string, title: string, a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>, threshold: number, independence: [number, number]): MetricResult {
  const n: [number, number] = [sum(a), sum(b)];
  const empty = n[0] === 0 && n[1] === 0;
  const distance = round(jsDistance(a, b));
  const k = new Set([...a.keys(), ...b.keys()]).size;
  const noise = jsCritical(Math.max(1, n[0] * independence[0]), Math.max(1, n[1] * independence[1]), k);
  const verdict = empty ? 'n/a' : distance <= Math.max(threshold, noise) ? 'pass' : 'fail';
  return { id, title, kind: 'categorical', measure: 'JS', distance, threshold, verdict, a: shares(a), b: shares(b), n };
}

function continuous(id: string, title: string, a: Float64Array, b: Float64Array, threshold: number): MetricResult {
  const n: [number, number] = [a.length, b.length];
  if (a.length === 0 || b.length === 0) {
    return { id, title, kind: 'continuous', measure: 'KS', distance: a.length === b.length ? 0 : 1, threshold, verdict: a.length === b.length ? 'n/a' : 'fail', a: quantiles(a), b: quantiles(b), n };
  }
  const distance = round(ksStatistic(a, b));
  const verdict = distance <= Math.max(threshold, ksCritical(a.length, b.length)) ? 'pass' : 'fail';
  return { id, title, kind: 'continuous', measure: 'KS', distance, threshold, verdict, a: quantiles(a), b: quantiles(b), n, cdf: [cdfPoints(a), cdfPoints(b)] };
}

/**
 * Error rate per operation: the mean absolute difference, weighted by the operations' calls.
 * Noise: the same weighted mean of each operation's 1 % two-sided bound on a difference of
 * two proportions (2.576·√(p(1−p)(1/n + 1/m))), with n and m the calls counted as independent
 * draws (`independence`: an error's SDK retries and the throttling burst around it are one).
 */
function errorRates(a: SideStats, b: SideStats, ia: number, ib: number): MetricResult {
  let weighted = 0;
  let weight = 0;
  let noise = 0;
  const ra: Record<string, number> = {};
  const rb: Record<string, number> = {};
  for (const [op, [calls, failed]] of a.errorsByOperation) {
    const other = b.errorsByOperation.get(op);
    ra[op] = round(failed / calls);
    if (!other) continue;
    rb[op] = round(other[1] / other[0]);
    const w = calls + other[0];
    weighted += w * Math.abs(failed / calls - other[1] / other[0]);
    weight += w;
    const p = (failed + other[1]) / w;
    noise += w * 2.576 * Math.sqrt(p * (1 - p) * (1 / Math.max(1, calls * ia) + 1 / Math.max(1, other[0] * ib)));
  }
  for (const [op, [calls, failed]] of b.errorsByOperation) rb[op] ??= round(failed / calls);
  const distance = round(weight ? weighted / weight : 0);
  return {
    id: 'error-rates', title: 'Error rate per operation', kind: 'rate', measure: 'mean abs. diff', distance, threshold: THRESHOLDS.errorRates,
    verdict: weight === 0 ? 'n/a' : distance <= Math.max(THRESHOLDS.errorRates, noise / weight) ? 'pass' : 'fail', a: ra, b: rb, n: [a.records, b.records],
  };
}

/**
 * Calls per hour of each principal, matched by rank (busiest with busiest): the largest
 * relative difference among principals with at least MIN_RATE_RECORDS calls on side a.
 */
function principalRates(a: SideStats, b: SideStats): MetricResult {
  const pa = a.principalRates();
  const pb = b.principalRates();
  let worst = 0;
  let compared = 0;
  let failed = false;
  const ra: Record<string, number> = {};
  const rb: Record<string, number> = {};
  pa.forEach((p, i) => {
    ra[`#${i + 1}`] = round(p.perHour);
    const q = pb[i];
    if (q) rb[`#${i + 1}`] = round(q.perHour);
    if (p.records < MIN_RATE_RECORDS) return;
    compared++;
    const diff = q ? Math.abs(q.perHour - p.perHour) / p.perHour : 1;
    worst = Math.max(worst, diff);
    // Beyond noise too: a relative difference of two counts of d₁ and d₂ independent draws
    // (principalRates) has sd √(1/d₁ + 1/d₂); 3.29 sd is the 0.1 % two-sided bound, as several principals are compared.
    if (diff > THRESHOLDS.principalRates && (!q || diff > 3.29 * Math.sqrt(1 / p.draws + 1 / q.draws))) failed = true;
  });
  pb.slice(pa.length).forEach((q, i) => (rb[`#${pa.length + i + 1}`] = round(q.perHour)));
  const distance = round(worst);
  return {
    id: 'principal-rates', title: `Calls per hour per principal (by rank, ≥ ${MIN_RATE_RECORDS} calls)`, kind: 'rate', measure: 'max rel. diff',
    distance, threshold: THRESHOLDS.principalRates, verdict: compared === 0 ? 'n/a' : failed ? 'fail' : 'pass', a: ra, b: rb, n: [pa.length, pb.length],
  };
}

/** Counts keyed by rank (`#1` busiest), so different IDs of the same shape compare equal. */
function ranked(m: ReadonlyMap<string, number>): Map<string, number> {
  return new Map([...m.values()].sort((x, y) => y - x).map((v, i) => [`#${i + 1}`, v]));
}

function quantiles(x: Float64Array): Record<string, number> {
  if (x.length === 0) return {};
  const s = Float64Array.from(x).sort();
  const q = (p: number): number => round(s[Math.min(s.length - 1, Math.floor(p * s.length))]!);
  return { p10: q(0.1), p50: q(0.5), p90: q(0.9), max: round(s[s.length - 1]!) };
}

function cdfPoints(x: Float64Array): Array<[number, number]> {
  const s = Float64Array.from(x).sort();
  const step = Math.max(1, Math.floor(s.length / 200));
  const out: Array<[number, number]> = [];
  for (let i = 0; i < s.length; i += step) out.push([s[i]!, (i + 1) / s.length]);
  out.push([s[s.length - 1]!, 1]);
  return out;
}

function sum(m: ReadonlyMap<string, number>): number {
  let t = 0;
  for (const v of m.values()) t += v;
  return t;
}

function round(x: number): number {
  return Number(x.toFixed(4));
}
