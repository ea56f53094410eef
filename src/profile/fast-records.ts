/**
 * A CloudTrail log file's records, reading only the fields `profile` uses, straight from the
 * gunzipped bytes: no decode of the whole document to a string and no JSON.parse building
 * every field of every record (eventID, requestID, tlsDetails, resources...).
 *
 * Why: on a generated tree (200,000 records, 421 files) gunzip took 0.6 CPU s, decoding the
 * bytes to a string 0.8 s and JSON.parse 1.5 s; this scanner replaces the last two. Kept
 * objects are projected too (PROFILE_SPEC: userIdentity's 6 of ~12 strings, requestParameters'
 * IDs but not its accountId...), and short strings are interned: 6.4 → 4.0 CPU µs of scan a
 * generated record (in memory, old and new alternating; 2026-12-05, bench/RESULTS.md), and the
 * aggregator's Map lookups on the same user agent or address hit a string whose hash V8 keeps.
 *
 * It validates the grammar of everything it passes over (strings, numbers, literals,
 * nesting), so a broken document is never half-read: on anything it does not handle (invalid
 * JSON, a top level other than `{"Records":[...]}`, an escaped key in a kept object,
 * `__proto__`) it returns undefined and the caller takes the JSON.parse path, which words the
 * error as before. The records it returns hold exactly the values JSON.parse gives for the
 * fields kept (test/profile/fast-records.test.ts compares both on every example and the real
 * records).
 */

/**
 * What a record keeps: the whole value (`true`, or `'unique'` for strings that are mostly
 * distinct, IDs and checksums, which are not worth interning), or the listed keys of an object value.
 */
export interface FieldSpec {
  readonly [key: string]: true | 'unique' | FieldSpec;
}

/**
 * The fields the aggregator reads (src/profile/aggregate.ts, caller.ts, call-outcomes.ts). A
 * value that is not an object where a spec is nested is kept whole, as JSON.parse gives it.
 */
export const PROFILE_SPEC: FieldSpec = {
  eventTime: true, eventSource: true, eventName: true, awsRegion: true, recipientAccountId: true,
  // callerKey, describeCaller, isMfa (./caller.ts).
  userIdentity: {
    type: true, invokedBy: true, arn: true, principalId: true, accountId: true, userName: true,
    sessionContext: { sessionIssuer: { arn: true, userName: true }, attributes: { mfaAuthenticated: true } },
  },
  sourceIPAddress: true, userAgent: true, sessionCredentialFromConsole: true, errorCode: true, errorMessage: 'unique',
  // requestHash (./call-outcomes.ts), isFollowUp and vault (./aggregate.ts).
  requestParameters: {
    vaultName: true, jobId: 'unique', uploadId: 'unique', archiveId: 'unique', range: 'unique', checksum: 'unique',
    jobParameters: { archiveId: 'unique', type: true },
  },
  // remember (./aggregate.ts).
  responseElements: { jobId: 'unique', uploadId: 'unique', archiveId: 'unique' },
};

/** Top-level record fields the aggregator reads. */
export const PROFILE_FIELDS = Object.keys(PROFILE_SPEC);

/** A FieldSpec compiled for byte comparison of keys. */
interface Level {
  keys: Uint8Array[];
  names: string[];
  /** Per key: undefined to keep the whole value, else the nested level. */
  subs: Array<Level | undefined>;
  /** Per key: whether a string value is interned. */
  intern: boolean[];
}

function compile(spec: FieldSpec): Level {
  const names = Object.keys(spec);
  return {
    names,
    keys: names.map((k) => Buffer.from(k, 'latin1')),
    subs: names.map((k) => { const v = spec[k]; return typeof v === 'object' ? compile(v) : undefined; }),
    intern: names.map((k) => spec[k] === true),
  };
}

const TOP = compile(PROFILE_SPEC);

/** Thrown inside the scanner on anything unusual; never escapes scanRecords. */
class Unusual extends Error {}
const UNUSUAL = new Unusual();

type Obj = Record<string, unknown>;

