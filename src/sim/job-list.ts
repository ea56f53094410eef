/**
 * A vault's listable Glacier jobs, in creation order, as typed-array columns.
 *
 * Why not Job[]: jobs stay listable until 24 h after completion, so a dense run holds 100 k+
 * of them (161 k at 10 M records in 6 h, where none expires), and as objects they were 88
 * bytes each (a boxed completion time included): 14 MB of a 40 MB simulation heap, which V8
 * keeps at about twice its live size. Here a job is 13 bytes. Picking one from the list
 * builds a fresh Job; the Job objects that follow-up calls and scripts hold are separate, and
 * only they carry `fetched`, which nothing reads from the list.
 */
import { JOB_OUTPUT_SECONDS, jobExpiresAt, type Job, type JobType, type Vault } from './world.js';

const TYPES: readonly JobType[] = ['archive-retrieval', 'inventory-retrieval', 'select'];

export class JobList {
  private serials = new Int32Array(8);
  private completes = new Float64Array(8);
  private types = new Uint8Array(8);
  private size = 0;
  /** Earliest expiry among the listed jobs (Infinity when empty): expiring is O(1) until then. */
  private nextExpiry = Infinity;

  get length(): number {
    return this.size;
  }

  push(job: Job): void {
    if (this.size === this.serials.length) this.grow();
    this.serials[this.size] = job.serial;
    this.completes[this.size] = job.completesAt;
    this.types[this.size] = TYPES.indexOf(job.type);
    this.size++;
    this.nextExpiry = Math.min(this.nextExpiry, jobExpiresAt(job));
  }

  /** Drops the jobs whose output has expired by t (completion + 24 h), keeping the order of the rest. */
  expire(t: number): void {
    if (t < this.nextExpiry) return;
    let kept = 0;
    let next = Infinity;
    for (let i = 0; i < this.size; i++) {
      const expiresAt = this.completes[i]! + JOB_OUTPUT_SECONDS;
      if (expiresAt <= t) continue;
      this.serials[kept] = this.serials[i]!;
      this.completes[kept] = this.completes[i]!;
      this.types[kept] = this.types[i]!;
      kept++;
      next = Math.min(next, expiresAt);
    }
    this.size = kept;
    this.nextExpiry = next;
  }

  completesAt(index: number): number {
    this.check(index);
    return this.completes[index]!;
  }

  /** Whether any listed job has completed by t. */
  anyCompletedBy(t: number): boolean {
    for (let i = 0; i < this.size; i++) if (this.completes[i]! <= t) return true;
    return false;
  }

  /** The job at index, as a new Job of `vault` (the vault this list belongs to). */
  at(index: number, vault: Vault): Job {
    this.check(index);
    return { serial: this.serials[index]!, vault, type: TYPES[this.types[index]!]!, completesAt: this.completes[index]!, fetched: false };
  }

  private check(index: number): void {
    if (index < 0 || index >= this.size) throw new RangeError(`job index ${index} out of range 0..${this.size - 1}`);
  }

  private grow(): void {
    const n = this.serials.length * 2;
    const serials = new Int32Array(n);
    serials.set(this.serials);
    const completes = new Float64Array(n);
    completes.set(this.completes);
    const types = new Uint8Array(n);
    types.set(this.types);
    [this.serials, this.completes, this.types] = [serials, completes, types];
  }
}
