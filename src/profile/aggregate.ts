/**
 * The streaming half of `profile`: every record updates a few counters of its principal,
 * unit (account × region) and vault; nothing per record is kept. Memory grows with the
 * number of principals, regions and vaults, and with the IDs of uploads and jobs started in
 * the input (numbers, capped), never with the number of records.
 *
 * Follow-up calls are told apart from background calls so the scenario's mix holds only what
 * an actor chooses to do: the simulator schedules parts and completion after
 * InitiateMultipartUpload, polls and downloads after InitiateJob, and the lock check and
 * completion after InitiateVaultLock (src/sim/calls.ts). Counting those in the mix would
 * schedule them twice when the twin is generated.
 */
import { OPERATION_COUNT, OPERATION_NAMES } from '../glacier/operations.js';
import { hashString } from '../random/hash.js';
import type { DenyReason } from '../scenario/types.js';
import { CallOutcomes } from './call-outcomes.js';
import { callerKey, describeCaller, isConsoleCall, isMfa, type Caller } from './caller.js';
import { classifyClient, ipv4, isEc2Address, type AddressShape, type ClientFamily } from './classify.js';
import { eventSeconds } from './event-time.js';
import type { TrailFile, TrailVisitor } from './read-trail.js';

const OP_INDEX = new Map(OPERATION_NAMES.map((n, i) => [n, i]));
const FOLLOW_UPLOAD = new Set(['UploadMultipartPart', 'CompleteMultipartUpload', 'AbortMultipartUpload', 'ListParts']);
const FOLLOW_JOB = new Set(['DescribeJob', 'GetJobOutput']);
const LOCK_OPS = new Set(['InitiateVaultLock', 'GetVaultLock', 'CompleteVaultLock', 'AbortVaultLock']);
/** IDs of uploads, jobs and archives remembered at most (hashes, 8-16 bytes each in a Set). */
const MAX_TRACKED_IDS = 2_000_000;
const MAX_ADDRESSES = 256;
/**
 * Records that open a credential session, by eventSource:eventName, with the scenario construct
 * that makes them (src/sim/openers.ts, src/plan/compile-core.ts sessionOpener): an AssumedRole
 * actor (AssumeRole by EC2 for instance profiles and their refreshes every ~6 h, or by a user's
 * role profile), an SSO actor (AssumeRoleWithSAML), a FederatedUser actor (GetFederationToken),
 * a console client (ConsoleLogin). They are not activity: modelling them would open sessions twice.
 */
const OPENERS = new Map([
  ['sts.amazonaws.com:AssumeRole', 'AssumeRole (AssumedRole actors, instance-profile refreshes)'],
  ['sts.amazonaws.com:AssumeRoleWithSAML', 'AssumeRoleWithSAML (sso actors)'],
  ['sts.amazonaws.com:GetFederationToken', 'GetFederationToken (FederatedUser actors)'],
  ['signin.amazonaws.com:ConsoleLogin', 'ConsoleLogin (console clients)'],
]);
const MAX_AGENTS = 64;
/** ARNs whose principal is remembered (principal()); beyond this, keys are built as before. */
const MAX_ARNS = 100_000;

/** Background and follow-up calls of one principal in one region. */
export class RegionStats {
  readonly background = new Float64Array(OPERATION_COUNT);
  readonly followUps = new Float64Array(OPERATION_COUNT);
  /** Background calls by UTC hour of week (0 = Monday 00:00). */
  readonly hourOfWeek = new Float64Array(168);
  records = 0;
  // OutcomeCounts (./call-outcomes.ts): retries folded into their calls, and what fits errorRate and permissions.
  retries = 0;
  readonly retriedOps = new Float64Array(OPERATION_COUNT);
  readonly retriedHours = new Float64Array(168);
  burstThrottles = 0;
  exposed = 0;
  errors = 0;
  readonly denied = new Float64Array(OPERATION_COUNT);
  readonly denyReasons = new Map<DenyReason, number>();
}

