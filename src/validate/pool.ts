/**
 * Files validated on worker threads (`--jobs N`), results handed back in submission order.
 * Each worker validates whole files; duplicate eventIDs are still found on the main thread, in
 * file order, so reports and exit codes do not depend on the number of workers.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { packagePath } from '../package-path.js';
import type { FileResult } from './file.js';
import type { CollectedIds, PoolResponse } from './worker.js';

export interface PoolRequest {
  id: number;
  path: string;
  options: { strict?: boolean; maxDocumentBytes?: number; maxLineBytes?: number };
}

/** The compiled worker: beside this module in dist/, or dist/ when running from sources (tests). */
function workerPath(): string {
  const beside = fileURLToPath(new URL('./worker.js', import.meta.url));
  if (existsSync(beside)) return beside;
  return packagePath('dist/validate/worker.js');
}

interface Slot {
  worker: Worker;
  busy: number;
}

export class ValidationPool {
  private readonly slots: Slot[] = [];
  private readonly waiting = new Map<number, { resolve: (r: { result: FileResult; ids: CollectedIds }) => void; reject: (e: Error) => void; slot: Slot }>();
  private next = 0;

  constructor(size: number) {
    const path = workerPath();
    for (let i = 0; i < size; i++) {
      const slot: Slot = { worker: new Worker(path), busy: 0 };
      slot.worker.on('message', (m: PoolResponse | { id: number; error: string }) => {
        const w = this.waiting.get(m.id);
        if (!w) return;
        this.waiting.delete(m.id);
        w.slot.busy--;
        if ('error' in m) w.reject(new Error(`validation worker failed: ${m.error}`));
        else w.resolve({ result: m.result, ids: m.ids });
      });
      slot.worker.on('error', (err) => {
        for (const [id, w] of this.waiting) if (w.slot === slot) {
          this.waiting.delete(id);
          w.reject(err);
        }
      });
      this.slots.push(slot);
    }
  }

  /** Validates one file on the least busy worker. */
  run(path: string, options: PoolRequest['options']): Promise<{ result: FileResult; ids: CollectedIds }> {
    const slot = this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.next++;
    slot.busy++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, slot });
      slot.worker.postMessage({ id, path, options } satisfies PoolRequest);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
