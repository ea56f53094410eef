/**
 * Lines to stdout or a file. Lines are encoded into chunks of up to 1 MiB and written whole, so
 * the output only ever ends on a complete line, including after Ctrl-C; the producer waits for
 * 'drain' when the consumer is slower (a pipe into a shipper), which holds memory flat. A paced
 * stream flushes whatever it holds each time it waits for the clock, so the chunk size only
 * matters when it runs flat out: 64 KiB chunks (one write per ~40 records) cost ~12 % of an
 * unpaced stream's time in write calls and thread-pool wake-ups.
 *
 * NDJSON records are rendered straight into the chunk (writeRecord), as `generate -f ndjson`
 * does; other formats hand over their lines as strings.
 */
import { createWriteStream, WriteStream } from 'node:fs';
import { truncate } from 'node:fs/promises';
import { makeDirs } from '../delivery/writer.js';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { describeFsError } from '../errors.js';
import { BufferPool, ByteBuilder, byteBuffers } from '../render/bytes.js';
import type { RecordRenderer } from '../render/record.js';
import type { SimEvent } from '../sim/event.js';
import type { SinkStats, StreamSink } from './sink.js';

const CHUNK = 1 << 20;
/** Room for the largest record past CHUNK (STS records with tokens are ~3 KB); larger ones grow the chunk. */
const CHUNK_SLACK = 64 * 1024;
const NEWLINE = 0x0a;
/**
 * Flushes smaller than this are copied out of the chunk, which keeps filling: a paced stream
 * flushes a few records at every wake-up (~1 ms at 2,000/s, ~80 KB at 50,000/s).
 */
const SMALL = 256 * 1024;
/**
 * Chunks handed to a file stream come back to the shared pool once written (its write callback
 * means the bytes reached the file): a fresh 1 MiB buffer per chunk costs page faults in the
 * kernel (see render/bytes.ts). Any other stream (a pipe's queue, a PassThrough in a test) may
 * hold a chunk after the write, so it gets fresh buffers.
 */
const FRESH = new BufferPool(0, CHUNK + CHUNK_SLACK);

export class LineSink implements StreamSink {
  private readonly pool: BufferPool;
  private chunk: ByteBuilder;
  private units = 0;
  private bytes = 0;
  /** Bytes the destination confirmed, always a whole number of lines (chunks end on a newline). */
  private written = 0;
  private error: Error | undefined;

  /** The reader went away (`| head`): a normal end for a stream, not an error. */
  ended = false;

  constructor(readonly name: string, private readonly out: Writable, private readonly ownStream: boolean) {
    this.pool = out instanceof WriteStream ? byteBuffers : FRESH;
    this.chunk = new ByteBuilder(CHUNK + CHUNK_SLACK, this.pool);
    out.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') this.ended = true;
      else this.error = e;
    });
  }

  write(unit: string, records = 1): void | Promise<void> {
    this.chunk.text(unit);
    return this.endLine(records);
  }

  writeRecord(ev: SimEvent, renderer: RecordRenderer): void | Promise<void> {
    renderer.renderInto(ev, this.chunk);
    return this.endLine(1);
  }

  private endLine(records: number): void | Promise<void> {
    this.chunk.byte(NEWLINE);
    this.units += records;
    if (this.chunk.length >= CHUNK) return this.push();
  }

  idle(): void | Promise<void> {
    if (this.chunk.length > 0) return this.push();
  }

  private push(): void | Promise<void> {
    if (this.error) throw describeFsError(this.error, this.name);
    let chunk: Buffer;
    let done: (() => void) | undefined;
    if (this.chunk.length < SMALL) {
      chunk = Buffer.from(this.chunk.view());
      this.chunk.clear();
    } else {
      chunk = this.chunk.finish();
      this.chunk = new ByteBuilder(CHUNK + CHUNK_SLACK, this.pool);
      const memory = chunk.buffer as ArrayBuffer;
      done = () => this.pool.give(memory);
    }
    if (this.ended) return;
    this.bytes += chunk.length;
    const length = chunk.length;
    const written = (err?: Error | null): void => {
      if (!err) this.written += length;
      done?.();
    };
    if (!this.out.write(chunk, written)) {
      return new Promise<void>((resolve, reject) => {
        const onError = (e: NodeJS.ErrnoException): void => (e.code === 'EPIPE' ? resolve() : reject(describeFsError(e, this.name)));
        this.out.once('error', onError);
        this.out.once('drain', () => {
          this.out.off('error', onError);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    await this.idle();
    if (this.ownStream) {
      this.out.end();
      await finished(this.out).catch((e: unknown) => {
        throw describeFsError(e, this.name);
      });
    }
  }

  /**
   * After a failed write (ENOSPC, EFBIG) a file may end inside a record: the kernel took part
   * of a chunk. It is cut back to the bytes confirmed written, which end on a whole line.
   */
  async abort(): Promise<void> {
    if (!this.ownStream) return;
    this.out.destroy();
    await truncate(this.name, this.written).catch(() => undefined);
  }

  stats(): SinkStats {
    return { delivered: this.units, bytes: this.bytes, retries: 0, failed: 0 };
  }
}

/** A file sink: created (truncated) before the stream starts, so a bad path fails fast. */
export async function openFileSink(path: string): Promise<LineSink> {
  try {
    await makeDirs(dirname(path));
  } catch (err) {
    throw describeFsError(err, dirname(path));
  }
  // The default 16 KB high-water mark: each 1 MiB chunk is written before the next one fills.
  // 8 MiB in flight (as generate -f ndjson uses) was slower here: 7.1-8.9 s against 6.2-7.2 s
  // for an unpaced 1 M-record stream, with twice the kernel time (2-core VM).
  const stream = createWriteStream(path, { flags: 'w' });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (e) => reject(describeFsError(e, path)));
  });
  stream.on('error', () => undefined); // kept by LineSink and thrown by its next write or close
  return new LineSink(path, stream, true);
}
