#!/usr/bin/env node
// Rewrites the precompiled (ajv standalone) validators from the schemas (run `npm run build` first):
// src/validate/generated/fast-validators.ts and src/scenario/generated/scenario-validator.ts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioValidatorSource } from '../dist/scenario/schema-codegen.js';
import { fastValidatorsSource } from '../dist/validate/standalone.js';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
for (const [path, source] of [
  [join(src, 'validate', 'generated', 'fast-validators.ts'), fastValidatorsSource()],
  [join(src, 'scenario', 'generated', 'scenario-validator.ts'), scenarioValidatorSource()],
]) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, source);
  console.log(`wrote ${path}`);
}
