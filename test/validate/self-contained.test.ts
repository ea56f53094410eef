/**
 * Issue 15 item 4: `npm test` passes from a clone alone, so no test, script or benchmark may
 * read the project's ground truth beside the repository (../shared). What they need is copied
 * into test/fixtures with a SOURCES note.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const CODE = /\.(ts|js|mjs|cjs|py|sh)$/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : CODE.test(n) ? [p] : [];
  });
}

describe('the repository stands alone', () => {
  it('no test, script or benchmark reads ../shared (copy it into test/fixtures)', () => {
    const offenders = ['test', 'scripts', 'bench', 'src'].flatMap((d) => files(join(ROOT, d)))
      .filter((f) => /['"/]\.\.\/(\.\.\/)*shared\b|['"]shared['"]\s*,\s*['"](data|reference)['"]/.test(readFileSync(f, 'utf8')))
      .map((f) => f.slice(ROOT.length));
    expect(offenders).toEqual([]);
  });

  it('the fixtures the tests read are in the repository, each folder with its SOURCES.md', () => {
    for (const d of ['real-cloudtrail', 'reference']) expect(statSync(join(ROOT, 'test/fixtures', d, 'SOURCES.md')).isFile()).toBe(true);
  });
});
