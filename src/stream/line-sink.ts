/**
 * Lines to stdout or a file. Units are joined into chunks of up to 64 KiB and written whole, so
 * the output only ever ends on a complete line, including after Ctrl-C; the producer waits for
 * 'drain' when the consumer is slower (a pipe into a shipper), which holds memory flat.
 * One write per 64 KiB: at ~700 bytes a record that is one write per ~90 records.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { describeFsError } from '../errors.js';
import type { SinkStats, StreamSink } from './sink.js';

const CHUNK = 64 * 1024;

export class LineSink implements StreamSink {
  private buf = '';
  private units = 0;
  private bytes = 0;
  private error: Error | undefined;

  /** The reader went away (`| head`): a normal end for a stream, not an error. */
  ended = false;

  constructor(readonly name: string, private readonly out: Writable, private readonly ownStream: boolean) {
    out.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') this.ended = true;
      else this.error = e;
    });
  }

  write(unit: string): void | Promise<void> {
    this.buf += unit + '\n';
    this.units++;
    if (this.buf.length >= CHUNK) return this.push();
  }

  idle(): void | Promise<void> {
    if (this.buf) return this.push();
  }

  private push(): void | Promise<void> {
    if (this.error) throw describeFsError(this.error, this.name);
    const chunk = this.buf;
    this.buf = '';
    if (this.ended) return;
    this.bytes += Buffer.byteLength(chunk);
    if (!this.out.write(chunk)) {
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

  stats(): SinkStats {
    return { delivered: this.units, bytes: this.bytes, retries: 0, failed: 0 };
  }
}

/** A file sink: created (truncated) before the stream starts, so a bad path fails fast. */
export async function openFileSink(path: string): Promise<LineSink> {
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (err) {
    throw describeFsError(err, dirname(path));
  }
  const stream = createWriteStream(path, { flags: 'w' });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (e) => reject(describeFsError(e, path)));
  });
  return new LineSink(path, stream, true);
}
