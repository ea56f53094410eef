/**
 * One delivery window of one unit → one or more log files (`{"Records":[...]}`, compact).
 * Records are in roughly, not strictly, time order, as in real files; a window with more than
 * maxRecordsPerFile records is split into files that share the stamp (as CloudTrail does).
 *
 * Files are produced lazily, each file's events decoded from the window's compact store only
 * when it renders, and encoded straight into a Buffer: the caller holds one file at a time
 * instead of a whole window (a dense window at 10 M records/6 h is ~70 files, ~110 MB of
 * strings). This runs on a render worker (render-pool.ts), or on the main thread with
 * --workers 0; building the body as one concatenated string instead cost 3.5 s of structured
 * cloning and 4 s of GC per 200 k records when bodies were still posted to gzip workers.
 */
import type { Plan } from '../plan/types.js';
import { hashString, mix32 } from '../random/hash.js';
import { ALNUM, charsAt } from '../random/ids.js';
import { ByteBuilder } from '../render/bytes.js';
import { LANE, type RecordRenderer } from '../render/record.js';
import { isoSeconds } from '../scenario/units.js';
import type { SimEvent } from '../sim/event.js';
import { EncodedEvent, type WindowEvents } from './event-arena.js';
import { logFileKey } from './keys.js';
import { busyFiles, isDuplicated, windowStamp } from './windows.js';

export interface LogFileContent {
  key: string;
  /** UTF-8 JSON of the file (exactly the bytes that are gzip'd and hashed). */
  body: Buffer;
  accountId: string;
  region: string;
  deliveredAt: number;
  records: number;
  oldestEventTime: string;
  newestEventTime: string;
}

/** Seconds of jitter when ordering records in a file: enough to make the order imperfect. */
const ORDER_JITTER = 90;
/** First guess of bytes per record when sizing a file's buffer (records average ~1.7 KB). */
const BYTES_PER_RECORD_GUESS = 2048;
const COMMA = 0x2c;

/** `firstFile`: files of this window already rendered from an earlier part of it (windows.ts); keeps file names unique. */
export function* renderWindow(plan: Plan, renderer: RecordRenderer, unitIndex: number, window: number, input: WindowEvents | SimEvent[], firstFile = 0): Generator<LogFileContent> {
  const events = Array.isArray(input) ? arrayEvents(input) : input;
  const unit = plan.units[unitIndex]!;
  const key = renderer.unitKeys[unitIndex]!;
  const fileKey = hashString(`${plan.seed}/${unit.key}/files`);
  const ordered = orderEvents(events, key);
  const policy = plan.delivery;
  const chunks = Math.max(Math.ceil(ordered.length / plan.maxRecordsPerFile), busyFiles(key, window, firstFile, ordered.length, policy));
  const size = Math.ceil(ordered.length / chunks);
  const deliveredAt = windowStamp(window, key, policy);
  const encoded = new EncodedEvent();
  // Records delivered twice (opt-in): again, in one more file with the same stamp.
  const again: number[] = [];
  if (policy.duplicates > 0) for (const e of ordered) if (isDuplicated(key, events.seq(e), policy)) again.push(e);
  const files = chunks + (again.length > 0 ? 1 : 0);
  for (let c = 0; c < files; c++) {
    const part = c < chunks ? ordered.subarray(c * size, (c + 1) * size) : Uint32Array.from(again);
    let oldest = Infinity;
    let newest = -Infinity;
    const body = new ByteBuilder(part.length * BYTES_PER_RECORD_GUESS);
    body.ascii('{"Records":[');
    for (let i = 0; i < part.length; i++) {
      const e = part[i]!;
      const t = events.t(e);
      if (t < oldest) oldest = t;
      if (t > newest) newest = t;
      if (i > 0) body.byte(COMMA);
      if (events.readEncoded?.(e, encoded)) renderer.renderEncodedInto(encoded, body);
      else renderer.renderInto(events.get(e), body);
    }
    body.ascii(']}');
    // An early part (firstFile > 0 for the later ones) holds at most maxRecordsPerFile events,
    // so at most 3 busy files and a duplicates file: 4 names per part keep names unique.
    const unique = charsAt(ALNUM, fileKey, window * 4096 + firstFile * 4 + c, 0, 16);
    yield {
      key: logFileKey(plan.trail, unit.accountId, unit.region, deliveredAt, unique),
      body: body.finish(),
      accountId: unit.accountId,
      region: unit.region,
      deliveredAt,
      records: part.length,
      oldestEventTime: isoSeconds(oldest),
      newestEventTime: isoSeconds(newest),
    };
  }
  if (!Array.isArray(input)) input.release();
}

/** What ordering and rendering read from a window's events. */
interface EventSource {
  readonly length: number;
  t(i: number): number;
  seq(i: number): number;
  get(i: number): SimEvent;
  /** Encoded events render from their bytes (WindowEvents); absent for events held as objects. */
  readEncoded?(i: number, into: EncodedEvent): boolean;
}

function arrayEvents(events: SimEvent[]): EventSource {
  return { length: events.length, t: (i) => events[i]!.t, seq: (i) => events[i]!.seq, get: (i) => events[i]! };
}

/** Event indices by eventTime plus a hashed jitter, ties by seq (a total order: seq is unique in a unit). */
function orderEvents(events: EventSource, key: number): Uint32Array {
  const n = events.length;
  const keys = new Float64Array(n);
  const seqs = new Float64Array(n);
  let min = Infinity;
  let max = -Infinity;
  let packable = true;
  for (let i = 0; i < n; i++) {
    const seq = events.seq(i);
    seqs[i] = seq;
    const k = events.t(i) + (mix32(key, seq, LANE.order) % ORDER_JITTER);
    keys[i] = k;
    if (k < min) min = k;
    if (k > max) max = k;
    if (!Number.isInteger(k) || (i > 0 && seq <= seqs[i - 1]!)) packable = false;
  }
  const idx = new Uint32Array(n);
  if (packable && (max - min + 1) * n < Number.MAX_SAFE_INTEGER) {
    // A window's events arrive in emission order, numbered as emitted, so ties by seq are ties
    // by index, and (key, index) packs into one exact number: the typed array's own numeric
    // sort then orders them with no comparator call (the comparator sort was ~2% of a render
    // worker's time, ~12 calls per event).
    const packed = keys;
    for (let i = 0; i < n; i++) packed[i] = (keys[i]! - min) * n + i;
    packed.sort();
    for (let i = 0; i < n; i++) idx[i] = packed[i]! % n;
    return idx;
  }
  for (let i = 0; i < n; i++) idx[i] = i;
  return idx.sort((a, b) => keys[a]! - keys[b]! || seqs[a]! - seqs[b]!);
}
