/**
 * The 33 operations against the world: each picks the resources it needs (or returns null when
 * none exist, so the caller can fall back), builds requestParameters, decides on an injected
 * failure, and only then changes state and builds responseElements. A successful call only
 * names resources that exist at that moment.
 */
import { OP } from '../glacier/operations.js';
import type { PlanActor } from '../plan/types.js';
import { hashString } from '../random/hash.js';
import type { Rng } from '../random/rng.js';
import { isoSeconds } from '../scenario/units.js';
import type { SimEvent } from './event.js';
import { accessDenied, AUTHZ_ERROR_CODE, chanceFailure, errorFragment, isRetryable, scriptedFailure, THROTTLED, vaultNotFound } from './failures.js';
import { failedRequestMembers } from './failed-request.js';
import type { DenyReason } from './permissions.js';
import type { JobList } from './job-list.js';
import { LIVE, WITH_ARCHIVES, WITH_LOCK, WITH_NOTIFICATIONS, WITH_POLICY, type VaultTest } from './vault-index.js';
import { deniesCall, type Caller } from './vault-policy.js';
import type { RetryPolicy } from './failures.js';
import { jobExpiresAt, type Job, type JobTier, type Upload, type Vault, type World } from './world.js';

/** Glacier's default quota of vaults per account per region. */
const VAULTS_PER_REGION = 1000;

/** What a scripted step pins: resources, parameters, a forced failure; results come back in `created`. */
export interface ScriptTarget {
  /** Vault name; a name that does not exist makes the call fail with ResourceNotFoundException. */
  vault?: string;
  /** Archive serial in the vault. */
  archive?: number;
  job?: Job;
  /** Force this error code. */
  fail?: string;
  /** Operation parameters: type/tier (InitiateJob), policy, tags, tagKeys. */
  params?: Record<string, unknown>;
  /** requestParameters.accountId, e.g. the 12-digit owner for cross-account calls. */
  accountId?: string;
  created?: { vault?: Vault; job?: Job; archive?: number; lock?: number };
}

export interface Call {
  world: World;
  /** Set for scripted steps; null for background activity. */
  target: ScriptTarget | null;
  actor: PlanActor;
  rng: Rng;
  t: number;
  errorRate: number;
  /** Emits an event (assigns seq) and returns it. */
  emit(op: number, req: string, resp: string, error: string): SimEvent;
  /** Schedules a follow-up call by the same actor. */
  later(delaySeconds: number, run: (c: Call) => SimEvent | null): void;
  /**
   * later() with a shared `run` and its argument carried by the task: a follow-up pending for
   * hours (job polls) then costs no closure and context of its own (see scheduleJobFollowUps).
   */
  laterWith<T>(delaySeconds: number, run: (c: Call, arg: T) => SimEvent | null, arg: T): void;
  /** A fresh vault name for CreateVault. */
  newVaultName(): string;
  /** Vault names the current background activity never picks (`excludeVaults`); null when none. */
  avoid: ReadonlySet<string> | null;
  /** Why the current actor may not call `op` on the named vault now (sim/permissions.ts); null when allowed. */
  denied(op: number, vault: string | undefined): DenyReason | null;
  /** Whether the current principal is inside a throttling burst in this account and region (for a retry: the burst as its SDK meets it). */
  throttled(retry: boolean): boolean;
  /** Starts (or extends) the current principal's throttling burst for `seconds`. */
  throttle(seconds: number): void;
  /** How the current actor's client retries throttled and transient failures. */
  retry: RetryPolicy;
}

const MiB = 1048576;
const q = JSON.stringify;

function head(c: Call): string {
  return `{"accountId":"${c.target?.accountId ?? c.actor.requestAccountId}"`;
}

function vaultReq(c: Call, name: string, extra = ''): string {
  return `${head(c)},"vaultName":"${name}"${extra}}`;
}

/** Indices of matching items, reused by every pick (one predicate pass instead of two). */
const matches: number[] = [];

/**
 * A random item matching `pred`: the k-th match for k = rng.int(matches), as before, but the
 * predicate runs once per item. Vaults accumulate at high --records (~2,000 per million events),
 * and this scan was 29% of simulation time at 4 M events.
 */
function pick<T>(c: Call, items: T[], pred?: (x: T) => boolean): T | undefined {
  if (!pred) return items.length === 0 ? undefined : items[c.rng.int(items.length)];
  matches.length = 0;
  for (let i = 0; i < items.length; i++) if (pred(items[i]!)) matches.push(i);
  if (matches.length === 0) return undefined;
  return items[matches[c.rng.int(matches.length)]!];
}

/**
 * pick() over the unit's vaults for the most frequent tests, through World.index: the same
 * draw and the same vault as pick() with the equivalent predicate (k = rng.int(matches), the
 * k-th match in World.vaults order), without scanning the vaults.
 */
function pickVaultWith(c: Call, test: VaultTest): Vault | undefined {
  if (avoiding(c)) return pickSkipping(c, test, c.avoid!);
  const index = c.world.index;
  const n = index.count(test);
  return n === 0 ? undefined : index.nth(test, c.rng.int(n));
}

/**
 * pick() over the unit's vaults for a test only a vault with a lock object can pass: the same
 * draw and vault, looking only at those vaults (a handful among up to 1,000).
 */
