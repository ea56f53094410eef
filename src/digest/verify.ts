/**
 * `trailsmith verify`: checks a bucket-root directory the way `aws cloudtrail validate-logs`
 * does (reference section 4.4), plus what that command skips: previousDigestHashValue and
 * previousDigestSignature against the previous digest, contiguous windows, and that every log
 * file in the tree is listed by some digest. Problems are data (file, kind, expected, actual).
 */
import { createHash, createPublicKey, verify as verifySignature, type KeyObject } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { GzipError, gunzipOneMember } from '../validate/gzip-member.js';
import { checkJsonStructure } from '../validate/json-structure.js';
import { DEFAULT_MAX_DOCUMENT_BYTES, mib } from '../validate/readers.js';
import { sha256Hex, stringToSign } from './document.js';
import { legacyPublicKeyKey, METADATA_SUFFIX, stampToIso, type ParsedDigestKey } from './keys.js';
import { metadataEntry, publicKeyEntry, S3_METADATA_DIR, sidecarDir } from '../sidecar.js';
import { mapLimit, scanTree } from './scan.js';
import { SIGNATURE_ALGORITHM, type DigestDocument, type DigestMetadata } from './types.js';

/** Signature metadata and public keys are a few hundred bytes: anything far larger is not one. */
const MAX_SIDECAR_BYTES = 64 * 1024;

export type ProblemKind =
  | 'digest-unreadable' | 'digest-format' | 'digest-metadata' | 'digest-moved' | 'digest-mismatch'
  | 'public-key-missing' | 'public-key-invalid' | 'signature-invalid'
  | 'gzip-multi-member' | 'log-missing' | 'log-unreadable' | 'log-hash-mismatch' | 'log-other-bucket' | 'log-not-covered' | 'log-covered-twice'
  | 'chain-previous-missing' | 'chain-previous-object' | 'chain-previous-hash' | 'chain-previous-signature' | 'chain-time-gap';

export interface IntegrityProblem {
  /** Key (path relative to the root) of the file the problem is about; a path for a public key file outside the tree. */
  file: string;
  kind: ProblemKind;
  message: string;
  expected?: string | null;
  actual?: string | null;
  /** The digest that led to the check, when `file` is a log file. */
  digest?: string;
}

export interface VerifyReport {
  ok: boolean;
  root: string;
  chains: number;
  digests: number;
  validDigests: number;
  logFiles: number;
  validLogFiles: number;
  problems: IntegrityProblem[];
}

interface LoadedDigest {
  key: string;
  parsed: ParsedDigestKey;
  doc?: DigestDocument;
  sha256?: string;
  signature?: string;
  signatureOk: boolean;
}

const REQUIRED: Array<[keyof DigestDocument, 'string' | 'nullable' | 'array']> = [
  ['awsAccountId', 'string'], ['digestStartTime', 'string'], ['digestEndTime', 'string'], ['digestS3Bucket', 'string'],
  ['digestS3Object', 'string'], ['digestPublicKeyFingerprint', 'string'], ['digestSignatureAlgorithm', 'string'],
  ['newestEventTime', 'nullable'], ['oldestEventTime', 'nullable'], ['previousDigestS3Bucket', 'nullable'],
  ['previousDigestS3Object', 'nullable'], ['previousDigestHashValue', 'nullable'], ['previousDigestHashAlgorithm', 'nullable'],
  ['previousDigestSignature', 'nullable'], ['logFiles', 'array'],
];

export interface VerifyOptions {
  /** Files read at once; default 16 (gunzip runs in libuv's pool, 4 threads by default). */
  concurrency?: number;
  /**
   * Where the public keys and signature metadata are: default `<root>.trailsmith`
   * (docs/layout.md). Trees from before the sidecar, with them inside the root, are read too.
   */
  sidecar?: string;
  /** PEM public key files (PKCS#1 or SPKI), matched to digests by fingerprint; take precedence over the sidecar's. */
  publicKeys?: readonly string[];
}

