/** The compiled plan: everything the simulator and renderer need, resolved once per run. */
import type { TrailLocation } from '../delivery/types.js';
import type { DeliveryPolicy } from '../delivery/policy.js';
import type { ActorSpec } from '../scenario/types.js';
import type { ClientProfile } from './clients.js';
import type { VersionInfo } from './event-version.js';
import type { IdentityCenterCaller } from './identity-center.js';
import type { IdentityModel } from './identity.js';
import type { OriginPool } from './origins.js';
import type { PlanScript } from './script-types.js';

export interface PlanAccount {
  index: number;
  name: string;
  id: string;
  alias?: string;
  regions: string[];
  partition: string;
}

export interface PlanActor {
  index: number;
  name: string;
  accountIndex: number;
  spec: ActorSpec;
  identity: IdentityModel;
  /** null for AWSService callers. */
  client: ClientProfile | null;
  /** JSON-quoted userAgent per operation index. */
  userAgents: string[];
  /** JSON-quoted userAgent of the actor's sts:AssumeRole calls (`api/sts#`, `sts.assume-role`). */
  stsUserAgent: string;
  /** JSON-quoted userAgent of the actor's sts:GetFederationToken calls (`sts.get-federation-token`). */
  federationUserAgent: string;
  /** IAM Identity Center roles: who calls AssumeRoleWithSAML (Identity Center itself, src/plan/identity-center.ts). */
  samlCaller?: IdentityCenterCaller;
  /** Source address pool per region. */
  origins: Map<string, OriginPool>;
  utcOffset: number;
  /** requestParameters.accountId: the real id (hand-rolled tooling) or "-" (SDKs and the CLI). */
  requestAccountId: string;
  /** How a credential session of this actor opens (sim/openers.ts). */
  opener: SessionOpener;
  /** Not declared in the scenario: a base user or script variant made by the compiler. */
  hidden: boolean;
}

/**
 * The record that opens a session: STS AssumeRole made by a caller actor (or by EC2 for
 * instance profiles, or by the service for its service-linked role), AssumeRoleWithSAML for
 * IAM Identity Center roles, GetFederationToken made by the IAM user who owns a federated user,
 * a console sign-in, or nothing (long-term keys).
 */
export type SessionOpener =
  | { kind: 'none' }
  | { kind: 'assume-role'; caller: number | 'ec2' | 'service' }
  | { kind: 'saml'; provider: string; console: boolean }
  | { kind: 'federation-token'; caller: number }
  | { kind: 'console' };

export interface PlanActivity {
  index: number;
  actorIndex: number;
  /** Events per second averaged over a week, before --records scaling. */
  rate: number;
  mixOps: number[];
  mixCumulative: number[];
  /** 168 hour-of-week weights (Monday 00:00 local first), scaled so the maximum is 1. */
  rhythm: Float64Array;
  /** Mean of `rhythm`: the peak rate is rate / rhythmMean. */
  rhythmMean: number;
  errorRate: number;
  /** Vault names the activity's calls never pick (scenario `excludeVaults`); null when none. */
  avoid: ReadonlySet<string> | null;
  regions: string[];
}

export interface VaultSeed {
  name: string;
  archives: number;
  tags: Record<string, string>;
  /** Epoch seconds, before the scenario start. */
  createdAt: number;
}

/** One account in one region: the unit of simulation state and of file delivery. */
export interface PlanUnit {
  index: number;
  accountIndex: number;
  accountId: string;
  region: string;
  /** Stable text key `<accountId>/<region>`; seeds derive from it, not from list positions. */
  key: string;
  vaults: VaultSeed[];
  activities: number[];
}

export interface Plan {
  seed: string;
  scenarioName: string;
  start: number;
  end: number;
  trail: TrailLocation;
  accounts: PlanAccount[];
  actors: PlanActor[];
  activities: PlanActivity[];
  units: PlanUnit[];
  versions: Array<{ from: number; info: VersionInfo }>;
  maxRecordsPerFile: number;
  /** How delivery varies: stamps, late and split files, duplicates (delivery/windows.ts). */
  delivery: DeliveryPolicy;
  scripts: PlanScript[];
  /** Session e-mails drawn from faker, so a render worker can compile its copy without faker (plan/name-draws.ts). */
  drawnNames: Record<string, string>;
}
