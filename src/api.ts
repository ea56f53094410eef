/**
 * Library entry points for tests and tools. Each accepts a scenario path, a scenario object,
 * or an already loaded scenario.
 */
import { generateFilesFromScenario, type GenerateSummary } from './delivery/generate-files.js';
import { recordLines } from './delivery/ndjson.js';
import type { Shard } from './delivery/shard.js';
import { addIntegrity, checkIntegrityOptions, type IntegrityResult } from './digest/integrity.js';
import type { TamperKind } from './digest/tamper.js';
import { deriveTestKeyInBackground, loadSigningKey } from './digest/signing-key.js';
import { loadScenario } from './scenario/load.js';
import { checkTimeOverrides } from './scenario/overrides.js';
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

export type GenerateFilesResult = Omit<GenerateSummary, 'plan'> & {
  /** Present with `digest: true`: the digests written, the key used, the faults injected. */
  integrity?: IntegrityResult;
};

/** Digest files (`--digest`) and integrity faults (`--tamper`) for generateFiles. */
export interface DigestFileOptions {
  /** Write signed hourly digests per account × region, and the public key. */
  digest?: boolean;
  /** PEM RSA private key path; default: a test key derived from the seed. */
  signingKey?: string;
  /** Faults injected after signing, recorded in labels.ndjson; needs `digest`. */
  tamper?: TamperKind[];
}

/** The loaded scenario; `start`/`duration` overrides pass the scenario's own checks. */
async function resolveScenario(input: string | Scenario, overrides: GenerateOptions = {}): Promise<Scenario> {
  const { scenario } = await loadScenario(input);
  checkTimeOverrides(scenario, overrides);
  return scenario;
}

/**
 * CloudTrail records in time order, as parsed objects.
 * @example
 * for await (const r of generateRecords('examples/quickstart.scenario.yaml', { seed: 1, records: 20 })) console.log(r.eventName);
 */
export async function* generateRecords(scenario: string | Scenario, options: GenerateOptions = {}): AsyncGenerator<Record<string, unknown>> {
  for await (const line of recordLines(await resolveScenario(scenario, options), options)) yield JSON.parse(line) as Record<string, unknown>;
}

/** Records in time order as compact JSON strings (exactly the bytes the files contain). */
export async function* generateRecordLines(scenario: string | Scenario, options: GenerateOptions = {}): AsyncGenerator<string> {
  yield* recordLines(await resolveScenario(scenario, options), options);
}

/**
 * Writes the S3-layout tree under `out` (the bucket root).
 * @example
 * const result = await generateFiles('examples/quickstart.scenario.yaml', { seed: 7, out: '/tmp/trail' });
 */
export async function generateFiles(
  scenario: string | Scenario,
  options: GenerateOptions & DigestFileOptions & {
    out: string; force?: boolean; shard?: Shard; gzipLevel?: number; workers?: number; signal?: AbortSignal;
    /** Records rendered on the calling thread before the worker threads start (default 20,000). */
    spawnWorkersAfter?: number;
  },
): Promise<GenerateFilesResult> {
  const digest = options.digest ?? false;
  checkIntegrityOptions(digest, options);
  // A bad key file fails before any log file is written.
  const key = digest && options.signingKey ? await loadSigningKey(options.signingKey) : undefined;
  const resolved = await resolveScenario(scenario, options);
  // Overlaps the test key's derivation (seconds) with generation; seed as compilePlan resolves it.
  if (digest && !key) deriveTestKeyInBackground(String(options.seed ?? resolved.seed ?? 1)).catch(() => undefined);
  const summary = await generateFilesFromScenario(resolved, { ...options, shardBy: digest ? 'unit' : undefined });
  const integrity = digest ? await addIntegrity(summary, { ...options, key }) : undefined;
  const { plan: _plan, ...rest } = summary;
  return integrity ? { ...rest, integrity } : rest;
}
