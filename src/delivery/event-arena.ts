/**
 * Compact storage for the events of one open delivery window. An event waits ~5 minutes of
 * simulated time in the window buffer; as a JS object with its strings it costs ~1 KB of heap
 * and survives enough scavenges to be promoted, so V8 lets old space fill with dead events
 * (10 M records in the 6-hour quickstart: ~170 k events waiting). Plain Glacier events are
 * encoded instead into pooled off-heap bytes (~350 B each) and decoded one file at a time when
 * the window closes; the few events with extra fields (session openers, scripted steps with
 * labels, cross-account copies) stay objects. Decoding gives back equal events, so rendering
 * and labels are unchanged. Measured at 1 M records: main heap peaks 70-150 MB, was 240 MB.
 */
import { byteBuffers, type BufferPool } from '../render/bytes.js';
import type { EncodedRecord } from '../render/record.js';
import type { SimEvent } from '../sim/event.js';

/** t, seq, sessionStart, session (f64), actor (u32), op (u32), req/resp/error byte lengths (u32). */
const HEADER = 52;
/**
 * Events go into 1 MiB chunks from the shared pool (an event never spans two): no copying as a
 * window grows, and chunks freed by one window serve the next. A busy window at 10 M records
 * in 6 hours holds ~35 k events, about 12 chunks.
 */
const CHUNK = 1 << 20;
/** The first chunk of a window is small: most windows of most scenarios hold a few hundred events. */
const FIRST_CHUNK = 64 * 1024;

export class EventArena {
  private chunks: Buffer[] = [];
  private buf: Buffer = Buffer.alloc(0);
  private len = 0;
  private count = 0;
  private others: SimEvent[] = [];
  /** Position of each event: >= 0 chunk * CHUNK + offset, < 0 -(index + 1) into `others`; keeps emission order. */
  private order: number[] = [];

  constructor(private readonly pool: BufferPool = byteBuffers) {}

  get size(): number {
    return this.count;
  }

  add(ev: SimEvent): void {
    this.count++;
    // A UTF-16 unit takes at most 3 UTF-8 bytes.
    const need = HEADER + 3 * (ev.req.length + ev.resp.length + ev.error.length);
    if (!isPlain(ev) || need > CHUNK) {
      // Kept as an object for minutes: flat strings, since a rope keeps every piece it was
      // built from (measured before the arena: 29 MB of strings for 43 k waiting events, 10 MB
      // of it rope nodes). charCodeAt flattens in place. Encoded events need no such step:
      // the utf8 write below flattens, and the rope dies young.
      ev.req.charCodeAt(0);
      ev.resp.charCodeAt(0);
      ev.extra?.charCodeAt(0);
      this.others.push(ev);
      this.order.push(-this.others.length);
      return;
    }
    this.reserve(need);
    this.order.push((this.chunks.length - 1) * CHUNK + this.len);
    const b = this.buf;
    const at = this.len;
    b.writeDoubleLE(ev.t, at);
    b.writeDoubleLE(ev.seq, at + 8);
    b.writeDoubleLE(ev.sessionStart ?? NaN, at + 16);
    b.writeDoubleLE(ev.session ?? NaN, at + 24);
    b.writeUInt32LE(ev.actor, at + 32);
    b.writeUInt32LE(ev.op, at + 36);
    let p = at + HEADER;
    const req = b.write(ev.req, p, 'utf8');
    p += req;
    const resp = ev.resp === 'null' ? 0 : b.write(ev.resp, p, 'utf8');
    p += resp;
    const error = ev.error === '' ? 0 : b.write(ev.error, p, 'utf8');
    p += error;
    b.writeUInt32LE(req, at + 40);
    // 'null' (most responses) is stored as length 0xffffffff and no bytes.
    b.writeUInt32LE(ev.resp === 'null' ? 0xffffffff : resp, at + 44);
    b.writeUInt32LE(error, at + 48);
    this.len = p;
  }

  /** Hands the events over as a closed window; this arena is empty afterwards. */
  take(unit: number): WindowEvents {
    const w = new WindowEvents(unit, this.chunks, Float64Array.from(this.order), this.others, this.pool);
    this.chunks = [];
    this.order = [];
    this.others = [];
    this.buf = Buffer.alloc(0);
    this.len = 0;
    this.count = 0;
    return w;
  }

  /** Makes room for n bytes at this.len, in a new chunk if the current one is full. */
  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    if (this.chunks.length === 1 && this.buf.length < CHUNK && this.len + n <= CHUNK) {
      // Outgrew the small first chunk: move it into a full one (at most 64 KB copied).
      const next = Buffer.from(this.pool.take(CHUNK), 0, CHUNK);
      this.buf.copy(next, 0, 0, this.len);
      this.chunks[0] = this.buf = next;
      return;
    }
    this.buf = this.chunks.length === 0 && n <= FIRST_CHUNK ? Buffer.allocUnsafeSlow(FIRST_CHUNK) : Buffer.from(this.pool.take(CHUNK), 0, CHUNK);
    this.chunks.push(this.buf);
    this.len = 0;
  }
}

/** Events with only the common fields (what `add` encodes); anything else stays an object. */
function isPlain(ev: SimEvent): boolean {
  return ev.kind === undefined && ev.caller === undefined && ev.extra === undefined && ev.shared === undefined &&
    ev.copyOf === undefined && ev.labels === undefined && ev.step === undefined;
}

/** A reusable view of one encoded event (WindowEvents.readEncoded); plain events have no copyOf or shared. */
export class EncodedEvent implements EncodedRecord {
  t = 0;
  seq = 0;
  unit = 0;
  actor = 0;
  op = 0;
  session: number | undefined = undefined;
  sessionStart: number | undefined = undefined;
  readonly copyOf = undefined;
  readonly shared = undefined;
  bytes: Buffer = Buffer.alloc(0);
  reqAt = 0;
  reqEnd = 0;
  respAt = 0;
  respEnd = 0;
  errAt = 0;
  errEnd = 0;
}

