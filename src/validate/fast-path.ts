/**
 * The pass/fail check every record gets first: the generic record schema, then, for Glacier
 * records only, the common Glacier constraints and the one operation's shapes, picked by
 * eventName in JS. This is what glacier-profile.schema.json says, minus its 33-way `if`
 * dispatch, which ajv evaluates branch by branch (about 10 % of validation time, measured on
 * generated records). The functions are precompiled (./standalone.ts), so nothing is compiled
 * at startup. Records that fail here are re-validated with the full schema for messages.
 */
import * as generated from './generated/fast-validators.js';

type Check = (data: unknown) => boolean;

const GLACIER = 'glacier.amazonaws.com';
const record = generated.record as Check;
const glacierCommon = generated.glacierCommon as Check;
const ops = new Map<string, Check>(Object.entries(generated as Record<string, Check>).filter(([name]) => name !== 'record' && name !== 'glacierCommon'));

/** True when the record passes every schema check (no errors, no unknown fields). */
export function passesSchemas(data: unknown): boolean {
  if (!record(data)) return false;
  const r = data as { eventSource?: unknown; eventName?: unknown; errorCode?: unknown };
  if (r.eventSource !== GLACIER) return true;
  if (!glacierCommon(data)) return false;
  if (r.errorCode !== undefined) return true;
  // glacierCommon accepted eventName, so it is one of the 33 operations.
  const op = ops.get(r.eventName as string);
  return op === undefined ? false : op(data);
}
