/**
 * trailsmith public API. Everything exported here is covered by the determinism contract
 * (README: same version + scenario + seed = same bytes).
 */
export * from './errors.js';
export type { DeliveredLogFile, TrailLocation } from './delivery/types.js';
