/**
 * The scenario values that end up in S3 object keys and file paths under --out: the trail's key
 * prefix, the bucket and the trail name (account and organization ids are plain patterns in the
 * schema). A scenario may come from someone else, so each is held to the rule AWS applies,
 * and a prefix to a safe sequence of key segments: a `..` segment would write outside --out.
 *
 * The schema carries the same rules as patterns (so editors flag them); the functions here
 * explain a rejected value in one sentence instead of printing the pattern.
 *
 * Sources: S3 User Guide, "Naming Amazon S3 objects" (safe characters `0-9 a-z A-Z ! - _ . * ' ( )`)
 * and "General purpose bucket naming rules"; CloudTrail API Reference, CreateTrail (`Name`:
 * 3-128 of letters, digits, `. _ -`, starting and ending with a letter or digit, no adjacent
 * punctuation, not an IP address; `S3KeyPrefix`: at most 200 characters).
 */

import { segmentProblem } from '../s3/safe-key.js';

/** Characters of a prefix segment: S3's safe set minus `*`, which Windows file names refuse. */
const SEGMENT_CHAR = /^[A-Za-z0-9!_.'()-]$/;
export const MAX_PREFIX_LENGTH = 200;

const IP_FORMAT = /^\d{1,3}(\.\d{1,3}){3}$/;
const BUCKET_RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const BUCKET_RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** Why `prefix` is not a safe S3 key prefix, or undefined when it is. */
export function prefixProblem(prefix: string): string | undefined {
  const shown = JSON.stringify(prefix);
  const rule = 'a prefix is key segments of A-Z a-z 0-9 ! - _ . \' ( ) joined by single "/", e.g. "audit/cloudtrail"';
  if (prefix.length === 0) return `the prefix is empty; leave "prefix" out for none`;
  if (prefix.length > MAX_PREFIX_LENGTH) return `the prefix has ${prefix.length} characters; CloudTrail allows at most ${MAX_PREFIX_LENGTH}`;
  const problem = segmentProblem(prefix, SEGMENT_CHAR);
  switch (problem?.kind) {
    case undefined:
      return undefined;
    case 'edge-slash':
      return `${shown} starts or ends with "/"; ${rule}`;
    case 'empty-segment':
      return `${shown} has an empty segment ("//"); ${rule}`;
    case 'dot-segment':
      return `${shown} has a "${problem.segment}" segment, which would write outside the bucket root; ${rule}`;
    case 'char':
      return `${shown} contains ${describeChar(problem.char)}; ${rule}`;
  }
}

/** Why `bucket` breaks S3's bucket naming rules, or undefined when it follows them. */
export function bucketProblem(bucket: string): string | undefined {
  const shown = JSON.stringify(bucket);
  if (bucket.length < 3 || bucket.length > 63) return `${shown} has ${bucket.length} characters; S3 bucket names have 3 to 63`;
  const bad = [...bucket].find((c) => !/^[a-z0-9.-]$/.test(c));
  if (bad !== undefined) return `${shown} contains ${describeChar(bad)}; S3 bucket names use a-z 0-9 . - only`;
  if (!/^[a-z0-9]/.test(bucket) || !/[a-z0-9]$/.test(bucket)) return `${shown} must begin and end with a letter or digit`;
  if (bucket.includes('..')) return `${shown} has two adjacent periods, which S3 bucket names cannot have`;
  if (IP_FORMAT.test(bucket)) return `${shown} is formatted as an IP address, which S3 bucket names cannot be`;
  const reserved = BUCKET_RESERVED_PREFIXES.find((p) => bucket.startsWith(p)) ?? BUCKET_RESERVED_SUFFIXES.find((s) => bucket.endsWith(s));
  if (reserved !== undefined) return `${shown} uses "${reserved}", which S3 reserves`;
  return undefined;
}

/** Why `name` is not a valid CloudTrail trail name, or undefined when it is. */
export function trailNameProblem(name: string): string | undefined {
  const shown = JSON.stringify(name);
  const rule = 'trail names are 3-128 of A-Z a-z 0-9 . _ -, start and end with a letter or digit, and have no adjacent . _ -';
  if (name.length < 3 || name.length > 128) return `${shown} has ${name.length} characters; ${rule}`;
  const bad = [...name].find((c) => !/^[A-Za-z0-9._-]$/.test(c));
  if (bad !== undefined) return `${shown} contains ${describeChar(bad)}; ${rule}`;
  if (!/^[A-Za-z0-9]/.test(name) || !/[A-Za-z0-9]$/.test(name)) return `${shown} must start and end with a letter or digit`;
  if (/[._-]{2}/.test(name)) return `${shown} has adjacent punctuation; ${rule}`;
  if (IP_FORMAT.test(name)) return `${shown} is formatted as an IP address, which trail names cannot be`;
  return undefined;
}

/** `"/"`, `a space`, `U+000A`: a character named so that control characters stay visible. */
export function describeChar(c: string): string {
  const code = c.codePointAt(0)!;
  if (c === ' ') return 'a space';
  if (code < 0x20 || code === 0x7f || code > 0x7e) return `the character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `"${c}"`;
}
