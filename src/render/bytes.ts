/**
 * Rendered records go straight into bytes: one utf8 write per record (the record's string is
 * flattened once, while it is young) instead of concatenating a whole file or batch into one
 * string. A 256 KB batch string built from ~150 records is a deep rope; measuring it with
 * Buffer.byteLength cost 2.1 s of 5.4 s for 200 k NDJSON records.
 *
 * The byte buffers are recycled: a fresh 1-2 MB buffer per file costs page faults and zeroing
 * in the kernel (5-6 s of system time per million records) and pushes V8 into extra GCs for
 * external memory. Each thread has its own pool: a render worker reuses its file bodies, and
 * window-arena chunks sent to a worker come back to the main thread's pool with the result.
 */

/** Smallest buffer worth keeping: a log file of up to ~600 records, or one NDJSON chunk. */
const MIN_POOLED = 1 << 20;

/** Larger buffers (a file body that outgrew its guess) are left to the GC, so idle memory stays under maxFree × 4 MiB. */
const MAX_POOLED = 4 << 20;

/** Free list of large byte buffers. */
export class BufferPool {
  private readonly free: ArrayBuffer[] = [];

  /** `minSize`: smallest buffer to allocate (a smaller chunk size for sinks that flush often). */
  constructor(private readonly maxFree: number, private readonly minSize = MIN_POOLED) {}

  /** A buffer of at least `min` bytes (contents undefined); new ones are at least `minSize` (untouched pages cost nothing). */
  take(min: number): ArrayBuffer {
    for (let i = this.free.length - 1; i >= 0; i--) {
      const ab = this.free[i]!;
      if (ab.byteLength >= min) {
        this.free[i] = this.free[this.free.length - 1]!;
        this.free.pop();
        return ab;
      }
    }
    return Buffer.allocUnsafeSlow(Math.max(min, this.minSize)).buffer as ArrayBuffer;
  }

  /** Returns a buffer nobody reads any more; dropped when the list is full or it was detached by a transfer. */
  give(ab: ArrayBuffer): void {
    if (ab.byteLength >= MIN_POOLED && ab.byteLength <= MAX_POOLED && this.free.length < this.maxFree) this.free.push(ab);
  }
}

/** Shared by log-file bodies and NDJSON chunks: in circulation, one per file in flight plus the window arenas' chunks; at most 8 kept idle (each idle MiB is resident memory). */
export const byteBuffers = new BufferPool(8);

/** Growable UTF-8 byte buffer over pooled memory; `finish` returns a view of the written bytes. */
export class ByteBuilder {
  private buf: Buffer;
  private len = 0;

  constructor(capacity: number, private readonly pool: BufferPool = byteBuffers) {
    this.buf = Buffer.from(pool.take(Math.max(capacity, 256)));
  }

  ascii(s: string): void {
    this.reserve(s.length);
    this.len += this.buf.write(s, this.len, 'latin1');
  }

  text(s: string): void {
    // A UTF-16 unit encodes to at most 3 UTF-8 bytes; reserving that much keeps writes whole.
    this.reserve(s.length * 3);
    this.len += this.buf.write(s, this.len, 'utf8');
  }

  /** One byte (a separator). */
  byte(code: number): void {
    this.reserve(1);
    this.buf[this.len++] = code;
  }

  /** Pre-encoded bytes (a cached record fragment): a copy, no encoding pass. */
  bytes(src: Uint8Array): void {
    this.reserve(src.length);
    this.buf.set(src, this.len);
    this.len += src.length;
  }

  /** Bytes from..to of `src` (a fragment of an encoded event, see delivery/event-arena.ts). */
  range(src: Uint8Array, from: number, to: number): void {
    this.reserve(to - from);
    this.buf.set(src.subarray(from, to), this.len);
    this.len += to - from;
  }

  get length(): number {
    return this.len;
  }

  /** The bytes written so far, as a view that the next write may overwrite. */
  view(): Buffer {
    return this.buf.subarray(0, this.len);
  }

  /** Empties the builder for reuse (a scratch buffer). */
  clear(): void {
    this.len = 0;
  }

  /** The written bytes; the builder must not be used afterwards. */
  finish(): Buffer {
    return this.buf.subarray(0, this.len);
  }

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.from(this.pool.take(Math.max(this.buf.length * 2, this.len + n)));
    this.buf.copy(next, 0, 0, this.len);
    this.pool.give(this.buf.buffer as ArrayBuffer);
    this.buf = next;
  }
}
