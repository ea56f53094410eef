/** `s3://bucket/prefix` destinations. */
import { UsageError } from '../errors.js';
import { unsafeKeyReason } from './safe-key.js';

export interface S3Location {
  bucket: string;
  /** Key prefix without leading or trailing slash; '' for the bucket root. */
  prefix: string;
}

/** S3 bucket naming rules (general purpose buckets): 3-63 chars of a-z 0-9 . -, starting and ending alphanumeric. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Parses `s3://bucket[/prefix]`; rejects anything else with a message naming the value.
 * @example
 * parseS3Url('s3://my-trail/logs/') // { bucket: 'my-trail', prefix: 'logs' }
 */
export function parseS3Url(text: string, flag = '--to'): S3Location {
  const m = /^s3:\/\/([^/]*)(?:\/(.*))?$/.exec(text);
  if (!m) throw new UsageError(`${flag} ${text}: expected s3://bucket or s3://bucket/prefix`);
  const bucket = m[1]!;
  if (!BUCKET.test(bucket) || bucket.includes('..')) {
    throw new UsageError(`${flag} ${text}: "${bucket}" is not a valid S3 bucket name (3-63 characters: a-z, 0-9, '.', '-')`);
  }
  const prefix = (m[2] ?? '').replace(/^\/+|\/+$/g, '');
  if (prefix.includes('//')) throw new UsageError(`${flag} ${text}: the prefix has an empty path segment`);
  // Room for CloudTrail's own keys under the prefix (~150 bytes); AWS caps a trail's prefix at 200.
  const why = prefix ? unsafeKeyReason(prefix, 200) : null;
  if (why) throw new UsageError(`${flag} ${text}: unsafe prefix: ${why}`);
  return { bucket, prefix };
}

/** The object key of a tree-relative path under the destination prefix. */
export function objectKey(location: S3Location, relativeKey: string): string {
  return location.prefix ? `${location.prefix}/${relativeKey}` : relativeKey;
}
