/**
 * The scenario JSON Schema check (ajv strict mode, all errors), precompiled from
 * schemas/scenario.schema.json at build time (see schema-codegen.ts): no schema compile at start-up.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { validate } from './generated/scenario-validator.js';

const validateFn = validate as ValidateFunction;

export interface SchemaIssue {
  path: string;
  message: string;
}

/** Schema issues for a parsed scenario object, most specific first, duplicates folded. */
export function checkScenarioSchema(value: unknown): SchemaIssue[] {
  if (validateFn(value)) return [];
  return summarise(validateFn.errors ?? []);
}

function summarise(errors: ErrorObject[]): SchemaIssue[] {
  // oneOf branches produce one error per branch; keep the deepest errors of each path.
  const seen = new Set<string>();
  const out: SchemaIssue[] = [];
  const sorted = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length);
  const deepest = sorted.filter((e) => !sorted.some((o) => o !== e && o.instancePath.startsWith(e.instancePath + '/') ));
  for (const e of deepest) {
    const message = describe(e);
    // Point at the offending key itself, so the line number is the key's line.
    const p = e.params as Record<string, unknown>;
    const path = e.keyword === 'additionalProperties' ? `${e.instancePath}/${String(p.additionalProperty)}` : e.instancePath;
    const key = `${path} ${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, message });
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `unknown key "${String(p.additionalProperty)}"`;
    case 'required':
      return `missing required key "${String(p.missingProperty)}"`;
    case 'enum':
      return `must be one of: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'propertyNames':
      return `invalid key "${String(p.propertyName)}"`;
    case 'pattern':
      return `does not match the expected format ${String(p.pattern)}`;
    default:
      return e.message ?? e.keyword;
  }
}
