/**
 * Clients do what they can (issue 18, item 4), over every example and random seeds: Terraform
 * records carry only what the AWS provider's Glacier resources call; a program polls a job with
 * DescribeJob at a fixed interval of its own, not random 15-60 minute gaps.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_OPS, TERRAFORM_OPS } from '../../src/sim/client-operations.js';
import { TERRAFORM_READS } from '../../src/sim/terraform-runs.js';
import { OPERATIONS } from '../../src/glacier/operations.js';
import { exampleRuns, glacier, seconds, type Run } from './behaviour-helpers.js';

let runs: Run[] = [];
beforeAll(async () => {
  runs = await exampleRuns(1);
}, 300_000);

describe('clients do what they can', () => {
  it('gives Terraform records only the operations of the provider\'s Glacier resources', () => {
    const allowed = new Set(TERRAFORM_OPS.map((op) => OPERATIONS[op]!.name));
    const seen = new Set<string>();
    for (const run of runs) for (const r of run.records) if (glacier(r) && r.userAgent.includes('Terraform')) seen.add(r.eventName);
    expect(seen.size).toBeGreaterThan(3);
    expect([...seen].filter((op) => !allowed.has(op))).toEqual([]);
  });

  it('gives Terraform plan/apply runs: a burst of reads of its vaults (then writes) within a minute or two, hours apart', () => {
    const reads = new Set(TERRAFORM_READS.map((op) => OPERATIONS[op]!.name));
    let calls = 0;
    let inRuns = 0;
    let runsSeen = 0;
    let startsWithRead = 0;
    for (const run of runs) {
      const last = new Map<string, { t: number; size: number; members: number }>();
      const groups: Array<{ size: number; first: string }> = [];
      for (const r of run.records) {
        if (!glacier(r) || !r.userAgent.includes('Terraform')) continue;
        calls++;
        const key = `${r.userIdentity.arn} ${r.awsRegion}`;
        const g = last.get(key);
        // A run lasts seconds to a minute or two; the next comes hours later.
        if (g && seconds(r) - g.t <= 120) {
          g.t = seconds(r);
          groups[g.members]!.size++;
        } else {
          groups.push({ size: 1, first: r.eventName });
          last.set(key, { t: seconds(r), size: 1, members: groups.length - 1 });
        }
      }
      for (const g of groups) {
        runsSeen++;
        if (g.size >= 3) inRuns += g.size;
        if (reads.has(g.first)) startsWithRead++;
      }
    }
    expect(calls).toBeGreaterThan(50);
    expect(inRuns / calls).toBeGreaterThan(0.8);
    // Old code: 0.054 (independent draws); the merged realism changes put this at exactly 0.9.
    expect(startsWithRead / runsSeen).toBeGreaterThanOrEqual(0.9);
  });

  it('gives the console only what the S3 Glacier console offers: vaults and their settings, no archives or jobs', () => {
    const allowed = new Set(CONSOLE_OPS.map((op) => OPERATIONS[op]!.name));
    const seen = new Map<string, number>();
    for (const run of runs) {
      for (const r of run.records) {
        if (!glacier(r) || !r.userAgent.startsWith('Mozilla')) continue;
        seen.set(r.eventName, (seen.get(r.eventName) ?? 0) + 1);
      }
    }
    expect(seen.size).toBeGreaterThan(3);
    expect([...seen.keys()].filter((op) => !allowed.has(op))).toEqual([]);
  });

  it('polls a job at the program\'s own fixed interval', () => {
    let gaps = 0;
    let regular = 0;
    for (const run of runs) {
      const polls = new Map<string, number[]>();
      for (const r of run.records) {
        if (!glacier(r) || r.eventName !== 'DescribeJob' || r.errorCode) continue;
        const key = `${r.userIdentity.principalId?.split(':')[0]} ${String(r.requestParameters?.jobId)}`;
        polls.set(key, [...(polls.get(key) ?? []), seconds(r)]);
      }
      const byPrincipal = new Map<string, number[]>();
      for (const [key, times] of polls) {
        const who = key.split(' ')[0]!;
        for (let i = 1; i < times.length; i++) byPrincipal.set(who, [...(byPrincipal.get(who) ?? []), times[i]! - times[i - 1]!]);
      }
      for (const list of byPrincipal.values()) {
        const counts = new Map<number, number>();
        for (const g of list) counts.set(Math.round(g / 60), (counts.get(Math.round(g / 60)) ?? 0) + 1);
        const mode = [...counts].sort((a, b) => b[1] - a[1])[0]![0] * 60;
        gaps += list.length;
        regular += list.filter((g) => Math.abs(g - mode) <= 62).length;
      }
    }
    expect(gaps).toBeGreaterThan(30);
    expect(regular / gaps).toBeGreaterThan(0.8);
  });
});

describe('transfers as programs do them', () => {
  it('walks a job\'s output in order, and gives a multipart upload one part size', () => {
    let ranged = 0;
    let uploads = 0;
    for (const run of runs) {
      const next = new Map<string, { next: number; start: number }>();
      const parts = new Map<string, Set<number>>();
      for (const r of run.records) {
        if (!glacier(r) || r.errorCode) continue;
        const p = r.requestParameters ?? {};
        if (r.eventName === 'GetJobOutput' && typeof p.range === 'string') {
          const [a, b] = p.range.replace('bytes=', '').split('-').map(Number) as [number, number];
          const job = String(p.jobId);
          const s = next.get(job);
          // A repeated range (a retry) is fine; otherwise the next range starts where the last ended.
          if (s && a !== s.next && a !== s.start) expect.fail(`${run.name}: job ${job} range ${p.range} after ${s.next}`);
          if (!s) expect(a).toBe(0);
          if (!s) ranged++;
          next.set(job, { next: b + 1, start: a });
        }
        if (r.eventName === 'UploadMultipartPart') {
          const m = /^bytes (\d+)-(\d+)/.exec(String(p.range))!;
          const set = parts.get(String(p.uploadId)) ?? new Set<number>();
          set.add(Number(m[2]) - Number(m[1]) + 1);
          parts.set(String(p.uploadId), set);
        }
      }
      for (const sizes of parts.values()) {
        uploads++;
        // One part size; only the last part may be shorter.
        expect(sizes.size).toBeLessThanOrEqual(2);
      }
    }
    expect(ranged).toBeGreaterThan(3);
    expect(uploads).toBeGreaterThan(10);
  });
});
