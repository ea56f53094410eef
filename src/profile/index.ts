/**
 * `profile`: real CloudTrail in, a scenario out that generates a synthetic twin of it (same
 * accounts and regions, kinds of principals and clients, operation mix, rhythm and error
 * rates) with none of the input's identifiers inside. See docs/twin.md.
 */
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Readable } from 'node:stream';
import { TrailsmithError } from '../errors.js';
import { loadScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';
import { ProfileAggregator } from './aggregate.js';
import { buildScenario, type BuildOptions } from './build.js';
import { readTrailParallel } from './parallel.js';
import { readTrail, type ReadSummary } from './read-trail.js';

export interface ProfileOptions extends BuildOptions {
  /** Stream read for the input `-`. */
  stdin?: Readable;
  signal?: AbortSignal;
  /** Worker threads reading files (same scenario for any number); default: one per core, at most 4, when an input is a directory. */
  jobs?: number;
  /** Read only the fields profile uses, scanned from the bytes (default); false: JSON.parse every record (the reference path the tests compare against). */
  profileFields?: boolean;
}

/** What was read, modelled and ignored, with counts. */
export interface ProfileReport {
  read: ReadSummary;
  glacierRecords: number;
  /** Glacier calls recognised as follow-ups of flows the input started (not in the mixes). */
  followUps: number;
  /** SDK retries folded into the call they repeat (not in the mixes or rates; the twin's clients retry). */
  retries: number;
  /** Session openers and refreshes (STS, sign-in) the twin's actors make by themselves, by kind. */
  openers: Record<string, number>;
  /** Records of other services, by eventSource: counted, not modelled. */
  otherServices: Record<string, number>;
  /** Glacier eventNames outside the 33 modelled operations: counted, not modelled. */
  unknownOperations: Record<string, number>;
  /** Records whose eventTime could not be read: skipped. */
  badTimes: number;
  principals: number;
  actors: number;
  activities: number;
  approximated: Record<string, number>;
  unknownRegionRecords: number;
  /** Observed window (ISO) the rates were fitted over. */
  window: { start: string; end: string };
}

export interface ProfileResult {
  scenario: Scenario;
  report: ProfileReport;
}

/** Nothing to model: no readable input, or no Glacier records in it. Exit 2. */
export class NothingToProfileError extends TrailsmithError {
  constructor(message: string, readonly report?: ProfileReport) {
    super(message, 2);
  }
}

/**
 * Profiles CloudTrail and returns the scenario with the account of what was read.
 * Throws NothingToProfileError when no Glacier record was found.
 */
export async function profileTrail(paths: readonly string[], options: ProfileOptions = {}): Promise<ProfileResult> {
  const roots = paths.filter((p) => p !== '-');
  const jobs = options.jobs ?? (await defaultJobs(roots));
  let agg: ProfileAggregator;
  let read: ReadSummary;
  if (jobs > 1) ({ agg, read } = await readTrailParallel(paths, jobs, roots, { stdin: options.stdin, signal: options.signal, profileFields: options.profileFields ?? true }));
  else {
    agg = new ProfileAggregator(roots);
    read = await readTrail(paths, agg, { stdin: options.stdin, signal: options.signal, profileFields: options.profileFields ?? true });
  }
  const base = {
    read, glacierRecords: agg.glacierRecords, followUps: agg.followUpRecords, openers: Object.fromEntries([...agg.openers].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))),
    otherServices: Object.fromEntries([...agg.otherSources].sort((a, b) => b[1] - a[1])),
    unknownOperations: Object.fromEntries(agg.unknownOperations), badTimes: agg.badTimes,
  };
  if (agg.glacierRecords === 0) {
    const why = read.records === 0 ? 'no CloudTrail records found' : `no Glacier records among ${read.records} CloudTrail records`;
    const report: ProfileReport = { ...base, retries: 0, principals: 0, actors: 0, activities: 0, approximated: {}, unknownRegionRecords: 0, window: { start: '', end: '' } };
    const problems = read.problems.map((p) => `\n  ${p}`).join('');
    throw new NothingToProfileError(`${why} in ${paths.join(', ')}: nothing to profile${problems}`, report);
  }
  const built = buildScenario(agg, options);
  // The scenario must load as any other would: fail here, not in the user's generate.
  await loadScenario(built.scenario);
  const iso = (s: number): string => new Date(s * 1000).toISOString().replace('.000Z', 'Z');
  return {
    scenario: built.scenario,
    report: {
      ...base, retries: agg.retryRecords, principals: built.principals, actors: built.actors, activities: built.activities,
      approximated: built.approximated, unknownRegionRecords: built.unknownRegionRecords,
      window: { start: iso(built.window.start), end: iso(built.window.end) },
    },
  };
}

/** One worker per core (at most 4) when a directory is named (many files); else this thread. */
async function defaultJobs(roots: readonly string[]): Promise<number> {
  for (const r of roots) {
    try {
      if ((await stat(r)).isDirectory()) return Math.max(1, Math.min(availableParallelism(), 4));
    } catch {
      // Reported by the reader.
    }
  }
  return 1;
}

/**
 * The scenario of a synthetic twin of the CloudTrail under `paths` (files, S3-layout trees,
 * NDJSON, `-` for `options.stdin`).
 * @example
 * const scenario = await profileScenario(['trail/'], { seed: 7 });
 * for await (const r of generateRecords(scenario, { records: 1000 })) console.log(r.eventName);
 */
export async function profileScenario(paths: string | readonly string[], options: ProfileOptions = {}): Promise<Scenario> {
  return (await profileTrail(typeof paths === 'string' ? [paths] : paths, options)).scenario;
}
