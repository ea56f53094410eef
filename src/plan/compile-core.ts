/**
 * Scenario → Plan, with faker's names drawn through a NameDraws (plan/name-draws.ts). Runs once
 * per run: resolves defaults, draws every name, id, user agent and address pool from partition
 * streams, and pre-serializes what never changes. Nothing here runs per record.
 */
import { Rng, cumulate } from '../random/rng.js';
import { NAMED_MIXES } from '../glacier/mixes.js';
import { OPERATIONS, operationIndex } from '../glacier/operations.js';
import type { Scenario, ActorSpec } from '../scenario/types.js';
import { parseDuration, parseRate, parseTimestamp } from '../scenario/units.js';
import { clientProfile } from './clients.js';
import { versionPeriods } from './event-version.js';
import { identityModel } from './identity.js';
import { identityCenterCaller } from './identity-center.js';
import { accountId, bucketSuffix, pascal } from './names.js';
import type { NameDraws } from './name-draws.js';
import { officeCidrFor, originPool, type OriginPool } from './origins.js';
import { REGIONS, partitionOf } from './regions.js';
import { rhythmWeights } from './rhythm.js';
import { DEFAULT_DELIVERY, type DeliveryPolicy } from '../delivery/policy.js';
import { compileScripts } from './scripts.js';
import type { Plan, PlanAccount, PlanActivity, PlanActor, PlanUnit, VaultSeed } from './types.js';

export interface CompileOptions {
  /** Overrides scenario.seed. */
  seed?: string | number;
  /** Overrides scenario.start (ISO timestamp). */
  start?: string;
  /** Overrides scenario.duration / end. */
  duration?: string;
}

/** Just the compile options of a larger options object (the rest may hold callbacks and a signal, which cannot go to a worker). */
export function compileOptionsOf({ seed, start, duration }: CompileOptions): CompileOptions {
  return { seed, start, duration };
}

export const DEFAULT_MAX_RECORDS_PER_FILE = 1000;

