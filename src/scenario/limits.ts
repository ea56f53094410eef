/**
 * Load-time ceilings on the declared world. The simulation holds every account × region, vault
 * and pre-existing archive in memory for the whole run, so memory follows what the scenario
 * declares, not the records written: `vaults: [{ count: 1000, archives: 1000000 }]` grew to 7 GB
 * before it was killed. Rather than a lazy world (a rewrite of src/sim), a scenario is refused
 * at load time when it declares more than these; docs/limits.md lists them.
 *
 * Measured on the 2-core VM (generate, 1 h span, -w 0, peak RSS; other jobs were running):
 * 5,000 account × regions 374 MB (~55 KB each), 100,000 vaults 300 MB (~2 KB each),
 * 100 M archives 460 MB (~4 bytes each, Int32Array serials). The ceilings below keep their
 * sum, with the ~100 MB baseline and the render workers, under 1 GB: all of them at once peaked
 * at 656 MB (5,000 accounts, 50,000 vaults, 50 M archives, 5,000 actors; default workers).
 */
import type { Scenario, StepSpec } from './types.js';

export const LIMITS = {
  /** Accounts × their regions: each is a simulated world with its own streams and file buffers. */
  accountRegions: 5_000,
  actors: 5_000,
  activities: 5_000,
  scripts: 1_000,
  /** Pre-existing vaults over all accounts and regions (`count` × regions). */
  vaults: 50_000,
  /** Pre-existing archives over all vaults (unspecified `archives` counts as its maximum, 400). */
  archives: 50_000_000,
  /** Calls the scripts can make (counts × repeats × forEach bounds), each one a labelled record. */
  scriptCalls: 1_000_000,
} as const;

/** Archives of a vault entry without `archives` (drawn from 20-400 in plan/compile-core.ts). */
const DEFAULT_ARCHIVES_MAX = 400;
/** forEach without `limit`: vaults an account can list in a region (Glacier's quota is 1,000). */
const FOREACH_VAULTS_BOUND = 1_000;

type Add = (path: string, message: string) => void;

export function checkScenarioLimits(s: Scenario, add: Add): void {
  const fmt = (n: number): string => n.toLocaleString('en-US');
  const over = (path: string, what: string, n: number, limit: number, fix: string): void => {
    if (n > limit) add(path, `the scenario declares ${fmt(n)} ${what}; at most ${fmt(limit)} are supported (docs/limits.md): ${fix}`);
  };
  let accountRegions = 0;
  let vaults = 0;
  let archives = 0;
  let maxArchives = 0;
  for (const a of s.accounts) {
    accountRegions += a.regions.length;
    for (const v of a.vaults ?? []) {
      const n = (v.name ? 1 : v.count ?? 1) * (v.regions ?? a.regions).length;
      const per = v.archives ?? DEFAULT_ARCHIVES_MAX;
      vaults += n;
      archives += n * per;
      maxArchives = Math.max(maxArchives, per);
    }
  }
  over('/accounts', 'account regions (accounts × their regions)', accountRegions, LIMITS.accountRegions, 'split the world into several runs');
  over('/accounts', 'pre-existing vaults (count × regions)', vaults, LIMITS.vaults, 'lower the vault counts');
  over('/accounts', 'pre-existing archives (vaults × archives)', archives, LIMITS.archives, 'lower "archives" (a detector rarely needs more than a few thousand per vault)');
  over('/actors', 'actors', s.actors.length, LIMITS.actors, 'fewer actors with higher rates give the same volume');
  over('/activities', 'activities', s.activities.length, LIMITS.activities, 'fewer activities with higher rates give the same volume');
  over('/scripts', 'scripts', s.scripts?.length ?? 0, LIMITS.scripts, 'merge scripts');
  let calls = 0;
  for (const script of s.scripts ?? []) calls += scriptCalls(script.steps, Math.max(maxArchives, 1));
  over('/scripts', 'scripted calls at most (count × repeat × forEach)', calls, LIMITS.scriptCalls, 'lower "count", "repeat", or give forEach a "limit"');
}

/** An upper bound of the calls a list of steps makes. */
function scriptCalls(steps: StepSpec[], archivesBound: number): number {
  let total = 0;
  for (const st of steps) {
    if (st.call !== undefined) total += st.count ?? 1;
    if (st.do) {
      const times = st.repeat ?? st.limit ?? (st.forEach === 'archives' ? archivesBound : FOREACH_VAULTS_BOUND);
      total += times * scriptCalls(st.do, archivesBound);
    }
    for (const branch of st.parallel ?? []) total += scriptCalls(branch, archivesBound);
    // Past every ceiling already: stop before the product overflows to Infinity.
    if (total > LIMITS.scriptCalls * 1000) return total;
  }
  return total;
}
