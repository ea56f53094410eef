/**
 * Reading inputs in bounded memory, turning every way a file can be broken into a message
 * instead of an exception: unreadable, not gzip, truncated gzip, over the size cap, not UTF-8.
 *
 * Log files and digests are single JSON documents, read whole (real ones are well under
 * 16 MiB; the cap refuses anything past `maxDocumentBytes`, checked on the compressed size
 * before reading and on the output while inflating). NDJSON is streamed line by line, with a
 * cap on the line length: an over-long line is skipped without being held in memory.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { fsErrorCause } from '../errors.js';
import { gunzipOneMember, gunzipOneMemberSync, GzipError } from './gzip-member.js';

export const DEFAULT_MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

/** A failure to read; `unreadable` ones (missing, permission) exit 2, the rest are invalid content (exit 1). */
export interface ReadFailure {
  message: string;
  unreadable: boolean;
}

export type Loaded = { text: string } | { failure: ReadFailure };

export function isGzip(buf: Uint8Array): boolean {
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

export function fsFailure(err: unknown): ReadFailure {
  return { message: `cannot read: ${fsErrorCause(err)}`, unreadable: true };
}

/** A whole file, gunzipped when it starts with the gzip magic, decoded as UTF-8. */
export async function loadDocument(path: string, gzipExpected: boolean, maxBytes = DEFAULT_MAX_DOCUMENT_BYTES): Promise<Loaded> {
  let raw: Buffer;
  try {
    const st = await stat(path);
    if (st.size > maxBytes) return tooLarge(st.size, maxBytes);
    raw = await readFile(path);
  } catch (err) {
    return { failure: fsFailure(err) };
  }
  return decodeDocument(raw, gzipExpected, maxBytes);
}

/**
 * loadDocument on the calling thread, for validation workers. A worker is already one of the
 * run's parallel units, so handing its reads and inflating to the libuv pool only added threads
 * competing for the same cores. Validating 1 M records in 1,089 files on 2 cores, seven
 * interleaved pairs: 8.8-10.8 s this way (faster in 6 of 7) against 10.0-11.8 s, 1.7-2.3 s of
 * system time against 2.5-2.7, and 9 k voluntary context switches against 22 k.
 */
export function loadDocumentSync(path: string, gzipExpected: boolean, maxBytes = DEFAULT_MAX_DOCUMENT_BYTES): Loaded {
  let raw: Buffer;
  try {
    const size = statSync(path).size;
    if (size > maxBytes) return tooLarge(size, maxBytes);
    raw = readFileSync(path);
  } catch (err) {
    return { failure: fsFailure(err) };
  }
  if (!isGzip(raw)) return plainDocument(raw, gzipExpected);
  try {
    return decodeText(gunzipOneMemberSync(raw, maxBytes));
  } catch (err) {
    return { failure: { message: gzipMessage(err, maxBytes), unreadable: false } };
  }
}

export async function decodeDocument(raw: Buffer, gzipExpected: boolean, maxBytes = DEFAULT_MAX_DOCUMENT_BYTES): Promise<Loaded> {
  if (!isGzip(raw)) return plainDocument(raw, gzipExpected);
  let body: Buffer;
  try {
    // One member, as the AWS CLI reads it: a second member is an error, not more records.
    body = await gunzipOneMember(raw, maxBytes);
  } catch (err) {
    return { failure: { message: gzipMessage(err, maxBytes), unreadable: false } };
  }
  return decodeText(body);
}

function tooLarge(size: number, maxBytes: number): Loaded {
  return { failure: { message: `file is ${mib(size)}, over the ${mib(maxBytes)} limit for a single JSON document`, unreadable: false } };
}

/** A document without the gzip magic: an error when its name promised gzip. */
function plainDocument(raw: Buffer, gzipExpected: boolean): Loaded {
  if (gzipExpected) return { failure: { message: 'not gzip data (no gzip header), though the name ends in .gz', unreadable: false } };
  return decodeText(raw);
}

export function decodeText(body: Buffer): Loaded {
  // CloudTrail JSON is nearly always pure ASCII: latin1 decoding of it is the same text, and
  // both the decode and the later JSON.parse run faster on V8's one-byte strings.
  if (isAscii(body)) return { text: body.toString('latin1') };
  if (!isUtf8(body)) return { failure: { message: `not UTF-8 text${looksBinary(body) ? ' (binary data)' : ''}`, unreadable: false } };
  return { text: body.toString('utf8') };
}

export function gzipMessage(err: unknown, maxBytes: number): string {
  if (err instanceof GzipError) return err.message;
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) return `decompresses to more than the ${mib(maxBytes)} limit for a single JSON document`;
  if (e.code === 'Z_BUF_ERROR' || /unexpected end/i.test(e.message)) return 'truncated gzip data (unexpected end of file)';
  return `corrupt gzip data: ${e.message}`;
}