function pickAmongLocked(c: Call, pred: (v: Vault) => boolean): Vault | undefined {
  const index = c.world.index;
  // A copy first: pred may expire a lock, which changes the index.
  const locked: Vault[] = [];
  for (let i = 0, n = index.count(WITH_LOCK); i < n; i++) locked.push(index.nth(WITH_LOCK, i));
  return pick(c, locked, avoiding(c) ? (v) => !c.avoid!.has(v.name) && pred(v) : pred);
}

/** Whether this call must skip some vaults: background activity with `excludeVaults` (scripts name their vaults). */
function avoiding(c: Call): boolean {
  return c.avoid !== null && c.target === null;
}

/**
 * pick() over the unit's vaults, skipping the activity's excluded vaults. Without exclusions it
 * is pick() itself, so scenarios without `excludeVaults` draw exactly as before.
 */
function pickVault(c: Call, pred?: (v: Vault) => boolean): Vault | undefined {
  if (!avoiding(c)) return pick(c, c.world.vaults, pred);
  const avoid = c.avoid!;
  if (!pred) return pickSkipping(c, LIVE, avoid);
  return pick(c, c.world.vaults, (v) => !avoid.has(v.name) && pred(v));
}

/**
 * pick() of a vault passing `test` that is not in `avoid`, through the index: the same draw and
 * vault as the scan (k = rng.int(matches), the k-th match in World.vaults order), found by
 * skipping the ranks of the few avoided vaults that pass. The scan over up to 1,000 vaults per
 * call made ransomware-vault-wipe (which excludes its target vaults) simulate at 10 µs an event
 * against 1.5-2 for the other examples at 1 M records.
 */
function pickSkipping(c: Call, test: VaultTest, avoid: ReadonlySet<string>): Vault | undefined {
  const index = c.world.index;
  skipped.length = 0;
  for (const name of avoid) {
    const v = c.world.byName.get(name);
    if (v && index.passes(v.slot, test)) skipped.push(index.rank(test, v.slot));
  }
  const n = index.count(test) - skipped.length;
  if (n <= 0) return undefined;
  let k = c.rng.int(n);
  skipped.sort((a, b) => a - b);
  for (const r of skipped) if (r <= k) k++;
  return index.nth(test, k);
}

/** Ranks of avoided vaults, reused by every pickSkipping. */
const skipped: number[] = [];

function accountArn(c: Call): string {
  const w = c.world;
  return `arn:${w.partition}:glacier:${w.region}:${w.accountId}:vaults/`;
}

/** The AccessDenied fragment for a denial, with the code a script asked for when it forced one. */
function denial(c: Call, op: number, reason: DenyReason, resourceArn: string): string {
  const code = c.target?.fail === 'AccessDeniedException' ? 'AccessDeniedException' : AUTHZ_ERROR_CODE;
  return accessDenied(op, c.actor.identity.callerArn, resourceArn, reason, code);
}

function forcedFailure(c: Call, op: number, vault: Vault | null, code: string, resourceArn?: string): string {
  switch (code) {
    case 'AccessDenied':
    case 'AccessDeniedException':
      // Permissions compiled the script's denial into a rule; this is the fallback when an
      // explicit `permissions.allow` grants the operation anyway.
      return denial(c, op, 'identity-policy', resourceArn ?? vault?.arn ?? accountArn(c));
    case 'ResourceNotFoundException':
      return vaultNotFound(vault?.arn ?? c.world.vaultArn('unknown'));
    default:
      return scriptedFailure(code);
  }
}

/**
 * An error that happens before the operation looks at resources (not found, not empty, quota):
 * authorization comes first, so a principal that may not call the operation is denied instead.
 */
function reject(c: Call, op: number, vaultName: string | undefined, resourceArn: string, req: string, error: string): SimEvent {
  const reason = c.denied(op, vaultName);
  return c.emit(op, req, 'null', reason ? denial(c, op, reason, resourceArn) : error);
}

/** Throttling inside a burst, else the activity's error dice: an error fragment or ''. */
function chanceError(c: Call, op: number, retry: boolean): string {
  if (c.target) return '';
  // Inside a burst most calls are throttled, not all: the limiter refills as it goes.
  if (c.throttled(retry) && c.rng.chance(0.6)) return THROTTLED;
  if (c.errorRate > 0 && c.rng.chance(c.errorRate)) return chanceFailure(op, c.rng, c.actor.spec.type === 'AWSService', () => c.throttle(c.rng.range(10, 90)));
  return '';
}

/**
 * Authorization, then a scripted or chance failure, else the success path. A throttled or
 * transient failure is retried by the client as its SDK does: the same request after the
 * SDK's backoff (failures.ts, RetryPolicy), until it succeeds or the attempts run out.
 * `after.then` runs after a success (the first call's or a retry's): follow-ups of created
 * resources; `after.stale` drops a pending retry the program no longer needs (its multipart
 * loop moved on, the upload closed).
 */
interface After {
  then?: (c: Call) => void;
  stale?: () => boolean;
}

function attempt(c: Call, op: number, vault: Vault | null, req: string, success: () => string, resourceArn?: string, after?: After): SimEvent {
  const reason = c.denied(op, vault?.name) ?? (vault?.policyDenies && deniesCall(vault.policyDenies, op, callerOf(c)) ? 'resource-policy' : null);
  if (reason) return c.emit(op, req, 'null', denial(c, op, reason, resourceArn ?? vault?.arn ?? accountArn(c)));
  if (c.target?.fail) return c.emit(op, req, 'null', forcedFailure(c, op, vault, c.target.fail, resourceArn));
  return tryCall(c, op, vault, req, success, after, 1);
}

