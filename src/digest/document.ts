/**
 * Builds digest bodies and the string they are signed over (reference sections 4.2 and 4.3).
 * Pure functions: no I/O, no clock.
 */
import { createHash, createSign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { DeliveredLogFile } from '../delivery/types.js';
import { isoTime } from './keys.js';
import { HASH_ALGORITHM, SIGNATURE_ALGORITHM, type DigestDocument, type DigestLogEntry } from './types.js';

export interface PreviousDigest {
  bucket: string;
  key: string;
  /** Lowercase hex SHA-256 of its uncompressed bytes. */
  sha256: string;
  signature: string;
}

export interface DigestInput {
  accountId: string;
  start: number;
  end: number;
  bucket: string;
  key: string;
  fingerprint: string;
  files: readonly DeliveredLogFile[];
  previous: PreviousDigest | null;
}

export function buildDigest(input: DigestInput): DigestDocument {
  let newest: string | null = null;
  let oldest: string | null = null;
  const logFiles: DigestLogEntry[] = input.files.map((f) => {
    // ISO strings of one format compare like the times they denote.
    if (newest === null || f.newestEventTime > newest) newest = f.newestEventTime;
    if (oldest === null || f.oldestEventTime < oldest) oldest = f.oldestEventTime;
    return { s3Bucket: input.bucket, s3Object: f.key, hashValue: f.sha256, hashAlgorithm: HASH_ALGORITHM, newestEventTime: f.newestEventTime, oldestEventTime: f.oldestEventTime };
  });
  const prev = input.previous;
  return {
    awsAccountId: input.accountId,
    digestStartTime: isoTime(input.start),
    digestEndTime: isoTime(input.end),
    digestS3Bucket: input.bucket,
    digestS3Object: input.key,
    digestPublicKeyFingerprint: input.fingerprint,
    digestSignatureAlgorithm: SIGNATURE_ALGORITHM,
    newestEventTime: newest,
    oldestEventTime: oldest,
    previousDigestS3Bucket: prev ? prev.bucket : null,
    previousDigestS3Object: prev ? prev.key : null,
    previousDigestHashValue: prev ? prev.sha256 : null,
    previousDigestHashAlgorithm: prev ? HASH_ALGORITHM : null,
    previousDigestSignature: prev ? prev.signature : null,
    logFiles,
  };
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The four lines signed (section 4.3): end time verbatim, `bucket/key`, SHA-256 of the digest
 * bytes exactly as stored, previous signature or the text `null`. No trailing newline.
 */
export function stringToSign(doc: Pick<DigestDocument, 'digestEndTime' | 'digestS3Bucket' | 'digestS3Object' | 'previousDigestSignature'>, bodySha256: string): string {
  return `${doc.digestEndTime}\n${doc.digestS3Bucket}/${doc.digestS3Object}\n${bodySha256}\n${doc.previousDigestSignature ?? 'null'}`;
}

/** RSA PKCS#1 v1.5 over SHA-256; deterministic, so equal inputs give equal signatures. */
export function signDigest(text: string, key: KeyObject): string {
  return createSign('sha256').update(text, 'utf8').sign(key, 'hex');
}
