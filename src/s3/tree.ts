/**
 * What a bucket-root directory becomes in S3. Every file is one object with the same key,
 * except:
 * - `<key>.metadata.json` sidecars (written beside digest files) are not objects: their
 *   contents become the S3 user metadata of `<key>` (`x-amz-meta-signature`, ...), which is
 *   where CloudTrail puts a digest's signature;
 * - `labels.ndjson` is trailsmith's ground truth, not CloudTrail's: uploaded only when the
 *   caller names a key for it;
 * - temporary files of an interrupted run (`*.partial`, `.trailsmith-*`) are skipped.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { describeFsError, UsageError } from '../errors.js';

export interface TreeObject {
  /** Key relative to the tree root, `/`-separated. */
  key: string;
  path: string;
  size: number;
  contentType: string;
  contentEncoding?: string;
  /** S3 user metadata (without the `x-amz-meta-` prefix). */
  metadata?: Record<string, string>;
}

export const SIDECAR_SUFFIX = '.metadata.json';
export const LABELS_FILE = 'labels.ndjson';

export interface TreeOptions {
  /** Upload labels.ndjson under this key (relative to the tree root); default: not uploaded. */
  labelsKey?: string;
}

/** Lists the objects of a tree in key order, with sidecar metadata attached. */
export async function listTreeObjects(root: string, options: TreeOptions = {}): Promise<TreeObject[]> {
  const files = new Map<string, { path: string; size: number }>();
  await walk(root, root, files);
  const sidecars = new Map<string, string>();
  const objects: TreeObject[] = [];
  for (const [key, f] of files) {
    if (key.endsWith(SIDECAR_SUFFIX) && files.has(key.slice(0, -SIDECAR_SUFFIX.length))) sidecars.set(key.slice(0, -SIDECAR_SUFFIX.length), f.path);
    else if (key === LABELS_FILE) {
      if (options.labelsKey) objects.push({ key: options.labelsKey, ...f, contentType: 'application/x-ndjson' });
    } else objects.push({ key, ...f, ...contentHeaders(key) });
  }
  for (const obj of objects) {
    const sidecar = sidecars.get(obj.key);
    if (sidecar) obj.metadata = await readSidecar(sidecar);
  }
  return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Content headers. The reference does not state which headers CloudTrail sets on its objects;
 * we choose `Content-Type: application/json` + `Content-Encoding: gzip` for `.json.gz`, the
 * common description of CloudTrail objects (browsers then show them decompressed). Plausible,
 * not verified: readers that hash the bytes (validate-logs) are unaffected either way.
 */
function contentHeaders(key: string): { contentType: string; contentEncoding?: string } {
  if (key.endsWith('.json.gz')) return { contentType: 'application/json', contentEncoding: 'gzip' };
  if (key.endsWith('.json')) return { contentType: 'application/json' };
  if (key.endsWith('.pem')) return { contentType: 'application/x-pem-file' };
  if (key.endsWith('.ndjson')) return { contentType: 'application/x-ndjson' };
  return { contentType: 'application/octet-stream' };
}

async function walk(root: string, dir: string, out: Map<string, { path: string; size: number }>): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (dir === root && (e.code === 'ENOENT' || e.code === 'ENOTDIR')) throw new UsageError(`${root}: not a directory (expected a bucket-root tree written by trailsmith generate)`);
    throw describeFsError(err, dir);
  }
  for (const e of entries) {
    if (e.name.endsWith('.partial') || e.name.startsWith('.trailsmith-')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(root, p, out);
    else if (e.isFile()) {
      const { size } = await stat(p);
      out.set(relative(root, p).split(sep).join('/'), { path: p, size });
    }
  }
}

/** A sidecar holds a flat JSON object of strings: the object's user metadata. */
async function readSidecar(path: string): Promise<Record<string, string>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`${path}: not a JSON metadata sidecar (${(err as Error).message})`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError(`${path}: expected a JSON object of string values`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v !== 'string') throw new UsageError(`${path}: metadata "${k}" must be a string, got ${JSON.stringify(v)}`);
    out[k] = v;
  }
  return out;
}