/** The caller as a vault access policy's Principal names it. */
function callerOf(c: Call): Caller {
  const id = c.actor.identity;
  return { arn: id.callerArn, roleArn: id.role?.arn };
}

function tryCall(c: Call, op: number, vault: Vault | null, req: string, success: () => string, after: After | undefined, n: number): SimEvent {
  const error = chanceError(c, op, n > 1);
  if (!error) {
    const ev = c.emit(op, req, success(), '');
    after?.then?.(c);
    return ev;
  }
  const ev = c.emit(op, req, 'null', error);
  if (isRetryable(error) && n < c.retry.attempts) {
    c.later(c.retry.delay(n, c.rng), (f) => {
      // The vault went away between attempts: the retry finds it gone.
      if (after?.stale?.()) return null;
      if (vault?.deleted && vault.name) return f.emit(op, req, 'null', vaultNotFound(vault.arn));
      return tryCall(f, op, vault, req, success, after, n + 1);
    });
  }
  return ev;
}

function liveJobs(c: Call, v: Vault): JobList {
  // Jobs live 24 h past completion, so a long or dense run accumulates thousands per vault;
  // the list checks its earliest expiry instead of scanning them all on every job call.
  v.jobs.expire(c.t);
  return v.jobs;
}

/** A random listed job of the vault (any, or only those completed by now), drawn as pick() draws. */
function pickJob(c: Call, v: Vault, completedOnly: boolean): Job | undefined {
  const jobs = liveJobs(c, v);
  if (!completedOnly) return jobs.length === 0 ? undefined : jobs.at(c.rng.int(jobs.length), v);
  matches.length = 0;
  for (let i = 0; i < jobs.length; i++) if (jobs.completesAt(i) <= c.t) matches.push(i);
  if (matches.length === 0) return undefined;
  return jobs.at(matches[c.rng.int(matches.length)]!, v);
}

function lockOf(c: Call, v: Vault): Vault['lock'] {
  if (v.lock && v.lock.state === 'InProgress' && v.lock.expiresAt <= c.t) c.world.setLock(v, null);
  return v.lock;
}

const TAGS: Array<[string, string[]]> = [
  ['CostCenter', ['cc-1042', 'cc-2210', 'cc-3307']],
  ['Owner', ['platform', 'data-eng', 'security', 'finance']],
  ['Environment', ['prod', 'staging', 'dr']],
  ['Retention', ['7y', '10y', 'indefinite']],
  ['DataClassification', ['confidential', 'internal', 'restricted']],
];

export function runOperation(c: Call, op: number): SimEvent | null {
  const w = c.world;
  const acct = w.accountId;
  switch (op) {
    case OP.ListVaults:
      return attempt(c, op, null, `${head(c)}}`, () => 'null');
    case OP.GetDataRetrievalPolicy:
    case OP.ListProvisionedCapacity:
      return attempt(c, op, null, `${head(c)}}`, () => 'null', `arn:${w.partition}:glacier:${w.region}:${acct}:*`);
    case OP.SetDataRetrievalPolicy: {
      const strategy = c.rng.pick(['BytesPerHour', 'FreeTier', 'None'] as const);
      const rule = strategy === 'BytesPerHour' ? `{"strategy":"BytesPerHour","bytesPerHour":${c.rng.pick([1, 5, 10, 50]) * 1073741824}}` : `{"strategy":"${strategy}"}`;
      return attempt(c, op, null, `${head(c)},"policy":{"rules":[${rule}]}}`, () => {
        w.retrievalStrategy = strategy;
        return 'null';
      }, `arn:${w.partition}:glacier:${w.region}:${acct}:*`);
    }
    case OP.PurchaseProvisionedCapacity: {
      const req = `${head(c)}}`;
      if (w.capacities.length >= 2) return reject(c, op, undefined, `arn:${w.partition}:glacier:${w.region}:${acct}:*`, req, errorFragment('LimitExceededException', 'The maximum number of provisioned capacity units has been reached.'));
      return attempt(c, op, null, req, () => {
        const serial = w.nextSerial();
        w.capacities.push(serial);
        return `{"capacityId":"${w.capacityId(serial)}"}`;
      }, `arn:${w.partition}:glacier:${w.region}:${acct}:*`);
    }
    case OP.CreateVault: {
      const name = c.target?.vault ?? c.newVaultName();
      const v0 = { arn: w.vaultArn(name), name } as Vault;
      if (w.byName.has(name)) return attempt(c, op, v0, vaultReq(c, name), () => `{"location":"/${acct}/vaults/${name}"}`); // idempotent, as Glacier is
      // Glacier's quota is 1,000 vaults per account and region. Heavy `--records` scaling would
      // otherwise create ~2,000 vaults per million events, and world state (~1-2 KB a vault)
      // would grow with the record count instead of staying bounded.
      if (w.vaults.length >= VAULTS_PER_REGION) return reject(c, op, name, v0.arn, vaultReq(c, name), errorFragment('LimitExceededException', 'The maximum number of vaults has been reached for this account in this Region.'));
      const ev = attempt(c, op, v0, vaultReq(c, name), () => {
        const created = w.addVault(name, c.t, 0, {});
        if (c.target) c.target.created = { vault: created };
        return `{"location":"/${acct}/vaults/${name}"}`;
      });
      if (!ev.error && c.rng.chance(0.4)) c.later(c.rng.range(5, 90), (f) => runOnVault(f, OP.AddTagsToVault, w.byName.get(name)));
      return ev;
    }
    case OP.DeleteVault: {
      if (c.target?.vault !== undefined) {
        const v = w.byName.get(c.target.vault);
        const arn = w.vaultArn(c.target.vault);
        if (!v) return reject(c, op, c.target.vault, arn, vaultReq(c, c.target.vault), c.target.fail ? forcedFailure(c, op, null, c.target.fail, arn) : vaultNotFound(arn));
        if (v.archives.length > 0 || v.uploads.length > 0) return reject(c, op, v.name, v.arn, vaultReq(c, v.name), errorFragment('InvalidParameterValueException', `Vault not empty or recently written to: ${v.arn}`));
        return attempt(c, op, v, vaultReq(c, v.name), () => {
          w.removeVault(v);
          return 'null';
        });
      }
      const empty = pickVault(c, (v) => v.archives.length === 0 && v.uploads.length === 0);
      if (!empty) {
        const busy = pickVault(c);
        if (!busy || !c.rng.chance(0.3)) return null;
        return reject(c, op, busy.name, busy.arn, vaultReq(c, busy.name), errorFragment('InvalidParameterValueException', `Vault not empty or recently written to: ${busy.arn}`));
      }
      return attempt(c, op, empty, vaultReq(c, empty.name), () => {
        w.removeVault(empty);
        return 'null';
      });
    }
    default: {
      // Operations on one vault: a call to a recently deleted vault fails as AWS would.
      // Only a name that is gone now (not created again since) gets the not-found error.
      if (!c.target && w.deletedNames.length > 0 && c.rng.chance(0.02)) {
        const gone = c.rng.pick(w.deletedNames);
        if (avoiding(c) && c.avoid!.has(gone)) return runOnVault(c, op, undefined);
        if (!w.byName.has(gone)) return reject(c, op, gone, w.vaultArn(gone), vaultReq(c, gone, failedRequestMembers(c, op)), vaultNotFound(w.vaultArn(gone)));
      }
      return runOnVault(c, op, undefined);
    }
  }
}