/** A PrincipalStats as data (what structured clone keeps of it). */
export type PrincipalState = Pick<PrincipalStats, 'regions' | 'agents' | 'clients' | 'records' | 'mfa' | 'console' | 'addresses' | 'days' | 'hours' | 'ec2' | 'aws' | 'addressed' | 'caller' | 'account' | 'pollGaps' | 'runReads' | 'runs'>;

/** The intervals a polling program sleeps between DescribeJob calls (src/sim/calls.ts POLL_INTERVALS, one per actor). */
export const POLL_INTERVALS = [300, 600, 900, 1800];
/** A Terraform run's refresh reads come within seconds; runs are hours apart (src/sim/terraform-runs.ts). */
const RUN_GAP = 120;

/**
 * Per-string caches: a principal calls from a few addresses with one or two user agents, so
 * parsing an address and scanning the EC2 blocks, or matching an agent's patterns, once per
 * distinct string instead of once per record (1 M records: ~1.5 s less).
 */
const ec2Cache = new Map<string, boolean>();
const clientCache = new Map<string, ClientFamily>();
const CACHE_MAX = 100_000;

function isEc2Cached(ip: string): boolean {
  let v = ec2Cache.get(ip);
  if (v === undefined) {
    const n = ipv4(ip);
    v = n === n && isEc2Address(n);
    if (ec2Cache.size < CACHE_MAX) ec2Cache.set(ip, v);
  }
  return v;
}

function clientOf(ua: unknown, consoleCall: boolean): ClientFamily {
  if (consoleCall || typeof ua !== 'string') return classifyClient(ua, consoleCall);
  let v = clientCache.get(ua);
  if (v === undefined) {
    v = classifyClient(ua);
    if (clientCache.size < CACHE_MAX) clientCache.set(ua, v);
  }
  return v;
}

export class PrincipalStats {
  readonly regions = new Map<string, RegionStats>();
  readonly agents = new Map<string, number>();
  readonly clients = new Map<ClientFamily, number>();
  records = 0;
  mfa = false;
  console = 0;
  // Public for absorb() and for the state workers send back (see ./parallel.ts).
  readonly addresses = new Map<string, number>();
  readonly days = new Map<number, Set<string>>();
  readonly hours = new Map<number, string | true>();
  ec2 = 0;
  aws = 0;
  addressed = 0;
  /** Gaps between polls of one job, by POLL_INTERVALS entry (the actor's poll interval). */
  readonly pollGaps = new Float64Array(POLL_INTERVALS.length);
  /** Terraform: DescribeVault reads and the runs they came in (reads more than RUN_GAP apart), for the state's size. */
  runReads = 0;
  runs = 0;
  lastRead = -Infinity;

  constructor(readonly caller: Caller, readonly account: string) {}

  address(ip: string, t: number): void {
    this.addressed++;
    if (ip === 'AWS Internal' || ip.endsWith('.amazonaws.com')) {
      this.aws++;
      return;
    }
    if (isEc2Cached(ip)) this.ec2++;
    const seenIp = this.addresses.get(ip);
    if (seenIp !== undefined) this.addresses.set(ip, seenIp + 1);
    else if (this.addresses.size < MAX_ADDRESSES) this.addresses.set(ip, 1);
    const day = Math.floor(t / 86400);
    let set = this.days.get(day);
    if (!set) this.days.set(day, (set = new Set()));
    if (set.size < 8) set.add(ip);
    const hour = Math.floor(t / 3600);
    const seen = this.hours.get(hour);
    if (seen === undefined) {
      if (this.hours.size < 20_000) this.hours.set(hour, ip);
    } else if (seen !== true && seen !== ip) this.hours.set(hour, true);
  }

  agent(ua: string): void {
    if (this.agents.has(ua)) this.agents.set(ua, this.agents.get(ua)! + 1);
    else if (this.agents.size < MAX_AGENTS) this.agents.set(ua, 1);
  }

