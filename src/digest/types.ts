/** Shapes of CloudTrail digest files (reference section 4.2) and of what trailsmith reports about them. */

/** One `logFiles[]` entry; property order is the order AWS writes. */
export interface DigestLogEntry {
  s3Bucket: string;
  s3Object: string;
  /** Lowercase hex SHA-256 of the gunzipped log JSON. */
  hashValue: string;
  hashAlgorithm: 'SHA-256';
  newestEventTime: string;
  oldestEventTime: string;
}

/** A digest file's JSON body; property order is the order of the AWS example (section 4.2). */
export interface DigestDocument {
  awsAccountId: string;
  digestStartTime: string;
  digestEndTime: string;
  digestS3Bucket: string;
  digestS3Object: string;
  digestPublicKeyFingerprint: string;
  digestSignatureAlgorithm: 'SHA256withRSA';
  newestEventTime: string | null;
  oldestEventTime: string | null;
  previousDigestS3Bucket: string | null;
  previousDigestS3Object: string | null;
  previousDigestHashValue: string | null;
  previousDigestHashAlgorithm: 'SHA-256' | null;
  previousDigestSignature: string | null;
  logFiles: DigestLogEntry[];
}

/** The S3 user metadata of a digest object, stored beside it as `<key>.metadata.json`. */
export interface DigestMetadata {
  signature: string;
  'signature-algorithm': 'SHA256withRSA';
}

/** What the writer reports for each digest it wrote. */
export interface WrittenDigest {
  key: string;
  accountId: string;
  region: string;
  /** Epoch seconds. */
  start: number;
  end: number;
  signature: string;
  /** Lowercase hex SHA-256 of the uncompressed digest JSON. */
  sha256: string;
  /** Keys of the log files this digest lists. */
  logFiles: string[];
  /** Position in its account × region chain, 0 for the starting digest. */
  index: number;
  /** Number of digests in the chain. */
  chainLength: number;
}

export const SIGNATURE_ALGORITHM = 'SHA256withRSA';
export const HASH_ALGORITHM = 'SHA-256';
