/**
 * Object keys we accept from users (`--labels-key`, the prefix of `--to`): a sequence of safe
 * segments, so no key can climb out of its prefix on a server that maps keys to paths (s3rver
 * wrote `../../../x` outside its storage) or be read differently by another tool.
 *
 * AWS, "Naming Amazon S3 objects" (docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html):
 * a key is at most 1,024 bytes of UTF-8; the safe characters are 0-9 a-z A-Z ! - _ . * ' ( );
 * `/` is the conventional delimiter. Everything else "might require special handling" or
 * should be avoided, and `.`/`..` segments are normalised away by some SDKs and file systems.
 *
 * The scenario loader has its own checker for scenario values (trail prefix, names); the two
 * should become one (noted for the lead).
 */

/** S3's limit on a whole key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

const SAFE_SEGMENT = /^[A-Za-z0-9!_.*'()-]+$/;

/**
 * Why `key` is not a safe sequence of key segments, or null when it is.
 * @example
 * unsafeKeyReason('trailsmith/labels.ndjson') // null
 * unsafeKeyReason('a/../b') // 'segment ".." ...'
 */
export function unsafeKeyReason(key: string, maxBytes = MAX_KEY_BYTES): string | null {
  if (key.length === 0) return 'the key is empty';
  if (key.startsWith('/') || key.endsWith('/')) return 'a key must not start or end with /';
  if (Buffer.byteLength(key, 'utf8') > maxBytes) return `the key is longer than ${maxBytes} bytes`;
  for (const segment of key.split('/')) {
    if (segment === '') return 'the key has an empty segment (//)';
    if (segment === '.' || segment === '..') return `segment "${segment}" would be read as a path step`;
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(segment)) return 'the key contains a control character';
    if (!SAFE_SEGMENT.test(segment)) {
      const bad = [...segment].find((c) => !SAFE_SEGMENT.test(c))!;
      return `character ${JSON.stringify(bad)} is not one of S3's safe key characters (A-Z a-z 0-9 ! - _ . * ' ( ) and / between segments)`;
    }
  }
  return null;
}
