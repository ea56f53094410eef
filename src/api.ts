/**
 * Library entry points for tests and tools. Each accepts a scenario path, a scenario object,
 * or what loadScenario returns (`{ scenario, source }`), so
 * `generateRecords(await loadScenario(path))` works as written.
 */
import type { CloudTrailRecord, UserIdentity } from './cloudtrail/types.js';
import { generateFilesFromScenario, type GenerateSummary } from './delivery/generate-files.js';
import { recordEntries, recordLines } from './delivery/ndjson.js';
import type { Shard } from './delivery/shard.js';
import { addIntegrity, checkIntegrityOptions, type IntegrityResult } from './digest/integrity.js';
import type { TamperKind } from './digest/tamper.js';
import { deriveTestKeyInBackground, loadSigningKey } from './digest/signing-key.js';
import { loadScenario, type LoadedScenario } from './scenario/load.js';
import { checkTimeOverrides } from './scenario/overrides.js';
import type { Scenario } from './scenario/types.js';

/** A scenario file's path, a scenario object, or loadScenario's result. */
export type ScenarioInput = string | Scenario | LoadedScenario;

/**
 * A record as trailsmith generates it: a CloudTrailRecord with the fields the record schema
 * requires of every event but Insights events (userIdentity, eventSource, eventName,
 * sourceIPAddress), which trailsmith never generates.
 */
export type GeneratedRecord = CloudTrailRecord & { userIdentity: UserIdentity; eventSource: string; eventName: string; sourceIPAddress: string };

/** With `withLabels: true`: each record with its ground truth (empty labels for background activity). */
export interface LabelledRecord {
  record: GeneratedRecord;
  /** Labels of the script step that made the record (the scenario's `scripts[].labels` and step `label`). */
  labels: string[];
  /** The step's path, e.g. `vault-wipe/6.do/0`; absent for background activity. */
  step?: string;
}

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
  /** Write signed hourly digests per account × region; the public key and signatures go to the sidecar. */
  digest?: boolean;
  /** PEM RSA private key path; default: a test key derived from the seed. */
  signingKey?: string;
  /** Faults injected after signing, recorded in the labels file; needs `digest`. */
  tamper?: TamperKind[];
}

/** loadScenario's result has exactly `scenario` and `source`; a scenario never has either key (its schema forbids unknown keys). */
function isLoaded(input: ScenarioInput): input is LoadedScenario {
  return typeof input === 'object' && input !== null && 'scenario' in input && 'source' in input && typeof input.source === 'string' && !('trail' in input);
}

/** The loaded scenario; `start`/`duration` overrides pass the scenario's own checks. */
async function resolveScenario(input: ScenarioInput, overrides: GenerateOptions = {}): Promise<Scenario> {
  // Validated again (cheap): the caller may have edited the loaded object since.
  const { scenario } = await loadScenario(isLoaded(input) ? input.scenario : input);
  checkTimeOverrides(scenario, overrides);
  return scenario;
}

/**
 * CloudTrail records in time order, as parsed objects; with `withLabels: true`, each with its
 * ground-truth labels (`{ record, labels, step }`).
 * @example
 * for await (const r of generateRecords('examples/quickstart.scenario.yaml', { seed: 1, records: 20 })) console.log(r.eventName);
 * for await (const { record, labels } of generateRecords(await loadScenario('examples/ransomware-vault-wipe.scenario.yaml'), { withLabels: true })) {
 *   if (labels.length) console.log(record.eventName, labels);
 * }
 */
export function generateRecords(scenario: ScenarioInput, options?: GenerateOptions & { withLabels?: false }): AsyncGenerator<GeneratedRecord>;
export function generateRecords(scenario: ScenarioInput, options: GenerateOptions & { withLabels: true }): AsyncGenerator<LabelledRecord>;
export async function* generateRecords(scenario: ScenarioInput, options: GenerateOptions & { withLabels?: boolean } = {}): AsyncGenerator<GeneratedRecord | LabelledRecord> {
  const { withLabels, ...rest } = options;
  for await (const entry of recordEntries(await resolveScenario(scenario, rest), rest)) {
    const record = JSON.parse(entry.line) as GeneratedRecord;
    yield withLabels ? (entry.step !== undefined ? { record, labels: entry.labels, step: entry.step } : { record, labels: entry.labels }) : record;
  }
}

/** Records in time order as compact JSON strings (exactly the bytes the files contain). */
export async function* generateRecordLines(scenario: ScenarioInput, options: GenerateOptions = {}): AsyncGenerator<string> {
  yield* recordLines(await resolveScenario(scenario, options), options);
}

/** Where generateFiles writes, and how. */
export interface FileOutputOptions {
  /** The bucket root: receives only CloudTrail's objects (log files, digest files). */
  out: string;
  /** Write into a non-empty `out` (the CLI's --force); without it a non-empty `out` is a UsageError. */
  force?: boolean;
  /** Our files (labels, public key, signature metadata); default `<out>.trailsmith` (docs/layout.md). */
  sidecar?: string;
  /** Write the labels here instead of `<sidecar>/labels.ndjson`. */
  labelsFile?: string;
}

/**
 * Writes the S3-layout tree under `out` (the bucket root), and our files beside it in
 * `<out>.trailsmith/` (labels, and with `digest` the public key and the signatures).
 * @example
 * const result = await generateFiles('examples/quickstart.scenario.yaml', { seed: 7, out: '/tmp/trail' });
 * // result.labelsFile: '/tmp/trail.trailsmith/labels.ndjson' (written when result.labels > 0)
 */
export async function generateFiles(
  scenario: ScenarioInput,
  options: GenerateOptions & DigestFileOptions & FileOutputOptions & {
    shard?: Shard; gzipLevel?: number; workers?: number; signal?: AbortSignal;
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
