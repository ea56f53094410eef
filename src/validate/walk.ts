/**
 * Inputs named on the command line → the files to validate, lazily and in a stable order
 * (each directory's entries sorted by name), so a tree of millions of files is never listed
 * in memory at once and reports come out in the same order on every run.
 */
import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fsFailure, type ReadFailure } from './readers.js';
import { SIDECAR_SUFFIX } from '../sidecar.js';

export type WalkItem = { path: string } | { path: string; failure: ReadFailure };

/** Files a directory walk takes: CloudTrail logs, digests and NDJSON; never our sidecars. */
export function isCandidate(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  const name = p.slice(p.lastIndexOf('/') + 1);
  if (!/\.(json|ndjson|jsonl)(\.gz)?$/i.test(name)) return false;
  if (name.endsWith('.metadata.json')) return false; // S3 object metadata sidecars (digest signatures)
  if (name === 'labels.ndjson') return false; // trailsmith's ground-truth labels, not CloudTrail
  if (/(^|\/)CloudTrail-PublicKeys\//.test(p)) return false;
  if (name.startsWith('.')) return false;
  return true;
}

/** Paths as given: files are always taken (whatever their name), directories are walked. */
export async function* expandInputs(inputs: readonly string[]): AsyncGenerator<WalkItem> {
  for (const input of inputs) {
    let isDir: boolean;
    try {
      isDir = (await stat(input)).isDirectory();
    } catch (err) {
      yield { path: input, failure: fsFailure(err) };
      continue;
    }
    if (isDir) yield* walk(input);
    else yield { path: input };
  }
}

async function* walk(dir: string): AsyncGenerator<WalkItem> {
  let entries: Array<{ name: string; dir: boolean; file: boolean }>;
  try {
    const handle = await opendir(dir);
    entries = [];
    for await (const e of handle) entries.push({ name: e.name, dir: e.isDirectory(), file: e.isFile() || e.isSymbolicLink() });
  } catch (err) {
    yield { path: dir, failure: fsFailure(err) };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const path = join(dir, e.name);
    // A sidecar met in a walk (`validate .` beside `out/`) holds our files, not CloudTrail's (src/sidecar.ts).
    if (e.dir && e.name.endsWith(SIDECAR_SUFFIX)) continue;
    if (e.dir) yield* walk(path);
    else if (e.file && isCandidate(path)) yield { path };
  }
}
