/**
 * The scenario JSON Schema check (ajv strict mode, all errors), precompiled from
 * schemas/scenario.schema.json at build time (see schema-codegen.ts): no schema compile at start-up.
 *
 * ajv reports what failed in schema terms (every branch of a oneOf, the regex of a pattern);
 * this file turns that into one message per mistake, in the scenario's terms, with the fix.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { validate } from './generated/scenario-validator.js';
import { explainAlternatives } from './schema-alternatives.js';
import { describe } from './schema-describe.js';
import { allowedKeys } from './schema-keys.js';
import { closestName } from './suggest.js';

const validateFn = validate as ValidateFunction;

export interface SchemaIssue {
  path: string;
  message: string;
}

const TOP_KEYS = 'start, duration (or end), trail, accounts, actors and activities';

/** Schema issues for a parsed scenario object: one per mistake, in document-path order. */
export function checkScenarioSchema(value: unknown): SchemaIssue[] {
  if (value === null || value === undefined) return [{ path: '', message: `the scenario is empty; it needs ${TOP_KEYS} (see examples/quickstart.scenario.yaml)` }];
  if (typeof value !== 'object' || Array.isArray(value)) {
    return [{ path: '', message: `a scenario is a mapping of keys (${TOP_KEYS}), not ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}` }];
  }
  if (validateFn(value)) return [];
  return summarise(validateFn.errors ?? [], value);
}

/**
 * Linear in the number of errors (64,000 unknown keys took 68 s with the pairwise version).
 * A oneOf/anyOf fails with one error per branch at the same path: those collapse into one
 * message, or disappear when the branch that fits the value's type reported deeper errors.
 */
function summarise(errors: ErrorObject[], root: unknown): SchemaIssue[] {
  const hasDeeper = new Set<string>();
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    const path = e.instancePath;
    for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
      const ancestor = path.slice(0, i);
      if (hasDeeper.has(ancestor)) break;
      hasDeeper.add(ancestor);
    }
    if (path !== '') hasDeeper.add('');
    let group = byPath.get(path);
    if (!group) byPath.set(path, (group = []));
    group.push(e);
  }
  const seen = new Set<string>();
  const out: SchemaIssue[] = [];
  const push = (path: string, message: string): SchemaIssue | undefined => {
    const key = `${path}\n${message}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    const issue = { path, message };
    out.push(issue);
    return issue;
  };
  // Suggestions for the first unknown keys only: 64,000 of them are listed as 50 and a count.
  let suggestions = 0;
  const keysAt = new Map<string, string[]>();
  // "regoins" both is unknown and leaves "regions" missing: one mistake, one message.
  const misspelt = new Set<string>();
  const missing = new Map<SchemaIssue, string>();
  for (const [path, group] of byPath) {
    const value = valueAt(root, path);
    if (group.some((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf')) {
      // The branch that fits the value's type says what is wrong further down.
      if (hasDeeper.has(path)) continue;
      for (const message of explainAlternatives(path, group, value)) push(path, message);
      continue;
    }
    for (const e of group) {
      const p = e.params as Record<string, unknown>;
      // Point at the offending key itself, so the line number is the key's line.
      if (e.keyword === 'additionalProperties') {
        const key = String(p.additionalProperty);
        let hint = '';
        if (suggestions++ < 100) {
          if (!keysAt.has(path)) keysAt.set(path, allowedKeys(path));
          const meant = closestName(key, keysAt.get(path)!);
          if (meant) {
            hint = `; did you mean "${meant}"?`;
            misspelt.add(`${path}\n${meant}`);
          }
        }
        push(`${path}/${escapePointer(key)}`, `unknown key "${key}"${hint}`);
      }
      else {
        const issue = push(path, describe(e, value));
        if (issue && e.keyword === 'required') missing.set(issue, `${path}\n${String(p.missingProperty)}`);
      }
    }
  }
  return out.filter((i) => !misspelt.has(missing.get(i) ?? '')).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The value at a JSON pointer, or undefined. */
export function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let node = root;
  for (const raw of pointer.slice(1).split('/')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}