export function compilePlanWith(scenario: Scenario, options: CompileOptions, draws: NameDraws): Plan {
  const seed = String(options.seed ?? scenario.seed ?? 1);
  const start = parseTimestamp(options.start ?? scenario.start);
  const span = options.duration !== undefined
    ? parseDuration(options.duration)
    : scenario.duration !== undefined ? parseDuration(scenario.duration) : parseTimestamp(scenario.end!) - start;
  const end = start + span;
  const year = new Date(start * 1000).getUTCFullYear();

  const accounts: PlanAccount[] = scenario.accounts.map((a, index) => ({
    index,
    name: a.name,
    id: a.id ?? accountId(Rng.for(seed, 'account-id', a.name)),
    alias: a.alias,
    regions: a.regions,
    partition: partitionOf(a.regions[0]!),
  }));
  const accountByName = new Map(accounts.map((a) => [a.name, a]));
  const officeCidrs = new Map(accounts.map((a) => [a.name, officeCidrFor(Rng.for(seed, 'office', a.id))]));

  const actors: PlanActor[] = scenario.actors.map((spec, index) => compileActor(spec, index, accountByName.get(spec.account)!, officeCidrs.get(spec.account)!, seed, start, draws));
  const actorByName = new Map(actors.map((a) => [a.name, a]));
  for (const actor of [...actors]) actor.opener = sessionOpener(actor, actors, actorByName, accounts, officeCidrs, seed, start, draws);

  const activities: PlanActivity[] = scenario.activities.map((act, index) => {
    const actor = actorByName.get(act.actor)!;
    const weights = typeof act.mix === 'string' ? NAMED_MIXES[act.mix]! : act.mix;
    const entries = Object.entries(weights).filter(([, w]) => w > 0).sort(([a], [b]) => operationIndex(a) - operationIndex(b));
    const { weights: rhythm, mean } = rhythmWeights(act.rhythm);
    return {
      index,
      actorIndex: actor.index,
      rate: parseRate(act.rate),
      mixOps: entries.map(([name]) => operationIndex(name)),
      mixCumulative: cumulate(entries.map(([, w]) => w)),
      rhythm,
      rhythmMean: mean,
      errorRate: act.errorRate ?? 0,
      avoid: act.excludeVaults?.length ? new Set(act.excludeVaults) : null,
      regions: act.regions ?? accounts[actor.accountIndex]!.regions,
    };
  });

  const units: PlanUnit[] = [];
  for (const account of accounts) {
    const spec = scenario.accounts[account.index]!;
    for (const region of account.regions) {
      const key = `${account.id}/${region}`;
      const unitActivities = activities
        .filter((act) => actors[act.actorIndex]!.accountIndex === account.index && act.regions.includes(region))
        .map((act) => act.index);
      units.push({
        index: units.length,
        accountIndex: account.index,
        accountId: account.id,
        region,
        key,
        vaults: vaultSeeds(spec.vaults ?? [], region, account.regions, seed, key, start, year, draws),
        activities: unitActivities,
      });
    }
  }

  const scripts = compileScripts(scenario, {
    accounts,
    actors,
    start,
    addActor: (spec, configure) => {
      const account = accountByName.get(spec.account)!;
      const actor = compileActor(spec, actors.length, account, officeCidrs.get(account.name)!, seed, start, draws);
      actor.hidden = true;
      configure?.(actor);
      actors.push(actor);
      return actor;
    },
    addVariant: (base, change) => {
      const spec: ActorSpec = { ...base.spec, name: `${base.name}~${actors.length}`, ...(change.client ? { client: change.client } : {}), ...(change.origin ? { origin: change.origin } : {}) };
      const account = accounts[base.accountIndex]!;
      const fresh = compileActor(spec, actors.length, account, officeCidrs.get(account.name)!, seed, start, draws);
      const variant: PlanActor = { ...fresh, identity: base.identity, opener: base.opener, hidden: true };
      actors.push(variant);
      return variant;
    },
  });

  const management = accounts[0]!;
  return {
    seed,
    scenarioName: scenario.name ?? 'scenario',
    start,
    end,
    trail: {
      bucket: scenario.trail.bucket ?? `aws-cloudtrail-logs-${management.id}-${bucketSuffix(Rng.for(seed, 'bucket'))}`,
      trailName: scenario.trail.name,
      homeRegion: scenario.trail.homeRegion,
      prefix: scenario.trail.prefix ?? '',
      organizationId: scenario.organization?.id,
    },
    accounts,
    actors,
    activities,
    units,
    versions: versionPeriods(scenario.eventVersion),
    maxRecordsPerFile: scenario.maxRecordsPerFile ?? DEFAULT_MAX_RECORDS_PER_FILE,
    delivery: deliveryPolicy(scenario.delivery),
    scripts,
    drawnNames: draws.drawn,
  };
}

