/** Absolute paths of files shipped with the package (schemas, examples), from src/ or dist/. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function packagePath(relative: string): string {
  return resolve(root, relative);
}

let version: string | undefined;

/**
 * trailsmith's own version, from its package.json. yargs' `.version()` without an argument
 * searches upwards from the working directory and printed the host project's version (1.0.0
 * after `npm init -y`) or `unknown` under `npx --package`.
 */
export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
  return version;
}
