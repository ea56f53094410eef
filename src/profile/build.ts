/**
 * Aggregates → a scenario `generate` accepts. Privacy by default: every account ID, ARN,
 * user, role, session and vault name, access key, address and user agent of the input stays
 * out; accounts and actors get fresh names (`account-1`, `role-2`), IDs come from the seed
 * (the generator derives an account's ID from seed and name when `id` is omitted), origins
 * are kinds, not addresses. `keepNames` keeps user, role, session and vault names and the
 * trail prefix; `keepIds` keeps account and organization IDs.
 */
import { GLACIER_SERVICE_PRINCIPALS } from '../glacier/service-principals.js';
import { OPERATION_NAMES } from '../glacier/operations.js';
import { isKnownRegion } from '../plan/regions.js';
import { Rng } from '../random/rng.js';
import type { AccountSpec, ActivitySpec, ActorSpec, DenyReason, PermissionsSpec, Scenario, VaultSpec } from '../scenario/types.js';
import { isoSeconds } from '../scenario/units.js';
import { POLL_INTERVALS, PrincipalStats, RegionStats, type ProfileAggregator, type UnitStats } from './aggregate.js';
import { hashString } from '../random/hash.js';
import { classifyOrigin, clientStyleOf } from './classify.js';
import { fitActivity, offsetFromPeak, type Window } from './rhythm-fit.js';

export interface BuildOptions {
  keepNames?: boolean;
  keepIds?: boolean;
  /** Start of the twin (default: the input's first hour). */
  start?: string;
  /** Length of the twin (default: the input's span, whole minutes). */
  duration?: string;
  seed?: number | string;
  /** Principals modelled one by one; the rest are merged per account and identity type. Default 100. */
  maxActors?: number;
}

export interface BuildResult {
  scenario: Scenario;
  /** Principals that called Glacier, actors written (after merging), activities written. */
  principals: number;
  actors: number;
  activities: number;
  /** userIdentity types the scenario cannot express, modelled as IAM users, with counts. */
  approximated: Record<string, number>;
  /** Records in regions where Glacier does not run (not modelled). */
  unknownRegionRecords: number;
  /** The observed window the rates were fitted over. */
  window: Window;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.@+=-]{0,63}$/;
const IAM_NAME = /^[\w+=,.@-]{1,64}$/;
const SESSION = /^[\w+=,.@-]{2,64}$/;

