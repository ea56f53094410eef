/**
 * What a bucket-root directory becomes in S3: every file is one object with the same key, and
 * nothing of ours goes up unless asked for (docs/layout.md):
 * - the S3 user metadata of an object (a digest's `x-amz-meta-signature`, ...) comes from the
 *   sidecar, `<root>.trailsmith/s3-metadata/<key>.json`, or from a `<key>.metadata.json` beside
 *   it (trees written before the sidecar); neither is an object;
 * - the labels (`<root>.trailsmith/labels.ndjson`) are trailsmith's ground truth, not
 *   CloudTrail's: uploaded only under a key the caller names;
 * - what older trees kept inside the root (`labels.ndjson`, `CloudTrail-PublicKeys/`) and the
 *   temporaries of an interrupted run (`*.partial`, `.trailsmith-*`) are skipped.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { describeFsError, UsageError } from '../errors.js';
import { LABELS_FILE, LEGACY, S3_METADATA_DIR, sidecarDir } from '../sidecar.js';
import { unsafeKeyReason } from './safe-key.js';

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

export interface TreeOptions {
  /** Upload the labels file under this key (relative to the destination prefix); default: not uploaded. */
  labelsKey?: string;
  /** Our files for this tree (labels, signature metadata); default `<root>.trailsmith`. */
  sidecar?: string;
}

/** Lists the objects of a tree in key order, with their metadata attached. */
export async function listTreeObjects(root: string, options: TreeOptions = {}): Promise<TreeObject[]> {
  const sidecar = options.sidecar ?? sidecarDir(root);
  const files = new Map<string, { path: string; size: number }>();
  await walk(root, root, files);
  const legacyMetadata = new Map<string, string>();
  const objects: TreeObject[] = [];
  for (const [key, f] of files) {
    if (key.endsWith(LEGACY.metadataSuffix) && files.has(key.slice(0, -LEGACY.metadataSuffix.length))) legacyMetadata.set(key.slice(0, -LEGACY.metadataSuffix.length), f.path);
    else if (key === LEGACY.labels || key.startsWith(`${LEGACY.publicKeysDir}/`)) continue;
    else objects.push({ key, ...f, ...contentHeaders(key) });
  }
  const metadataFiles = new Map<string, { path: string; size: number }>();
  await walk(join(sidecar, S3_METADATA_DIR), join(sidecar, S3_METADATA_DIR), metadataFiles, true);
  for (const obj of objects) {
    const own = metadataFiles.get(`${obj.key}.json`)?.path ?? legacyMetadata.get(obj.key);
    if (own) obj.metadata = await readSidecar(own);
  }
  if (options.labelsKey !== undefined) {
    checkLabelsKey(options.labelsKey, objects);
    // No labels file (a scenario without scripts) uploads nothing: the summary says so.
    const labels = await firstFile([join(sidecar, LABELS_FILE), join(root, LEGACY.labels)]);
    if (labels) objects.push({ key: options.labelsKey, ...labels, contentType: 'application/x-ndjson' });
  }
  return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

async function firstFile(paths: readonly string[]): Promise<{ path: string; size: number } | null> {
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (info?.isFile()) return { path, size: info.size };
  }
  return null;
}

/**
 * A labels key is a safe key (safe-key.ts) outside CloudTrail's namespace: no `AWSLogs`
 * segment (where every log and digest key lives) and no key of the tree itself, whose PUT it
 * would race.
 */
export function checkLabelsKey(key: string, objects: readonly { key: string }[] = []): void {
  const why = unsafeKeyReason(key);
  if (why) throw new UsageError(`--labels-key ${JSON.stringify(key)}: ${why}`);
  if (key.split('/').includes('AWSLogs')) throw new UsageError(`--labels-key ${key}: AWSLogs/ is CloudTrail's namespace (its log and digest keys); choose a key outside it, e.g. trailsmith/labels.ndjson`);
  if (objects.some((o) => o.key === key)) throw new UsageError(`--labels-key ${key}: the tree already has an object with this key`);
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

async function walk(root: string, dir: string, out: Map<string, { path: string; size: number }>, optional = false): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (optional && dir === root && e.code === 'ENOENT') return;
    if (dir === root && (e.code === 'ENOENT' || e.code === 'ENOTDIR')) throw new UsageError(`${root}: not a directory (expected a bucket-root tree written by trailsmith generate)`);
    throw describeFsError(err, dir);
  }
  for (const e of entries) {
    if (e.name.endsWith('.partial') || e.name.startsWith('.trailsmith-')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(root, p, out, optional);
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
