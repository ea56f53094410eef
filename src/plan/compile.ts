/** Scenario → Plan with faker-drawn names: the entry point for everything but render workers. */
import type { Scenario } from '../scenario/types.js';
import { compilePlanWith, type CompileOptions } from './compile-core.js';
import { fakerNames } from './faker-names.js';
import type { Plan } from './types.js';

export { DEFAULT_MAX_RECORDS_PER_FILE, compileOptionsOf, type CompileOptions } from './compile-core.js';

export function compilePlan(scenario: Scenario, options: CompileOptions = {}): Plan {
  return compilePlanWith(scenario, options, fakerNames());
}
