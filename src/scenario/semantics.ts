/**
 * Checks the schema cannot express: references between sections, time ranges, region
 * membership, duplicates and contradictions. Each issue names the JSON pointer of the value
 * at fault so the loader can add the source line.
 */
import { GLACIER_SERVICE_PRINCIPALS } from '../glacier/service-principals.js';
import type { ScenarioIssue } from '../errors.js';
import { isKnownRegion } from '../plan/regions.js';
import { parseDuration, parseRate, parseTimestamp } from './units.js';
import { checkScripts } from './script-semantics.js';
import { bucketProblem, prefixProblem, trailNameProblem } from './key-segments.js';
import { checkScenarioLimits } from './limits.js';
import type { Scenario } from './types.js';

const MAX_SPAN_SECONDS = 400 * 86400;
/**
 * The last moment a scenario may end: log files are delivered minutes after their events and
 * digests up to an hour after, and CloudTrail's timestamps and keys have four-digit years
 * (start 9999-12-31T23:59:59Z wrote `+010000` keys that the validator rejects).
 */
export const LATEST_END = Date.UTC(9999, 11, 30) / 1000;
/** Glacier's launch: no scenario starts before it. */
export const GLACIER_LAUNCH = Date.UTC(2012, 7, 21) / 1000;

export interface SemanticsOptions {
  /**
   * Reject scripts that start after the span ends (default). Off for --duration overrides:
   * shortening an example to a few hours on purpose leaves its later incidents out.
   */
  scriptsWithinSpan?: boolean;
}

export function checkScenarioSemantics(s: Scenario, options: SemanticsOptions = {}): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const add = (path: string, message: string): void => void issues.push({ path, message });

  checkTimes(s, add);
  checkScenarioLimits(s, add);
  checkKeyValues(s, add);

  if (!isKnownRegion(s.trail.homeRegion)) add('/trail/homeRegion', `unknown or non-Glacier region "${s.trail.homeRegion}"`);

  const accounts = new Map<string, { regions: string[]; index: number }>();
  const ids = new Map<string, number>();
  s.accounts.forEach((a, i) => {
    if (accounts.has(a.name)) add(`/accounts/${i}/name`, `duplicate account name "${a.name}"`);
    accounts.set(a.name, { regions: a.regions, index: i });
    if (a.id) {
      if (ids.has(a.id)) add(`/accounts/${i}/id`, `account id ${a.id} is also used by /accounts/${ids.get(a.id)}`);
      ids.set(a.id, i);
    }
    a.regions.forEach((r, j) => {
      if (!isKnownRegion(r)) add(`/accounts/${i}/regions/${j}`, `unknown or non-Glacier region "${r}"`);
    });
    const vaultKeys = new Set<string>();
    (a.vaults ?? []).forEach((v, j) => {
      (v.regions ?? []).forEach((r, k) => {
        if (!a.regions.includes(r)) add(`/accounts/${i}/vaults/${j}/regions/${k}`, `region "${r}" is not one of account "${a.name}"'s regions (${a.regions.join(', ')})`);
      });
      if (v.name) {
        for (const r of v.regions ?? a.regions) {
          const key = `${r}/${v.name}`;
          if (vaultKeys.has(key)) add(`/accounts/${i}/vaults/${j}/name`, `duplicate vault "${v.name}" in ${r}`);
          vaultKeys.add(key);
        }
      }
    });
  });

  const actors = new Map<string, string>();
  s.actors.forEach((a, i) => {
    if (actors.has(a.name)) add(`/actors/${i}/name`, `duplicate actor name "${a.name}"`);
    actors.set(a.name, a.account);
    if (!accounts.has(a.account)) add(`/actors/${i}/account`, `account "${a.account}" is not defined in /accounts (known: ${[...accounts.keys()].join(', ')})`);
    if (a.type === 'AWSService') {
      if (!a.service) add(`/actors/${i}`, `an AWSService actor needs "service": ${Object.keys(GLACIER_SERVICE_PRINCIPALS).join(' or ')}`);
      else if (!GLACIER_SERVICE_PRINCIPALS[a.service]) {
        add(`/actors/${i}/service`, `${a.service} does not call the Glacier vault API: only ${Object.keys(GLACIER_SERVICE_PRINCIPALS).join(' and ')} have a service-linked role that may (AWS Backup, Config and the rest hold no glacier: action); for your own automation inside AWS (Lambda, ECS, EC2) use type AssumedRole with origin ec2`);
      }
      if (a.client || a.origin) add(`/actors/${i}`, 'an AWSService actor calls from inside AWS: remove "client" and "origin"');
    } else if (a.service) {
      add(`/actors/${i}/service`, `"service" applies only to type AWSService, not ${a.type}`);
    }
    if (a.sso && a.type !== 'AssumedRole') add(`/actors/${i}/sso`, `"sso" applies only to type AssumedRole, not ${a.type}`);
    if (a.role && a.type !== 'AssumedRole') add(`/actors/${i}/role`, `"role" applies only to type AssumedRole, not ${a.type}`);
    if (a.assumedBy !== undefined) {
      const caller = s.actors.find((o) => o.name === a.assumedBy);
      if (a.type !== 'AssumedRole') add(`/actors/${i}/assumedBy`, `"assumedBy" applies only to type AssumedRole, not ${a.type}`);
      else if (!caller) add(`/actors/${i}/assumedBy`, `actor "${a.assumedBy}" is not defined in /actors`);
      else if (caller.type === 'AWSService' || caller.name === a.name) add(`/actors/${i}/assumedBy`, `actor "${a.assumedBy}" cannot assume roles`);
      else {
        const cycle = assumeCycle(s, a.name);
        if (cycle) add(`/actors/${i}/assumedBy`, `assumedBy goes round in a circle (${cycle.join(' -> ')}): one actor in the chain must sign in on its own`);
      }
    }
    if (a.client === 'console' && a.type === 'FederatedUser') add(`/actors/${i}/client`, 'FederatedUser console sessions are not modelled; use an SDK or CLI client');
  });

  s.activities.forEach((act, i) => {
    const account = actors.get(act.actor);
    if (account === undefined) {
      add(`/activities/${i}/actor`, `actor "${act.actor}" is not defined in /actors (known: ${[...actors.keys()].join(', ')})`);
      return;
    }
    if (!Number.isFinite(parseRate(act.rate))) add(`/activities/${i}/rate`, `cannot read rate ${JSON.stringify(act.rate)}; write e.g. "30/hour"`);
    if (typeof act.mix === 'object' && Object.values(act.mix).every((w) => w === 0)) add(`/activities/${i}/mix`, 'all operation weights are 0');
    if (typeof act.rhythm === 'object') {
      if (act.rhythm.hours && act.rhythm.hours.every((w) => w === 0)) add(`/activities/${i}/rhythm/hours`, 'all hourly weights are 0: the actor would never act');
      if (act.rhythm.weekdays && act.rhythm.weekdays.every((w) => w === 0)) add(`/activities/${i}/rhythm/weekdays`, 'all weekday weights are 0: the actor would never act');
    }
    const regions = accounts.get(account)?.regions ?? [];
    (act.regions ?? []).forEach((r, j) => {
      if (!regions.includes(r)) add(`/activities/${i}/regions/${j}`, `region "${r}" is not one of account "${account}"'s regions (${regions.join(', ')})`);
    });
  });
  checkScripts(s, add, options.scriptsWithinSpan ?? true);
  return issues;
}