function looksBinary(buf: Buffer): boolean {
  const n = Math.min(buf.length, 512);
  for (let i = 0; i < n; i++) if (buf[i] === 0) return true;
  return false;
}

export function mib(n: number): string {
  return n >= 1048576 ? `${(n / 1048576).toFixed(n % 1048576 ? 1 : 0)} MiB` : `${n} bytes`;
}

/** One NDJSON line: its bytes, or `tooLong` (the bytes were dropped as they streamed past). */
export interface Line {
  /** 0-based line number in the (decompressed) input. */
  lineNo: number;
  bytes?: Buffer;
  tooLong?: number;
}

/**
 * Lines of a stream (gunzipped on the fly when it starts with the gzip magic). Blank lines are
 * skipped. Memory: one chunk plus at most `maxLine` bytes of a pending line.
 */
export async function* streamLines(source: Readable, maxLine = DEFAULT_MAX_LINE_BYTES, gzipExpected = false): AsyncGenerator<Line> {
  const input = await sniffGzip(source, gzipExpected);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let dropping = 0; // > 0 while skipping an over-long line: bytes dropped so far
  let lineNo = 0;
  const flush = (tail: Buffer): Line | undefined => {
    const no = lineNo++;
    if (dropping) {
      const n = dropping + tail.length;
      dropping = 0;
      return { lineNo: no, tooLong: n };
    }
    const bytes = pending.length ? Buffer.concat([...pending, tail]) : tail;
    pending = [];
    pendingBytes = 0;
    return isBlank(bytes) ? undefined : { lineNo: no, bytes };
  };
  for await (const chunk of input) {
    const buf = chunk as Buffer;
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(10, start);
      if (nl === -1) break;
      const line = flush(buf.subarray(start, nl));
      if (line) yield line;
      start = nl + 1;
    }
    if (start < buf.length) {
      const rest = buf.subarray(start);
      if (dropping) dropping += rest.length;
      else if (pendingBytes + rest.length > maxLine) {
        dropping = pendingBytes + rest.length;
        pending = [];
        pendingBytes = 0;
      } else {
        // Copy: the stream may reuse its chunk buffers.
        pending.push(Buffer.from(rest));
        pendingBytes += rest.length;
      }
    }
  }
  if (pendingBytes || dropping) {
    const line = flush(Buffer.alloc(0));
    if (line) yield line;
  }
}

function isBlank(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** Peeks at the first bytes; returns a stream of the (possibly gunzipped) content. */
async function sniffGzip(source: Readable, gzipExpected: boolean): Promise<AsyncIterable<Buffer>> {
  const it = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await it.next();
  const head: Buffer | undefined = first.done ? undefined : Buffer.from(first.value);
  async function* rest(): AsyncGenerator<Buffer> {
    if (head) yield head;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value;
    }
  }
  if (head && isGzip(head)) {
    const gunzipStream = createGunzip();
    const feed = async (): Promise<void> => {
      try {
        for await (const c of rest()) if (!gunzipStream.write(c)) await new Promise((r) => gunzipStream.once('drain', r));
        gunzipStream.end();
      } catch (err) {
        gunzipStream.destroy(err as Error);
      }
    };
    void feed();
    return gunzipStream;
  }
  if (gzipExpected && head) throw new GzipExpectedError();
  return rest();
}

export class GzipExpectedError extends Error {
  constructor() {
    super('not gzip data (no gzip header), though the name ends in .gz');
  }
}

/** A stream's first bytes, up to a document's cap (see bufferDocument). */
export interface BufferedStart {
  /** The chunks read: the whole input when `ended`, else the first `cap` bytes and a little more. */
  chunks: Buffer[];
  ended: boolean;
  /** The whole input again (the buffered chunks, then the rest), for reading it as NDJSON. */
  whole(): Readable;
}

/**
 * Reads a stream until it ends or passes `cap` bytes: stdin is decided on as one document when
 * it fits, else read as NDJSON (validate and profile both read `-` this way). Stream errors
 * are thrown to the caller.
 */
export async function bufferDocument(source: Readable, cap: number): Promise<BufferedStart> {
  const chunks: Buffer[] = [];
  let size = 0;
  const it = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let ended = false;
  while (size <= cap) {
    const n = await it.next();
    if (n.done) {
      ended = true;
      break;
    }
    chunks.push(Buffer.from(n.value));
    size += n.value.length;
  }
  const whole = (): Readable => Readable.from((async function* () {
    yield* chunks;
    if (ended) return;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value;
    }
  })());
  return { chunks, ended, whole };
}
