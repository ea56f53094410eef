/**
 * Clients do what they can (issue 18, item 4), over every example and random seeds: Terraform
 * records carry only what the AWS provider's Glacier resources call; a program polls a job with
 * DescribeJob at a fixed interval of its own, not random 15-60 minute gaps.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TERRAFORM_OPS } from '../../src/sim/client-operations.js';
import { OPERATIONS } from '../../src/glacier/operations.js';
import { glacier, randomSeeds, runScenario, scenarioPaths, seconds, type Run } from './behaviour-helpers.js';

const runs: Run[] = [];
beforeAll(async () => {
  const seeds = randomSeeds(1);
  for (const [name, path] of scenarioPaths()) {
    runs.push(await runScenario(name, path, undefined));
    for (const seed of seeds) runs.push(await runScenario(name, path, seed));
  }
}, 300_000);

describe('clients do what they can', () => {
  it('gives Terraform records only the operations of the provider\'s Glacier resources', () => {
    const allowed = new Set(TERRAFORM_OPS.map((op) => OPERATIONS[op]!.name));
    const seen = new Set<string>();
    for (const run of runs) for (const r of run.records) if (glacier(r) && r.userAgent.includes('Terraform')) seen.add(r.eventName);
    expect(seen.size).toBeGreaterThan(3);
    expect([...seen].filter((op) => !allowed.has(op))).toEqual([]);
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
