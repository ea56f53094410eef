/** Helpers for comparing generated trees. */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** Files under root, sorted; none when root does not exist (a refused or stopped run takes back the directory it created). */
export async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  if (!(await stat(root).then(() => true, () => false))) return out;
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(relative(root, p));
    }
  };
  await walk(root);
  return out.sort();
}

/** sha256 over sorted (path, bytes) pairs; `decompress` hashes gunzipped content instead. */
export async function treeHash(root: string, decompress = false, filter: (path: string) => boolean = () => true): Promise<string> {
  const h = createHash('sha256');
  for (const f of (await listFiles(root)).filter(filter)) {
    const bytes = await readFile(join(root, f));
    h.update(f).update('\0').update(decompress && f.endsWith('.gz') ? gunzipSync(bytes) : bytes).update('\0');
  }
  return h.digest('hex');
}

export async function tempDir(prefix = 'trailsmith-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Removes a directory and its trailsmith sidecar (`<dir>.trailsmith`, src/sidecar.ts). */
export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await rm(`${dir.replace(/\/+$/, '')}.trailsmith`, { recursive: true, force: true });
}

export interface LogFile {
  key: string;
  records: Array<Record<string, unknown>>;
}

export async function readLogFiles(root: string): Promise<LogFile[]> {
  const files = (await listFiles(root)).filter((f) => f.endsWith('.json.gz') && f.includes('/CloudTrail/'));
  return Promise.all(files.map(async (key) => ({ key, records: (JSON.parse(gunzipSync(await readFile(join(root, key))).toString('utf8')) as { Records: Array<Record<string, unknown>> }).Records })));
}
