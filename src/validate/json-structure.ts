/**
 * One pass over a JSON text before JSON.parse, for what JSON.parse cannot tell us or cannot
 * survive:
 *
 * - Duplicate keys. JSON.parse keeps the last value, so `{"Records":[r1,r2],"Records":[]}` read
 *   as an empty, valid log file, and a record with two `eventName`s showed only one. RFC 8259
 *   says names SHOULD be unique and receivers differ on which one wins: an error.
 * - Depth and size. JSON.parse of a 64 MiB file of `[` took 3.3 GB and 50 s (issue 22), and
 *   22 M empty arrays 1.3 GB and 75 s (measured, Node 20): memory follows the number of values,
 *   not the bytes. Genuine CloudTrail nests about 15 levels and holds about 6,000 containers and
 *   26,000 scalars per MiB (measured on test/fixtures/real-cloudtrail), so a full 64 MiB file of
 *   real records has about 400 k containers and 1.7 M scalars. The limits below leave 2.5x room
 *   over that and stop the scan at the first value past them, before JSON.parse runs.
 *
 * Not a parser: syntax errors are left to JSON.parse, which runs next with its own messages. A
 * text this scan misreads because it is not JSON fails JSON.parse anyway.
 */
import { escapePointer } from './issues.js';

export interface JsonLimits {
  /** Deepest nesting of objects and arrays. */
  maxDepth: number;
  /** Most objects and arrays in one document. */
  maxContainers: number;
  /** Most values (containers, strings, numbers, literals) in one document. */
  maxValues: number;
}

export const DEFAULT_JSON_LIMITS: Readonly<JsonLimits> = { maxDepth: 128, maxContainers: 1_000_000, maxValues: 4_000_000 };

/** Duplicate keys reported per document at most; a count stands for the rest. */
const MAX_DUPLICATES = 20;

export interface StructureIssue {
  /** JSON pointer of the duplicate key, or of the value where a limit was passed. */
  path: string;
  message: string;
}

export interface StructureResult {
  duplicates: StructureIssue[];
  /** A limit was passed: do not JSON.parse this text. */
  overLimit?: StructureIssue;
}

const OBJECT = 1;
const ARRAY = 2;

/**
 * Scans `text` (one JSON document, or several one per line) for duplicate keys and the limits.
 *
 * @example
 * checkJsonStructure('{"Records":[],"Records":[]}').duplicates
 * // [{ path: '/Records', message: 'duplicate key "Records" (JSON.parse keeps only the last value)' }]
 */
export function checkJsonStructure(text: string, limits: Readonly<JsonLimits> = DEFAULT_JSON_LIMITS): StructureResult {
  const { maxDepth, maxContainers, maxValues } = limits;
  if (kinds.length < maxDepth + 2) growState(maxDepth + 2);
  const duplicates: StructureIssue[] = [];
  let extra = 0;
  let depth = 0;
  let containers = 0;
  let values = 0;
  let keyTop = 0; // keyStart/keyEnd entries in use, across all open objects
  const n = text.length;
  const pathTo = (d: number): string => {
    let p = '';
    for (let k = 1; k <= d; k++) p += kinds[k] === OBJECT ? `/${escapePointer(keyAt(text, lastKey[k]!))}` : `/${index[k]}`;
    return p;
  };
  const over = (what: string): StructureResult => ({ duplicates, overLimit: { path: pathTo(depth), message: what } });
  kinds[0] = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const end = stringEnd(text, i);
      if (end < 0) break; // unterminated: JSON.parse says so
      let j = end + 1;
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      if (kinds[depth] === OBJECT && text.charCodeAt(j) === 0x3a) {
        const first = firstKey[depth]!;
        if (keyTop - first >= MAX_LINEAR_KEYS) {
          // A wide object: hash its names rather than compare each with all before it.
          const set = (wide[depth] ??= new Set());
          if (set.size === 0) for (let k = first; k < keyTop; k++) set.add(keyAt(text, k));
          const name = keyAt2(text, i + 1, end);
          if (set.has(name)) {
            if (duplicates.length < MAX_DUPLICATES) duplicates.push(duplicate(pathTo(depth - 1), name));
            else extra++;
          } else set.add(name);
        } else if (sameKeyBefore(text, first, keyTop, i + 1, end, (escaped[depth] ||= hasEscape(text, i + 1, end) ? 1 : 0) === 1)) {
          if (duplicates.length < MAX_DUPLICATES) duplicates.push(duplicate(pathTo(depth - 1), keyAt2(text, i + 1, end)));
          else extra++;
        }
        if (keyTop === keyStart.length) growKeys();
        keyStart[keyTop] = i + 1;
        keyEnd[keyTop] = end;
        lastKey[depth] = keyTop++;
        i = j + 1;
        continue;
      }
      if (++values > maxValues) return over(tooMany(maxValues, 'JSON values', 30_000));
      i = end + 1;
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      if (depth === maxDepth) return over(`nested more than ${maxDepth} levels deep (the limit; genuine CloudTrail nests about 15)`);
      depth++;
      kinds[depth] = c === 0x7b ? OBJECT : ARRAY;
      index[depth] = 0;
      firstKey[depth] = keyTop;
      escaped[depth] = 0;
      wide[depth]?.clear();
      if (++containers > maxContainers) return over(tooMany(maxContainers, 'objects and arrays', 6_000));
      if (++values > maxValues) return over(tooMany(maxValues, 'JSON values', 30_000));
      i++;
      continue;
    }
    if (c === 0x7d || c === 0x5d) {
      if (depth > 0) {
        keyTop = firstKey[depth]!;
        depth--;
      }
      i++;
      continue;
    }
    if (c === 0x2c) {
      if (kinds[depth] === ARRAY) index[depth]!++;
      i++;
      continue;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e) {
      // A number or literal: skip to the next delimiter.
      if (++values > maxValues) return over(tooMany(maxValues, 'JSON values', 30_000));
      i++;
      while (i < n && !isDelimiter(text.charCodeAt(i))) i++;
      continue;
    }
    i++;
  }
  if (extra) duplicates.push({ path: '', message: `${fmtCount(extra)} more duplicate keys` });
  return { duplicates };
}

