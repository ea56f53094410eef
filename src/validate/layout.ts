/**
 * The S3 layout (reference sections 3 and 4.1), read back from a local path: which key a file
 * has, whether that key is well formed, and what it promises about the records inside
 * (account, region, events no later than the delivery stamp).
 *
 *   [prefix/]AWSLogs/[o-id/]<acct>/CloudTrail/<region>/YYYY/MM/DD/<acct>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16 alnum>.json.gz
 *   [prefix/]AWSLogs/[o-id/]<acct>/CloudTrail-Digest/<region>/YYYY/MM/DD/<acct>_CloudTrail-Digest_<region>_<trail>_<home>_<YYYYMMDDTHHMMSSZ>[_backfill].json.gz
 */
import type { Issue } from './issues.js';

export type LayoutKind = 'log' | 'insight' | 'digest';

export interface KeyInfo {
  kind: LayoutKind;
  /** The key from `AWSLogs/` on (what AWS would call the key, minus any trail prefix). */
  key: string;
  accountId: string;
  region: string;
  /** Delivery stamp, epoch seconds (log files: whole minutes; digests: the digest end time). */
  stamp: number;
  /** The stamp as written in the name. */
  stampText: string;
}

export interface KeyCheck {
  /** Undefined when the path is not in the S3 layout at all. */
  info?: KeyInfo;
  errors: Issue[];
}

const FOLDER = /(?:^|\/)(AWSLogs\/(?:(o-[a-z0-9]{10,32})\/)?([^/]+)\/(CloudTrail|CloudTrail-Insight|CloudTrail-Digest)\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+))$/;
const LOG_NAME = /^(\d{12})_(CloudTrail|CloudTrail-Insight)_([a-z0-9-]+)_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_([A-Za-z0-9]{16})\.json\.gz$/;
const DIGEST_NAME = /^(\d{12})_CloudTrail-Digest_([a-z0-9-]+)_(.+)_([a-z0-9-]+)_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z(_backfill)?\.json\.gz$/;
const REGION = /^(us|eu|ap|sa|ca|me|af|il|mx|cn|eusc)(-(gov|iso[a-z]?|[a-z]{2}))?-(east|west|north|south|central|northeast|northwest|southeast|southwest)-[1-9]$/;

/** Whether a path lies under a CloudTrail-Digest folder (validated with the digest schema). */
export function isDigestPath(path: string): boolean {
  return /(?:^|\/)CloudTrail-Digest\//.test(toPosix(path));
}

/** Parses and checks the key of a file; files outside `AWSLogs/` are checked by name only if it looks like a log file name. */
export function checkKey(path: string): KeyCheck {
  const p = toPosix(path);
  const m = FOLDER.exec(p);
  const name = p.slice(p.lastIndexOf('/') + 1);
  if (!m) {
    // A log file copied out of its tree still names its account, region and stamp.
    const n = LOG_NAME.exec(name);
    if (!n) return { errors: [] };
    const info = logInfo(n, name);
    return info ? { info, errors: [] } : { errors: [{ path: '', message: `file name ${name}: the delivery stamp is not a valid UTC time` }] };
  }
  const [, key, , account, folder, region, y, mo, d] = m as unknown as string[];
  const errors: Issue[] = [];
  const bad = (message: string): void => void errors.push({ path: '', message: `S3 key ${key}: ${message}` });
  if (!/^\d{12}$/.test(account!)) bad(`account folder "${account}" is not a 12-digit account ID`);
  if (!REGION.test(region!)) bad(`region folder "${region}" is not a region code`);
  if (!/^\d{4}$/.test(y!) || !/^\d{2}$/.test(mo!) || !/^\d{2}$/.test(d!)) bad(`date folders "${y}/${mo}/${d}" are not YYYY/MM/DD`);
  let info: KeyInfo | undefined;
  if (folder === 'CloudTrail-Digest') {
    const n = DIGEST_NAME.exec(name);
    if (!n) bad(`file name does not match <account>_CloudTrail-Digest_<region>_<trail>_<homeRegion>_<YYYYMMDDTHHMMSSZ>[_backfill].json.gz`);
    else {
      const [, acct, reg, , , ny, nmo, nd, hh, mi, ss] = n as unknown as string[];
      const stamp = utc(ny!, nmo!, nd!, hh!, mi!, ss!);
      if (stamp === undefined) bad(`the stamp in the file name is not a valid UTC time`);
      else info = { kind: 'digest', key: key!, accountId: acct!, region: reg!, stamp, stampText: `${ny}${nmo}${nd}T${hh}${mi}${ss}Z` };
      if (acct !== account) bad(`account ${acct} in the file name differs from the account folder ${account}`);
      if (reg !== region) bad(`region ${reg} in the file name differs from the region folder ${region}`);
      if (`${ny}/${nmo}/${nd}` !== `${y}/${mo}/${d}`) bad(`date folders ${y}/${mo}/${d} differ from the stamp's date ${ny}/${nmo}/${nd}`);
    }
  } else {
    const n = LOG_NAME.exec(name);
    if (!n) bad(`file name does not match <account>_${folder}_<region>_<YYYYMMDDTHHmmZ>_<16 alphanumerics>.json.gz`);
    else {
      info = logInfo(n, name);
      if (!info) bad('the delivery stamp in the file name is not a valid UTC time');
      else info.key = key!;
      const [, acct, kind, reg, ny, nmo, nd] = n as unknown as string[];
      if (kind !== folder) bad(`file name says ${kind} but the folder is ${folder}`);
      if (acct !== account) bad(`account ${acct} in the file name differs from the account folder ${account}`);
      if (reg !== region) bad(`region ${reg} in the file name differs from the region folder ${region}`);
      if (`${ny}/${nmo}/${nd}` !== `${y}/${mo}/${d}`) bad(`date folders ${y}/${mo}/${d} differ from the delivery date ${ny}/${nmo}/${nd} in the file name`);
    }
  }
  return { info, errors };
}

