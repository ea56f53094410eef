/**
 * Where trailsmith keeps what is not CloudTrail's. An output directory is a bucket root and
 * holds only what CloudTrail writes to a bucket (log files, digest files); everything of ours
 * goes to one sidecar directory beside it, `<out>.trailsmith/` (docs/layout.md):
 *
 *   <out>.trailsmith/labels.ndjson                 ground-truth labels (shards: labels.shard-i-of-N.ndjson)
 *   <out>.trailsmith/public-keys/<fingerprint>.pem digest public keys (AWS serves them through ListPublicKeys)
 *   <out>.trailsmith/s3-metadata/<key>.json        S3 user metadata of object <key> (digest signatures)
 *   <out>.trailsmith/not-uploaded.txt              keys a failed upload did not store
 *
 * Why beside and not inside: readers that walk a bucket root read every file they meet
 * (SOF-ELK's aws-cloudtrail2sof-elk.py reports each non-CloudTrail JSON file as an error, and
 * crashed on labels.ndjson), and `upload` must put exactly CloudTrail's objects in the bucket.
 * The same rule names the sidecar of an NDJSON output file: `records.ndjson.trailsmith/`.
 */
import { readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describeFsError } from './errors.js';

export const SIDECAR_SUFFIX = '.trailsmith';
export const LABELS_FILE = 'labels.ndjson';
export const PUBLIC_KEYS_DIR = 'public-keys';
export const S3_METADATA_DIR = 's3-metadata';
export const NOT_UPLOADED_FILE = 'not-uploaded.txt';

/** Trees written before the sidecar existed kept these inside the bucket root; still read, never written. */
export const LEGACY = {
  labels: 'labels.ndjson',
  publicKeysDir: 'CloudTrail-PublicKeys',
  metadataSuffix: '.metadata.json',
  notUploaded: '.trailsmith-not-uploaded.txt',
} as const;

/**
 * The sidecar directory of an output (a bucket-root directory or an NDJSON file).
 * @example
 * sidecarDir('/tmp/trail/') // '/tmp/trail.trailsmith'
 */
export function sidecarDir(output: string): string {
  return resolve(output) + SIDECAR_SUFFIX;
}

/** Name of the labels file; shards write their own so they never overwrite each other. */
export function labelsFileName(shard?: { index: number; count: number }): string {
  return shard && shard.count > 1 ? `labels.shard-${shard.index}-of-${shard.count}.ndjson` : LABELS_FILE;
}

/** Path (relative to the sidecar) of the S3 user metadata of object `key`. */
export function metadataEntry(key: string): string {
  return `${S3_METADATA_DIR}/${key}.json`;
}

export function publicKeyEntry(fingerprint: string): string {
  return `${PUBLIC_KEYS_DIR}/${fingerprint}.pem`;
}

/**
 * Before a fresh run (empty or new output directory) the sidecar's files describe a tree that
 * no longer exists (`rm -rf out` then generate again): stale labels or keys would be read as
 * this run's. Only our own entries are removed, never the directory or anything else in it.
 */
export async function clearSidecar(sidecar: string): Promise<void> {
  const entries = [LABELS_FILE, PUBLIC_KEYS_DIR, S3_METADATA_DIR, NOT_UPLOADED_FILE];
  try {
    await Promise.all(entries.map((e) => rm(join(sidecar, e), { recursive: true, force: true })));
    const shardLabels = (await readdir(sidecar).catch(() => [] as string[])).filter((n) => /^labels\.shard-\d+-of-\d+\.ndjson$/.test(n));
    await Promise.all(shardLabels.map((n) => rm(join(sidecar, n), { force: true })));
  } catch (err) {
    throw describeFsError(err, sidecar);
  }
}