// Scan state, reused across calls (one scan at a time per thread): no allocation per record.
// The names of the open objects are kept as offsets into the text, compared in place: records'
// objects have a few dozen keys, so comparing with each earlier one (mostly a length check) is
// cheaper than slicing every name into a Set (measured: 2.5x JSON.parse's time with Sets).
const MAX_LINEAR_KEYS = 32;
let kinds = new Uint8Array(0);
let index = new Float64Array(0);
let firstKey = new Int32Array(0);
let lastKey = new Int32Array(0);
/** 1 when a name of the open object at that depth has a backslash escape. */
let escaped = new Uint8Array(0);
let wide: Array<Set<string> | undefined> = [];
let keyStart = new Int32Array(1024);
let keyEnd = new Int32Array(1024);

function growState(size: number): void {
  kinds = new Uint8Array(size);
  index = new Float64Array(size);
  firstKey = new Int32Array(size);
  lastKey = new Int32Array(size);
  escaped = new Uint8Array(size);
  wide = [];
}

function growKeys(): void {
  const s = new Int32Array(keyStart.length * 2);
  s.set(keyStart);
  keyStart = s;
  const e = new Int32Array(keyEnd.length * 2);
  e.set(keyEnd);
  keyEnd = e;
}

/** Whether the name at text[start, end) equals one of the names keyStart/keyEnd[from, to). */
function sameKeyBefore(text: string, from: number, to: number, start: number, end: number, escapes: boolean): boolean {
  // "a" and "\u0061" are the same name: compare decoded names when an escape is present.
  if (escapes) {
    const name = keyAt2(text, start, end);
    for (let k = from; k < to; k++) if (keyAt(text, k) === name) return true;
    return false;
  }
  const len = end - start;
  for (let k = from; k < to; k++) {
    const s = keyStart[k]!;
    if (keyEnd[k]! - s !== len) continue;
    let m = 0;
    while (m < len && text.charCodeAt(s + m) === text.charCodeAt(start + m)) m++;
    if (m === len) return true;
  }
  return false;
}

function hasEscape(text: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (text.charCodeAt(k) === 0x5c) return true;
  return false;
}

function keyAt(text: string, k: number): string {
  return keyAt2(text, keyStart[k]!, keyEnd[k]!);
}

/** The decoded name between the quotes at start - 1 and end. */
function keyAt2(text: string, start: number, end: number): string {
  const raw = text.slice(start, end);
  return raw.includes('\\') ? (decodeKey(`"${raw}"`) ?? raw) : raw;
}

function duplicate(parent: string, name: string): StructureIssue {
  return { path: `${parent}/${escapePointer(name)}`, message: `duplicate key "${name}" (JSON.parse keeps only the last value)` };
}

function tooMany(limit: number, what: string, perMiB: number): string {
  return `more than ${fmtCount(limit)} ${what} in one document (the limit; genuine CloudTrail has about ${fmtCount(perMiB)} per MiB)`;
}

/** Index of the quote closing the string that opens at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) return -1;
    let b = q - 1;
    while (text.charCodeAt(b) === 0x5c) b--;
    if ((q - 1 - b) % 2 === 0) return q; // an even run of backslashes: the quote is not escaped
    from = q + 1;
  }
}

function decodeKey(quoted: string): string | undefined {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return undefined;
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isDelimiter(c: number): boolean {
  return c === 0x2c || c === 0x5d || c === 0x7d || c === 0x3a || c === 0x22 || c === 0x7b || c === 0x5b || isSpace(c);
}

function fmtCount(n: number): string {
  return n.toLocaleString('en-US');
}