function logInfo(n: RegExpExecArray, name: string): KeyInfo | undefined {
  const [, acct, kind, reg, y, mo, d, hh, mi] = n as unknown as string[];
  const stamp = utc(y!, mo!, d!, hh!, mi!, '00');
  if (stamp === undefined) return undefined;
  return { kind: kind === 'CloudTrail' ? 'log' : 'insight', key: name, accountId: acct!, region: reg!, stamp, stampText: `${y}${mo}${d}T${hh}${mi}Z` };
}

/** Epoch seconds of a UTC time given as digit strings; undefined when out of range (month 13, Feb 30, 24:00). */
function utc(y: string, mo: string, d: string, h: string, mi: string, s: string): number | undefined {
  const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== +y || back.getUTCMonth() !== +mo - 1 || back.getUTCDate() !== +d || back.getUTCHours() !== +h || back.getUTCMinutes() !== +mi || back.getUTCSeconds() !== +s) return undefined;
  return ms / 1000;
}

/**
 * What the key promises about one record: the key's account receives it, it happened in the
 * key's region, and no later than the delivery stamp (the stamp has no seconds: an event
 * inside the stamp's minute is after it).
 */
export function checkRecordAgainstKey(record: unknown, info: KeyInfo): Issue[] {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return [];
  const r = record as { recipientAccountId?: unknown; awsRegion?: unknown; eventTime?: unknown };
  const out: Issue[] = [];
  if (typeof r.recipientAccountId === 'string' && r.recipientAccountId !== info.accountId) {
    out.push({ path: '/recipientAccountId', message: `"${r.recipientAccountId}" differs from the account ${info.accountId} in the S3 key` });
  }
  if (typeof r.awsRegion === 'string' && r.awsRegion !== info.region) {
    out.push({ path: '/awsRegion', message: `"${r.awsRegion}" differs from the region ${info.region} in the S3 key` });
  }
  if (typeof r.eventTime === 'string') {
    const t = eventSeconds(r.eventTime);
    if (t !== undefined && t > info.stamp) out.push({ path: '/eventTime', message: `${r.eventTime} is after the delivery stamp ${info.stampText} in the file name` });
  }
  return out;
}

// eventTime parsing is on the hot path: cache the last value (records of a file share seconds).
let lastText = '';
let lastSeconds: number | undefined;

function eventSeconds(text: string): number | undefined {
  if (text === lastText) return lastSeconds;
  lastText = text;
  // Generated files change second every few records, so the cache above mostly misses; the
  // RegExp + Date.parse below was 2 % of a worker's profile. Times whose fields are all in the
  // ranges every month has (day <= 28) are computed directly: Date.UTC gives what Date.parse does.
  const fast = plainSeconds(text);
  if (fast !== undefined) return (lastSeconds = fast);
  lastSeconds = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(text) ? Date.parse(text) / 1000 : undefined;
  if (lastSeconds !== undefined && !Number.isFinite(lastSeconds)) lastSeconds = undefined;
  return lastSeconds;
}

/** Epoch seconds of YYYY-MM-DDTHH:MM:SSZ with month 1-12, day 1-28, hour < 24, minute and second < 60; else undefined. */
function plainSeconds(t: string): number | undefined {
  if (t.length !== 20 || t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45 || t.charCodeAt(10) !== 84 || t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58 || t.charCodeAt(19) !== 90) return undefined;
  const y = digits(t, 0, 4);
  const mo = digits(t, 5, 2);
  const d = digits(t, 8, 2);
  const h = digits(t, 11, 2);
  const mi = digits(t, 14, 2);
  const s = digits(t, 17, 2);
  // Date.UTC reads years 0-99 as 1900-1999; Date.parse does not.
  if (y < 100 || mo < 1 || mo > 12 || d < 1 || d > 28 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
}

/** The decimal number in t[i, i + n), or -1 when a character there is not an ASCII digit. */
function digits(t: string, i: number, n: number): number {
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const c = t.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

export function toPosix(path: string): string {
  return path.replace(/\\/g, '/');
}
