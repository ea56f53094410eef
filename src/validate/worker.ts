/** Worker thread of the validation pool: validates whole files, returns results and hashed eventIDs. */
import { parentPort } from 'node:worker_threads';
import { hash53 } from './event-ids.js';
import { formatOf, validateFile, type FileResult } from './file.js';
import type { PoolRequest } from './pool.js';
import { loadDocumentSync } from './readers.js';

/**
 * The eventIDs of a file, for the duplicate check on the main thread. Posting them as an array
 * of strings cost the main thread a structured-clone decode of one string per record (about
 * 730 per generated file); instead the hashes travel as one transferred Float64Array, and the
 * IDs themselves as one string (read only for the rare duplicate).
 */
export interface CollectedIds {
  /** hash53 of each record's eventID by record index; NaN when the record has none. */
  hashes: Float64Array;
  /** All eventIDs concatenated; ID i is text.slice(ends[i - 1] ?? 0, ends[i]). */
  text: string;
  ends: Uint32Array;
}

export interface PoolResponse {
  id: number;
  result: FileResult;
  ids: CollectedIds;
}

/** Hashes and packs the eventIDs collected by validateFile (see CollectedIds). */
export function packIds(ids: ReadonlyArray<string | null>): CollectedIds {
  const hashes = new Float64Array(ids.length);
  const ends = new Uint32Array(ids.length);
  let end = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (typeof id === 'string') {
      hashes[i] = hash53(id);
      end += id.length;
    } else hashes[i] = NaN;
    ends[i] = end;
  }
  return { hashes, text: ids.join(''), ends };
}

parentPort?.on('message', (req: PoolRequest) => {
  const ids: Array<string | null> = [];
  // Log files and digests are read and inflated here, on this thread (readers.ts, loadDocumentSync).
  const format = formatOf(req.path);
  const loaded = format === 'log' || format === 'digest' ? Promise.resolve(loadDocumentSync(req.path, /\.gz$/i.test(req.path), req.options.maxDocumentBytes)) : undefined;
  validateFile(req.path, { ...req.options, collectIds: ids }, loaded).then(
    (result) => {
      const packed = packIds(ids);
      parentPort!.postMessage({ id: req.id, result, ids: packed } satisfies PoolResponse, [packed.hashes.buffer as ArrayBuffer, packed.ends.buffer as ArrayBuffer]);
    },
    (err: unknown) => parentPort!.postMessage({ id: req.id, error: String((err as Error)?.stack ?? err) }),
  );
});
