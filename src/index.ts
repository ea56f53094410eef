/**
 * trailsmith public API. Everything exported here is covered by the determinism contract
 * (README: same version + scenario + seed = same bytes).
 */
export * from './errors.js';
export type { DeliveredLogFile, TrailLocation } from './delivery/types.js';
export type { Scenario, AccountSpec, ActorSpec, ActivitySpec, VaultSpec, TrailSpec } from './scenario/types.js';
export { loadScenario, parseScenarioText, DEFAULT_SCENARIO, type LoadedScenario } from './scenario/load.js';
export { generateFiles, generateRecords, generateRecordLines, type GenerateOptions, type GenerateFilesResult } from './api.js';
export { compilePlan, type CompileOptions } from './plan/compile.js';
export { OPERATION_NAMES } from './glacier/operations.js';
