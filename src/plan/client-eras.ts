/**
 * Components that accompany a client release in a user agent: the Python, Node and Go
 * runtimes, the OS image and its kernel, browser majors. Each is chosen for a date so that it
 * existed then. Where no full release table is stored, versions come from conservative
 * interpolation between dated anchors, rounded down (a version a little older than current
 * always existed; one a little newer might not have).
 */
import type { Rng } from '../random/rng.js';

const DAY = 86400;
const at = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 1000;

/** Interpolated number at `t` through (date, value) anchors, rounded down; clamps outside. */
export function interpolate(anchors: ReadonlyArray<readonly [string, number]>, t: number): number {
  if (t <= at(anchors[0]![0])) return anchors[0]![1];
  for (let i = 1; i < anchors.length; i++) {
    const [d1, v1] = anchors[i]!;
    const t1 = at(d1);
    if (t <= t1) {
      const [d0, v0] = anchors[i - 1]!;
      const t0 = at(d0);
      return Math.floor(v0 + ((v1 - v0) * (t - t0)) / (t1 - t0));
    }
  }
  return anchors[anchors.length - 1]![1];
}

/**
 * CPython minors: x.y.0 release dates (python.org release pages) and the last patch we allow;
 * patches are counted one per 3.5 months after x.y.0 (real cadence: every 1-2 months in bugfix,
 * slower later), so the patch shown was out by then.
 */
const PYTHON: ReadonlyArray<readonly [string, string, number]> = [
  ['3.6', '2016-12-23', 14],
  ['3.7', '2018-06-27', 16],
  ['3.8', '2019-10-14', 19],
  ['3.9', '2020-10-05', 18],
  ['3.10', '2021-10-04', 14],
  ['3.11', '2022-10-24', 9],
  ['3.12', '2023-10-02', 8],
  ['3.13', '2024-10-07', 3],
];

/** A CPython `x.y.z` current at `t`: one of the newest three minors out for 3 months or more. */
export function pythonAt(t: number, rng: Rng, minor?: string): string {
  const out = PYTHON.filter(([, d]) => at(d) + 90 * DAY <= t);
  const row = minor ? PYTHON.find((p) => p[0] === minor)! : (out.length ? out[Math.max(0, out.length - 1 - rng.int(Math.min(3, out.length)))]! : PYTHON[0]!);
  const months = Math.max(0, (t - at(row[1])) / (30.4 * DAY));
  return `${row[0]}.${Math.min(row[2], Math.floor(months / 3.5))}`;
}

/**
 * Linux images and kernels as they appear in user agents (real samples: facts 6.1, S10/S11),
 * each from a date after that kernel build shipped. distrib is what aws-cli v2's
 * `md/distrib#` / `exe/x86_64.` token says for that image.
 */
const KERNELS: ReadonlyArray<{ from: string; kernel: string; distrib: string }> = [
  { from: '2017-06-01', kernel: '4.9.32-15.41.amzn1.x86_64', distrib: 'amzn.1' },
  { from: '2018-06-01', kernel: '4.14.47-64.38.amzn2.x86_64', distrib: 'amzn.2' },
  { from: '2019-06-01', kernel: '4.15.0-1040-aws', distrib: 'ubuntu.18' },
  { from: '2021-04-01', kernel: '4.14.225-175.364.amzn2.x86_64', distrib: 'amzn.2' },
  { from: '2021-06-01', kernel: '5.4.0-1045-aws', distrib: 'ubuntu.20' },
  { from: '2022-01-15', kernel: '4.14.255-314-253.539.amzn2.x86_64', distrib: 'amzn.2' },
  { from: '2023-06-01', kernel: '5.15.0-1036-aws', distrib: 'ubuntu.22' },
  { from: '2023-08-01', kernel: '6.1.34-59.116.amzn2023.x86_64', distrib: 'amzn.2023' },
  { from: '2024-12-15', kernel: '5.10.228-219.884.amzn2.x86_64', distrib: 'amzn.2' },
  { from: '2025-01-01', kernel: '6.1.119-129.201.amzn2023.x86_64', distrib: 'amzn.2023' },
  { from: '2025-02-15', kernel: '6.8.0-1021-aws', distrib: 'ubuntu.24' },
  { from: '2025-09-01', kernel: '6.1.0-37-cloud-amd64', distrib: 'debian.12' },
];

/** An OS image available at `t`, preferring the newer ones. */
export function hostAt(t: number, rng: Rng): { kernel: string; distrib: string } {
  const out = KERNELS.filter((k) => at(k.from) <= t);
  const pool = out.length ? out.slice(-4) : [KERNELS[0]!];
  return pool[rng.int(pool.length)]!;
}

/** Node.js `major.minor.0` current at `t` (even majors, about one minor a month after x.0.0). */
export function nodeAt(t: number, rng: Rng): string {
  const majors: ReadonlyArray<readonly [number, string, number]> = [[14, '2020-04-21', 21], [16, '2021-04-20', 20], [18, '2022-04-19', 20], [20, '2023-04-18', 19], [22, '2024-04-24', 21]];
  const out = majors.filter(([, d]) => at(d) + 180 * DAY <= t);
  const [major, d, max] = out.length ? out[Math.max(0, out.length - 1 - rng.int(Math.min(2, out.length)))]! : majors[0]!;
  return `${major}.${Math.max(0, Math.min(max, Math.floor((t - at(d)) / (40 * DAY))))}.0`;
}

