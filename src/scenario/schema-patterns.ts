/**
 * Pattern and length failures in words: the schema's regexes say exactly what is allowed, but
 * printing one ("does not match ^(\d+(\.\d+)?\s*(s|m|h|d|w)...") does not tell a user how to
 * fix `duration: 6 hours`. Keyed by the failing schema location; anything else falls back to
 * the pattern itself.
 */
import type { ErrorObject } from 'ajv';
import { bucketProblem, prefixProblem, trailNameProblem } from './key-segments.js';
import { parseDuration } from './units.js';

type Explain = (value: string) => string | undefined;

const UNIT_WORDS: Record<string, string> = {
  s: 's', sec: 's', secs: 's', second: 's', seconds: 's',
  m: 'm', min: 'm', mins: 'm', minute: 'm', minutes: 'm',
  h: 'h', hr: 'h', hrs: 'h', hour: 'h', hours: 'h',
  d: 'd', day: 'd', days: 'd',
  w: 'w', week: 'w', weeks: 'w',
};

/** `6 hours` → `6h`, `1 day 12 hours` → `1d12h`; undefined when the words are not durations. */
export function suggestDuration(text: string): string | undefined {
  const parts = [...text.toLowerCase().matchAll(/(\d+(?:\.\d+)?)\s*([a-z]+)/g)];
  if (parts.length === 0 || parts.map((m) => m[0]).join('').replace(/\s+/g, '') !== text.toLowerCase().replace(/[\s,]+|and/g, '')) return undefined;
  const units = parts.map((m) => UNIT_WORDS[m[2]!]);
  if (units.some((u) => u === undefined)) return undefined;
  const compact = parts.map((m, i) => `${m[1]}${units[i]}`).join(' ');
  return Number.isFinite(parseDuration(compact)) ? compact : undefined;
}

const duration: Explain = (v) => {
  const fix = suggestDuration(v);
  return `cannot read duration ${JSON.stringify(v)}; ${fix ? `write "${fix}"` : 'write e.g. "6h", "90m", "1d 12h" or ISO-8601 "P1DT6H"'} (units s, m, h, d, w)`;
};

const BY_SCHEMA_PATH: Record<string, Explain> = {
  '#/$defs/duration/pattern': duration,
  '#/$defs/timestamp/pattern': (v) => `${JSON.stringify(v)} is not a timestamp; write UTC with a zone, e.g. "2025-03-04T00:00:00Z"`,
  '#/$defs/region/pattern': (v) => `${JSON.stringify(v)} is not an AWS region name such as "us-east-1"`,
  '#/$defs/name/pattern': (v) => `${JSON.stringify(v)} is not a valid name: 1-64 of A-Z a-z 0-9 _ . @ + = -, starting with a letter or digit`,
  '#/properties/trail/properties/prefix/pattern': prefixProblem,
  '#/properties/trail/properties/prefix/maxLength': prefixProblem,
  '#/properties/trail/properties/bucket/pattern': bucketProblem,
  '#/properties/trail/properties/name/pattern': trailNameProblem,
  '#/properties/organization/properties/id/pattern': (v) => `${JSON.stringify(v)} is not an AWS Organizations id: "o-" and 10 to 32 of a-z 0-9`,
  '#/properties/accounts/items/properties/id/pattern': (v) => `${JSON.stringify(v)} is not an AWS account id: exactly 12 digits, quoted so YAML keeps leading zeros`,
  '#/properties/accounts/items/properties/vaults/items/properties/name/pattern': (v) => `${JSON.stringify(v)} is not a valid Glacier vault name: 1-255 of A-Z a-z 0-9 _ . -`,
  '#/properties/fail/pattern': (v) => `${JSON.stringify(v)} is not an error code such as "AccessDeniedException"`,
  '#/properties/fail/maxLength': (v) => `the error code has ${v.length} characters; at most 128 (real Glacier error codes are under 40)`,
};

export function explainPattern(e: ErrorObject, value: unknown): string {
  const explain = BY_SCHEMA_PATH[e.schemaPath];
  const message = typeof value === 'string' ? explain?.(value) : undefined;
  if (message) return message;
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'maxLength') return `is longer than ${String(p.limit)} characters`;
  if (e.keyword === 'minLength') return `is shorter than ${String(p.limit)} character${p.limit === 1 ? '' : 's'}`;
  return `${JSON.stringify(value)} does not have the expected form ${String(p.pattern)}`;
}