/** `start`: the scenario start (epoch s), the date clients are chosen for (their releases precede it). */
function compileActor(spec: ActorSpec, index: number, account: PlanAccount, officeCidr: string, seed: string, start: number, draws: NameDraws): PlanActor {
  const rng = Rng.for(seed, 'actor', account.id, spec.name);
  const client = spec.type === 'AWSService' ? null : clientProfile(spec.client ?? defaultClient(spec), start, rng);
  const origin = spec.origin ?? (spec.type === 'AssumedRole' && !spec.sso ? 'ec2' : 'office');
  const roleName = spec.sso
    ? `AWSReservedSSO_${spec.role ?? 'AdministratorAccess'}_${rng.chars('0123456789abcdef', 16)}`
    : spec.role ?? `${pascal(spec.name)}Role`;
  const sessionName = spec.sessionName ?? (spec.sso ? draws.sessionEmail(seed, account.id, spec.name, `${account.alias ?? 'example'}.com`) : defaultSessionName(spec, rng));
  const identity = identityModel(spec, {
    accountId: account.id, alias: account.alias, partition: account.partition,
    console: client?.console ?? false, ec2: origin === 'ec2' || (typeof origin === 'object' && origin.kind === 'ec2'),
    seedKey: `${seed}/${account.id}`, start,
  }, rng, { userName: spec.userName ?? spec.name, roleName, sessionName, naming: spec.sessionName ? 'fixed' : client?.family === 'botocore' ? 'botocore' : client?.family === 'go' ? 'go' : 'fixed' });
  const origins = new Map<string, OriginPool>();
  for (const region of account.regions) {
    if (spec.type === 'AWSService') origins.set(region, { kind: 'fixed', ips: [spec.service!], rotation: 'per-event' });
    else origins.set(region, originPool(origin, region, officeCidr, Rng.for(seed, 'origin', account.id, spec.name, region)));
  }
  const userAgents = OPERATIONS.map((op) => JSON.stringify(client ? client.userAgent(op.cli) : spec.service));
  return {
    index,
    name: spec.name,
    accountIndex: account.index,
    spec,
    identity,
    client,
    userAgents,
    stsUserAgent: JSON.stringify(client ? client.userAgent('assume-role', 'sts') : spec.service),
    federationUserAgent: JSON.stringify(client ? client.userAgent('get-federation-token', 'sts') : spec.service),
    samlCaller: spec.sso ? identityCenterCaller(account.regions, start, Rng.for(seed, 'identity-center', account.id)) : undefined,
    origins,
    utcOffset: spec.utcOffset ?? REGIONS[account.regions[0]!]?.utcOffset ?? 0,
    requestAccountId: spec.client === 'python-requests' ? account.id : '-',
    opener: { kind: 'none' },
    hidden: false,
  };
}

/**
 * How the actor's sessions open. Roles on EC2 are assumed by ec2.amazonaws.com; Identity Center
 * roles through SAML; other roles by `assumedBy`, or by a base IAM user of the same name that the
 * compiler adds (a CLI role profile's source credentials). A federated user's sessions come from
 * sts:GetFederationToken, which must be called with an IAM user's long-term key (STS API
 * Reference, GetFederationToken): the scenario's IAM user of that name in the account when it
 * has an access key, else a hidden one the compiler adds (one per user name, shared by all the
 * federated users it issues). The federated identity's sessionIssuer takes its principal id.
 */
function sessionOpener(
  actor: PlanActor, actors: PlanActor[], byName: Map<string, PlanActor>, accounts: PlanAccount[],
  officeCidrs: Map<string, string>, seed: string, start: number, draws: NameDraws,
): PlanActor['opener'] {
  const spec = actor.spec;
  const console = actor.client?.console ?? false;
  if (spec.type === 'AssumedRole') {
    const account = accounts[actor.accountIndex]!;
    if (spec.sso) {
      const hex = Rng.for(seed, 'saml-provider', account.id).chars('0123456789abcdef', 16);
      return { kind: 'saml', provider: `arn:${account.partition}:iam::${account.id}:saml-provider/AWSSSO_${hex}_DO_NOT_DELETE`, console };
    }
    if (actor.identity.role && /^i-0/.test(actor.identity.role.sessionName(0))) return { kind: 'assume-role', caller: 'ec2' };
    if (spec.assumedBy) return { kind: 'assume-role', caller: byName.get(spec.assumedBy)!.index };
    const baseSpec: ActorSpec = { name: `${spec.name}~base`, account: spec.account, type: 'IAMUser', userName: spec.userName ?? spec.name, client: spec.client === 'console' ? 'aws-cli-v2' : spec.client, origin: spec.origin, mfa: spec.mfa };
    const base = compileActor(baseSpec, actors.length, account, officeCidrs.get(account.name)!, seed, start, draws);
    base.hidden = true;
    actors.push(base);
    return { kind: 'assume-role', caller: base.index };
  }
  if (spec.type === 'FederatedUser') {
    const federation = actor.identity.federation!;
    const account = accounts[actor.accountIndex]!;
    const brokerName = `${federation.userName}~federation-broker`;
    const longTermUser = (a: PlanActor): boolean => a.accountIndex === actor.accountIndex && a.spec.type === 'IAMUser' && a.identity.sessionSeconds === 0;
    let broker = actors.find((a) => longTermUser(a) && ((!a.hidden && (a.spec.userName ?? a.spec.name) === federation.userName) || a.name === brokerName));
    if (!broker) {
      const brokerSpec: ActorSpec = { name: brokerName, account: spec.account, type: 'IAMUser', userName: federation.userName, client: spec.client, origin: spec.origin };
      broker = compileActor(brokerSpec, actors.length, account, officeCidrs.get(account.name)!, seed, start, draws);
      broker.hidden = true;
      actors.push(broker);
    }
    federation.issuerId = broker.identity.principalId!;
    return { kind: 'federation-token', caller: broker.index };
  }
  if (console && (spec.type === 'IAMUser' || spec.type === 'Root')) return { kind: 'console' };
  // The service assumes its service-linked role itself (real Resource Explorer records, 2023 and 2026).
  if (spec.type === 'AWSService') return { kind: 'assume-role', caller: 'service' };
  return { kind: 'none' };
}

