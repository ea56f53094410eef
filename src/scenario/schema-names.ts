/**
 * The names a scenario may use, for "did you mean" suggestions. The schema is the authority;
 * test/generate/scenario-errors.test.ts checks these lists against it.
 */
import { NAMED_MIXES } from '../glacier/mixes.js';
import { OPERATIONS } from '../glacier/operations.js';

export const OPERATION_NAMES: readonly string[] = OPERATIONS.map((o) => o.name);
export const NAMED_MIX_NAMES: readonly string[] = Object.keys(NAMED_MIXES);
export const ORIGIN_KINDS: readonly string[] = ['office', 'ec2', 'home-isp', 'tor'];
export const RHYTHM_NAMES: readonly string[] = ['always', 'office-hours', 'nightly', 'weekdays'];
/** The keys of which a script step has exactly one (schema: $defs/step/oneOf). */
export const STEP_ACTIONS: readonly string[] = ['call', 'wait', 'waitFor', 'repeat', 'forEach', 'parallel', 'switch', 'assumeRole'];