  addressShape(): AddressShape {
    const ips = [...this.addresses.keys()];
    const net = (bits: number): number => new Set(ips.map((ip) => ip.split('.').slice(0, bits / 8).join('.'))).size;
    let maxPerDay = 0;
    for (const s of this.days.values()) maxPerDay = Math.max(maxPerDay, s.size);
    let maxPerHour = this.hours.size ? 1 : 0;
    for (const v of this.hours.values()) if (v === true) maxPerHour = 2;
    const total = Math.max(1, this.addressed);
    return { distinct: ips.length, networks16: net(16), networks24: net(24), maxPerDay, maxPerHour, ec2Share: this.ec2 / total, awsShare: this.aws / total };
  }

  /** Adds another principal's counts (merging quiet principals into one actor). */
  absorb(o: PrincipalState): void {
    this.records += o.records;
    this.console += o.console;
    this.mfa ||= o.mfa;
    for (const [r, src] of o.regions) {
      let rs = this.regions.get(r);
      if (!rs) this.regions.set(r, (rs = new RegionStats()));
      rs.records += src.records;
      rs.retries += src.retries;
      rs.burstThrottles += src.burstThrottles;
      rs.exposed += src.exposed;
      rs.errors += src.errors;
      for (let i = 0; i < src.background.length; i++) {
        rs.background[i]! += src.background[i]!;
        rs.followUps[i]! += src.followUps[i]!;
        rs.denied[i]! += src.denied[i]!;
        rs.retriedOps[i]! += src.retriedOps[i]!;
      }
      for (let b = 0; b < 168; b++) rs.retriedHours[b]! += src.retriedHours[b]!;
      for (const [reason, n] of src.denyReasons) rs.denyReasons.set(reason, (rs.denyReasons.get(reason) ?? 0) + n);
      for (let b = 0; b < 168; b++) rs.hourOfWeek[b]! += src.hourOfWeek[b]!;
    }
    for (const [c, n] of o.clients) this.clients.set(c, (this.clients.get(c) ?? 0) + n);
    for (const [ua, n] of o.agents) if (this.agents.has(ua) || this.agents.size < MAX_AGENTS) this.agents.set(ua, (this.agents.get(ua) ?? 0) + n);
    for (const [ip, n] of o.addresses) if (this.addresses.size < MAX_ADDRESSES) this.addresses.set(ip, (this.addresses.get(ip) ?? 0) + n);
    for (const [d, set] of o.days) {
      const mine = this.days.get(d) ?? new Set<string>();
      for (const ip of set) if (mine.size < 8) mine.add(ip);
      this.days.set(d, mine);
    }
    for (const [h, v] of o.hours) {
      const mine = this.hours.get(h);
      this.hours.set(h, mine === undefined ? v : mine === v ? v : true);
    }
    this.ec2 += o.ec2;
    this.aws += o.aws;
    this.addressed += o.addressed;
    for (let i = 0; i < POLL_INTERVALS.length; i++) this.pollGaps[i]! += o.pollGaps[i]!;
    this.runReads += o.runReads;
    this.runs += o.runs;
  }

  /** The poll interval seen most (undefined without polls). */
  pollInterval(): number | undefined {
    let best = -1;
    for (let i = 0; i < POLL_INTERVALS.length; i++) if (this.pollGaps[i]! > 0 && (best < 0 || this.pollGaps[i]! > this.pollGaps[best]!)) best = i;
    return best < 0 ? undefined : POLL_INTERVALS[best];
  }

  /** The most common client family. */
  client(): ClientFamily {
    let best: ClientFamily = 'unknown';
    let n = -1;
    for (const [c, k] of this.clients) if (k > n) [best, n] = [c, k];
    return best;
  }
}

export interface VaultStats {
  name: string;
  /** Created inside the window (CreateVault succeeded before any other use): not there at the start. */
  createdInWindow: boolean;
  /** Archives referenced (deleted, retrieved) that no upload in the input produced: there at the start. */
  archivesBefore: number;
}

export interface UnitStats {
  account: string;
  region: string;
  vaults: Map<string, VaultStats>;
  records: number;
}

type Obj = Record<string, unknown>;

