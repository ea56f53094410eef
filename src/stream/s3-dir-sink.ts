/**
 * CloudTrail's own delivery, live: events collect into 5-minute delivery windows per account
 * and region (src/delivery/windows.ts, same lag model as generate) and each window is written
 * as `.json.gz` log files once the stream's clock passes the window's stamp. Files go through
 * AtomicWriter (temporary name + rename), so a reader polling the tree never sees a partial
 * file. At the end of the stream, and on Ctrl-C, the open windows are delivered early.
 */
import { gzipBody } from '../delivery/gzip.js';
import { renderWindow } from '../delivery/log-file.js';
import { WindowBuffer } from '../delivery/windows.js';
import { AtomicWriter, prepareOutputDir } from '../delivery/writer.js';
import type { Plan } from '../plan/types.js';
import type { RecordRenderer } from '../render/record.js';
import type { SimEvent } from '../sim/event.js';
import type { SinkStats, StreamSink } from './sink.js';

/** Files being compressed and written at once before the producer waits. */
const MAX_PENDING = 8;

export class S3DirSink implements StreamSink {
  private readonly buffer: WindowBuffer;
  private readonly writer: AtomicWriter;
  private readonly pending = new Set<Promise<void>>();
  private lastT = -Infinity;
  private written = 0;
  private error: unknown;

  constructor(readonly name: string, private readonly plan: Plan, private readonly renderer: RecordRenderer) {
    this.buffer = new WindowBuffer(renderer.unitKeys, plan.delivery);
    this.writer = new AtomicWriter(name);
  }

  static async open(root: string, plan: Plan, renderer: RecordRenderer, force: boolean): Promise<S3DirSink> {
    await prepareOutputDir(root, force, '--to s3-dir:');
    return new S3DirSink(root, plan, renderer);
  }

  writeEvent(ev: SimEvent): void | Promise<void> {
    this.buffer.add(ev);
    // Windows can only complete when the clock moves to a new second.
    if (ev.t !== this.lastT) {
      this.lastT = ev.t;
      return this.deliver(ev.t);
    }
  }

  idle(): void {}

  private deliver(now: number): void | Promise<void> {
    if (this.error) throw this.error;
    for (const { unit, window, events } of this.buffer.complete(now)) {
      for (const file of renderWindow(this.plan, this.renderer, unit, window, events)) {
        const p: Promise<void> = gzipBody(file.body)
          .then((gz) => this.writer.write(file.key, gz))
          .then(() => {
            this.written += file.records;
          })
          .catch((err: unknown) => {
            this.error ??= err;
          })
          .finally(() => this.pending.delete(p));
        this.pending.add(p);
      }
    }
    if (this.pending.size >= MAX_PENDING) return Promise.race(this.pending);
  }

  async close(): Promise<void> {
    await this.deliver(Infinity);
    while (this.pending.size) await Promise.all([...this.pending]);
    if (this.error) throw this.error;
  }

  async abort(): Promise<void> {
    await this.writer.abort();
  }

  stats(): SinkStats {
    return { delivered: this.written, bytes: this.writer.bytes, retries: 0, failed: 0, detail: `${this.writer.files} files` };
  }
}
