/**
 * One record against the schemas (glacier-profile.schema.json, which includes the generic
 * cloudtrail-record schema and adds the Glacier profile when eventSource is Glacier), plus
 * the checks a schema cannot express: an eventVersion newer than the docs describe.
 */
import { NEWEST_EVENT_VERSION } from '../cloudtrail/types.js';
import { passesSchemas } from './fast-path.js';
import { compiled } from './schemas.js';
import { classifyAjvErrors, type Issue } from './issues.js';

export interface RecordValidationOptions {
  /** Treat warnings (unknown fields, eventVersion newer than known, duplicates) as errors. */
  strict?: boolean;
}

export interface RecordResult {
  valid: boolean;
  errors: Issue[];
  warnings: Issue[];
}

const [NEWEST_MAJOR, NEWEST_MINOR] = NEWEST_EVENT_VERSION.split('.').map(Number) as [number, number];

/**
 * Validates one parsed CloudTrail record (an element of `Records`).
 *
 * @example
 * const r = validateRecord(JSON.parse(line));
 * if (!r.valid) for (const e of r.errors) console.log(`${e.path}: ${e.message}`);
 */
export function validateRecord(record: unknown, options: RecordValidationOptions = {}): RecordResult {
  let errors: Issue[] = [];
  let warnings: Issue[] = [];
  if (!passesSchemas(record)) {
    const full = compiled('glacier-profile', true);
    full(record);
    ({ errors, warnings } = classifyAjvErrors(full.errors ?? []));
  }
  const version = (record as { eventVersion?: unknown } | null)?.eventVersion;
  if (typeof version === 'string' && isNewerVersion(version)) {
    warnings.push({ path: '/eventVersion', message: `eventVersion ${version} is newer than the newest documented version ${NEWEST_EVENT_VERSION}` });
  }
  return finish(errors, warnings, options.strict === true);
}

/** Compares major and minor as numbers, as the docs say to ("1.10" > "1.9"). */
// Every record runs this; the records of a file nearly always share one eventVersion.
let lastVersion = '';
let lastNewer = false;

function isNewerVersion(v: string): boolean {
  if (v === lastVersion) return lastNewer;
  lastVersion = v;
  return (lastNewer = compareVersion(v));
}

function compareVersion(v: string): boolean {
  const m = /^(\d+)\.(\d+)$/.exec(v);
  if (!m) return false;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  return major > NEWEST_MAJOR || (major === NEWEST_MAJOR && minor > NEWEST_MINOR);
}

/** Applies --strict: warnings move to errors. */
export function finish(errors: Issue[], warnings: Issue[], strict: boolean): RecordResult {
  if (strict && warnings.length) {
    errors = [...errors, ...warnings];
    warnings = [];
  }
  return { valid: errors.length === 0, errors, warnings };
}