/** The chain `a -> b -> a` when following assumedBy from `name` comes back to it. */
function assumeCycle(s: Scenario, name: string): string[] | undefined {
  const chain = [name];
  for (let next = s.actors.find((o) => o.name === name)?.assumedBy; next !== undefined; next = s.actors.find((o) => o.name === next)?.assumedBy) {
    chain.push(next);
    if (next === name) return chain;
    if (chain.length > s.actors.length) return undefined;
  }
  return undefined;
}

/** What the schema's patterns cannot say about values that become S3 keys (key-segments.ts). */
function checkKeyValues(s: Scenario, add: (path: string, message: string) => void): void {
  const checks: [string, string | undefined, (v: string) => string | undefined][] = [
    ['/trail/prefix', s.trail.prefix, prefixProblem],
    ['/trail/bucket', s.trail.bucket, bucketProblem],
    ['/trail/name', s.trail.name, trailNameProblem],
  ];
  for (const [path, value, problem] of checks) {
    const why = value === undefined ? undefined : problem(value);
    if (why) add(path, why);
  }
}

function checkTimes(s: Scenario, add: (path: string, message: string) => void): void {
  const start = parseTimestamp(s.start);
  if (!Number.isFinite(start)) add('/start', `not a valid UTC timestamp: "${s.start}"`);
  if (s.duration !== undefined && s.end !== undefined) add('/end', 'give either "duration" or "end", not both');
  if (s.duration === undefined && s.end === undefined) add('', 'missing "duration" or "end"');
  let span = NaN;
  if (s.duration !== undefined) {
    span = parseDuration(s.duration);
    if (!Number.isFinite(span)) add('/duration', `cannot read duration "${s.duration}"; write e.g. "6h" or "P1D"`);
  } else if (s.end !== undefined) {
    const end = parseTimestamp(s.end);
    if (!Number.isFinite(end)) add('/end', `not a valid UTC timestamp: "${s.end}"`);
    else if (Number.isFinite(start) && end <= start) add('/end', `end ${s.end} is not after start ${s.start}`);
    span = end - start;
  }
  if (Number.isFinite(span) && span > MAX_SPAN_SECONDS) add(s.duration !== undefined ? '/duration' : '/end', `the scenario spans ${Math.round(span / 86400)} days; at most 400 are supported`);
  if (Number.isFinite(start) && start < GLACIER_LAUNCH) add('/start', 'Glacier launched on 2012-08-21; start is earlier');
  else if (Number.isFinite(start + span) && start + span > LATEST_END) {
    add(s.duration !== undefined || s.end === undefined ? '/start' : '/end', `the scenario must end by 9999-12-30T00:00:00Z (CloudTrail writes four-digit years; files are delivered after their events)`);
  }
}