/**
 * @example
 * const report = await verifyTree('/tmp/trail');
 * for (const p of report.problems) console.log(`${p.file}: ${p.message}`);
 */
export async function verifyTree(root: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const info = await stat(root).catch(() => null);
  if (!info?.isDirectory()) throw new UsageError(`verify: ${root} is not a readable directory`);
  const limit = options.concurrency ?? 16;
  const tree = await scanTree(root);
  if (tree.digests.length === 0) {
    // Nothing to verify is not a pass (validate on an empty directory exits 2 too).
    throw new UsageError(`verify: no digest files under ${root}: nothing to verify (looked for AWSLogs/<account>/CloudTrail-Digest/<region>/YYYY/MM/DD/*_CloudTrail-Digest_*.json.gz${tree.logs.length ? `; found ${tree.logs.length} log file${tree.logs.length === 1 ? '' : 's'} without digests: write them with generate --digest` : ''})`);
  }
  const problems: IntegrityProblem[] = [];
  const report = (p: IntegrityProblem): void => void problems.push(p);
  const sidecar = options.sidecar ?? sidecarDir(root);
  const keys = new PublicKeys(root, sidecar, report);
  await keys.addFiles(options.publicKeys ?? []);

  const digests = await mapLimit(tree.digests, limit, (d) => loadDigest(root, sidecar, d.key, d.parsed, keys, report));

  // Log files listed by valid-format digests: existence and hash, each file read once.
  const coveredBy = new Map<string, string[]>();
  const listed: Array<{ digest: string; key: string; hash: string }> = [];
  for (const d of digests) {
    if (!d.doc) continue;
    for (const log of d.doc.logFiles) {
      if (log.s3Bucket !== d.doc.digestS3Bucket) {
        report({ file: log.s3Object, kind: 'log-other-bucket', message: 'listed in another bucket than the digest; cannot be checked here', expected: d.doc.digestS3Bucket, actual: log.s3Bucket, digest: d.key });
        continue;
      }
      coveredBy.set(log.s3Object, [...(coveredBy.get(log.s3Object) ?? []), d.key]);
      listed.push({ digest: d.key, key: log.s3Object, hash: log.hashValue });
    }
  }
  const hashes = new Map<string, Promise<string | Error | null>>();
  const hashOf = (key: string): Promise<string | Error | null> => {
    let h = hashes.get(key);
    if (!h) hashes.set(key, (h = tree.all.has(key) ? hashGzip(join(root, key), key, report) : Promise.resolve(null)));
    return h;
  };
  let validLogFiles = 0;
  await mapLimit(listed, limit, async ({ digest, key, hash }) => {
    const actual = await hashOf(key);
    if (actual === null) report({ file: key, kind: 'log-missing', message: 'log file listed in the digest does not exist', digest });
    else if (actual instanceof GzipError && actual.kind === 'multi-member') return; // reported once by hashGzip
    else if (actual instanceof Error) report({ file: key, kind: 'log-unreadable', message: `cannot gunzip the log file: ${actual.message}`, digest });
    else if (actual !== hash) report({ file: key, kind: 'log-hash-mismatch', message: 'SHA-256 of the uncompressed log file does not match the digest', expected: hash, actual, digest });
    else validLogFiles++;
  });

  const chains = checkChains(digests, report);
  for (const key of tree.logs) {
    const by = coveredBy.get(key);
    if (!by) report({ file: key, kind: 'log-not-covered', message: 'log file is not listed by any digest' });
    else if (by.length > 1) report({ file: key, kind: 'log-covered-twice', message: `log file is listed by ${by.length} digests`, actual: by.join(', ') });
  }
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  return {
    ok: problems.length === 0, root, chains, digests: digests.length, validDigests: digests.filter((d) => d.signatureOk).length,
    logFiles: new Set([...tree.logs, ...listed.map((l) => l.key)]).size, validLogFiles, problems,
  };
}

