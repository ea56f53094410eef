/** The committed precompiled fast-path validators must match the schemas they came from. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fastValidatorsSource } from '../../src/validate/standalone.js';

const GENERATED = new URL('../../src/validate/generated/fast-validators.ts', import.meta.url).pathname;

describe('precompiled fast-path validators', () => {
  it('are up to date with schemas/ (else: npm run build && node scripts/generate-fast-validators.mjs)', () => {
    expect(readFileSync(GENERATED, 'utf8') === fastValidatorsSource()).toBe(true);
  });
});
