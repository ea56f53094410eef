/**
 * The state of one account in one region: vaults, archives, jobs, multipart uploads, locks,
 * policies. Resources are numbered by unit-wide serials; their public ids (138-char archive
 * ids, 92-char job and upload ids) are derived from the serial on demand, so state stays a
 * few numbers per resource even for millions of archives.
 */
import { base64urlAt, charsAt, hexAt, ALNUM } from '../random/ids.js';
import { hashString } from '../random/hash.js';
import { JobList } from './job-list.js';
import { SerialList } from './serial-list.js';
import { LIVE, VaultIndex, WITH_ARCHIVES, WITH_LOCK, WITH_NOTIFICATIONS, WITH_POLICY } from './vault-index.js';
import { compileVaultDenies, type PolicyDeny } from './vault-policy.js';

export type JobType = 'archive-retrieval' | 'inventory-retrieval' | 'select';

export type JobTier = 'Expedited' | 'Standard' | 'Bulk';

/**
 * A retrieval job, as follow-up calls (polls, fetches) and scripts hold it. Vaults list their
 * jobs in compact columns (JobList); only what later calls read is kept.
 */
export interface Job {
  serial: number;
  vault: Vault;
  type: JobType;
  completesAt: number;
  fetched: boolean;
  /** A ranged download in progress (sim/calls.ts fetchJobOutput); null: fetched whole. */
  ranged?: { size: number; chunk: number; next: number } | null;
}

/** A job's output may be fetched (and the job listed) until 24 h after it completes. */
export const JOB_OUTPUT_SECONDS = 86400;

export function jobExpiresAt(job: Job): number {
  return job.completesAt + JOB_OUTPUT_SECONDS;
}

export interface Upload {
  serial: number;
  /** Public upload id (World.uploadId of serial), kept because every part names it. */
  id: string;
  vault: Vault;
  partSize: number;
  totalParts: number;
  partsDone: number;
  description: string;
  lastSize: number;
  /** Completed or aborted: removed from its vault's uploads, so its scheduled parts stop. */
  closed: boolean;
}

export interface Vault {
  name: string;
  arn: string;
  createdAt: number;
  archives: SerialList;
  jobs: JobList;
  uploads: Upload[];
  lock: { state: 'InProgress' | 'Locked'; serial: number; expiresAt: number; deniesDelete?: boolean } | null;
  policy: string | null;
  /** The Deny statements of `policy` that bind callers (sim/vault-policy.ts); null: none. */
  policyDenies: PolicyDeny[] | null;
  notifications: { topic: string; events: string[] } | null;
  tags: Map<string, string>;
  deleted: boolean;
  /** Position in creation order (World.index). */
  slot: number;
}

export class World {
  readonly vaults: Vault[] = [];
  /** Which vaults hold archives, have a policy, notifications or a lock (picks in O(log n)). */
  readonly index = new VaultIndex();
  readonly byName = new Map<string, Vault>();
  /** Recently deleted vault names: later calls to them fail with ResourceNotFoundException. */
  readonly deletedNames: string[] = [];
  retrievalStrategy: 'FreeTier' | 'BytesPerHour' | 'None' = 'FreeTier';
  readonly capacities: number[] = [];
  private serial = 0;
  private readonly keys: Record<'archive' | 'job' | 'upload' | 'lock' | 'cap' | 'sum', number>;

  /**
   * `countOnly` (a counting pass): the IDs and checksums below come back empty. They are
   * hashes of serials, drawn from no random stream and read by no decision, so the events are
   * the same; skipping them saves ~12 % of a counting pass (base64url/hex of 92-138 characters
   * per job, upload or archive call, and the garbage of those strings).
   */
  constructor(readonly accountId: string, readonly region: string, readonly partition: string, unitKey: string, private readonly countOnly = false) {
    this.keys = {
      archive: hashString(`${unitKey}/archive`),
      job: hashString(`${unitKey}/job`),
      upload: hashString(`${unitKey}/upload`),
      lock: hashString(`${unitKey}/lock`),
      cap: hashString(`${unitKey}/capacity`),
      sum: hashString(`${unitKey}/checksum`),
    };
  }

  nextSerial(): number {
    return this.serial++;
  }

  vaultArn(name: string): string {
    return `arn:${this.partition}:glacier:${this.region}:${this.accountId}:vaults/${name}`;
  }

  addVault(name: string, createdAt: number, archives: number, tags: Record<string, string>): Vault {
    const v: Vault = {
      name, arn: this.vaultArn(name), createdAt, archives: new SerialList(archives), jobs: new JobList(), uploads: [], lock: null,
      policy: null, policyDenies: null, notifications: null, tags: new Map(Object.entries(tags)), deleted: false, slot: 0,
    };
    v.slot = this.index.add(v);
    this.index.set(v.slot, LIVE, true);
    for (let i = 0; i < archives; i++) this.addArchive(v, this.nextSerial());
    this.vaults.push(v);
    this.byName.set(name, v);
    return v;
  }

  removeVault(v: Vault): void {
    v.deleted = true;
    for (const test of [WITH_ARCHIVES, WITH_POLICY, WITH_NOTIFICATIONS, WITH_LOCK, LIVE] as const) this.index.set(v.slot, test, false);
    this.vaults.splice(this.vaults.indexOf(v), 1);
    this.byName.delete(v.name);
    this.deletedNames.push(v.name);
    if (this.deletedNames.length > 50) this.deletedNames.shift();
  }

  addArchive(v: Vault, serial: number): void {
    v.archives.push(serial);
    this.index.set(v.slot, WITH_ARCHIVES, true);
  }

  /** Removes the archive at `index` of the vault's list (the last one takes its place). */
  removeArchive(v: Vault, index: number): void {
    v.archives.swapRemove(index);
    if (v.archives.length === 0) this.index.set(v.slot, WITH_ARCHIVES, false);
  }

  setPolicy(v: Vault, policy: string | null): void {
    v.policy = policy;
    v.policyDenies = policy === null ? null : compileVaultDenies(policy, v.arn);
    this.index.set(v.slot, WITH_POLICY, policy !== null);
  }

  setNotifications(v: Vault, notifications: Vault['notifications']): void {
    v.notifications = notifications;
    this.index.set(v.slot, WITH_NOTIFICATIONS, notifications !== null);
  }

  setLock(v: Vault, lock: Vault['lock']): void {
    v.lock = lock;
    this.index.set(v.slot, WITH_LOCK, lock !== null);
  }

  archiveId(serial: number): string {
    return this.countOnly ? '' : base64urlAt(this.keys.archive, serial, 0, 138);
  }

  jobId(serial: number): string {
    return this.countOnly ? '' : base64urlAt(this.keys.job, serial, 0, 92);
  }

  uploadId(serial: number): string {
    return this.countOnly ? '' : base64urlAt(this.keys.upload, serial, 0, 92);
  }

  lockId(serial: number): string {
    return charsAt(ALNUM, this.keys.lock, serial, 0, 24);
  }

  capacityId(serial: number): string {
    return charsAt(ALNUM, this.keys.cap, serial, 0, 24);
  }

  /** SHA-256 tree hash of a (synthetic) payload: 64 lowercase hex. */
  checksum(serial: number, part = 0): string {
    return this.countOnly ? '' : hexAt(this.keys.sum, serial * 16384 + part, 0, 32);
  }
}