function deliveryPolicy(spec: Scenario['delivery']): DeliveryPolicy {
  const d = DEFAULT_DELIVERY;
  return {
    irregularStamps: spec?.irregularStamps ?? d.irregularStamps,
    multiFileStamps: spec?.multiFileStamps ?? d.multiFileStamps,
    lateFiles: spec?.lateFiles ?? d.lateFiles,
    duplicates: spec?.duplicates ?? d.duplicates,
  };
}

export function defaultClient(spec: ActorSpec): NonNullable<ActorSpec['client']> {
  if (spec.type === 'Root') return 'console';
  if (spec.type === 'AssumedRole' && !spec.sso) return 'boto3';
  return 'aws-cli-v2';
}

function defaultSessionName(spec: ActorSpec, rng: Rng): string {
  // A federated user is named by the application calling GetFederationToken: 2-32 characters of
  // [\w+=,.@-] (STS API Reference), never an SDK's generated session name.
  if (spec.type === 'FederatedUser') return spec.name.replace(/[^\w+=,.@-]/g, '-').slice(0, 32).padEnd(2, '-');
  switch (spec.client) {
    case 'sdk-go-v2':
    case 'terraform':
      return `aws-go-sdk-${1700000000 + rng.int(90000000)}${rng.chars('0123456789', 9)}`;
    case 'boto3':
    case 'aws-cli-v1':
    case 'aws-cli-v2':
      return `botocore-session-${1700000000 + rng.int(90000000)}`;
    default:
      return `${spec.name}-session`.slice(0, 64);
  }
}

function vaultSeeds(specs: NonNullable<Scenario['accounts'][number]['vaults']>, region: string, accountRegions: string[], seed: string, unitKey: string, start: number, year: number, draws: NameDraws): VaultSeed[] {
  const namer = draws.vaultNamer(seed, unitKey);
  if (!namer) return [];
  const rng = Rng.for(seed, 'vaults', unitKey);
  const out: VaultSeed[] = [];
  const used = new Set<string>();
  for (const v of specs) {
    if (!(v.regions ?? accountRegions).includes(region)) continue;
    const count = v.name ? 1 : v.count ?? 1;
    for (let i = 0; i < count; i++) {
      let name = v.name ?? namer(rng, year, region);
      while (used.has(name)) name = `${name}-${rng.range(2, 99)}`;
      used.add(name);
      out.push({
        name,
        archives: v.archives ?? rng.range(20, 400),
        tags: v.tags ?? {},
        createdAt: start - rng.range(30, 2000) * 86400,
      });
    }
  }
  return out;
}