/** A call naming an upload or job whose Initiate has not been seen (yet). */
interface Pending {
  rs: RegionStats;
  op: number;
  bin: number;
}

export class ProfileAggregator implements TrailVisitor {
  readonly principals = new Map<string, PrincipalStats>();
  readonly units = new Map<string, UnitStats>();
  /** Records per eventSource that are not Glacier (counted, not modelled). */
  readonly otherSources = new Map<string, number>();
  /** Glacier eventNames outside the 33 modelled operations. */
  readonly unknownOperations = new Map<string, number>();
  /** Session openers and credential refreshes, which the twin's actors make by themselves (see OPENERS). */
  readonly openers = new Map<string, number>();
  readonly organizations = new Set<string>();
  readonly prefixes = new Map<string, number>();
  glacierRecords = 0;
  followUpRecords = 0;
  /** SDK retries folded into the call they repeat. */
  retryRecords = 0;
  badTimes = 0;
  /** True once the ID sets hit MAX_TRACKED_IDS (follow-ups after that count as background). */
  idsSaturated = false;
  first = Infinity;
  last = -Infinity;
  /** Per upload or job ID hash: `true` once its Initiate was seen, else the calls naming it so far. */
  private readonly flows = new Map<number, true | Pending[]>();
  private pendingCount = 0;
  private readonly archives = new Set<number>();
  /** Vaults (unit/name) with an InitiateVaultLock whose follow-ups have not been seen yet. */
  private readonly locks = new Map<string, { get: boolean; done: boolean }>();
  private lastFile: TrailFile | undefined;
  private lastUnit: UnitStats | undefined;
  /** The principal last found for an arn, with what else its key depends on (see principal()). */
  private readonly byArn = new Map<string, { recipient: unknown; type: unknown; family: ClientFamily; p: PrincipalStats }>();
  private readonly outcomes = new CallOutcomes();
  /** Time of each job's last DescribeJob (hash of the job ID), for the poll interval. */
  private readonly lastPoll = new Map<number, number>();

  constructor(private readonly inputRoots: readonly string[] = []) {}

  record(r: Obj, file: TrailFile): void {
    const t = eventSeconds(r.eventTime as string);
    if (t !== t) {
      this.badTimes++;
      return;
    }
    if (file !== this.lastFile) this.noteFile(file);
    const source = r.eventSource;
    if (source !== 'glacier.amazonaws.com') {
      const opener = OPENERS.get(`${String(source)}:${String(r.eventName)}`);
      if (opener) {
        this.openers.set(opener, (this.openers.get(opener) ?? 0) + 1);
        return;
      }
      const s = typeof source === 'string' ? source : '(none)';
      this.otherSources.set(s, (this.otherSources.get(s) ?? 0) + 1);
      return;
    }
    const name = String(r.eventName);
    const op = OP_INDEX.get(name);
    if (op === undefined) {
      this.unknownOperations.set(name, (this.unknownOperations.get(name) ?? 0) + 1);
      return;
    }
    this.glacierRecords++;
    // The window is the Glacier records' (the modelled ones): other services' records may be years apart.
    if (t < this.first) this.first = t;
    if (t > this.last) this.last = t;
    const region = typeof r.awsRegion === 'string' ? r.awsRegion : 'us-east-1';
    const account = typeof r.recipientAccountId === 'string' ? r.recipientAccountId : '000000000000';
    const ua = r.userAgent;
    const consoleCall = isConsoleCall(r);
    const family = clientOf(ua, consoleCall);
    // One principal per client family: an actor has one client, and a principal seen with two
    // (stolen keys used from python-requests, an SSO user on the console and the CLI) is two
    // actors in the twin, each with its own calls, rhythm and origin.
    const p = this.principal(r, family, account);
    let rs = p.regions.get(region);
    if (!rs) p.regions.set(region, (rs = new RegionStats()));
    p.records++;
    rs.records++;
    if (typeof r.sourceIPAddress === 'string') p.address(r.sourceIPAddress, t);
    if (consoleCall) p.console++;
    if (typeof ua === 'string') p.agent(ua);
    p.clients.set(family, (p.clients.get(family) ?? 0) + 1);
    if (!p.mfa && isMfa(r)) p.mfa = true;
    const code = typeof r.errorCode === 'string' ? r.errorCode : '';
    this.outcomes.observe(rs, op, t, code, r.errorMessage, r.requestParameters, family);

