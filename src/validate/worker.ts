/** Worker thread of the validation pool: validates whole files, returns results and eventIDs. */
import { parentPort } from 'node:worker_threads';
import { validateFile, type FileResult } from './file.js';
import type { PoolRequest } from './pool.js';

export interface PoolResponse {
  id: number;
  result: FileResult;
  /** eventID of each record by index (null when it has none); duplicates are checked by the caller. */
  ids: Array<string | null>;
}

parentPort!.on('message', (req: PoolRequest) => {
  const ids: Array<string | null> = [];
  validateFile(req.path, { ...req.options, collectIds: ids }).then(
    (result) => parentPort!.postMessage({ id: req.id, result, ids } satisfies PoolResponse),
    (err: unknown) => parentPort!.postMessage({ id: req.id, error: String((err as Error)?.stack ?? err) }),
  );
});
