/** Safe key segments: no accepted key can leave its prefix, however a server maps keys to paths. */
import { posix, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unsafeKeyReason } from '../../src/s3/safe-key.js';

const SEGMENTS = ['a', '.', '..', '', '...', '.hidden', 'b.c', "it's(1)*!", 'x y', '%2e%2e', '~', 'é', 'a\tb'];

/** Every key of 1 to 3 segments from SEGMENTS: 2,379 keys, exhaustively rather than sampled. */
function* allKeys(): Generator<string> {
  for (const a of SEGMENTS) {
    yield a;
    for (const b of SEGMENTS) {
      yield `${a}/${b}`;
      for (const c of SEGMENTS) yield `${a}/${b}/${c}`;
    }
  }
}

describe('unsafeKeyReason', () => {
  it('accepts a key only when it stays under its prefix unchanged, as a URL path and as a file path', () => {
    let accepted = 0;
    for (const key of allKeys()) {
      const why = unsafeKeyReason(key);
      if (why !== null) continue;
      accepted++;
      // No normalisation changes it (no `.`/`..`/empty segments), so no SDK or server rewrites it...
      expect(posix.normalize(`prefix/${key}`), key).toBe(`prefix/${key}`);
      // ...and a server storing objects as files keeps it inside its storage directory.
      const root = resolve('/srv/storage/bucket/prefix');
      expect(resolve(root, ...key.split('/')).startsWith(root + sep), key).toBe(true);
      expect(key).toMatch(/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/);
    }
    // The safe ones are there too: a, ..., .hidden, b.c, it's(1)*! in any combination of up to 3.
    expect(accepted).toBe(5 + 5 ** 2 + 5 ** 3);
  });

  it('names the reason', () => {
    expect(unsafeKeyReason('trailsmith/labels.ndjson')).toBeNull();
    expect(unsafeKeyReason('a/../b')).toMatch(/segment "\.\."/);
    expect(unsafeKeyReason('/a')).toMatch(/must not start or end with \//);
    expect(unsafeKeyReason('a\u0000b')).toMatch(/control character/);
    expect(unsafeKeyReason('é')).toMatch(/character "é" is not one of S3's safe key characters/);
    expect(unsafeKeyReason('a'.repeat(1024))).toBeNull();
    expect(unsafeKeyReason('a'.repeat(1025))).toMatch(/longer than 1024 bytes/);
    expect(unsafeKeyReason('a'.repeat(201), 200)).toMatch(/longer than 200 bytes/);
  });
});
