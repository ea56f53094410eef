/**
 * World.index answers the vault picks (count, then the k-th passing vault in World.vaults
 * order), so it must always agree with a scan of the live vaults: under random changes, and
 * after simulating every example, where the calls change archives, policies and notifications.
 */
import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { compilePlan } from '../../src/plan/compile.js';
import { Rng } from '../../src/random/rng.js';
import { loadScenario } from '../../src/scenario/load.js';
import { SimContext } from '../../src/sim/context.js';
import { UnitSim } from '../../src/sim/unit.js';
import { LIVE, WITH_ARCHIVES, WITH_LOCK, WITH_NOTIFICATIONS, WITH_POLICY, type VaultTest } from '../../src/sim/vault-index.js';
import { World, type Vault } from '../../src/sim/world.js';

const TESTS: Array<[VaultTest, (v: Vault) => boolean]> = [
  [WITH_ARCHIVES, (v) => v.archives.length > 0],
  [WITH_POLICY, (v) => v.policy !== null],
  [WITH_NOTIFICATIONS, (v) => v.notifications !== null],
  [WITH_LOCK, (v) => v.lock !== null],
  [LIVE, () => true],
];

/** Every test's count and every k-th vault, against a scan of world.vaults. */
function expectIndexMatchesScan(world: World): void {
  for (const [test, passes] of TESTS) {
    const matching = world.vaults.filter(passes);
    expect(world.index.count(test)).toBe(matching.length);
    matching.forEach((v, k) => {
      expect(world.index.nth(test, k)).toBe(v);
      // rank() is nth()'s inverse (calls.ts pickSkipping relies on it).
      expect(world.index.rank(test, v.slot)).toBe(k);
    });
  }
}

describe('World.index', () => {
  it.each([1, 2, 3])('agrees with a scan under random vault, archive, policy, notification and lock changes (seed %i)', (seed) => {
    const rng = Rng.for(String(seed), 'vault-index-test');
    const world = new World('111122223333', 'us-east-1', 'aws', 'u');
    let name = 0;
    // Past 64 vaults, so the trees are rebuilt at least once.
    for (let step = 0; step < 4000; step++) {
      const r = rng.next();
      if (world.vaults.length < 5 || r < 0.1) world.addVault(`v${name++}`, 0, rng.int(3), {});
      else {
        const v = world.vaults[rng.int(world.vaults.length)]!;
        if (r < 0.15) world.removeVault(v);
        else if (r < 0.45) world.addArchive(v, world.nextSerial());
        else if (r < 0.7) {
          if (v.archives.length > 0) world.removeArchive(v, rng.int(v.archives.length));
        } else if (r < 0.8) world.setPolicy(v, rng.chance(0.5) ? '{}' : null);
        else if (r < 0.9) world.setNotifications(v, rng.chance(0.5) ? { topic: 't', events: [] } : null);
        else world.setLock(v, rng.chance(0.5) ? { state: 'InProgress', serial: 1, expiresAt: 0 } : null);
      }
      if (step % 97 === 0) expectIndexMatchesScan(world);
    }
    expect(world.vaults.length).toBeGreaterThan(64);
    expectIndexMatchesScan(world);
  });

  it('agrees with a scan after every example has run its calls', async () => {
    let locks = 0;
    const dir = new URL('../../examples/', import.meta.url).pathname;
    for (const file of (await readdir(dir)).filter((f) => f.endsWith('.scenario.yaml'))) {
      const { scenario } = await loadScenario(dir + file);
      const plan = compilePlan(scenario, { seed: 3 });
      const ctx = new SimContext(plan);
      for (const unit of plan.units) ctx.addUnit(new UnitSim(ctx, unit, 4));
      for (let i = 0; i < 20_000; i++) {
        let next: UnitSim | undefined;
        for (const u of ctx.units) if (!next || u.nextTime() < next.nextTime()) next = u;
        if (!next || next.nextTime() === Infinity) break;
        next.step();
        ctx.outbox.length = 0;
      }
      for (const u of ctx.units) expectIndexMatchesScan(u.world);
      for (const u of ctx.units) locks += u.world.index.count(WITH_LOCK);
      expect(ctx.units.some((u) => u.world.index.count(WITH_ARCHIVES) > 0), file).toBe(true);
    }
    expect(locks).toBeGreaterThan(0);
  });
});
