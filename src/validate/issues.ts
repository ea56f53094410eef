/**
 * ajv errors → one readable issue per JSON pointer. ajv reports some failures several times
 * (an `if` whose `then` failed, every branch of an `anyOf`, a pattern and a format on the same
 * value); we keep the most telling one per path. Unknown fields (`additionalProperties`)
 * and the failures of rules whose `$comment` starts with "Warning" (regularities that genuine
 * records break: per-type identity fields and ARN shapes, cross-field rules; see the schemas'
 * descriptions) become warnings, which --strict turns back into errors.
 */
import type { ErrorObject } from 'ajv';

/** A problem at a JSON pointer (RFC 6901) into the record, file or digest. */
export interface Issue {
  path: string;
  message: string;
}

export interface ClassifiedIssues {
  errors: Issue[];
  warnings: Issue[];
}

// Lower is preferred when several keywords fail at one path.
const PRIORITY: Record<string, number> = { required: 0, type: 1, propertyNames: 2, const: 2, enum: 3, pattern: 4, format: 5, minLength: 6, maxLength: 6 };

/** A rule the schema marks as a regularity: its `$comment` starts with "Warning". Needs ajv's `verbose` (parentSchema). */
function isRegularity(e: ErrorObject): boolean {
  const comment = (e.parentSchema as { $comment?: unknown } | undefined)?.$comment;
  return typeof comment === 'string' && comment.startsWith('Warning');
}

export function classifyAjvErrors(errors: readonly ErrorObject[]): ClassifiedIssues {
  const byPath = new Map<string, ErrorObject[]>();
  const regular = new Map<string, ErrorObject[]>();
  const warnings: Issue[] = [];
  for (const e of errors) {
    if (e.keyword === 'if') continue; // always accompanied by the failures of its then/else
    const p = e.params as Record<string, unknown>;
    if (e.keyword === 'additionalProperties') {
      const path = `${e.instancePath}/${escapePointer(String(p.additionalProperty))}`;
      warnings.push({ path, message: `unknown field "${String(p.additionalProperty)}" (not in the documented format)` });
      continue;
    }
    const path = e.keyword === 'required' ? `${e.instancePath}/${escapePointer(String(p.missingProperty))}` : e.instancePath;
    const into = isRegularity(e) ? regular : byPath;
    let list = into.get(path);
    if (!list) into.set(path, (list = []));
    list.push(e);
  }
  const errorsOut = summarise(byPath);
  // A value that already breaks a guarantee needs no second, weaker message at the same place.
  const errorPaths = new Set(errorsOut.map((e) => e.path));
  for (const w of summarise(regular)) if (!errorPaths.has(w.path)) warnings.push({ path: w.path, message: `${w.message} (a regularity genuine records can break)` });
  return { errors: errorsOut, warnings };
}

function summarise(byPath: Map<string, ErrorObject[]>): Issue[] {
  const out: Issue[] = [];
  for (const [path, list] of byPath) {
    // An anyOf's own error says only "must match a schema in anyOf"; its branches say why.
    const specific = list.filter((e) => e.keyword !== 'anyOf');
    const pool = specific.length ? specific : list;
    pool.sort((a, b) => (PRIORITY[a.keyword] ?? 9) - (PRIORITY[b.keyword] ?? 9));
    const anyOfTypes = list.some((e) => e.keyword === 'anyOf') ? list.filter((e) => e.keyword === 'type').map((e) => String((e.params as { type: unknown }).type)) : [];
    let message = describe(pool[0]!, anyOfTypes);
    const allowed = list.find((e) => e.keyword === 'enum' && pool[0]!.keyword === 'propertyNames');
    if (allowed) message += ` (allowed: ${((allowed.params as { allowedValues: unknown[] }).allowedValues).map((v) => JSON.stringify(v)).join(', ')})`;
    out.push({ path, message });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function describe(e: ErrorObject, anyOfTypes: string[]): string {
  const p = e.params as Record<string, unknown>;
  const schemaDesc = describedAs(e.parentSchema);
  switch (e.keyword) {
    case 'required':
      return `required field "${String(p.missingProperty)}" is missing`;
    case 'type': {
      const want = anyOfTypes.length > 1 ? anyOfTypes.join(' or ') : String(p.type).replace(/,/g, ' or ');
      return `must be ${want}, got ${kindOf(e.data)}`;
    }
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}, got ${preview(e.data)}`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}; got ${preview(e.data)}`;
    case 'pattern':
    case 'format':
      return `${preview(e.data)} is not ${schemaDesc ?? (e.keyword === 'format' ? `a valid ${String(p.format)}` : `in the expected format ${String(p.pattern)}`)}`;
    case 'propertyNames':
      return `key "${String(p.propertyName)}" is not allowed here`;
    case 'anyOf':
      return `${preview(e.data)} is not ${schemaDesc ?? 'a valid value'}`;
    default:
      return `${e.message ?? 'is invalid'}${e.data !== undefined ? ` (got ${preview(e.data)})` : ''}`;
  }
}

/** The first sentence of the schema's description, as a noun phrase ("a lowercase UUID, ..."). */
function describedAs(schema: unknown): string | undefined {
  const d = (schema as { description?: unknown } | undefined)?.description;
  if (typeof d !== 'string') return undefined;
  const first = d.split(/\.\s/)[0]!.replace(/\.$/, '');
  if (first.length === 0 || first.length > 240) return undefined;
  // Lower-case a leading article or word, but not an acronym (UTC, AKIA).
  return /^[A-Z](?![A-Z0-9])/.test(first) ? first[0]!.toLowerCase() + first.slice(1) : first;
}

/** A short, safe rendering of a value: never stringifies objects (they may be nested 1e6 deep). */
export function preview(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 80 ? `${v.slice(0, 77)}...` : v);
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return String(v);
  return kindOf(v);
}

export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${preview(v)}`;
}

export function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}
