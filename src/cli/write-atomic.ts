/** Writes a whole file or nothing: to a temporary sibling first, renamed into place when complete. */
import { rename, rm, writeFile } from 'node:fs/promises';
import { fsErrorCause, OutputError } from '../errors.js';

export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new OutputError(`cannot write ${path}: ${fsErrorCause(err)}`);
  }
}
