/**
 * A vault's job list in columns keeps what the Job[] it replaced kept: creation order, expiry
 * exactly 24 h after completion (kept while expiry > t), and the fields later calls read.
 */
import { describe, expect, it } from 'vitest';
import { JobList } from '../../src/sim/job-list.js';
import { World, jobExpiresAt, type Job, type JobType } from '../../src/sim/world.js';

const vault = new World('123456789012', 'us-east-1', 'aws', 'k').addVault('v', 0, 0, {});
const TYPES: JobType[] = ['archive-retrieval', 'inventory-retrieval', 'select'];
const job = (serial: number, completesAt: number): Job => ({ serial, vault, type: TYPES[serial % 3]!, completesAt, fetched: false });

describe('JobList', () => {
  it('expires like the filter it replaced, in order, through growth', () => {
    const list = new JobList();
    let mirror: Job[] = [];
    for (let i = 0; i < 300; i++) {
      const j = job(i * 5, 1000 + ((i * 7919) % 500) * 100 + 0.25);
      list.push(j);
      mirror.push(j);
      if (i % 50 === 49) {
        const t = 1000 + i * 150 + 86400;
        list.expire(t);
        mirror = mirror.filter((m) => jobExpiresAt(m) > t);
      }
    }
    expect(list.length).toBe(mirror.length);
    expect(mirror.length).toBeGreaterThan(0);
    expect(mirror.length).toBeLessThan(300);
    for (let i = 0; i < mirror.length; i++) expect(list.at(i, vault)).toEqual(mirror[i]);
  });

  it('keeps a job until its expiry instant and drops it at that instant', () => {
    const list = new JobList();
    list.push(job(1, 500.5));
    list.expire(500.5 + 86400 - 0.001);
    expect(list.length).toBe(1);
    list.expire(500.5 + 86400);
    expect(list.length).toBe(0);
  });

  it('answers whether any job has completed, and refuses indices past its end', () => {
    const list = new JobList();
    list.push(job(1, 2000));
    list.push(job(2, 1000));
    expect(list.anyCompletedBy(999)).toBe(false);
    expect(list.anyCompletedBy(1000)).toBe(true);
    expect(list.completesAt(1)).toBe(1000);
    expect(() => list.at(2, vault)).toThrow(RangeError);
  });
});
