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
 * The segment rule itself (segmentProblem) is shared with the scenario loader's checks of
 * trail prefixes (scenario/key-segments.ts).
 */

/** S3's limit on a whole key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

/** S3's safe key characters (one character). */
export const S3_SAFE_CHAR = /^[A-Za-z0-9!_.*'()-]$/;

/** The first way `key` fails to be a sequence of safe segments joined by single `/`. */
export type SegmentProblem =
  | { kind: 'edge-slash' }
  | { kind: 'empty-segment' }
  | { kind: 'dot-segment'; segment: '.' | '..' }
  | { kind: 'char'; char: string };

/**
 * The segment rule shared by every value that becomes part of an object key or a path under
 * --out: here for `--labels-key` and `--to`'s prefix, in scenario/key-segments.ts for a
 * scenario's trail prefix (which also refuses `*`). Each caller words the problem for its input.
 */
export function segmentProblem(key: string, safeChar: RegExp = S3_SAFE_CHAR): SegmentProblem | null {
  if (key.startsWith('/') || key.endsWith('/')) return { kind: 'edge-slash' };
  for (const segment of key.split('/')) {
    if (segment === '') return { kind: 'empty-segment' };
    if (segment === '.' || segment === '..') return { kind: 'dot-segment', segment };
    const bad = [...segment].find((c) => !safeChar.test(c));
    if (bad !== undefined) return { kind: 'char', char: bad };
  }
  return null;
}

/**
 * Why `key` is not a safe sequence of key segments, or null when it is.
 * @example
 * unsafeKeyReason('trailsmith/labels.ndjson') // null
 * unsafeKeyReason('a/../b') // 'segment ".." ...'
 */
export function unsafeKeyReason(key: string, maxBytes = MAX_KEY_BYTES): string | null {
  if (key.length === 0) return 'the key is empty';
  if (Buffer.byteLength(key, 'utf8') > maxBytes) return `the key is longer than ${maxBytes} bytes`;
  const problem = segmentProblem(key);
  switch (problem?.kind) {
    case undefined:
      return null;
    case 'edge-slash':
      return 'a key must not start or end with /';
    case 'empty-segment':
      return 'the key has an empty segment (//)';
    case 'dot-segment':
      return `segment "${problem.segment}" would be read as a path step`;
    case 'char':
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u001f\u007f]/.test(problem.char)) return 'the key contains a control character';
      return `character ${JSON.stringify(problem.char)} is not one of S3's safe key characters (A-Z a-z 0-9 ! - _ . * ' ( ) and / between segments)`;
  }
}
