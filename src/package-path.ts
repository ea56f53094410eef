/** Absolute paths of files shipped with the package (schemas, examples), from src/ or dist/. */
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function packagePath(relative: string): string {
  return resolve(root, relative);
}
