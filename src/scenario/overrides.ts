/**
 * `--start` and `--duration` (and the API's `start`/`duration` options) replace the scenario's
 * own times, so they pass the checks the scenario's own values pass: the CLI accepted
 * `--start 1970-01-01T00:00:00Z` and `--duration 5000d`, which the schema and the time checks
 * reject in a file, and produced output our validator then rejected. One exception: a shorter
 * --duration may leave a script's start outside the span (running an example for an hour).
 */
import { UsageError } from '../errors.js';
import { checkScenarioSchema } from './schema.js';
import { checkScenarioSemantics, GLACIER_LAUNCH, LATEST_END } from './semantics.js';
import { parseTimestamp } from './units.js';
import type { Scenario } from './types.js';

export interface TimeOverrides {
  start?: string;
  duration?: string;
}

/**
 * Throws a UsageError naming the flag when the scenario with these overrides is not valid.
 * @example
 * checkTimeOverrides(scenario, { duration: '5000d' }); // UsageError: --duration 5000d: the scenario spans 5000 days; at most 400 are supported
 */
export function checkTimeOverrides(scenario: Scenario, overrides: TimeOverrides): void {
  const { start, duration } = overrides;
  if (start === undefined && duration === undefined) return;
  const merged: Scenario = { ...scenario, start: start ?? scenario.start };
  if (duration !== undefined) {
    delete merged.end;
    merged.duration = duration;
  }
  const schema = checkScenarioSchema(merged);
  const issues = schema.length > 0 ? schema : checkScenarioSemantics(merged, { scriptsWithinSpan: duration === undefined });
  if (issues.length === 0) return;
  const flagOf = (path: string): string | undefined =>
    path === '/start' && start !== undefined ? `--start ${start}` : (path === '/duration' || path === '/end') && duration !== undefined ? `--duration ${duration}` : undefined;
  const given = [start !== undefined ? `--start ${start}` : '', duration !== undefined ? `--duration ${duration}` : ''].filter(Boolean).join(' ');
  const lines = issues.slice(0, 5).map((i) => {
    const flag = flagOf(i.path);
    return flag ? `${flag}: ${i.message}` : `with ${given}, the scenario's ${i.path || '/'}: ${i.message}`;
  });
  throw new UsageError(lines.join('\n'));
}

/**
 * `stream --start`: the timeline start of a stream, which runs for `maxSpanSeconds` of simulated
 * time at most, so it starts after Glacier's launch and ends before the four-digit years do.
 */
export function checkStreamStart(start: string, maxSpanSeconds: number): void {
  const t = parseTimestamp(start);
  if (!Number.isFinite(t)) throw new UsageError(`--start ${start}: expected a UTC timestamp like 2025-03-04T00:00:00Z`);
  if (t < GLACIER_LAUNCH) throw new UsageError(`--start ${start}: Glacier launched on 2012-08-21; start is earlier`);
  if (t + maxSpanSeconds > LATEST_END) throw new UsageError(`--start ${start}: a stream from it could pass 9999-12-30T00:00:00Z (CloudTrail writes four-digit years)`);
}
