/**
 * gzip + SHA-256 of log file bodies on worker threads (`--workers N`). Each job goes to the
 * worker with the fewest jobs in flight. Output bytes do not depend on the worker count: gzip is
 * deterministic for a given input, level and zlib build. With 0 workers, node:zlib's async API
 * runs the same work in libuv's thread pool instead.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { packagePath } from '../package-path.js';
import { byteBuffers } from '../render/bytes.js';
import { gzipBody } from './gzip.js';

export interface Compressed {
  gz: Buffer;
  sha256: string;
}

interface Slot {
  worker: Worker;
  busy: number;
}

/** The compiled worker script: beside this module in dist/, or dist/ when running from sources. */
function workerPath(): string | null {
  const beside = fileURLToPath(new URL('./compress-worker.js', import.meta.url));
  if (existsSync(beside)) return beside;
  const built = packagePath('dist/delivery/compress-worker.js');
  return existsSync(built) ? built : null;
}

export class CompressionPool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, { resolve: (c: Compressed) => void; reject: (e: Error) => void; slot: Slot }>();
  private nextId = 0;

  constructor(size: number, private readonly level: number) {
    const path = size > 0 ? workerPath() : null;
    for (let i = 0; path && i < size; i++) {
      const slot: Slot = { worker: new Worker(path), busy: 0 };
      slot.worker.on('message', (m: { id: number; gz: Uint8Array; sha256: string; body: Uint8Array }) => {
        byteBuffers.give(m.body.buffer as ArrayBuffer);
        const p = this.pending.get(m.id)!;
        this.pending.delete(m.id);
        p.slot.busy--;
        p.resolve({ gz: Buffer.from(m.gz.buffer, m.gz.byteOffset, m.gz.byteLength), sha256: m.sha256 });
      });
      slot.worker.on('error', (err) => {
        for (const [id, p] of this.pending) if (p.slot === slot) {
          this.pending.delete(id);
          p.reject(err);
        }
      });
      this.slots.push(slot);
    }
  }

  /** Number of worker threads actually running (0: libuv thread pool). */
  get size(): number {
    return this.slots.length;
  }

  /**
   * gzip + SHA-256 of `body`. With workers, the body's memory is transferred (the caller's
   * Buffer is left empty): a copy-free hand-off, where posting a 1.6 MB string cost ~15 ms of
   * main-thread cloning per file. Either way the body's memory then returns to byteBuffers,
   * so the caller must not keep it.
   */
  compress(body: Buffer): Promise<Compressed> {
    if (this.slots.length === 0) {
      const sha256 = createHash('sha256').update(body).digest('hex');
      return gzipBody(body, this.level).then((gz) => {
        byteBuffers.give(body.buffer as ArrayBuffer);
        return { gz, sha256 };
      });
    }
    let slot = this.slots[0]!;
    for (const s of this.slots) if (s.busy < slot.busy) slot = s;
    slot.busy++;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, slot });
      const bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
      slot.worker.postMessage({ id, body: bytes, level: this.level }, [bytes.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }
}