/** Buffer's native slicers, called directly: toString(encoding, ...) dispatches on the name each time. */
interface Slicers {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;

/**
 * Interned strings: a direct-mapped cache of short values by a hash of their bytes. A trail
 * repeats a few event names, regions, agents, ARNs and addresses across ~1 M records; a hit
 * costs one pass over the bytes and no allocation, and the same string object comes back, so
 * Map lookups on it reuse its cached hash. 4096 slots × ≤ 256 chars: ≤ 1 MiB per thread.
 */
const INTERN_SLOTS = 4096;
const INTERN_MAX = 256;
const internHash = new Int32Array(INTERN_SLOTS);
const internText: Array<string | undefined> = new Array<string | undefined>(INTERN_SLOTS).fill(undefined);
/** Each slot's bytes, compared with typed-array loads (String.charCodeAt per byte was ~2x slower). */
const internBytes = new Uint8Array(INTERN_SLOTS * INTERN_MAX);

// The scanner's state: the document and the position. Module variables rather than a class,
// so the hot functions take no receiver; a scan is synchronous, so nothing else sees them.
let b: Buffer = Buffer.alloc(0);
let ascii = true;
let slicers: Slicers = b as unknown as Slicers;
/** Whether the last string skipString passed over holds a backslash. */
let escaped = false;

function begin(bytes: Buffer, isAscii: boolean): void {
  b = bytes;
  ascii = isAscii;
  slicers = bytes as unknown as Slicers;
}

function end(): void {
  // Drop the reference so a finished document can be collected.
  b = EMPTY;
  slicers = EMPTY as unknown as Slicers;
}
const EMPTY = Buffer.alloc(0);

function ws(i: number): number {
  let c = b[i];
  while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i];
  return i;
}

/** Passes over a string at its opening quote; returns the index after its closing quote and sets `escaped`. */
function skipString(i: number): number {
  const buf = b;
  i++;
  let esc = false;
  for (;;) {
    const c = buf[i];
    if (c === QUOTE) break;
    if (c === undefined || c < 0x20) throw UNUSUAL;
    if (c === BACKSLASH) {
      esc = true;
      const e = buf[i + 1];
      if (e === 0x75) {
        for (let k = 2; k < 6; k++) if (!isHex(buf[i + k])) throw UNUSUAL;
        i += 6;
        continue;
      }
      if (!(e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74)) throw UNUSUAL;
      i += 2;
      continue;
    }
    i++;
  }
  escaped = esc;
  return i + 1;
}

function slice(start: number, stop: number): string {
  return ascii ? slicers.latin1Slice(start, stop) : slicers.utf8Slice(start, stop);
}

