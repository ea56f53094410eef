/**
 * A render worker compiles its plan without faker, replaying the main plan's draws. Every part
 * of the plan that rendering reads must come out the same for every example scenario; and a
 * replay that lacks a draw must fail loudly rather than render a different name.
 */
import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { compilePlanWith } from '../../src/plan/compile-core.js';
import { compilePlan } from '../../src/plan/compile.js';
import { replayedNames } from '../../src/plan/name-draws.js';
import type { Plan } from '../../src/plan/types.js';
import { loadScenario } from '../../src/scenario/load.js';

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;
const examples = (await readdir(EXAMPLES)).filter((f) => f.endsWith('.scenario.yaml'));

/** What RecordRenderer and renderWindow read from a plan, as plain data. */
function renderView(plan: Plan): unknown {
  const t = plan.start + 3600;
  return {
    seed: plan.seed, trail: plan.trail, accounts: plan.accounts, versions: plan.versions, maxRecordsPerFile: plan.maxRecordsPerFile,
    units: plan.units.map(({ vaults: _vaults, ...unit }) => unit),
    actors: plan.actors.map((a) => ({
      name: a.name, accountIndex: a.accountIndex, spec: a.spec, client: a.client ? { ...a.client, userAgent: undefined } : null,
      userAgents: a.userAgents, stsUserAgent: a.stsUserAgent, origins: [...a.origins], opener: a.opener,
      identity: [0, 1, 5].flatMap((i) => [a.identity.render(i, t, false), a.identity.render(i, t, true), a.identity.accessKey(i)]),
      signIn: a.identity.signInIdentity?.(t), role: a.identity.role ? { ...a.identity.role, sessionName: [0, 1, 2].map((i) => a.identity.role!.sessionName(i)) } : null,
    })),
  };
}

describe('render-only plan (render workers)', () => {
  it.each(examples)('matches the faker plan in everything rendering reads: %s', async (file) => {
    const { scenario } = await loadScenario(EXAMPLES + file);
    const full = compilePlan(scenario, { seed: 11 });
    const replay = compilePlanWith(scenario, { seed: 11 }, replayedNames(full.drawnNames));
    expect(renderView(replay)).toEqual(renderView(full));
    expect(replay.units.every((u) => u.vaults.length === 0)).toBe(true);
  });

  it('records every Identity Center session name it draws', async () => {
    const { scenario } = await loadScenario(EXAMPLES + 'quickstart.scenario.yaml');
    const drawn = compilePlan(scenario, { seed: 11 }).drawnNames;
    expect(Object.values(drawn).length).toBeGreaterThan(0);
    for (const name of Object.values(drawn)) expect(name).toMatch(/^[a-z'-]+\.[a-z'-]+@[\w.-]+$/);
  });

  it('fails when a draw is missing instead of inventing a name', async () => {
    const { scenario } = await loadScenario(EXAMPLES + 'quickstart.scenario.yaml');
    expect(() => compilePlanWith(scenario, { seed: 11 }, replayedNames({}))).toThrow(/no recorded session name/);
  });
});
