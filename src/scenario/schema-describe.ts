/** A failed schema keyword in words, with the value when it helps. */
import type { ErrorObject } from 'ajv';
import { explainPattern } from './schema-patterns.js';
import { didYouMean } from './suggest.js';

export function describe(e: ErrorObject, value: unknown): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `missing required key "${String(p.missingProperty)}"`;
    case 'enum': {
      const allowed = p.allowedValues as unknown[];
      const names = allowed.filter((v): v is string => typeof v === 'string');
      const hint = typeof value === 'string' ? didYouMean(value, names) : '';
      if (e.schemaPath === '#/$defs/operation/enum') return `unknown operation ${JSON.stringify(value)}${hint || ` (operations: ${names.join(', ')})`}`;
      // A long list buries the likely fix; the suggestion alone says it.
      if (hint && allowed.length > 10) return `${JSON.stringify(value)} is not allowed here${hint}`;
      return `${JSON.stringify(value)} is not one of: ${allowed.map((v) => JSON.stringify(v)).join(', ')}${hint}`;
    }
    case 'propertyNames':
      return `invalid key "${String(p.propertyName)}"`;
    case 'pattern':
    case 'maxLength':
    case 'minLength':
      return explainPattern(e, value);
    case 'type':
      return `must be ${article(String(p.type))}, not ${kindOf(value)}`;
    default:
      return e.message ?? e.keyword;
  }
}

function article(type: string): string {
  return type.split(',').map((t) => (t === 'integer' ? 'a whole number' : t === 'array' ? 'a list' : t === 'object' ? 'a mapping' : `a ${t}`)).join(' or ');
}

/** `a list`, `a string ("x")`, `null`: what the scenario holds, for "must be X, not Y". */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const shown = JSON.stringify(value);
  return `${typeof value === 'number' ? 'a number' : typeof value === 'boolean' ? 'a boolean' : 'a string'} (${shown.length > 40 ? `${shown.slice(0, 37)}...` : shown})`;
}