/** Operations that need a vault; `given` pins the vault (follow-ups), else one is chosen. */
export function runOnVault(c: Call, op: number, given: Vault | undefined): SimEvent | null {
  const w = c.world;
  const acct = w.accountId;
  if (given?.deleted) return null;
  const pinned = c.target?.vault;
  if (pinned !== undefined && !given) {
    given = w.byName.get(pinned);
    const arn = w.vaultArn(pinned);
    if (!given) return reject(c, op, pinned, arn, vaultReq(c, pinned, failedRequestMembers(c, op)), c.target?.fail ? forcedFailure(c, op, null, c.target.fail, arn) : vaultNotFound(arn));
  }
  const choose = (pred?: (v: Vault) => boolean): Vault | undefined => given ?? pickVault(c, pred);
  switch (op) {
    case OP.DescribeVault:
    case OP.ListTagsForVault:
    case OP.ListJobs:
    case OP.ListMultipartUploads: {
      const v = choose();
      return v ? attempt(c, op, v, vaultReq(c, v.name), () => 'null') : null;
    }
    case OP.GetVaultAccessPolicy:
    case OP.GetVaultNotifications:
    case OP.GetVaultLock: {
      const has = (v: Vault): boolean => (op === OP.GetVaultAccessPolicy ? v.policy !== null : op === OP.GetVaultNotifications ? v.notifications !== null : lockOf(c, v) !== null);
      const v = given ?? (op === OP.GetVaultLock ? pickAmongLocked(c, has) : pickVaultWith(c, op === OP.GetVaultAccessPolicy ? WITH_POLICY : WITH_NOTIFICATIONS)) ?? choose();
      if (!v) return null;
      if (!has(v)) {
        // Background clients read what they set; only a script asks a vault for what it lacks.
        if (!c.target) return null;
        const what = op === OP.GetVaultAccessPolicy ? 'vault access policy' : op === OP.GetVaultNotifications ? 'notification configuration' : 'vault lock policy';
        return reject(c, op, v.name, v.arn, vaultReq(c, v.name), errorFragment('ResourceNotFoundException', `No ${what} is set for the vault: ${v.arn}`));
      }
      return attempt(c, op, v, vaultReq(c, v.name), () => 'null');
    }
    case OP.SetVaultAccessPolicy: {
      const v = choose();
      if (!v) return null;
      const given = c.target?.params?.policy;
      const policy = given === undefined ? accessPolicy(c, v) : typeof given === 'string' ? given : JSON.stringify(given);
      return attempt(c, op, v, vaultReq(c, v.name, `,"policy":{"policy":${q(policy)}}`), () => {
        w.setPolicy(v, policy);
        return 'null';
      });
    }
    case OP.DeleteVaultAccessPolicy:
    case OP.DeleteVaultNotifications: {
      const policyOp = op === OP.DeleteVaultAccessPolicy;
      const v = given ?? pickVaultWith(c, policyOp ? WITH_POLICY : WITH_NOTIFICATIONS) ?? choose();
      if (!v) return null;
      return attempt(c, op, v, vaultReq(c, v.name), () => {
        if (policyOp) w.setPolicy(v, null);
        else w.setNotifications(v, null);
        return 'null';
      });
    }
    case OP.SetVaultNotifications: {
      const v = choose();
      if (!v) return null;
      const topic = `arn:${w.partition}:sns:${w.region}:${acct}:${c.rng.pick(['glacier-jobs', 'archive-retrievals', 'backup-notifications'])}`;
      const events = c.rng.chance(0.6) ? ['ArchiveRetrievalCompleted', 'InventoryRetrievalCompleted'] : ['ArchiveRetrievalCompleted'];
      return attempt(c, op, v, vaultReq(c, v.name, `,"vaultNotificationConfig":{"sNSTopic":"${topic}","events":${q(events)}}`), () => {
        w.setNotifications(v, { topic, events });
        return 'null';
      });
    }
    case OP.AddTagsToVault: {
      const v = choose();
      if (!v) return null;
      const tags: Record<string, string> = { ...(c.target?.params?.tags as Record<string, string> | undefined) };
      for (let i = Object.keys(tags).length > 0 ? 0 : c.rng.range(1, 3); i > 0; i--) {
        const [k, values] = c.rng.pick(TAGS);
        tags[k] = c.rng.pick(values);
      }
      return attempt(c, op, v, vaultReq(c, v.name, `,"tags":${q(tags)}`), () => {
        for (const [k, val] of Object.entries(tags)) v.tags.set(k, val);
        return 'null';
      });
    }
    case OP.RemoveTagsFromVault: {
      const v = choose((x) => x.tags.size > 0);
      if (!v || v.tags.size === 0) return null;
      const key = c.rng.pick([...v.tags.keys()]);
      return attempt(c, op, v, vaultReq(c, v.name, `,"tagKeys":${q([key])}`), () => {
        v.tags.delete(key);
        return 'null';
      });
    }
    case OP.UploadArchive: {
      const v = choose();
      if (!v) return null;
      const serial = w.nextSerial();
      const sum = w.checksum(serial);
      // Descriptions are JSON-safe by construction (archiveDescription): no JSON.stringify pass.
      const desc = c.rng.chance(0.75) ? `,"archiveDescription":"${archiveDescription(c, v)}"` : '';
      const req = `{"vaultName":"${v.name}","accountId":"${c.actor.requestAccountId}"${desc},"checksum":"${sum}"}`;
      return attempt(c, op, v, req, () => {
        w.addArchive(v, serial);
        if (c.target) c.target.created = { archive: serial };
        const id = w.archiveId(serial);
        return `{"location":"/${acct}/vaults/${v.name}/archives/${id}","checksum":"${sum}","archiveId":"${id}"}`;
      });
    }
    case OP.DeleteArchive: {
      const v = given ?? pickVaultWith(c, WITH_ARCHIVES);
      if (!v || v.archives.length === 0) return null;
      const wanted = c.target?.archive;
      const idx = wanted === undefined ? c.rng.int(v.archives.length) : v.archives.indexOf(wanted);
      if (idx < 0) return null;
      const serial = v.archives.at(idx);
      const req = vaultReq(c, v.name, `,"archiveId":"${w.archiveId(serial)}"`);
      // A completed vault lock is immutable: its Deny holds for every caller from then on.
      if (v.lock?.state === 'Locked' && v.lock.deniesDelete && !c.denied(op, v.name)) return c.emit(op, req, 'null', denial(c, op, 'vault-lock', v.arn));
      return attempt(c, op, v, req, () => {
        // A retry finds the archive where it is now (deletions move the last one into a gap).
        const at = idx < v.archives.length && v.archives.at(idx) === serial ? idx : v.archives.indexOf(serial);
        if (at >= 0) w.removeArchive(v, at);
        return 'null';
      });
    }
    case OP.InitiateMultipartUpload:
      return initiateMultipart(c, choose());
    case OP.UploadMultipartPart:
    case OP.CompleteMultipartUpload:
    case OP.ListParts:
    case OP.AbortMultipartUpload: {
      const want = (u: Upload): boolean => (op === OP.UploadMultipartPart ? u.partsDone < u.totalParts : op === OP.CompleteMultipartUpload ? u.partsDone === u.totalParts : true);
      const v = choose((x) => x.uploads.some(want));
      const u = v && pick(c, v.uploads, want);
      return u ? multipartStep(c, op, u) : null;
    }
    case OP.InitiateJob: {
      const p = c.target?.params;
      const forced = p?.type || p?.tier || c.target?.archive !== undefined
        ? { type: (p?.type as 'archive-retrieval' | 'inventory-retrieval' | undefined) ?? (c.target?.archive !== undefined ? 'archive-retrieval' : 'inventory-retrieval'), archive: c.target?.archive, tier: p?.tier as JobTier | undefined }
        : undefined;
      return initiateJob(c, choose(), forced);
    }
    case OP.DescribeJob: {
      if (c.target?.job) return jobCall(c, op, c.target.job);
      const v = choose((x) => liveJobs(c, x).length > 0);
      const job = v && pickJob(c, v, false);
      return job ? jobCall(c, OP.DescribeJob, job) : null;
    }
    case OP.GetJobOutput: {
      if (c.target?.job) return jobCall(c, op, c.target.job);
      const v = choose((x) => liveJobs(c, x).anyCompletedBy(c.t));
      const job = v && pickJob(c, v, true);
      return job ? jobCall(c, OP.GetJobOutput, job) : null;
    }
    case OP.InitiateVaultLock:
      return initiateLock(c, choose((x) => lockOf(c, x) === null));
    case OP.CompleteVaultLock:
    case OP.AbortVaultLock: {
      const v = given ?? pickAmongLocked(c, (x) => lockOf(c, x)?.state === 'InProgress');
      return v && v.lock?.state === 'InProgress' ? lockCall(c, op, v) : null;
    }
    default:
      return null;
  }
}

