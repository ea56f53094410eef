#!/usr/bin/env node
// Rewrites src/validate/generated/fast-validators.ts from the schemas (run `npm run build` first).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fastValidatorsSource } from '../dist/validate/standalone.js';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'validate', 'generated', 'fast-validators.ts');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, fastValidatorsSource());
console.log(`wrote ${out}`);
