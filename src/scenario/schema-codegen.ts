/**
 * Build-time code generation for the scenario schema check (ajv "standalone" mode, all errors):
 * compiling schemas/scenario.schema.json at start-up took ~180 ms of every CLI run (measured
 * with --cpu-prof on the 2-core VM: ajv was the largest single cost of `generate` on the
 * default scenario). The output is committed as src/scenario/generated/scenario-validator.ts;
 * `npm run build && node scripts/generate-fast-validators.mjs` rewrites it, and
 * test/validate/standalone.test.ts fails when it no longer matches the schema.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, _ } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { packagePath } from '../package-path.js';
import { generatedModule, standaloneCode } from '../validate/standalone.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** The TypeScript source of src/scenario/generated/scenario-validator.ts (default export: the validate function). */
export function scenarioValidatorSource(): string {
  const ajv = new Ajv2020({
    strict: true,
    strictRequired: false,
    allErrors: true,
    allowUnionTypes: true,
    code: { source: true, esm: true, lines: false, formats: _`require("ajv-formats/dist/formats").fullFormats` },
  });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(packagePath('schemas/scenario.schema.json'), 'utf8')) as object);
  return generatedModule('src/scenario/schema-codegen.ts', 'schemas/scenario.schema.json', [
    "import { createRequire } from 'node:module';",
    'const require = createRequire(import.meta.url);',
  ], standaloneCode(ajv, validate));
}
