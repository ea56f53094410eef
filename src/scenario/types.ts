/**
 * Scenario: what the data is (accounts, actors, vaults, activities). The schema in
 * schemas/scenario.schema.json is the authority; these types mirror it after loading.
 */

export type ActorType = 'IAMUser' | 'AssumedRole' | 'Root' | 'FederatedUser' | 'AWSService';

export type ClientStyle =
  | 'console'
  | 'aws-cli-v1'
  | 'aws-cli-v2'
  | 'boto3'
  | 'sdk-java-v1'
  | 'sdk-java-v2'
  | 'sdk-js-v3'
  | 'sdk-go-v2'
  | 'terraform'
  | 'python-requests';

export type OriginKind = 'office' | 'ec2' | 'home-isp' | 'tor';

export type OriginSpec = OriginKind | { kind: OriginKind; cidr?: string; ips?: string[] };

export interface VaultSpec {
  /** Explicit vault name, or omitted with `count` for generated names. */
  name?: string;
  count?: number;
  /** Regions of the account holding this vault; default: all of the account's regions. */
  regions?: string[];
  /** Archives already in the vault when the scenario starts. */
  archives?: number;
  tags?: Record<string, string>;
}

export interface AccountSpec {
  name: string;
  /** 12-digit id; derived from the seed and the name when omitted. */
  id?: string;
  alias?: string;
  regions: string[];
  vaults?: VaultSpec[];
}

export interface ActorSpec {
  name: string;
  account: string;
  type: ActorType;
  /** IAM user name (IAMUser, FederatedUser's issuing user); default: derived from name. */
  userName?: string;
  /** Role name for AssumedRole; with `sso`, the permission set name. */
  role?: string;
  /** AssumedRole through IAM Identity Center: role AWSReservedSSO_<role>_<hex>. */
  sso?: boolean;
  /** Role session name or federated user name; default: derived. */
  sessionName?: string;
  /** For AssumedRole: the actor whose credentials call sts:AssumeRole (default: a base IAM user of the same name). */
  assumedBy?: string;
  /** Service principal for AWSService callers: `resource-explorer-2.amazonaws.com` or `support.amazonaws.com` (the only services whose roles may call Glacier). */
  service?: string;
  client?: ClientStyle;
  origin?: OriginSpec;
  mfa?: boolean;
  /** Hours from UTC for the actor's daily rhythm; default: from the account's first region. */
  utcOffset?: number;
  /** Effective permissions (sim/permissions.ts); default: what its activities and scripts do. */
  permissions?: PermissionsSpec;
}

/** Which policy refused a call; worded in the AccessDenied message as IAM words it. */
export type DenyReason = 'no-identity-policy' | 'no-resource-policy' | 'identity-policy' | 'resource-policy' | 'service-control-policy' | 'vault-lock';

export interface PermissionsSpec {
  /** Operations an identity-based policy allows (`*`: all); replaces the default. */
  allow?: string[];
  deny?: Array<{
    operations?: string[];
    vaults?: string[];
    /** Only calls from these network kinds (an aws:SourceIp condition). */
    origins?: OriginKind[];
    /** In force from / until (timestamp or +offset from the start): a policy change. */
    from?: string;
    until?: string;
    reason?: DenyReason;
  }>;
}

export type Rhythm =
  | 'always'
  | 'office-hours'
  | 'nightly'
  | 'weekdays'
  | { hours?: number[]; weekdays?: number[] };

export interface ActivitySpec {
  actor: string;
  /** `30/hour`, `500/day`, `2/minute` or a number (per hour). Average over a week. */
  rate: string | number;
  /** Named profile or operation → weight. */
  mix: string | Record<string, number>;
  rhythm?: Rhythm;
  /** Probability that a call fails with a realistic error. */
  errorRate?: number;
  /** Vaults this activity never touches (a vault a script deletes, say); scripts still reach them by name. */
  excludeVaults?: string[];
  /** Regions the actor works in; default: the account's regions. */
  regions?: string[];
}

export interface TrailSpec {
  name: string;
  homeRegion: string;
  bucket?: string;
  prefix?: string;
}

/** One step of a script: exactly one action key (call, wait, waitFor, repeat, forEach, parallel, switch, assumeRole). */
export interface StepSpec {
  call?: string;
  vault?: string;
  archive?: string;
  job?: string;
  account?: string;
  fail?: string;
  /** `failure`: the step is meant to fail; the loader accepts what would otherwise be an error (an unknown vault). */
  expect?: 'success' | 'failure';
  params?: { type?: 'archive-retrieval' | 'inventory-retrieval'; tier?: 'Expedited' | 'Standard' | 'Bulk'; policy?: string | object; tags?: Record<string, string> };
  save?: string;
  count?: number;
  every?: string;
  jitter?: string;
  /** Exact `every`/`wait` (a timer), without the default human or tool jitter. */
  fixed?: boolean;
  label?: string;
  wait?: string;
  waitFor?: string;
  repeat?: number;
  forEach?: 'vaults' | 'archives';
  as?: string;
  limit?: number;
  do?: StepSpec[];
  parallel?: StepSpec[][];
  switch?: { origin?: OriginSpec; client?: ClientStyle; region?: string };
  assumeRole?: { role: string; account?: string; sessionName?: string };
}

export interface ScriptSpec {
  name: string;
  actor: string;
  /** UTC timestamp or `+2h` from the scenario start; default: the start. */
  at?: string;
  region?: string;
  labels?: string[];
  steps: StepSpec[];
}

export interface Scenario {
  name?: string;
  description?: string;
  seed?: number | string;
  start: string;
  duration?: string;
  end?: string;
  eventVersion?: string;
  organization?: { id: string };
  trail: TrailSpec;
  accounts: AccountSpec[];
  actors: ActorSpec[];
  activities: ActivitySpec[];
  scripts?: ScriptSpec[];
  /** Records per log file at most before a delivery window is split (real files: 1 to a few hundred). */
  maxRecordsPerFile?: number;
  /** How log-file delivery varies (delivery/policy.ts); defaults: irregular stamps, split and late files, no duplicates. */
  delivery?: { irregularStamps?: boolean; multiFileStamps?: boolean; lateFiles?: number; duplicates?: number };
}
