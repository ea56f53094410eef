/**
 * Writes the digest chains of a generated tree: per account × region, one digest per hour
 * (see schedule.ts), each signed over its four-line string with the previous signature
 * chained, gzip'd as one member, written atomically; its signature metadata (S3 user metadata
 * in a bucket) and the public key go to the sidecar directory, never into the bucket root.
 *
 * Runs after the log files are written, from the list the writer reported; the chains of
 * different units are independent and run concurrently, each chain is sequential.
 */
import { join } from 'node:path';
import type { DeliveredLogFile, TrailLocation } from '../delivery/types.js';
import { gzipBody, DEFAULT_GZIP_LEVEL } from '../delivery/gzip.js';
import { shardOwner, type Shard } from '../delivery/shard.js';
import { AtomicWriter } from '../delivery/writer.js';
import { buildDigest, sha256Hex, signDigest, stringToSign, type PreviousDigest } from './document.js';
import { digestKey } from './keys.js';
import { metadataEntry, publicKeyEntry } from '../sidecar.js';
import { digestWindows, windowOffset } from './schedule.js';
import type { SigningKey } from './signing-key.js';
import { SIGNATURE_ALGORITHM, type DigestMetadata, type WrittenDigest } from './types.js';

export interface DigestUnit {
  /** `<accountId>/<region>`. */
  key: string;
  accountId: string;
  region: string;
}

export interface WriteDigestsOptions {
  out: string;
  /** Receives `public-keys/<fingerprint>.pem` and `s3-metadata/<key>.json` (sidecar.ts). */
  sidecar: string;
  seed: string;
  trail: TrailLocation;
  units: readonly DigestUnit[];
  /** Scenario window, epoch seconds; validation is enabled at `start`. */
  start: number;
  end: number;
  delivered: readonly DeliveredLogFile[];
  signingKey: SigningKey;
  gzipLevel?: number;
  /** With shards, each writes the chains of the units it owns whole (shardBy 'unit'). */
  shard?: Shard;
}

export interface DigestSummary {
  digests: WrittenDigest[];
  /** Absolute path of the public key file (`<sidecar>/public-keys/<fingerprint>.pem`). */
  publicKeyFile: string;
  fingerprint: string;
}

export async function writeDigests(options: WriteDigestsOptions): Promise<DigestSummary> {
  const writer = new AtomicWriter(options.out);
  const sidecar = new AtomicWriter(options.sidecar);
  const shard = options.shard ?? { index: 0, count: 1 };
  const byUnit = new Map<string, DeliveredLogFile[]>();
  for (const f of options.delivered) {
    const k = `${f.accountId}/${f.region}`;
    const list = byUnit.get(k);
    if (list) list.push(f);
    else byUnit.set(k, [f]);
  }
  const owned = options.units.filter((u) => shardOwner(u.key, 'unit')(0, shard));
  const pubKey = publicKeyEntry(options.signingKey.fingerprint);
  try {
    await sidecar.write(pubKey, options.signingKey.publicKeyPem);
    const chains = await Promise.all(owned.map((u) => writeChain(u, byUnit.get(u.key) ?? [], options, writer, sidecar)));
    const digests = chains.flat().sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return { digests, publicKeyFile: join(options.sidecar, pubKey), fingerprint: options.signingKey.fingerprint };
  } catch (err) {
    await Promise.all([writer.abort(), sidecar.abort()]);
    throw err;
  }
}

async function writeChain(unit: DigestUnit, files: DeliveredLogFile[], options: WriteDigestsOptions, writer: AtomicWriter, sidecar: AtomicWriter): Promise<WrittenDigest[]> {
  files.sort((a, b) => a.deliveredAt - b.deliveredAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const lastDelivery = files.length > 0 ? files[files.length - 1]!.deliveredAt : options.start;
  const windows = digestWindows(options.start, Math.max(options.end - 1, lastDelivery), windowOffset(options.seed, unit.key));
  const { trail, signingKey } = options;
  const level = options.gzipLevel ?? DEFAULT_GZIP_LEVEL;
  const out: WrittenDigest[] = [];
  let previous: PreviousDigest | null = null;
  let next = 0;
  for (const [index, w] of windows.entries()) {
    const from = next;
    while (next < files.length && files[next]!.deliveredAt < w.end) next++;
    const covered = files.slice(from, next);
    const key = digestKey(trail, unit.accountId, unit.region, w.end);
    const doc = buildDigest({ accountId: unit.accountId, start: w.start, end: w.end, bucket: trail.bucket, key, fingerprint: signingKey.fingerprint, files: covered, previous });
    const body = JSON.stringify(doc);
    const sha256 = sha256Hex(body);
    const signature = signDigest(stringToSign(doc, sha256), signingKey.privateKey);
    const metadata: DigestMetadata = { signature, 'signature-algorithm': SIGNATURE_ALGORITHM };
    // One gzip member: the AWS CLI's validator inflates only the first (pitfalls).
    await writer.write(key, await gzipBody(body, level));
    await sidecar.write(metadataEntry(key), JSON.stringify(metadata));
    out.push({ key, accountId: unit.accountId, region: unit.region, start: w.start, end: w.end, signature, sha256, logFiles: covered.map((f) => f.key), index, chainLength: windows.length });
    previous = { bucket: trail.bucket, key, sha256, signature };
  }
  return out;
}