/** Characters JSON writes as they are: vault-name characters, digits, base64 and `<>/`. */
function archiveDescription(c: Call, v: Vault): string {
  const d = descriptionsAt(c.t);
  switch (c.rng.int(3)) {
    case 0: return `${v.name}/${d.stamp}.tar.gz`;
    case 1: return d.backup;
    default: return d.dump;
  }
}

/**
 * The second's description stamps, kept while uploads fall in the same second (~12 a second at
 * 1 M records in 6 hours): building them per upload, with a Buffer for the base64 one, was
 * ~450 bytes of garbage and ~3% of simulation time.
 */
const descriptions = { second: NaN, stamp: '', backup: '', dump: '' };

function descriptionsAt(t: number): typeof descriptions {
  const second = Math.floor(t);
  if (second !== descriptions.second) {
    // YYYYMMDDTHHMMSSZ, by slicing: a global-regex replace per upload was ~3% of simulation time.
    const iso = isoSeconds(second);
    const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}${iso.slice(17)}`;
    descriptions.second = second;
    descriptions.stamp = stamp;
    descriptions.backup = `<m><v>4</v><p>${Buffer.from(`backups/${stamp}.zip`).toString('base64')}</p><lm>${stamp}</lm></m>`;
    descriptions.dump = `db-dump-${stamp}.sql.gz`;
  }
  return descriptions;
}

function accessPolicy(c: Call, v: Vault): string {
  const acct = c.world.accountId;
  const principal = c.rng.chance(0.5) ? `arn:aws:iam::${acct}:root` : `arn:aws:iam::${acct}:role/GlacierReadOnly`;
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'allow-read', Effect: 'Allow', Principal: { AWS: principal }, Action: ['glacier:InitiateJob', 'glacier:GetJobOutput', 'glacier:ListJobs'], Resource: v.arn }],
  });
}

function initiateMultipart(c: Call, v: Vault | undefined): SimEvent | null {
  if (!v) return null;
  const w = c.world;
  const partSize = MiB * 2 ** c.rng.range(0, 7);
  const totalParts = c.rng.range(2, 12);
  const description = `${v.name}-${isoSeconds(c.t).slice(0, 10)}-${c.rng.range(1000, 9999)}.tar`;
  const req = vaultReq(c, v.name, `,"archiveDescription":${q(description)},"partSize":"${partSize}"`);
  let upload: Upload | null = null;
  const ev = attempt(c, OP.InitiateMultipartUpload, v, req, () => {
    const serial = w.nextSerial();
    const id = w.uploadId(serial);
    upload = { serial, id, vault: v, partSize, totalParts, partsDone: 0, description, lastSize: 1 + c.rng.int(partSize), closed: false };
    v.uploads.push(upload);
    return `{"location":"/${w.accountId}/vaults/${v.name}/multipart-uploads/${id}","uploadId":"${id}"}`;
  }, undefined, { then: (f) => scheduleParts(f, upload!) });
  return ev;
}

/** Parts back to back at 20-80 MB/s, then ListParts sometimes, then complete (92%) or abort. Failed calls are retried. */
function scheduleParts(c: Call, u: Upload): void {
  const seconds = Math.max(2, Math.round(u.partSize / (c.rng.range(20, 80) * 1e6)));
  const abortAfter = c.rng.chance(0.08) ? c.rng.range(1, u.totalParts - 1) : -1;
  let listed = false;
  let retries = 0;
  c.later(seconds, function next(f: Call): SimEvent | null {
    // A flag rather than uploads.includes(u): at stream rates a vault has 15-40 uploads open.
    if (u.vault.deleted || u.closed) return null;
    let ev: SimEvent | null;
    if (u.partsDone === abortAfter) {
      ev = multipartStep(f, OP.AbortMultipartUpload, u);
    } else if (u.partsDone < u.totalParts) {
      // The next part follows this one's success (after the SDK's retries, if it needed them);
      // a failure the SDK does not retry, the program retries itself a few times.
      ev = multipartStep(f, OP.UploadMultipartPart, u, (g) => g.later(seconds + g.rng.range(0, 3), next));
      if (ev?.error && (!isRetryable(ev.error) || f.retry.attempts === 1) && retries++ < 3) f.later(f.rng.range(5, 60), next);
      return ev;
    } else if (!listed && f.rng.chance(0.15)) {
      listed = true;
      // Completion follows the listing's answer, after any SDK retries.
      const list = multipartStep(f, OP.ListParts, u, (g) => g.later(g.rng.range(2, 10), next));
      if (list?.error && (!isRetryable(list.error) || f.retry.attempts === 1)) f.later(f.rng.range(2, 10), next);
      return list;
    } else {
      ev = multipartStep(f, OP.CompleteMultipartUpload, u);
    }
    if (ev?.error && retries++ < 3) f.later(f.rng.range(5, 60), next);
    return ev;
  });
}

/** Removes a completed or aborted upload from its vault. */
function closeUpload(u: Upload): void {
  u.vault.uploads.splice(u.vault.uploads.indexOf(u), 1);
  u.closed = true;
}

function multipartStep(c: Call, op: number, u: Upload, then?: (c: Call) => void): SimEvent | null {
  const w = c.world;
  const v = u.vault;
  const id = u.id;
  switch (op) {
    case OP.UploadMultipartPart: {
      const first = u.partsDone * u.partSize;
      const size = u.partsDone === u.totalParts - 1 ? u.lastSize : u.partSize;
      const sum = w.checksum(u.serial, u.partsDone + 1);
      const part = u.partsDone;
      return attempt(c, op, v, vaultReq(c, v.name, `,"uploadId":"${id}","checksum":"${sum}","range":"bytes ${first}-${first + size - 1}/*"`), () => {
        u.partsDone++;
        return `{"checksum":"${sum}"}`;
      }, undefined, { then, stale: () => u.closed || u.partsDone !== part });
    }
    case OP.CompleteMultipartUpload: {
      if (u.partsDone < u.totalParts) return null;
      const size = (u.totalParts - 1) * u.partSize + u.lastSize;
      const sum = w.checksum(u.serial);
      return attempt(c, op, v, vaultReq(c, v.name, `,"uploadId":"${id}","archiveSize":"${size}","checksum":"${sum}"`), () => {
        closeUpload(u);
        const serial = w.nextSerial();
        w.addArchive(v, serial);
        const archiveId = w.archiveId(serial);
        return `{"location":"/${w.accountId}/vaults/${v.name}/archives/${archiveId}","checksum":"${sum}","archiveId":"${archiveId}"}`;
      }, undefined, { stale: () => u.closed });
    }
    case OP.ListParts:
      return attempt(c, op, v, vaultReq(c, v.name, `,"uploadId":"${id}"`), () => 'null', undefined, { then, stale: () => u.closed });
    case OP.AbortMultipartUpload:
      return attempt(c, op, v, vaultReq(c, v.name, `,"uploadId":"${id}"`), () => {
        closeUpload(u);
        return 'null';
      }, undefined, { stale: () => u.closed });
    default:
      return null;
  }
}

const TIER_SECONDS: Record<JobTier, [number, number]> = {
  Expedited: [60, 300],
  Standard: [3 * 3600, 5 * 3600],
  Bulk: [5 * 3600, 12 * 3600],
};

function initiateJob(c: Call, v: Vault | undefined, forced?: { type: 'archive-retrieval' | 'inventory-retrieval'; archive?: number; tier?: JobTier }): SimEvent | null {
  if (!v) return null;
  const w = c.world;
  let type = forced?.type ?? (v.archives.length > 0 && c.rng.chance(0.7) ? 'archive-retrieval' : 'inventory-retrieval');
  if (type === 'archive-retrieval' && v.archives.length === 0 && forced?.archive === undefined) type = 'inventory-retrieval';
  const tier: JobTier = forced?.tier ?? (c.rng.chance(0.1) ? 'Expedited' : c.rng.chance(0.25) ? 'Bulk' : 'Standard');
  const archive = type === 'archive-retrieval' ? forced?.archive ?? v.archives.at(c.rng.int(v.archives.length)) : -1;
  const sns = v.notifications && c.rng.chance(0.5) ? `,"sNSTopic":"${v.notifications.topic}"` : '';
  const params = type === 'archive-retrieval'
    ? `{"type":"archive-retrieval","archiveId":"${w.archiveId(archive)}"${sns},"tier":"${tier}"}`
    : `{"format":"JSON","type":"inventory-retrieval"${sns}}`;
  const req = vaultReq(c, v.name, `,"jobParameters":${params}`);
  if (tier === 'Expedited' && w.capacities.length === 0 && c.rng.chance(0.05)) {
    return reject(c, OP.InitiateJob, v.name, v.arn, req, errorFragment('InsufficientCapacityException', 'There is not enough capacity to process this Expedited retrieval request.'));
  }
  let job: Job | null = null;
  const ev = attempt(c, OP.InitiateJob, v, req, () => {
    const [lo, hi] = TIER_SECONDS[type === 'inventory-retrieval' ? 'Standard' : tier];
    const completesAt = c.t + c.rng.range(lo, hi);
    // The id is derived again on each poll rather than kept: jobs stay listable for 24 h after
    // completion, so a dense run holds 100 k+ of them and a kept id would cost ~110 bytes each.
    job = { serial: w.nextSerial(), vault: v, type, completesAt, fetched: false };
    v.jobs.push(job);
    if (c.target) c.target.created = { job };
    const id = w.jobId(job.serial);
    return `{"location":"/${w.accountId}/vaults/${v.name}/jobs/${id}","jobId":"${id}"}`;
  }, undefined, { then: (f) => scheduleJobFollowUps(f, job!) });
  return ev;
}

/**
 * Pollers call DescribeJob every 15-60 min until done; notified clients wait for SNS. Then
 * GetJobOutput. Jobs take 3-12 h, so at high --records most jobs of a run are still pending at
 * its end (~150 k at 10 M records in 6 h): their follow-ups are shared functions with the job
 * as the task's argument, not a context and two closures per job, which held ~180 of the ~380
 * bytes a pending job cost.
 */
function scheduleJobFollowUps(c: Call, job: Job): void {
  const polls = !job.vault.notifications || c.rng.chance(0.5);
  if (!polls) c.laterWith(job.completesAt - c.t + c.rng.range(30, 1800), fetchJobOutput, job);
  else c.laterWith(pollSeconds(c.actor) + c.rng.next() * 2, pollJob, job);
}

const POLL_INTERVALS = [300, 600, 900, 1800];
const pollIntervals = new Map<PlanActor, number>();

/**
 * A polling program sleeps a fixed interval of its own between DescribeJob calls (5, 10, 15 or
 * 30 minutes, one per actor, hashed from its name), give or take a timer's second or two.
 */
function pollSeconds(actor: PlanActor): number {
  let s = pollIntervals.get(actor);
  if (s === undefined) pollIntervals.set(actor, (s = POLL_INTERVALS[hashString(`${actor.name}/poll`) % POLL_INTERVALS.length]!));
  return s;
}

/** DescribeJob until the job has completed, then GetJobOutput. */
function pollJob(f: Call, job: Job): SimEvent | null {
  const ev = jobCall(f, OP.DescribeJob, job);
  if (f.t >= job.completesAt) f.laterWith(f.rng.range(5, 120), fetchJobOutput, job);
  else f.laterWith(pollSeconds(f.actor) + f.rng.next() * 2, pollJob, job);
  return ev;
}

/** GetJobOutput; an archive retrieval is sometimes fetched again (another range, a retry). */
function fetchJobOutput(f: Call, job: Job): SimEvent | null {
  if (job.type === 'archive-retrieval' && job.ranged === undefined) {
    // Large retrievals are downloaded in ranges (Glacier developer guide, "Downloading Large
    // Output"): 30 % of programs here, with one chunk size, in order from byte 0.
    job.ranged = f.rng.chance(0.3) ? { size: MiB * f.rng.range(64, 1024), chunk: MiB * 2 ** f.rng.range(6, 8), next: 0 } : null;
  }
  const r = job.ranged;
  if (!r) {
    const ev = jobCall(f, OP.GetJobOutput, job);
    if (ev && !ev.error) job.fetched = true;
    return ev;
  }
  const end = Math.min(r.size, r.next + r.chunk) - 1;
  const ev = jobCall(f, OP.GetJobOutput, job, `,"range":"bytes=${r.next}-${end}"`);
  if (ev && !ev.error) {
    r.next = end + 1;
    // The next range when this one has downloaded, at 20-80 MB/s.
    if (r.next < r.size) f.laterWith(Math.max(1, Math.round(r.chunk / (f.rng.range(20, 80) * 1e6))), fetchJobOutput, job);
    else job.fetched = true;
  } else if (ev) {
    f.laterWith(f.rng.range(30, 300), fetchJobOutput, job);
  }
  return ev;
}

function jobCall(c: Call, op: number, job: Job, range = ''): SimEvent | null {
  const v = job.vault;
  if (v.deleted || jobExpiresAt(job) <= c.t) return null;
  const id = c.world.jobId(job.serial);
  if (op === OP.GetJobOutput && job.completesAt > c.t) {
    return reject(c, op, v.name, v.arn, vaultReq(c, v.name, `,"jobId":"${id}"`), errorFragment('InvalidParameterValueException', `The job is not currently available for download: ${id}`));
  }
  return attempt(c, op, v, vaultReq(c, v.name, `,"jobId":"${id}"${range}`), () => 'null');
}

/** A Deny statement on DeleteArchive (or glacier:*) in a lock policy. */
const DENIES_DELETE = /"Effect"\s*:\s*"Deny"[^}]*"glacier:(DeleteArchive|\*)"|"glacier:(DeleteArchive|\*)"[^}]*"Effect"\s*:\s*"Deny"/;

function initiateLock(c: Call, v: Vault | undefined): SimEvent | null {
  if (!v || lockOf(c, v) !== null) return null;
  const w = c.world;
  const days = c.rng.pick([30, 365, 2555]);
  const given = c.target?.params?.policy;
  const policy = given !== undefined ? (typeof given === 'string' ? given : JSON.stringify(given)) : JSON.stringify({
    Version: '2012-10-17',
    Statement: [{
      Sid: 'deny-delete-for-retention', Principal: '*', Effect: 'Deny', Action: 'glacier:DeleteArchive', Resource: v.arn,
      Condition: { NumericLessThanEquals: { 'glacier:ArchiveAgeInDays': String(days) } },
    }],
  });
  const req = vaultReq(c, v.name, `,"policy":{"policy":${q(policy)}}`);
  let serial = -1;
  const ev = attempt(c, OP.InitiateVaultLock, v, req, () => {
    serial = w.nextSerial();
    // A lock policy that denies DeleteArchive binds everyone once the lock is complete.
    w.setLock(v, { state: 'InProgress', serial, expiresAt: c.t + 86400, deniesDelete: DENIES_DELETE.test(policy) });
    if (c.target) c.target.created = { lock: serial };
    return `{"lockId":"${w.lockId(serial)}"}`;
  }, undefined, {
    then: (f) => {
      const abort = f.rng.chance(0.25);
      f.later(f.rng.range(60, 1800), (g) => {
        const get = runOnVault(g, OP.GetVaultLock, v);
        g.later(g.rng.range(3600, 20 * 3600), (h) => (v.lock?.serial === serial && v.lock.state === 'InProgress' ? lockCall(h, abort ? OP.AbortVaultLock : OP.CompleteVaultLock, v) : null));
        return get;
      });
    },
  });
  return ev;
}

function lockCall(c: Call, op: number, v: Vault): SimEvent | null {
  const lock = lockOf(c, v);
  if (!lock || lock.state !== 'InProgress') return null;
  const extra = op === OP.CompleteVaultLock ? `,"lockId":"${c.world.lockId(lock.serial)}"` : '';
  return attempt(c, op, v, vaultReq(c, v.name, extra), () => {
    if (op === OP.CompleteVaultLock) lock.state = 'Locked';
    else c.world.setLock(v, null);
    return 'null';
  });
}

export { initiateJob };
