/**
 * Distances between two samples. Jensen-Shannon distance for categorical distributions: the
 * square root of the JS divergence in bits, a metric in [0, 1] (0 same, 1 disjoint), as
 * scipy.spatial.distance.jensenshannon(p, q, base=2) computes it. Two-sample
 * Kolmogorov-Smirnov statistic for continuous ones: the largest gap between the empirical
 * CDFs, in [0, 1].
 */

export function jsDistance(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  const ta = total(a);
  const tb = total(b);
  if (ta === 0 || tb === 0) return ta === tb ? 0 : 1;
  let d = 0;
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const p = (a.get(k) ?? 0) / ta;
    const q = (b.get(k) ?? 0) / tb;
    const m = (p + q) / 2;
    if (p > 0) d += (p * Math.log2(p / m)) / 2;
    if (q > 0) d += (q * Math.log2(q / m)) / 2;
  }
  return Math.sqrt(Math.max(0, d));
}

function total(m: ReadonlyMap<string, number>): number {
  let t = 0;
  for (const v of m.values()) t += v;
  return t;
}

/** KS statistic of two samples (sorted in place). */
export function ksStatistic(a: Float64Array, b: Float64Array): number {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : 1;
  a.sort();
  b.sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length && j < b.length) {
    const x = Math.min(a[i]!, b[j]!);
    while (i < a.length && a[i]! <= x) i++;
    while (j < b.length && b[j]! <= x) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  return d;
}

/**
 * KS critical value at significance 0.01 (c(α) = 1.628): a smaller statistic is not evidence
 * of a difference. With a handful of principals a per-principal statistic moves in steps of
 * 1/n, so the verdict takes the larger of this and the metric's threshold.
 */
export function ksCritical(n: number, m: number): number {
  if (n === 0 || m === 0) return 1;
  return 1.628 * Math.sqrt((n + m) / (n * m));
}

/**
 * JS distance two samples of sizes n and m from one distribution over k categories reach at
 * the 1 % level: JSD ≈ (1/n + 1/m) χ²(k−1) / (8 ln 2) bits (second-order expansion of the
 * divergence), with χ²'s 99th percentile by the Wilson-Hilferty approximation. Small samples
 * (a few hundred error records) differ by more than any useful threshold by chance alone.
 */
export function jsCritical(n: number, m: number, k: number): number {
  if (n === 0 || m === 0) return 1;
  const df = Math.max(1, k - 1);
  const z = 2.326;
  const chi = df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;
  return Math.sqrt(((1 / n + 1 / m) * chi) / (8 * Math.LN2));
}