export function buildScenario(agg: ProfileAggregator, options: BuildOptions = {}): BuildResult {
  agg.finish();
  for (const p of agg.principals.values()) for (const rs of p.regions.values()) foldRetries(rs);
  const seed = options.seed ?? 1;
  const start = Math.floor(agg.first / 3600) * 3600;
  const minutes = Math.max(1, Math.ceil((agg.last + 1 - start) / 60));
  // A scenario spans at most 400 days (src/scenario/semantics.ts); rates are per hour, so a
  // twin of a longer input is the same activity over its first 400 days.
  const twinMinutes = Math.min(minutes, 400 * 1440);
  const window: Window = { start, end: start + minutes * 60 };
  const approximated: Record<string, number> = {};
  let unknownRegionRecords = 0;

  const principals = mergeTail(mergeMinorClients([...agg.principals.values()]), options.maxActors ?? 100);
  for (const p of principals) {
    if (p.caller.approximatedFrom) approximated[p.caller.approximatedFrom] = (approximated[p.caller.approximatedFrom] ?? 0) + 1;
    for (const [region, rs] of p.regions) {
      if (!isKnownRegion(region)) {
        unknownRegionRecords += rs.records;
        p.regions.delete(region);
      }
    }
  }
  const modelled = principals.filter((p) => p.regions.size > 0);

  // Accounts by volume: account-1 is the busiest.
  const volume = new Map<string, number>();
  for (const p of modelled) volume.set(p.account, (volume.get(p.account) ?? 0) + p.records);
  const accountIds = [...volume.keys()].sort((a, b) => volume.get(b)! - volume.get(a)! || (a < b ? -1 : 1));
  const accountName = new Map(accountIds.map((id, i) => [id, `account-${i + 1}`]));
  const accounts: AccountSpec[] = accountIds.map((id) => {
    const regions = new Map<string, number>();
    for (const p of modelled) if (p.account === id) for (const [r, rs] of p.regions) regions.set(r, (regions.get(r) ?? 0) + rs.records);
    const ordered = [...regions.keys()].sort((a, b) => regions.get(b)! - regions.get(a)! || (a < b ? -1 : 1));
    const spec: AccountSpec = { name: accountName.get(id)!, ...(options.keepIds && /^\d{12}$/.test(id) ? { id } : {}), regions: ordered };
    const vaults = ordered.flatMap((r) => vaultSpecs(agg.units.get(`${id}/${r}`), r, options.keepNames === true));
    if (vaults.length) spec.vaults = vaults;
    return spec;
  });

  const actors: ActorSpec[] = [];
  const activities: ActivitySpec[] = [];
  const taken = new Set<string>();
  const perSlug = new Map<string, number>();
  for (const p of modelled) {
    const actor = actorSpec(p, accountName.get(p.account)!, options, taken, perSlug);
    // Ties broken by name: the regions' Map order depends on which worker met them first.
    const busiest = [...p.regions.entries()].sort((a, b) => b[1].records - a[1].records || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))[0]![0];
    const all = new Float64Array(168);
    for (const rs of p.regions.values()) for (let b = 0; b < 168; b++) all[b]! += rs.hourOfWeek[b]!;
    actor.utcOffset = offsetFromPeak(all, window, busiest);
    actors.push(actor);
    for (const [region, rs] of [...p.regions.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const activity = activitySpec(actor, region, rs, window);
      if (activity) activities.push(activity);
    }
  }

  const homeRegion = mostCommonRegion(accounts, agg.units);
  const prefix = [...agg.prefixes.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  const scenario: Scenario = {
    name: 'profiled-twin',
    description: `Synthetic twin profiled from ${agg.glacierRecords} Glacier records of ${modelled.length} principals in ${accounts.length} accounts.`,
    seed,
    start: options.start ?? isoSeconds(window.start),
    duration: options.duration ?? (twinMinutes % 60 === 0 ? `${twinMinutes / 60}h` : `${twinMinutes}m`),
    ...(agg.organizations.size ? { organization: { id: options.keepIds ? [...agg.organizations][0]! : freshOrganizationId(seed) } } : {}),
    trail: {
      name: 'twin-trail',
      homeRegion,
      ...(prefix ? { prefix: options.keepNames ? prefix : 'cloudtrail' } : {}),
    },
    accounts,
    actors,
    activities,
  };
  return { scenario, principals: agg.principals.size, actors: actors.length, activities: activities.length, approximated, unknownRegionRecords, window };
}

/** A client family below this share of its principal's calls is a one-off tool, folded into the principal's main actor. */
const MINOR_CLIENT_SHARE = 0.05;

/**
 * The aggregator keeps one PrincipalStats per principal and client family (`<key>|<family>`).
 * Families with at least MINOR_CLIENT_SHARE of the principal's calls stay actors of their own
 * (ransomware's stolen keys used from python-requests: 9 % of the user's calls); smaller ones
 * are absorbed by the principal's busiest family (exfiltration's attacker: 1 %, whose
 * Expedited retrievals the twin could only replay as Standard ones, polled for hours).
 */
function mergeMinorClients(all: PrincipalStats[]): PrincipalStats[] {
  const byPrincipal = new Map<string, PrincipalStats[]>();
  for (const p of all) {
    const k = p.caller.key.slice(0, p.caller.key.lastIndexOf('|'));
    const list = byPrincipal.get(k);
    if (list) list.push(p);
    else byPrincipal.set(k, [p]);
  }
  const out: PrincipalStats[] = [];
  for (const list of byPrincipal.values()) {
    list.sort((a, b) => b.records - a.records || (a.caller.key < b.caller.key ? -1 : 1));
    const total = list.reduce((n, p) => n + p.records, 0);
    const main = list[0]!;
    out.push(main);
    for (const p of list.slice(1)) {
      if (p.records >= MINOR_CLIENT_SHARE * total) out.push(p);
      else main.absorb(p);
    }
  }
  return out;
}

/**
 * Past `max` principals, the quieter ones are merged into one actor per account and identity
 * type: a trail with thousands of principals becomes a scenario one can read, while their
 * calls, regions and rhythm still count in the merged actor.
 */
function mergeTail(all: PrincipalStats[], max: number): PrincipalStats[] {
  const sorted = all.sort((a, b) => b.records - a.records || (a.caller.key < b.caller.key ? -1 : 1));
  if (sorted.length <= max) return sorted;
  const kept = sorted.slice(0, Math.max(1, max - 1));
  const groups = new Map<string, PrincipalStats>();
  for (const p of sorted.slice(kept.length)) {
    const k = `${p.account}|${p.caller.type}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = new PrincipalStats({ ...p.caller, key: `${k}|merged` }, p.account)));
    g.absorb(p);
  }
  return [...kept, ...groups.values()].sort((a, b) => b.records - a.records);
}

function actorSpec(p: PrincipalStats, account: string, o: BuildOptions, taken: Set<string>, perSlug: Map<string, number>): ActorSpec {
  const c = p.caller;
  const slug = c.type === 'IAMUser' ? 'user' : c.type === 'AssumedRole' ? (c.sso ? 'sso-user' : 'role') : c.type === 'Root' ? 'root' : c.type === 'FederatedUser' ? 'federated' : 'service';
  const n = (perSlug.get(slug) ?? 0) + 1;
  perSlug.set(slug, n);
  const keep = o.keepNames === true;
  const wanted = keep ? [c.userName, c.role && c.sessionName ? `${c.role}.${c.sessionName}` : c.role, c.sessionName].find((x) => x && NAME.test(x)) : undefined;
  let name = wanted ?? `${slug}-${n}`;
  for (let i = 2; taken.has(name); i++) name = `${wanted ?? slug}-${n}-${i}`;
  if (!wanted) name = nameWithTraits(name, p, taken);
  taken.add(name);
  const spec: ActorSpec = { name, account, type: c.type };
  if (c.type === 'AWSService') {
    // Only two services may call Glacier (glacier/service-principals.ts); any other service host
    // in the input becomes AWS Support, whose read-only set covers the most of what it called.
    spec.service = c.service && GLACIER_SERVICE_PRINCIPALS[c.service] ? c.service : 'support.amazonaws.com';
    return spec;
  }
  if (keep && c.userName && IAM_NAME.test(c.userName) && (c.type === 'IAMUser' || c.type === 'FederatedUser')) spec.userName = c.userName;
  if (c.type === 'AssumedRole') {
    spec.role = keep && c.role && IAM_NAME.test(c.role) ? c.role : `twin-${slug}-${n}`;
    if (c.sso) spec.sso = true;
  }
  if (keep && c.sessionName && SESSION.test(c.sessionName) && (c.type === 'AssumedRole' || c.type === 'FederatedUser')) spec.sessionName = c.sessionName;
  let client = clientStyleOf(p.client());
  // A console client means browser sessions; the generator models none for federated users.
  if (client === 'console' && c.type === 'FederatedUser') client = 'aws-cli-v2';
  spec.client = client;
  spec.origin = classifyOrigin(p.addressShape()) ?? 'ec2';
  if (p.mfa) spec.mfa = true;
  const permissions = permissionsOf(p);
  if (permissions) spec.permissions = permissions;
  return spec;
}

/**
 * The generator derives two habits of an actor from its name (a stable, seed-free choice):
 * the interval its program polls jobs at (src/sim/calls.ts pollSeconds) and how many vaults a
 * Terraform actor's state holds (src/sim/terraform-runs.ts stateSize). Polls are a third of
 * some trails (quickstart's restore user), so a fresh name is chosen whose habits are the
 * input's: `user-1`, else `user-1a`, `user-1b`... The hashes are the generator's own.
 */
function nameWithTraits(base: string, p: PrincipalStats, taken: Set<string>): string {
  const poll = p.pollInterval();
  const pollIndex = poll === undefined ? -1 : POLL_INTERVALS.indexOf(poll);
  const state = p.runs > 0 ? Math.min(4, Math.max(1, Math.round(p.runReads / p.runs))) : 0;
  if (pollIndex < 0 && state === 0) return base;
  for (let i = 0; i < 1296; i++) {
    const name = i === 0 ? base : `${base}${(i + 9).toString(36)}`;
    if (taken.has(name)) continue;
    if (pollIndex >= 0 && hashString(`${name}/poll`) % POLL_INTERVALS.length !== pollIndex) continue;
    if (state > 0 && 1 + (hashString(`terraform-state/${name}`) % 4) !== state) continue;
    return name;
  }
  return base;
}

/**
 * AccessDenied comes from permissions, not dice (src/sim/permissions.ts): an operation the
 * principal was refused at least half the times it tried becomes a deny of that operation,
 * with the reason its messages named most. The twin's calls of it are then denied every time.
 */
function permissionsOf(p: PrincipalStats): PermissionsSpec | undefined {
  const denied: string[] = [];
  const reasons = new Map<DenyReason, number>();
  for (let op = 0; op < OPERATION_NAMES.length; op++) {
    let no = 0;
    let all = 0;
    for (const rs of p.regions.values()) {
      no += rs.denied[op]!;
      all += rs.background[op]! + rs.followUps[op]!;
    }
    if (no > 0 && no >= all / 2) denied.push(OPERATION_NAMES[op]!);
  }
  if (denied.length === 0) return undefined;
  for (const rs of p.regions.values()) for (const [r, n] of rs.denyReasons) reasons.set(r, (reasons.get(r) ?? 0) + n);
  const reason = [...reasons.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
  return { deny: [{ operations: denied, reason }] };
}

function activitySpec(actor: ActorSpec, region: string, rs: RegionStats, window: Window): ActivitySpec | undefined {
  // Only follow-ups seen (their opener was before the input began): model them as chosen calls.
  const ops = rs.background.some((x) => x > 0) ? rs.background : rs.followUps;
  const counts = rs.background.some((x) => x > 0) ? rs.hourOfWeek : hourCountsOfFollowUps(rs, window);
  const fitted = fitActivity(counts, window, actor.utcOffset ?? 0);
  if (!(fitted.ratePerHour > 0)) return undefined;
  const mix: Record<string, number> = {};
  ops.forEach((n, i) => {
    // Counts less the retries folded out (fractions, see foldRetries).
    const w = Number(n.toFixed(2));
    if (w > 0) mix[OPERATION_NAMES[i]!] = w;
  });
  const activity: ActivitySpec = { actor: actor.name, rate: formatRate(fitted.ratePerHour), mix, rhythm: { hours: fitted.hours, weekdays: fitted.weekdays } };
  // The chance of a logical call failing by chance: retries and burst throttles follow from it in the twin (./call-outcomes.ts).
  const errorRate = rs.exposed > 0 ? Number((rs.errors / rs.exposed).toFixed(4)) : 0;
  if (errorRate > 0) activity.errorRate = Math.min(1, errorRate);
  activity.regions = [region];
  return activity;
}

/**
 * Takes SDK retries (./call-outcomes.ts) out of the counts: the twin's clients make their own.
 * A retry was counted where its call was (background or follow-up, known only once the flow's
 * start is seen), so each operation's retries come off both in proportion, and the background
 * share of them off the hours they fell in. Idempotent (the retries are zeroed once folded).
 */
function foldRetries(rs: RegionStats): void {
  let bgRetries = 0;
  let retries = 0;
  for (let op = 0; op < rs.retriedOps.length; op++) {
    const r = rs.retriedOps[op]!;
    if (r === 0) continue;
    const bg = rs.background[op]!;
    const all = bg + rs.followUps[op]!;
    const share = all > 0 ? bg / all : 0;
    rs.background[op] = Math.max(0, bg - r * share);
    rs.followUps[op] = Math.max(0, rs.followUps[op]! - r * (1 - share));
    bgRetries += r * share;
    retries += r;
    rs.retriedOps[op] = 0;
  }
  if (retries === 0) return;
  const k = bgRetries / retries;
  for (let b = 0; b < 168; b++) rs.hourOfWeek[b] = Math.max(0, rs.hourOfWeek[b]! - rs.retriedHours[b]! * k);
  rs.retriedHours.fill(0);
}

/** Without background timestamps, the follow-ups' count spread evenly over the window. */
function hourCountsOfFollowUps(rs: RegionStats, window: Window): Float64Array {
  const total = rs.followUps.reduce((a, b) => a + b, 0);
  const c = new Float64Array(168);
  const hours = Math.max(1, Math.ceil((window.end - window.start) / 3600));
  for (let t = window.start; t < window.end; t += 3600) c[(Math.floor(t / 3600) + 72) % 168]! += total / hours;
  return c;
}

/** `12.3456/hour`, or per day for rare callers (the scenario's rate syntax has no exponent). */
export function formatRate(perHour: number): string {
  if (perHour >= 0.01) return `${trim(perHour.toFixed(4))}/hour`;
  return `${trim((perHour * 24).toFixed(6))}/day`;
}

function trim(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/**
 * Vaults there at the start, per region: named with keepNames, else counted, grouped by
 * their archive estimate (vault names are input data).
 */
function vaultSpecs(unit: UnitStats | undefined, region: string, keepNames: boolean): VaultSpec[] {
  if (!unit) return [];
  const before = [...unit.vaults.values()].filter((v) => !v.createdInWindow);
  if (keepNames) {
    return before.filter((v) => /^[A-Za-z0-9_.-]{1,255}$/.test(v.name)).map((v) => ({ name: v.name, regions: [region], ...(v.archivesBefore ? { archives: Math.min(v.archivesBefore, 1_000_000) } : {}) }));
  }
  const byArchives = new Map<number, number>();
  for (const v of before) byArchives.set(v.archivesBefore, (byArchives.get(v.archivesBefore) ?? 0) + 1);
  const specs: VaultSpec[] = [];
  for (const [archives, count] of [...byArchives.entries()].sort((a, b) => a[0] - b[0])) {
    for (let left = count; left > 0; left -= 1000) specs.push({ count: Math.min(left, 1000), regions: [region], ...(archives ? { archives: Math.min(archives, 1_000_000) } : {}) });
  }
  return specs;
}

function mostCommonRegion(accounts: AccountSpec[], units: Map<string, UnitStats>): string {
  const byRegion = new Map<string, number>();
  for (const u of units.values()) if (isKnownRegion(u.region)) byRegion.set(u.region, (byRegion.get(u.region) ?? 0) + u.records);
  const best = [...byRegion.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  return best ?? accounts[0]?.regions[0] ?? 'us-east-1';
}

/** `o-` and 10 characters from the seed: an organization ID that is not the input's. */
function freshOrganizationId(seed: number | string): string {
  const rng = Rng.for(seed, 'profile', 'organization');
  let id = 'o-';
  for (let i = 0; i < 10; i++) id += 'abcdefghijklmnopqrstuvwxyz0123456789'[rng.int(36)];
  return id;
}