/** Go `1.x.y` current at `t` (1.x.0 dates from go.dev/doc/devel/release; one patch a month). */
export function goAt(t: number, rng: Rng): string {
  const minors: ReadonlyArray<readonly [number, string]> = [[15, '2020-08-11'], [16, '2021-02-16'], [17, '2021-08-16'], [18, '2022-03-15'], [19, '2022-08-02'], [20, '2023-02-01'], [21, '2023-08-08'], [22, '2024-02-06'], [23, '2024-08-13'], [24, '2025-02-11'], [25, '2025-08-12']];
  const out = minors.filter(([, d]) => at(d) + 60 * DAY <= t);
  const [minor, d] = out.length ? out[Math.max(0, out.length - 1 - rng.int(Math.min(2, out.length)))]! : minors[0]!;
  return `1.${minor}.${Math.max(0, Math.min(12, Math.floor((t - at(d)) / (35 * DAY))))}`;
}

/** Chrome and Firefox stable majors by date (release anchors; 4-week trains since 2021). */
export const CHROME: ReadonlyArray<readonly [string, number]> = [['2017-06-06', 59], ['2018-10-16', 70], ['2020-02-04', 80], ['2021-09-21', 94], ['2022-03-29', 100], ['2023-01-10', 109], ['2023-12-05', 120], ['2024-10-15', 130]];
export const FIREFOX: ReadonlyArray<readonly [string, number]> = [['2018-05-09', 60], ['2019-10-22', 70], ['2020-08-25', 80], ['2021-08-10', 91], ['2022-05-03', 100], ['2023-02-14', 110], ['2023-11-21', 120], ['2024-09-03', 130], ['2025-06-24', 140]];

/** The major current at `t`, sometimes one behind (auto-update lag), never ahead. */
export function browserMajorAt(anchors: ReadonlyArray<readonly [string, number]>, t: number, rng: Rng): number {
  // Past the last anchor, trains keep coming every 4 weeks.
  const last = anchors[anchors.length - 1]!;
  const base = t > at(last[0]) ? last[1] + Math.floor((t - at(last[0])) / (29 * DAY)) : interpolate(anchors, t);
  return base - rng.int(2);
}

/**
 * OpenJDK updates ship on Oracle's quarterly Critical Patch Update dates, the third Tuesday of
 * January, April, July and October. The n-th CPU on or after `from` (0-based) before `t`, or -1.
 */
function cpusSince(from: string, t: number): number {
  const [y0, m0] = from.split('-').map(Number) as [number, number];
  let n = -1;
  for (let y = y0, m = m0; ; m += 3) {
    if (m > 12) { m -= 12; y += 1; }
    const first = new Date(Date.UTC(y, m - 1, 1)).getUTCDay();
    const tuesday = Date.UTC(y, m - 1, 1 + ((2 - first + 7) % 7) + 14) / 1000;
    if (tuesday > t) return n;
    n++;
  }
}

/**
 * Java 8 update builds as OpenJDK/Corretto write them (`java/1.8.0_<u>`, VM `25.<u>-b<NN>`, the
 * build zero-padded). One update per quarterly CPU: 8u72 (2016-01) to 8u181 (2018-07) as
 * released, then 8u192 at the 2018-10 CPU and ten update numbers a quarter (8u202, 8u212, ...).
 * Real records show 8u192-b12, 8u242-b08, 8u262-b10 and 8u302-b08 (shared real-cloudtrail
 * data); other builds are a fixed function of the update [I]. Servers lag: the update shown is
 * 0-2 quarters old (clamped at 8u72 before 2016).
 */
const JAVA8_BEFORE_2018_10 = [72, 92, 102, 112, 121, 131, 141, 152, 162, 172, 181];
const JAVA8_BUILDS: Readonly<Record<number, number>> = { 192: 12, 242: 8, 262: 10, 302: 8 };

export function java8At(t: number, rng: Rng): { update: number; build: string } {
  const q = Math.max(0, cpusSince('2016-01', t) - rng.int(3));
  const update = q < JAVA8_BEFORE_2018_10.length ? JAVA8_BEFORE_2018_10[q]! : 192 + 10 * (q - JAVA8_BEFORE_2018_10.length);
  const build = JAVA8_BUILDS[update] ?? 5 + (update % 7);
  return { update, build: `b${String(build).padStart(2, '0')}` };
}

/**
 * A Java 11 or 17 LTS patch out at `t` (`11.0.N`, `17.0.N`): 11.0.1 came with the 2018-10 CPU and
 * 17.0.1 with the 2021-10 one, then one patch a quarter; 0-2 quarters of server lag. Java 17
 * replaces 11 as the common LTS from 2022 [I]. Null before 11.0.1.
 */
export function javaLtsAt(t: number, rng: Rng): string | null {
  const lag = rng.int(3);
  const n17 = cpusSince('2021-10', t) - lag;
  if (t >= at('2022-01-01') && n17 >= 0) return `17.0.${n17 + 1}`;
  const n11 = cpusSince('2018-10', t) - lag;
  return n11 >= 0 ? `11.0.${n11 + 1}` : null;
}