async function loadDigest(root: string, sidecar: string, key: string, parsed: ParsedDigestKey, keys: PublicKeys, report: (p: IntegrityProblem) => void): Promise<LoadedDigest> {
  const out: LoadedDigest = { key, parsed, signatureOk: false };
  let raw: Buffer;
  try {
    raw = await readOneMember(join(root, key));
  } catch (err) {
    if (err instanceof GzipError && err.kind === 'multi-member') report({ file: key, kind: 'gzip-multi-member', message: err.message });
    else report({ file: key, kind: 'digest-unreadable', message: `cannot gunzip the digest: ${(err as Error).message}` });
    return out;
  }
  let doc: DigestDocument;
  try {
    const text = raw.toString('utf8');
    // Duplicate keys would let a second value hide behind the one JSON.parse keeps; depth and
    // size are bounded before parsing, as validate does.
    const structure = checkJsonStructure(text);
    const bad = structure.overLimit ?? structure.duplicates[0];
    if (bad) {
      report({ file: key, kind: 'digest-format', message: `${bad.path ? `${bad.path}: ` : ''}${bad.message}` });
      return out;
    }
    doc = JSON.parse(text) as DigestDocument;
  } catch (err) {
    report({ file: key, kind: 'digest-format', message: `digest is not JSON: ${(err as Error).message}` });
    return out;
  }
  const bad = REQUIRED.filter(([f, t]) => {
    const v = (doc as unknown as Record<string, unknown>)[f];
    return t === 'array' ? !Array.isArray(v) : t === 'string' ? typeof v !== 'string' : !(v === null || typeof v === 'string');
  });
  if (bad.length > 0) {
    report({ file: key, kind: 'digest-format', message: `missing or mistyped fields: ${bad.map(([f]) => f).join(', ')}` });
    return out;
  }
  out.doc = doc;
  out.sha256 = sha256Hex(raw);
  if (doc.digestS3Object !== key) report({ file: key, kind: 'digest-moved', message: 'digestS3Object does not name this object: the digest was moved or copied', expected: key, actual: doc.digestS3Object });
  if (doc.awsAccountId !== parsed.accountId) report({ file: key, kind: 'digest-mismatch', message: 'awsAccountId differs from the account in the key', expected: parsed.accountId, actual: doc.awsAccountId });
  if (doc.digestEndTime !== stampToIso(parsed.stamp)) report({ file: key, kind: 'digest-mismatch', message: 'digestEndTime differs from the time stamp in the key', expected: stampToIso(parsed.stamp), actual: doc.digestEndTime });

  const metadata = await readMetadata(root, sidecar, key);
  if (typeof metadata === 'string') {
    report({ file: key, kind: 'digest-metadata', message: metadata, digest: key });
    return out;
  }
  if (metadata['signature-algorithm'] !== SIGNATURE_ALGORITHM) report({ file: key, kind: 'digest-metadata', message: 'unsupported signature-algorithm', expected: SIGNATURE_ALGORITHM, actual: String(metadata['signature-algorithm']), digest: key });
  out.signature = metadata.signature;
  const publicKey = await keys.get(doc.digestPublicKeyFingerprint, key);
  if (!publicKey) return out;
  const ok = /^[0-9a-f]+$/i.test(metadata.signature) && verifySignature('sha256', Buffer.from(stringToSign(doc, out.sha256), 'utf8'), publicKey, Buffer.from(metadata.signature, 'hex'));
  if (!ok) report({ file: key, kind: 'signature-invalid', message: `signature does not verify with public key ${doc.digestPublicKeyFingerprint} (digest or metadata changed)` });
  out.signatureOk = ok;
  return out;
}

/**
 * The digest's S3 user metadata (its signature): `<sidecar>/s3-metadata/<key>.json`, else a
 * `<key>.metadata.json` beside the digest (trees written before the sidecar existed).
 */
