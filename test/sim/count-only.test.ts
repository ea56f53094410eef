/**
 * Counting passes (calibrate.ts countAt) simulate with `countOnly`: the worlds skip archive,
 * job and upload IDs and checksums, which only rendered records show. The events must be the
 * same ones, at the same times, with the same outcomes: were a decision ever to read one of
 * those strings, the counts behind --records would stop matching the run they calibrate.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/index.js';
import { compilePlan } from '../../src/plan/compile.js';
import { simulate } from '../../src/sim/simulate.js';

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;

describe('count-only simulation', () => {
  it.each(['all-operations', 'ransomware-vault-wipe', 'multi-account-org'])('%s: the same events as a full simulation, without the IDs', async (name) => {
    const { scenario } = await loadScenario(join(EXAMPLES, `${name}.scenario.yaml`));
    const plan = compilePlan(scenario, {});
    const full = [...simulate(plan, { rateScale: 8 })];
    const counted = [...simulate(plan, { rateScale: 8, countOnly: true })];
    expect(counted.length).toBe(full.length);
    const key = (e: (typeof full)[number]): string => `${e.t} ${e.unit} ${e.actor} ${e.op} ${e.kind ?? ''} ${e.error} ${e.session ?? ''} ${e.labels?.join(',') ?? ''}`;
    const firstDiff = full.findIndex((e, i) => key(e) !== key(counted[i]!));
    expect(firstDiff).toBe(-1);
    // The IDs really are skipped: no 92-character job or upload id in any counted request.
    const withIds = (events: typeof full): number => events.filter((e) => /"(jobId|uploadId)":"[A-Za-z0-9_-]{92}"/.test(e.req)).length;
    expect(withIds(full)).toBeGreaterThan(0);
    expect(withIds(counted)).toBe(0);
  });
});