/** Where a closed window's bytes go when it is released. */
export type ChunkSink = Pick<BufferPool, 'give'>;

/** A closed window as a worker message: the chunks' memory moves (listed in `transfer`), the rest is cloned. */
export interface WindowTransfer {
  unit: number;
  chunks: ArrayBuffer[];
  order: Float64Array;
  unusual: SimEvent[];
}

/**
 * The events of a closed window, decoded on demand: the renderer orders them by time and seq
 * (read straight from the bytes) and decodes one file's events at a time, so a busy window
 * (35 k events at 10 M records/6 h) never exists as objects all at once. Decoding the whole
 * window first kept ~20 MB of events alive across the awaits for gzip workers, long
 * enough to be promoted: the old generation then filled with dead events (heap peaks ~200 MB).
 */
export class WindowEvents implements Iterable<SimEvent> {
  constructor(
    readonly unit: number,
    private readonly chunks: Buffer[],
    private readonly order: Float64Array,
    /** Events kept as objects (openers, labelled script steps, copies), in emission order. */
    readonly unusual: readonly SimEvent[],
    private readonly pool: ChunkSink,
  ) {}

  /** get()'s view of an encoded event before it is decoded. */
  private readonly cursor = new EncodedEvent();

  /** Rebuilds a window sent by `transfer`; `release` hands its chunks to `pool`. */
  static fromTransfer(w: WindowTransfer, pool: ChunkSink): WindowEvents {
    return new WindowEvents(w.unit, w.chunks.map((ab) => Buffer.from(ab)), w.order, w.unusual, pool);
  }

  /**
   * The window as a message for a worker thread, with the buffers to transfer: ~350 bytes an
   * event move without copying, where posting decoded events would clone ~1 KB of strings each.
   * This object must not be used afterwards.
   */
  transfer(): { message: WindowTransfer; transfer: ArrayBuffer[] } {
    const chunks = this.chunks.map((c) => c.buffer as ArrayBuffer);
    this.chunks.length = 0;
    return {
      message: { unit: this.unit, chunks, order: this.order, unusual: [...this.unusual] },
      transfer: [...chunks, this.order.buffer as ArrayBuffer],
    };
  }

  get length(): number {
    return this.order.length;
  }

  /** eventTime of the i-th event (emission order). */
  t(i: number): number {
    const pos = this.order[i]!;
    return pos < 0 ? this.unusual[-pos - 1]!.t : this.chunks[Math.floor(pos / CHUNK)]!.readDoubleLE(pos % CHUNK);
  }

  seq(i: number): number {
    const pos = this.order[i]!;
    return pos < 0 ? this.unusual[-pos - 1]!.seq : this.chunks[Math.floor(pos / CHUNK)]!.readDoubleLE((pos % CHUNK) + 8);
  }

  /** The i-th event as an object (a fresh one for encoded events). */
  get(i: number): SimEvent {
    const e = this.cursor;
    if (!this.readEncoded(i, e)) return this.unusual[-this.order[i]! - 1]!;
    const b = e.bytes;
    return {
      t: e.t, seq: e.seq, unit: e.unit, actor: e.actor, op: e.op,
      req: b.toString('utf8', e.reqAt, e.reqEnd),
      resp: e.respAt < 0 ? 'null' : b.toString('utf8', e.respAt, e.respEnd),
      error: e.errEnd > e.errAt ? b.toString('utf8', e.errAt, e.errEnd) : '',
      session: e.session,
      sessionStart: e.sessionStart,
    };
  }

  /**
   * Points `into` at the i-th event's fields and fragment bytes, without decoding them to
   * strings (the renderer copies the bytes); false for an event kept as an object (use get).
   */
  readEncoded(i: number, into: EncodedEvent): boolean {
    const pos = this.order[i]!;
    if (pos < 0) return false;
    const b = this.chunks[Math.floor(pos / CHUNK)]!;
    const at = pos % CHUNK;
    const sessionStart = b.readDoubleLE(at + 16);
    const session = b.readDoubleLE(at + 24);
    const reqLen = b.readUInt32LE(at + 40);
    const respLen = b.readUInt32LE(at + 44);
    const errLen = b.readUInt32LE(at + 48);
    into.t = b.readDoubleLE(at);
    into.seq = b.readDoubleLE(at + 8);
    into.unit = this.unit;
    into.actor = b.readUInt32LE(at + 32);
    into.op = b.readUInt32LE(at + 36);
    into.session = Number.isNaN(session) ? undefined : session;
    into.sessionStart = Number.isNaN(sessionStart) ? undefined : sessionStart;
    into.bytes = b;
    into.reqAt = at + HEADER;
    into.reqEnd = into.reqAt + reqLen;
    if (respLen === 0xffffffff) {
      into.respAt = -1;
      into.respEnd = into.reqEnd;
    } else {
      into.respAt = into.reqEnd;
      into.respEnd = into.respAt + respLen;
    }
    into.errAt = into.respEnd;
    into.errEnd = into.errAt + errLen;
    return true;
  }

  /** Every event, decoded one at a time. */
  *[Symbol.iterator](): Iterator<SimEvent> {
    for (let i = 0; i < this.order.length; i++) yield this.get(i);
  }

  /** Returns the bytes to the pool; call when no event will be read again. */
  release(): void {
    for (const c of this.chunks) this.pool.give(c.buffer as ArrayBuffer);
    this.chunks.length = 0;
  }
}
