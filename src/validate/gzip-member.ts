/**
 * Gunzipping a CloudTrail log file or digest the way the AWS CLI reads it: one gzip member.
 *
 * `aws cloudtrail validate-logs` inflates only the first member (Python's
 * `zlib.decompress(data, 16 + MAX_WBITS)` stops at its end), so a file of several members fails
 * its hash check while Node's gunzip, which reads every member, would pass it (pitfalls: "one
 * gzip member per file"). We inflate the first member's deflate stream with inflateRaw, which
 * stops at the stream's end and reports how many input bytes it used; then check the trailer
 * (CRC-32 and size, as gunzip would) and that nothing follows it. One pass, like gunzip.
 */
import { crc32, inflateRaw, inflateRawSync, type InputType, type ZlibOptions } from 'node:zlib';
import { promisify } from 'node:util';

const inflateRawInfo = promisify(inflateRaw as unknown as (buf: InputType, options: ZlibOptions & { info: true }, cb: (err: Error | null, result: { buffer: Buffer; engine: { bytesWritten: number } }) => void) => void);

/** A gzip problem with its message and kind (verify reports a second member as its own kind). */
export class GzipError extends Error {
  constructor(message: string, readonly kind: 'corrupt' | 'too-large' | 'multi-member' = 'corrupt') {
    super(message);
  }
}

const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

/** Length of the gzip header (RFC 1952 section 2.3) at the start of `buf`. */
export function gzipHeaderLength(buf: Buffer): number {
  if (buf.length < 10 || buf[0] !== 0x1f || buf[1] !== 0x8b) throw new GzipError('not gzip data (no gzip header)');
  if (buf[2] !== 8) throw new GzipError(`corrupt gzip data: unknown compression method ${buf[2]}`);
  const flags = buf[3]!;
  let p = 10;
  if (flags & FEXTRA) {
    if (buf.length < p + 2) throw truncated();
    p += 2 + buf.readUInt16LE(p);
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue;
    const end = buf.indexOf(0, p);
    if (end < 0) throw truncated();
    p = end + 1;
  }
  if (flags & FHCRC) p += 2;
  if (p > buf.length) throw truncated();
  return p;
}

function truncated(): GzipError {
  return new GzipError('truncated gzip data (unexpected end of file)');
}

/**
 * zlib output chunk size for inflating `buf` whole: the size the gzip trailer promises (ISIZE,
 * last 4 bytes, size mod 2³²), plus one byte so zlib sees the stream end without asking for a
 * second buffer. One chunk means no Buffer.concat: with 256 KiB chunks, concatenating the ~5
 * chunks of a 1.2 MB generated file was 3 % of a -j1 profile. A wrong or hostile ISIZE only
 * costs speed: more chunks when it is too small, and too large is capped by the document limit
 * and by deflate's best ratio (1032:1), so a tiny file cannot reserve 64 MiB.
 */
function chunkFor(buf: Buffer, maxBytes: number): number {
  const isize = buf.length >= 18 ? buf.readUInt32LE(buf.length - 4) : 0;
  return Math.max(64, Math.min(isize + 1, maxBytes + 1, buf.length * 1032 + 64));
}

function inflateError(err: unknown, maxBytes: number): GzipError {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) return new GzipError(`decompresses to more than the ${mibText(maxBytes)} limit for a single JSON document`, 'too-large');
  if (e.code === 'Z_BUF_ERROR' || /unexpected end/i.test(e.message)) return truncated();
  return new GzipError(`corrupt gzip data: ${e.message}`);
}

/** Checks the first member's trailer and that it is the only member; returns its content. */
function finishMember(buf: Buffer, start: number, body: Buffer, used: number): Buffer {
  const trailer = start + used;
  if (buf.length < trailer + 8) throw truncated();
  if (buf.readUInt32LE(trailer) !== crc32(body)) throw new GzipError('corrupt gzip data: CRC-32 of the content does not match the trailer');
  if (buf.readUInt32LE(trailer + 4) !== body.length % 2 ** 32) throw new GzipError('corrupt gzip data: content size does not match the trailer');
  const rest = buf.length - trailer - 8;
  if (rest > 0) {
    const member = rest >= 2 && buf[trailer + 8] === 0x1f && buf[trailer + 9] === 0x8b;
    if (member) throw new GzipError('file holds more than one gzip member; the AWS CLI reads only the first (CloudTrail writes one)', 'multi-member');
    throw new GzipError(`${rest} bytes of trailing data after the gzip member`);
  }
  return body;
}

/** The content of a one-member gzip file, at most `maxBytes`; throws GzipError otherwise. */
export function gunzipOneMemberSync(buf: Buffer, maxBytes: number): Buffer {
  const start = gzipHeaderLength(buf);
  let r: { buffer: Buffer; engine: { bytesWritten: number } };
  try {
    r = inflateRawSync(buf.subarray(start), { info: true, maxOutputLength: maxBytes, chunkSize: chunkFor(buf, maxBytes) }) as unknown as typeof r;
  } catch (err) {
    throw inflateError(err, maxBytes);
  }
  return finishMember(buf, start, r.buffer, r.engine.bytesWritten);
}

/** gunzipOneMemberSync on libuv's thread pool. */
export async function gunzipOneMember(buf: Buffer, maxBytes: number): Promise<Buffer> {
  const start = gzipHeaderLength(buf);
  let r: { buffer: Buffer; engine: { bytesWritten: number } };
  try {
    r = await inflateRawInfo(buf.subarray(start), { info: true, maxOutputLength: maxBytes, chunkSize: chunkFor(buf, maxBytes) });
  } catch (err) {
    throw inflateError(err, maxBytes);
  }
  return finishMember(buf, start, r.buffer, r.engine.bytesWritten);
}

function mibText(n: number): string {
  return n >= 1048576 ? `${(n / 1048576).toFixed(n % 1048576 ? 1 : 0)} MiB` : `${n} bytes`;
}
