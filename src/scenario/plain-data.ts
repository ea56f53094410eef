/**
 * A scenario is JSON data. What a JS module exports, or what YAML builds, may be more: functions,
 * symbols, Proxies, getters that throw, class instances, cycles, NaN. structuredClone threw
 * DataCloneError (or the getter's own error) from deep inside the loader, a stack trace with
 * exit 70; here each becomes an issue at its JSON pointer, and the copy returned holds plain
 * objects, arrays, strings, finite numbers, booleans and null only.
 */
import { types } from 'node:util';
import type { ScenarioIssue } from '../errors.js';

/** Deeper than any scenario needs (scripts nest `do` a few levels), shallow enough for the stack. */
export const MAX_DEPTH = 64;

interface Copy {
  issues: ScenarioIssue[];
  ancestors: Set<object>;
}

/** A plain-data copy of `value`, or the issues that prevent one (at most `maxIssues`). */
export function toPlainData(value: unknown, maxIssues = 50): { value: unknown; issues: ScenarioIssue[] } {
  const c: Copy = { issues: [], ancestors: new Set() };
  const copied = copy(value, '', 0, c, maxIssues);
  return { value: copied, issues: c.issues };
}

function copy(value: unknown, path: string, depth: number, c: Copy, maxIssues: number): unknown {
  if (c.issues.length >= maxIssues) return undefined;
  const fail = (message: string): undefined => void c.issues.push({ path, message });
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : fail(`${String(value)} is not a finite number`);
    case 'undefined':
      return fail('is undefined; leave the key out instead');
    case 'function':
    case 'symbol':
    case 'bigint':
      return fail(`is a ${typeof value}; a scenario holds only strings, numbers, booleans, lists and mappings`);
  }
  if (value === null) return null;
  const obj = value as object;
  if (types.isProxy(obj)) return fail('is a Proxy; export plain data');
  if (depth >= MAX_DEPTH) return fail(`nests deeper than ${MAX_DEPTH} levels`);
  if (c.ancestors.has(obj)) return fail('refers to itself (a cycle)');
  c.ancestors.add(obj);
  try {
    if (Array.isArray(obj)) return copyArray(obj, path, depth, c, maxIssues);
    const proto = Object.getPrototypeOf(obj) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      const name = (obj.constructor as { name?: string } | undefined)?.name ?? 'object';
      return fail(`is a ${name}; a scenario holds only strings, numbers, booleans, lists and mappings`);
    }
    if (Object.getOwnPropertySymbols(obj).length > 0) return fail('has symbol keys');
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(obj)) {
      const at = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      const v = read(() => (obj as Record<string, unknown>)[key], at, c);
      // An undefined property is an absent key, as in JSON.stringify (`...(x ? { end } : {})`).
      if (v === READ_FAILED || v === undefined) continue;
      const item = copy(v, at, depth + 1, c, maxIssues);
      // defineProperty: a "__proto__" key stays a key (the schema rejects it) instead of a prototype.
      if (item !== undefined) Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    }
    return out;
  } finally {
    c.ancestors.delete(obj);
  }
}

function copyArray(arr: unknown[], path: string, depth: number, c: Copy, maxIssues: number): unknown[] {
  const out: unknown[] = [];
  const length = arr.length;
  for (let i = 0; i < length; i++) {
    const v = read(() => arr[i], `${path}/${i}`, c);
    out.push(v === READ_FAILED ? null : copy(v, `${path}/${i}`, depth + 1, c, maxIssues));
  }
  return out;
}

const READ_FAILED = Symbol('read failed');

/** A property read that may run a getter: its exception becomes an issue. */
function read(get: () => unknown, path: string, c: Copy): unknown {
  try {
    return get();
  } catch (err) {
    c.issues.push({ path, message: `reading it threw: ${err instanceof Error ? err.message : String(err)}` });
    return READ_FAILED;
  }
}
