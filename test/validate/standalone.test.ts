/** The committed precompiled validators must match the schemas they came from. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioValidatorSource } from '../../src/scenario/schema-codegen.js';
import { fastValidatorsSource } from '../../src/validate/standalone.js';

const REGENERATE = 'else: npm run build && node scripts/generate-fast-validators.mjs';

describe('precompiled validators', () => {
  it(`fast-path record validators are up to date with schemas/ (${REGENERATE})`, () => {
    const committed = readFileSync(new URL('../../src/validate/generated/fast-validators.ts', import.meta.url), 'utf8');
    expect(committed === fastValidatorsSource()).toBe(true);
  });

  it(`the scenario validator is up to date with schemas/scenario.schema.json (${REGENERATE})`, () => {
    const committed = readFileSync(new URL('../../src/scenario/generated/scenario-validator.ts', import.meta.url), 'utf8');
    expect(committed === scenarioValidatorSource()).toBe(true);
  });
});
