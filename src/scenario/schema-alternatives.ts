/**
 * A value that may take several forms (a oneOf: `rate` is a number or "30/hour", `mix` a named
 * mix or operation weights) fails with one error per form. This says once what the value
 * should be, in the form the user was evidently writing, with "did you mean" for names.
 */
import type { ErrorObject } from 'ajv';
import { NAMED_MIX_NAMES, OPERATION_NAMES, ORIGIN_KINDS, RHYTHM_NAMES, STEP_ACTIONS } from './schema-names.js';
import { describe, kindOf } from './schema-describe.js';
import { didYouMean } from './suggest.js';

/** Messages for a failed oneOf/anyOf at `path` (usually one; one per unknown operation in a mix). */
export function explainAlternatives(path: string, errors: ErrorObject[], value: unknown): string[] {
  const shape = path.replace(/\/\d+(?=\/|$)/g, '/*');
  const shown = JSON.stringify(value);
  if (shape.endsWith('/rate')) {
    return [`cannot read rate ${shown}; write a number of calls per hour (e.g. 30) or a rate such as "30/hour", "500/day", "2/minute"`];
  }
  if (shape.endsWith('/mix')) return explainMix(errors, value);
  if (shape.endsWith('/origin')) {
    if (typeof value === 'string') return [`unknown origin ${shown}${didYouMean(value, ORIGIN_KINDS)} (one of ${ORIGIN_KINDS.join(', ')}, or { kind, cidr, ips })`];
    return [`origin must be one of ${ORIGIN_KINDS.join(', ')}, or { kind, cidr, ips }; not ${kindOf(value)}`];
  }
  if (shape.endsWith('/rhythm')) {
    if (typeof value === 'string') return [`unknown rhythm ${shown}${didYouMean(value, RHYTHM_NAMES)} (one of ${RHYTHM_NAMES.join(', ')}, or { hours: [24 weights], weekdays: [7 weights] })`];
    return [`rhythm must be one of ${RHYTHM_NAMES.join(', ')}, or { hours: [24 weights], weekdays: [7 weights] }; not ${kindOf(value)}`];
  }
  if (/^\/accounts\/\*\/vaults\/\*$/.test(shape)) {
    const both = typeof value === 'object' && value !== null && 'name' in value && 'count' in value;
    return [both ? 'give either "name" (one vault) or "count" (that many, with drawn names), not both' : 'a vault entry needs "name" (one vault) or "count" (that many, with drawn names)'];
  }
  if (/^\/scripts\/\*\/steps(\/\*\/(do|parallel\/\*))*\/\*$/.test(shape)) return [explainStep(value)];
  return [fallback(errors, value)];
}

function explainMix(errors: ErrorObject[], value: unknown): string[] {
  if (typeof value === 'string') {
    return [`unknown mix ${JSON.stringify(value)}${didYouMean(value, NAMED_MIX_NAMES)} (named mixes: ${NAMED_MIX_NAMES.join(', ')}; or operation weights, e.g. { ListVaults: 3, DescribeVault: 1 })`];
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const unknown = errors.filter((e) => e.keyword === 'propertyNames').map((e) => String((e.params as { propertyName: unknown }).propertyName));
    if (unknown.length > 0) return unknown.map((name) => `unknown operation "${name}"${didYouMean(name, OPERATION_NAMES) || ` (operations: ${OPERATION_NAMES.join(', ')})`}`);
    return ['operation weights are numbers >= 0, e.g. { ListVaults: 3, DescribeVault: 1 }'];
  }
  return [`mix must be a named mix (${NAMED_MIX_NAMES.join(', ')}) or operation weights such as { ListVaults: 3 }; not ${kindOf(value)}`];
}

function explainStep(value: unknown): string {
  const list = `${STEP_ACTIONS.slice(0, -1).join(', ')} or ${STEP_ACTIONS.at(-1)!}`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `a step is a mapping with one action (${list}); not ${kindOf(value)}`;
  const present = STEP_ACTIONS.filter((k) => k in value);
  if (present.length === 0) return `a step needs one action: ${list}`;
  return `a step has exactly one action, this one has ${present.join(' and ')}: split it into ${present.length} steps (a call's options such as vault, fail or save stay with the call)`;
}

/** Forms whose type does not fit the value are dropped; the others are listed once. */
function fallback(errors: ErrorObject[], value: unknown): string {
  const fits = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && e.keyword !== 'type');
  if (fits.length === 0) return `does not fit any allowed form; not ${kindOf(value)}`;
  return [...new Set(fits.map((e) => describe(e, value)))].join('; or ');
}