    const unit = this.unit(account, region);
    unit.records++;
    const req = (r.requestParameters ?? {}) as Obj;
    const resp = (r.responseElements ?? {}) as Obj;
    const vaultName = typeof req.vaultName === 'string' ? req.vaultName : undefined;
    const bin = hourOfWeekUtc(t);
    const vaultKey = LOCK_OPS.has(name) ? `${account}/${region}/${vaultName}` : '';
    {
      if (name === 'DescribeJob' && typeof req.jobId === 'string') this.poll(p, hashString(req.jobId), t);
      if (name === 'DescribeVault' && family === 'terraform') {
        if (Math.abs(t - p.lastRead) > RUN_GAP) p.runs++;
        p.runReads++;
        p.lastRead = t;
      }
    }
    if (this.isFollowUp(name, req, code, vaultKey, rs, op, bin)) {
      rs.followUps[op]! += 1;
      this.followUpRecords++;
    } else {
      rs.background[op]! += 1;
      rs.hourOfWeek[bin]! += 1;
    }
    if (vaultName) this.vault(unit, vaultName, name, code, req, resp);
    if (!code) this.remember(name, resp, vaultKey);
  }

  /**
   * The record's principal. callerKey is a function of recipientAccountId, userIdentity.type
   * and a non-empty arn (except for AWSService), so those three and the client family find it
   * by the arn, an interned string (./fast-records.ts) whose hash V8 keeps, instead of building
   * and hashing the ~90-character key for every record.
   */
  private principal(r: Obj, family: ClientFamily, account: string): PrincipalStats {
    const ui = r.userIdentity as Obj | undefined;
    const arn = ui !== null && typeof ui === 'object' ? ui.arn : undefined;
    const cacheable = typeof arn === 'string' && arn !== '' && ui!.type !== 'AWSService';
    if (cacheable) {
      const c = this.byArn.get(arn);
      if (c !== undefined && c.recipient === r.recipientAccountId && c.type === ui!.type && c.family === family) return c.p;
    }
    const key = `${callerKey(r)}|${family}`;
    let p = this.principals.get(key);
    if (!p) this.principals.set(key, (p = new PrincipalStats(describeCaller(r, key), account)));
    if (cacheable && (this.byArn.size < MAX_ARNS || this.byArn.has(arn))) this.byArn.set(arn, { recipient: r.recipientAccountId, type: ui!.type, family, p });
    return p;
  }

  /** Whether a call continues a flow the input started (see the module comment). */
  private isFollowUp(name: string, req: Obj, code: string, vaultKey: string, rs: RegionStats, op: number, bin: number): boolean {
    const id = FOLLOW_UPLOAD.has(name) ? req.uploadId : FOLLOW_JOB.has(name) ? req.jobId : undefined;
    if (typeof id === 'string') {
      // Log files are in delivery order, not event order (delivery lags vary by minutes), so a
      // part may come before its upload's Initiate: it counts as background until then.
      const h = hashString(id);
      const flow = this.flows.get(h);
      if (flow === true) return true;
      if (this.pendingCount < MAX_TRACKED_IDS) {
        this.pendingCount++;
        if (flow) flow.push({ rs, op, bin });
        else this.flows.set(h, [{ rs, op, bin }]);
      } else this.idsSaturated = true;
      return false;
    }
    if (name === 'GetVaultLock' || name === 'CompleteVaultLock' || name === 'AbortVaultLock') {
      const lock = this.locks.get(vaultKey);
      if (!lock) return false;
      if (name === 'GetVaultLock' && !lock.get) return (lock.get = true);
      if (name !== 'GetVaultLock' && !lock.done) {
        if (!code) this.locks.delete(vaultKey);
        return true;
      }
    }
    return false;
  }