async function readMetadata(root: string, sidecar: string, key: string): Promise<DigestMetadata | string> {
  const places = [join(sidecar, metadataEntry(key)), join(root, key + METADATA_SUFFIX)];
  let text: string | undefined;
  let place = '';
  for (const p of places) {
    text = await readSmall(p).then((b) => b.toString('utf8')).catch(() => undefined);
    place = p;
    if (text !== undefined) break;
  }
  if (text === undefined) return `signature metadata is missing: not in ${join(sidecar, S3_METADATA_DIR)}/ nor beside the digest (pass --sidecar DIR if the tree's sidecar is elsewhere)`;
  try {
    const m = JSON.parse(text) as DigestMetadata;
    if (typeof m.signature !== 'string' || typeof m['signature-algorithm'] !== 'string') return `${place}: metadata lacks signature or signature-algorithm`;
    return m;
  } catch (err) {
    return `${place}: metadata is not JSON: ${(err as Error).message}`;
  }
}

/**
 * Public keys by fingerprint, loaded once, problems reported once: files given by the caller,
 * then `<sidecar>/public-keys/<fingerprint>.pem`, then `<root>/CloudTrail-PublicKeys/` (older trees).
 */
class PublicKeys {
  private readonly cache = new Map<string, Promise<KeyObject | null>>();
  constructor(private readonly root: string, private readonly sidecar: string, private readonly report: (p: IntegrityProblem) => void) {}

