/**
 * Library entry points for tests and tools. Each accepts a scenario path, a scenario object,
 * or an already loaded scenario.
 */
import { generateFilesFromScenario, type GenerateSummary } from './delivery/generate-files.js';
import { recordLines } from './delivery/ndjson.js';
import type { Shard } from './delivery/shard.js';
import { loadScenario } from './scenario/load.js';
import type { Scenario } from './scenario/types.js';

export interface GenerateOptions {
  seed?: string | number;
  /** Overrides the scenario's start, e.g. `2025-03-04T00:00:00Z`. */
  start?: string;
  /** Overrides the scenario's duration, e.g. `6h`. */
  duration?: string;
  /** Scale activity to exactly this many records. */
  records?: number;
}

export type GenerateFilesResult = Omit<GenerateSummary, 'plan'>;

async function resolveScenario(input: string | Scenario): Promise<Scenario> {
  return (await loadScenario(input)).scenario;
}

/**
 * CloudTrail records in time order, as parsed objects.
 * @example
 * for await (const r of generateRecords('examples/quickstart.scenario.yaml', { seed: 1, records: 20 })) console.log(r.eventName);
 */
export async function* generateRecords(scenario: string | Scenario, options: GenerateOptions = {}): AsyncGenerator<Record<string, unknown>> {
  for await (const line of recordLines(await resolveScenario(scenario), options)) yield JSON.parse(line) as Record<string, unknown>;
}

/** Records in time order as compact JSON strings (exactly the bytes the files contain). */
export async function* generateRecordLines(scenario: string | Scenario, options: GenerateOptions = {}): AsyncGenerator<string> {
  yield* recordLines(await resolveScenario(scenario), options);
}

/**
 * Writes the S3-layout tree under `out` (the bucket root).
 * @example
 * const result = await generateFiles('examples/quickstart.scenario.yaml', { seed: 7, out: '/tmp/trail' });
 */
export async function generateFiles(
  scenario: string | Scenario,
  options: GenerateOptions & { out: string; force?: boolean; shard?: Shard; gzipLevel?: number; workers?: number; signal?: AbortSignal },
): Promise<GenerateFilesResult> {
  const { plan: _plan, ...rest } = await generateFilesFromScenario(await resolveScenario(scenario), options);
  return rest;
}