  /** A job's polls: the gap since its previous poll votes for the nearest poll interval (a timer's second or two off). */
  private poll(p: PrincipalStats, job: number, t: number): void {
    const last = this.lastPoll.get(job);
    if (last !== undefined) {
      const gap = t - last;
      // A loop, not findIndex with a closure: DescribeJob is the commonest follow-up (a poll every 5-30 min per job).
      for (let i = 0; i < POLL_INTERVALS.length; i++) {
        const s = POLL_INTERVALS[i]!;
        if (gap >= s - 1 && gap <= s + 4) {
          p.pollGaps[i]! += 1;
          break;
        }
      }
    }
    if (this.lastPoll.size >= MAX_TRACKED_IDS / 4) this.lastPoll.clear();
    this.lastPoll.set(job, t);
  }

  /** IDs the input created, so later calls naming them are recognised. */
  private remember(name: string, resp: Obj, vaultKey: string): void {
    const add = (set: Set<number>, id: unknown): void => {
      if (typeof id !== 'string') return;
      if (this.flows.size + this.archives.size >= MAX_TRACKED_IDS) {
        this.idsSaturated = true;
        return;
      }
      set.add(hashString(id));
    };
    if (name === 'InitiateMultipartUpload' || name === 'InitiateJob') this.started(name === 'InitiateJob' ? resp.jobId : resp.uploadId);
    else if (name === 'UploadArchive' || name === 'CompleteMultipartUpload') add(this.archives, resp.archiveId);
    else if (name === 'InitiateVaultLock') this.locks.set(vaultKey, { get: false, done: false });
  }

  /** An upload or job the input started: calls naming it that came earlier become follow-ups. */
  private started(id: unknown): void {
    if (typeof id !== 'string') return;
    const h = hashString(id);
    const flow = this.flows.get(h);
    if (Array.isArray(flow)) {
      for (const { rs, op, bin } of flow) {
        rs.background[op]! -= 1;
        rs.hourOfWeek[bin]! -= 1;
        rs.followUps[op]! += 1;
        this.followUpRecords++;
      }
      this.pendingCount -= flow.length;
    }
    if (this.flows.size + this.archives.size < MAX_TRACKED_IDS || flow) this.flows.set(h, true);
    else this.idsSaturated = true;
  }

  private vault(unit: UnitStats, vaultName: string, name: string, code: string, req: Obj, resp: Obj): void {
    let v = unit.vaults.get(vaultName);
    if (!v) {
      if (unit.vaults.size >= 100_000) return;
      unit.vaults.set(vaultName, (v = { name: vaultName, createdInWindow: name === 'CreateVault' && !code, archivesBefore: 0 }));
    }
    // An archive named by a deletion or retrieval that no upload of the input produced was
    // already in the vault: the count of those estimates the vault's archives at the start.
    let archiveId: unknown;
    if (name === 'DeleteArchive') archiveId = req.archiveId;
    else if (name === 'InitiateJob') archiveId = (req.jobParameters as Obj | undefined)?.archiveId;
    if (typeof archiveId === 'string' && !this.archives.has(hashString(archiveId))) {
      v.archivesBefore++;
      if (this.archives.size < MAX_TRACKED_IDS) this.archives.add(hashString(archiveId));
    }
    void resp;
  }

  private unit(account: string, region: string): UnitStats {
    // A log file is one unit's: the last one saves a string and a Map lookup per record.
    const last = this.lastUnit;
    if (last !== undefined && last.account === account && last.region === region) return last;
    const u = this.findUnit(account, region);
    this.lastUnit = u;
    return u;
  }

  private findUnit(account: string, region: string): UnitStats {
    const key = `${account}/${region}`;
    let u = this.units.get(key);
    if (!u) this.units.set(key, (u = { account, region, vaults: new Map(), records: 0 }));
    return u;
  }