  /** Keys given explicitly are indexed by the fingerprint CloudTrail gives them: MD5 of the PKCS#1 DER bytes. */
  async addFiles(paths: readonly string[]): Promise<void> {
    for (const path of paths) {
      let key: KeyObject;
      try {
        key = createPublicKey(await readSmall(path));
      } catch (err) {
        throw new UsageError(`--public-key ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not a PEM public key (${(err as Error).message})`}`);
      }
      if (key.asymmetricKeyType !== 'rsa') throw new UsageError(`--public-key ${path}: expected an RSA public key, got ${key.asymmetricKeyType}`);
      this.cache.set(fingerprintOf(key), Promise.resolve(key));
    }
  }

  get(fingerprint: string, digest: string): Promise<KeyObject | null> {
    let k = this.cache.get(fingerprint);
    if (!k) this.cache.set(fingerprint, (k = this.load(fingerprint, digest)));
    return k;
  }

  private async load(fingerprint: string, digest: string): Promise<KeyObject | null> {
    const places = [join(this.sidecar, publicKeyEntry(fingerprint)), join(this.root, legacyPublicKeyKey(fingerprint))];
    let pem: Buffer | undefined;
    let file = places[0]!;
    for (const p of places) {
      try {
        pem = await readSmall(p);
        file = p;
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
          this.report({ file: p, kind: 'public-key-invalid', message: `cannot read the public key: ${(err as Error).message}`, digest });
          return null;
        }
      }
    }
    if (!pem) {
      this.report({ file: places[0]!, kind: 'public-key-missing', message: `no public key with fingerprint ${fingerprint} (looked in ${places.join(' and ')}; pass --public-key FILE)`, digest });
      return null;
    }
    let key: KeyObject;
    try {
      key = createPublicKey(pem);
    } catch (err) {
      this.report({ file, kind: 'public-key-invalid', message: `cannot load the public key: ${(err as Error).message}`, digest });
      return null;
    }
    const actual = fingerprintOf(key);
    if (actual !== fingerprint) {
      this.report({ file, kind: 'public-key-invalid', message: 'MD5 of the PKCS#1 DER key differs from its fingerprint (file name)', expected: fingerprint, actual, digest });
      return null;
    }
    return key;
  }
}

function fingerprintOf(key: KeyObject): string {
  return createHash('md5').update(key.export({ type: 'pkcs1', format: 'der' })).digest('hex');
}

async function hashGzip(path: string, key: string, report: (p: IntegrityProblem) => void): Promise<string | Error> {
  try {
    return sha256Hex(await readOneMember(path));
  } catch (err) {
    if (err instanceof GzipError && err.kind === 'multi-member') report({ file: key, kind: 'gzip-multi-member', message: err.message });
    return err as Error;
  }
}

/**
 * A log file or digest, gunzipped as the AWS CLI reads it (one member: a file of several fails
 * its check while Node's gunzip would read them all) and within validate's caps: at most
 * DEFAULT_MAX_DOCUMENT_BYTES on disk and inflated, so a gzip bomb in place of a log file costs
 * 64 MiB, not the 4.3 GB an uncapped gunzip took on a 9 MB bomb (issue 22).
 */
async function readOneMember(path: string): Promise<Buffer> {
  const size = (await stat(path)).size;
  if (size > DEFAULT_MAX_DOCUMENT_BYTES) throw new GzipError(`file is ${mib(size)}, over the ${mib(DEFAULT_MAX_DOCUMENT_BYTES)} limit for a single JSON document`, 'too-large');
  return gunzipOneMember(await readFile(path), DEFAULT_MAX_DOCUMENT_BYTES);
}

/** A sidecar (signature metadata, public key): a regular file of at most MAX_SIDECAR_BYTES. */
async function readSmall(path: string): Promise<Buffer> {
  const st = await stat(path);
  if (!st.isFile()) throw new Error('not a regular file');
  if (st.size > MAX_SIDECAR_BYTES) throw new Error(`${mib(st.size)}, over the ${mib(MAX_SIDECAR_BYTES)} limit for this file`);
  return readFile(path);
}

/** Chain continuity per account × region × trail, oldest first; returns the number of chains. */
function checkChains(digests: readonly LoadedDigest[], report: (p: IntegrityProblem) => void): number {
  const byKey = new Map(digests.map((d) => [d.key, d]));
  const chains = new Map<string, LoadedDigest[]>();
  for (const d of digests) chains.set(d.parsed.chainId, [...(chains.get(d.parsed.chainId) ?? []), d]);
  for (const chain of chains.values()) {
    chain.sort((a, b) => (a.parsed.stamp < b.parsed.stamp ? -1 : a.parsed.stamp > b.parsed.stamp ? 1 : 0));
    for (const [i, d] of chain.entries()) {
      const doc = d.doc;
      if (!doc) continue;
      const before = i > 0 ? chain[i - 1]! : undefined;
      if (doc.previousDigestS3Object === null) {
        // A starting digest (validation enabled or restarted): all five previous* fields null.
        const stray = (['previousDigestS3Bucket', 'previousDigestHashValue', 'previousDigestHashAlgorithm', 'previousDigestSignature'] as const).filter((f) => doc[f] !== null);
        if (stray.length) report({ file: d.key, kind: 'digest-format', message: `starting digest (previousDigestS3Object null) has non-null ${stray.join(', ')}` });
        continue;
      }
      const prev = byKey.get(doc.previousDigestS3Object);
      if (!prev) {
        report({ file: d.key, kind: 'chain-previous-missing', message: 'the previous digest it names does not exist (deleted?)', expected: doc.previousDigestS3Object, actual: before?.key ?? null });
        continue;
      }
      if (before && prev !== before) report({ file: d.key, kind: 'chain-previous-object', message: 'previousDigestS3Object skips the digest listed just before it', expected: before.key, actual: doc.previousDigestS3Object });
      if (doc.previousDigestS3Bucket !== doc.digestS3Bucket) report({ file: d.key, kind: 'chain-previous-object', message: 'previousDigestS3Bucket differs from this digest\'s bucket', expected: doc.digestS3Bucket, actual: doc.previousDigestS3Bucket });
      if (!prev.doc) continue;
      if (doc.previousDigestHashValue !== prev.sha256) report({ file: d.key, kind: 'chain-previous-hash', message: 'previousDigestHashValue is not the SHA-256 of the previous digest', expected: prev.sha256, actual: doc.previousDigestHashValue });
      if (prev.signature !== undefined && doc.previousDigestSignature !== prev.signature) report({ file: d.key, kind: 'chain-previous-signature', message: 'previousDigestSignature differs from the previous digest\'s signature', expected: prev.signature, actual: doc.previousDigestSignature });
      if (doc.digestStartTime !== prev.doc.digestEndTime) report({ file: d.key, kind: 'chain-time-gap', message: 'digestStartTime is not the previous digest\'s digestEndTime', expected: prev.doc.digestEndTime, actual: doc.digestStartTime });
    }
  }
  return chains.size;
}