/** The string between the quotes at `start` and `stop - 1` (as skipString left them). */
function stringAt(start: number, stop: number, intern: boolean): string {
  if (escaped) return JSON.parse(slice(start, stop)) as string;
  const from = start + 1;
  const to = stop - 1;
  const len = to - from;
  if (!intern || len > INTERN_MAX) return slice(from, to);
  const buf = b;
  // A hash of the length and up to 8 bytes at each end: what tells apart the values of one
  // field (times differ in their seconds, ARNs in their session, agents in their versions).
  // A collision only costs a miss: the bytes are compared in full below.
  let h = len;
  const head = Math.min(to, from + 8);
  for (let i = from; i < head; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  for (let i = Math.max(head, to - 8); i < to; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  const slot = (h ^ (h >>> 15)) & (INTERN_SLOTS - 1);
  const seen = internText[slot];
  const base = slot * INTERN_MAX;
  if (seen !== undefined && internHash[slot] === h && seen.length === len) {
    const bytes = internBytes;
    let k = 0;
    while (k < len && bytes[base + k] === buf[from + k]) k++;
    if (k === len) return seen;
  }
  // A byte >= 0x80 (part of a UTF-8 sequence) never equals a latin1 char code of it here, so non-ASCII is never interned.
  for (let i = from; i < to; i++) if (buf[i]! >= 0x80) return slice(from, to);
  const text = slicers.latin1Slice(from, to);
  internHash[slot] = h;
  internText[slot] = text;
  internBytes.set(buf.subarray(from, to), base);
  return text;
}

/** Position after the value at `i` (after whitespace), checking its grammar; builds nothing. */
function skipValue(i: number): number {
  i = ws(i);
  const c = b[i];
  if (c === QUOTE) return skipString(i);
  if (c === LBRACE) {
    i = ws(i + 1);
    if (b[i] === RBRACE) return i + 1;
    for (;;) {
      i = ws(i);
      if (b[i] !== QUOTE) throw UNUSUAL;
      i = ws(skipString(i));
      if (b[i] !== COLON) throw UNUSUAL;
      i = ws(skipValue(i + 1));
      const d = b[i++];
      if (d === RBRACE) return i;
      if (d !== COMMA) throw UNUSUAL;
    }
  }
  if (c === LBRACKET) {
    i = ws(i + 1);
    if (b[i] === RBRACKET) return i + 1;
    for (;;) {
      i = ws(skipValue(i));
      const d = b[i++];
      if (d === RBRACKET) return i;
      if (d !== COMMA) throw UNUSUAL;
    }
  }
  if (c === 0x74) return literal(i, TRUE);
  if (c === 0x66) return literal(i, FALSE);
  if (c === 0x6e) return literal(i, NULL);
  return skipNumber(i);
}

const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');

function literal(i: number, word: Buffer): number {
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word[k]) throw UNUSUAL;
  return i + word.length;
}

/** JSON's number grammar on the bytes: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?; returns the end. */
function skipNumber(i: number): number {
  if (b[i] === 0x2d) i++;
  if (b[i] === 0x30) i++;
  else if (isDigit(b[i])) while (isDigit(b[i])) i++;
  else throw UNUSUAL;
  if (b[i] === 0x2e) {
    i++;
    if (!isDigit(b[i])) throw UNUSUAL;
    while (isDigit(b[i])) i++;
  }
  if (b[i] === 0x65 || b[i] === 0x45) {
    i++;
    if (b[i] === 0x2b || b[i] === 0x2d) i++;
    if (!isDigit(b[i])) throw UNUSUAL;
    while (isDigit(b[i])) i++;
  }
  // JSON.parse rejects a number run into a letter or digit ("01", "1x"); so does the next token check.
  return i;
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function isHex(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
}

// Building: the position after a built value is left in `at`.
let at = 0;

/** The value at `i` as JSON.parse gives it (a string interned when `intern`); its end in `at`. */
function buildValue(i: number, intern: boolean): unknown {
  i = ws(i);
  const c = b[i];
  if (c === QUOTE) {
    const stop = skipString(i);
    at = stop;
    return stringAt(i, stop, intern);
  }
  if (c === LBRACE) return buildObject(i, undefined);
  if (c === LBRACKET) {
    const out: unknown[] = [];
    i = ws(i + 1);
    if (b[i] === RBRACKET) {
      at = i + 1;
      return out;
    }
    for (;;) {
      out.push(buildValue(i, false));
      i = ws(at);
      const d = b[i++];
      if (d === RBRACKET) {
        at = i;
        return out;
      }
      if (d !== COMMA) throw UNUSUAL;
    }
  }
  if (c === 0x74) {
    at = literal(i, TRUE);
    return true;
  }
  if (c === 0x66) {
    at = literal(i, FALSE);
    return false;
  }
  if (c === 0x6e) {
    at = literal(i, NULL);
    return null;
  }
  const stop = skipNumber(i);
  at = stop;
  return Number(slicers.latin1Slice(i, stop));
}

/**
 * The object at `i` (its `{`): every key when `level` is undefined, else only the level's keys
 * (the others passed over). Its end in `at`.
 */
function buildObject(i: number, level: Level | undefined): Obj {
  const out: Obj = {};
  i = ws(i + 1);
  if (b[i] === RBRACE) {
    at = i + 1;
    return out;
  }
  for (;;) {
    i = ws(i);
    if (b[i] !== QUOTE) throw UNUSUAL;
    const start = i;
    const stop = skipString(i);
    const keyEscaped = escaped;
    // JSON.parse makes `__proto__` an own property; an assignment would not.
    if (stop - start === 11 && isProto(start + 1)) throw UNUSUAL;
    i = ws(stop);
    if (b[i] !== COLON) throw UNUSUAL;
    i++;
    if (level === undefined) {
      out[stringAt(start, stop, false)] = buildValue(i, false);
      i = at;
    } else {
      // An escaped key might spell a kept one: JSON.parse's path decides.
      if (keyEscaped) throw UNUSUAL;
      const k = wanted(level, start + 1, stop - 1);
      if (k < 0) i = skipValue(i);
      else {
        const sub = level.subs[k];
        i = ws(i);
        out[level.names[k]!] = sub !== undefined && b[i] === LBRACE ? buildObject(i, sub) : buildValue(i, level.intern[k]!);
        i = at;
      }
    }
    i = ws(i);
    const d = b[i++];
    if (d === RBRACE) {
      at = i;
      return out;
    }
    if (d !== COMMA) throw UNUSUAL;
  }
}

const PROTO = Buffer.from('__proto__');

function isProto(i: number): boolean {
  for (let k = 0; k < 9; k++) if (b[i + k] !== PROTO[k]) return false;
  return true;
}

/** Index in the level of the key b[start, stop), or -1; compares bytes, allocates nothing. */
function wanted(level: Level, start: number, stop: number): number {
  const buf = b;
  const len = stop - start;
  const keys = level.keys;
  // Length, then last byte first: a record's ~20 keys against 13 wanted, 5 of them 9 bytes long.
  const last = buf[stop - 1];
  outer: for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    if (key.length !== len || key[len - 1] !== last) continue;
    for (let j = 0; j < len - 1; j++) if (buf[start + j] !== key[j]) continue outer;
    return k;
  }
  return -1;
}

/** A record (an object at `i`) with PROFILE_SPEC's fields; anything else as JSON.parse gives it. End in `at`. */
function buildRecord(i: number): unknown {
  return b[i] === LBRACE ? buildObject(i, TOP) : buildValue(i, false);
}

/**
 * The records of a log file `{"Records":[...]}` (UTF-8 bytes, `ascii` when all bytes are
 * below 0x80), each with only PROFILE_SPEC's fields; elements that are not objects come back
 * as JSON.parse gives them. Undefined when the document is anything else or not valid JSON.
 */
export function scanRecords(bytes: Buffer, isAscii: boolean): unknown[] | undefined {
  begin(bytes, isAscii);
  try {
    let i = ws(0);
    if (b[i] !== LBRACE) return undefined;
    i = ws(i + 1);
    if (b[i] !== QUOTE) return undefined;
    const stop = skipString(i);
    if (escaped || slicers.latin1Slice(i + 1, stop - 1) !== 'Records') return undefined;
    i = ws(stop);
    if (b[i] !== COLON) return undefined;
    i = ws(i + 1);
    if (b[i] !== LBRACKET) return undefined;
    const out: unknown[] = [];
    i = ws(i + 1);
    if (b[i] === RBRACKET) i++;
    else {
      for (;;) {
        i = ws(i);
        out.push(buildRecord(i));
        i = ws(at);
        const d = b[i++];
        if (d === RBRACKET) break;
        if (d !== COMMA) return undefined;
      }
    }
    i = ws(i);
    if (b[i] !== RBRACE) return undefined;
    return ws(i + 1) === bytes.length ? out : undefined;
  } catch (err) {
    if (err instanceof Unusual) return undefined;
    throw err;
  } finally {
    end();
  }
}

/** One record (an NDJSON line) with only PROFILE_SPEC's fields; undefined when not a plain JSON object. */
export function scanRecord(bytes: Buffer, isAscii: boolean): Obj | undefined {
  begin(bytes, isAscii);
  try {
    const i = ws(0);
    if (b[i] !== LBRACE) return undefined;
    const r = buildObject(i, TOP);
    return ws(at) === bytes.length ? r : undefined;
  } catch (err) {
    if (err instanceof Unusual) return undefined;
    throw err;
  } finally {
    end();
  }
}