  /**
   * Classifies the records still waiting in the retry reorder buffer (./call-outcomes.ts).
   * Called once reading is done, before state() or the build step reads the counts.
   */
  finish(): void {
    this.outcomes.finish();
    let n = 0;
    for (const p of this.principals.values()) for (const rs of p.regions.values()) n += rs.retries;
    this.retryRecords = n;
  }

  /** Everything the build step reads, as data a worker can post back (see ./parallel.ts). */
  state(): AggregatorState {
    this.finish();
    return {
      principals: [...this.principals.values()], units: [...this.units.values()], otherSources: this.otherSources, openers: this.openers, unknownOperations: this.unknownOperations,
      organizations: this.organizations, prefixes: this.prefixes, glacierRecords: this.glacierRecords, followUpRecords: this.followUpRecords, retryRecords: this.retryRecords,
      badTimes: this.badTimes, idsSaturated: this.idsSaturated, first: this.first, last: this.last,
    };
  }

  /** Adds another aggregator's state (a worker's share of the units). Counts are whole numbers, so the sums do not depend on order. */
  merge(o: AggregatorState): void {
    for (const p of o.principals) {
      let mine = this.principals.get(p.caller.key);
      if (!mine) this.principals.set(p.caller.key, (mine = new PrincipalStats(p.caller, p.account)));
      mine.absorb(p);
    }
    for (const u of o.units) {
      const mine = this.unit(u.account, u.region);
      mine.records += u.records;
      for (const [name, v] of u.vaults) {
        const have = mine.vaults.get(name);
        if (!have) mine.vaults.set(name, { ...v });
        else {
          have.archivesBefore += v.archivesBefore;
          have.createdInWindow &&= v.createdInWindow;
        }
      }
    }
    const add = <K>(into: Map<K, number>, from: Map<K, number>): void => {
      for (const [k, n] of from) into.set(k, (into.get(k) ?? 0) + n);
    };
    add(this.otherSources, o.otherSources);
    add(this.openers, o.openers);
    add(this.unknownOperations, o.unknownOperations);
    add(this.prefixes, o.prefixes);
    for (const id of o.organizations) this.organizations.add(id);
    this.glacierRecords += o.glacierRecords;
    this.followUpRecords += o.followUpRecords;
    this.retryRecords += o.retryRecords;
    this.badTimes += o.badTimes;
    this.idsSaturated ||= o.idsSaturated;
    this.first = Math.min(this.first, o.first);
    this.last = Math.max(this.last, o.last);
  }

  /** Organization and trail prefix of a new file (once per file, not per record). */
  private noteFile(file: TrailFile): void {
    this.lastFile = file;
    if (file.organizationId) this.organizations.add(file.organizationId);
    if (file.beforeAwsLogs === undefined) return;
    // The prefix is the path between the input directory (the bucket root) and `AWSLogs/`.
    let prefix = file.beforeAwsLogs;
    for (const root of this.inputRoots) {
      const r = root.replace(/\\/g, '/').replace(/\/+$/, '');
      if (prefix === r || r.startsWith(`${prefix}/AWSLogs`)) prefix = '';
      else if (prefix.startsWith(`${r}/`)) prefix = prefix.slice(r.length + 1);
    }
    if (prefix.startsWith('/') || prefix.startsWith('.')) prefix = '';
    this.prefixes.set(prefix, (this.prefixes.get(prefix) ?? 0) + 1);
  }
}

export interface AggregatorState {
  principals: PrincipalState[];
  units: UnitStats[];
  otherSources: Map<string, number>;
  openers: Map<string, number>;
  unknownOperations: Map<string, number>;
  organizations: Set<string>;
  prefixes: Map<string, number>;
  glacierRecords: number;
  followUpRecords: number;
  retryRecords: number;
  badTimes: number;
  idsSaturated: boolean;
  first: number;
  last: number;
}

/** Hour of week in UTC, 0 = Monday 00:00 (1970-01-01 was a Thursday), as src/plan/rhythm.ts counts. */
export function hourOfWeekUtc(t: number): number {
  return (Math.floor(t / 3600) + 72) % 168;
}
