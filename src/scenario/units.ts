/** Parsing of the scenario's human units: timestamps, durations and rates. */

const UNIT_SECONDS: Record<string, number> = {
  s: 1, sec: 1, second: 1,
  m: 60, min: 60, minute: 60,
  h: 3600, hr: 3600, hour: 3600,
  d: 86400, day: 86400,
  w: 604800, week: 604800,
};

/** Epoch seconds of an ISO-8601 timestamp with an explicit zone, or NaN. */
export function parseTimestamp(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) return NaN;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const ms = Date.UTC(y!, mo! - 1, d!, h!, mi!, s || 0);
  const check = new Date(ms);
  // Reject rollovers such as 2025-02-30 or 25:00 that Date.UTC would silently normalise.
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo! - 1 || check.getUTCDate() !== d || h! > 23 || mi! > 59 || (s || 0) > 59) {
    return NaN;
  }
  const zone = m[7]!;
  let offset = 0;
  if (zone !== 'Z') offset = (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 3600 + Number(zone.slice(4, 6)) * 60);
  return ms / 1000 - offset;
}

/** Seconds in `6h`, `1d 12h`, `90m`, or ISO-8601 `P1DT6H`; NaN when malformed or zero. */
export function parseDuration(text: string): number {
  const t = text.trim();
  const iso = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(t);
  if (iso) {
    const [, w, d, h, m, s] = iso.map((x) => Number(x ?? 0)) as number[];
    const total = w! * 604800 + d! * 86400 + h! * 3600 + m! * 60 + s!;
    return total > 0 ? total : NaN;
  }
  const re = /(\d+(?:\.\d+)?)\s*([smhdw])/gy;
  let total = 0;
  let pos = 0;
  const compact = t.replace(/\s+/g, '');
  re.lastIndex = 0;
  for (let m = re.exec(compact); m; m = re.exec(compact)) {
    total += Number(m[1]) * UNIT_SECONDS[m[2]!]!;
    pos = re.lastIndex;
  }
  return pos === compact.length && total > 0 ? total : NaN;
}

/** Events per second from `30/hour`, `500/day`, or a bare number meaning per hour; NaN if malformed. */
export function parseRate(rate: string | number): number {
  if (typeof rate === 'number') return rate > 0 ? rate / 3600 : NaN;
  const m = /^\s*(\d+(?:\.\d+)?)\s*\/\s*([a-z]+)\s*$/.exec(rate);
  if (!m) return NaN;
  const per = UNIT_SECONDS[m[2]!];
  const n = Number(m[1]);
  return per && n > 0 ? n / per : NaN;
}

const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
let cachedDay = NaN;
let cachedPrefix = '';

/**
 * `YYYY-MM-DDTHH:MM:SSZ`, the only time format CloudTrail writes. The date part is cached per
 * day and the time assembled from a table: ~15 ns instead of ~250 ns for Date#toISOString.
 */
export function isoSeconds(epochSeconds: number): string {
  const s = Math.floor(epochSeconds);
  const day = Math.floor(s / 86400);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedPrefix = new Date(day * 86400000).toISOString().slice(0, 11);
  }
  const r = s - day * 86400;
  const h = Math.floor(r / 3600);
  const m = Math.floor((r % 3600) / 60);
  return `${cachedPrefix}${TWO[h]}:${TWO[m]}:${TWO[r % 60]}Z`;
}
