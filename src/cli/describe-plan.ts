/** The plain-text summary of a compiled scenario that `trailsmith check` prints. */
import { estimateRun, fmtBytes, MAX_RECORDS_DEFAULT } from '../delivery/estimate.js';
import type { Plan } from '../plan/types.js';
import { isoSeconds } from '../scenario/units.js';
import type { Scenario } from '../scenario/types.js';
import { fmt } from './progress.js';

/** `90061` → `1d 1h 1m 1s`. */
export function fmtSpan(seconds: number): string {
  const parts: string[] = [];
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    const n = Math.floor(seconds / size);
    if (n > 0) parts.push(`${n}${unit}`);
    seconds -= n * size;
  }
  return parts.join(' ') || '0s';
}

export function describePlan(plan: Plan, scenario: Scenario, records?: number): string {
  const out: string[] = [];
  const line = (s: string): number => out.push(`  ${s}`);
  line(`span: ${isoSeconds(plan.start)} to ${isoSeconds(plan.end)} (${fmtSpan(plan.end - plan.start)} of simulated time), seed ${plan.seed}`);
  line(`trail: ${scenario.trail.name} (home region ${scenario.trail.homeRegion})${scenario.organization ? `, organization ${scenario.organization.id}` : ''}`);
  line(`accounts: ${plan.accounts.length}`);
  for (const a of plan.accounts) {
    const vaults = plan.units.filter((u) => u.accountIndex === a.index).reduce((n, u) => n + u.vaults.length, 0);
    line(`  ${a.name} ${a.id}${a.alias ? ` (${a.alias})` : ''}: ${a.regions.join(', ')}; ${vaults} vault${vaults === 1 ? '' : 's'} at the start`);
  }
  const actors = plan.actors.filter((a) => !a.hidden);
  line(`actors: ${actors.length}`);
  for (const a of actors) {
    const s = a.spec;
    line(`  ${a.name}: ${s.type} in ${plan.accounts[a.accountIndex]!.name}${s.client ? `, ${s.client}` : ''}${s.origin ? `, from ${typeof s.origin === 'string' ? s.origin : s.origin.kind}` : ''}`);
  }
  line(`activities: ${scenario.activities.length}`);
  for (const act of scenario.activities) {
    line(`  ${act.actor}: ${typeof act.rate === 'number' ? `${act.rate}/hour` : act.rate}, mix ${typeof act.mix === 'string' ? act.mix : Object.keys(act.mix).join('/')}${act.rhythm ? `, ${typeof act.rhythm === 'string' ? act.rhythm : 'custom rhythm'}` : ''}${act.excludeVaults?.length ? `, never touches ${act.excludeVaults.join(', ')}` : ''}`);
  }
  line(`scripts: ${plan.scripts.length}${plan.scripts.length ? ' (never scaled by --records; every record they write is listed in labels.ndjson)' : ''}`);
  for (const s of plan.scripts) {
    const actor = plan.actors[s.actor]!;
    line(`  ${s.name}: ${actor.name} at ${isoSeconds(s.start)} (+${fmtSpan(s.start - plan.start)}) in ${s.region}, ${s.steps.length} step${s.steps.length === 1 ? '' : 's'}, labels ${s.labels.join(', ')}`);
  }
  const e = estimateRun(plan, records);
  line(`expected: ${records === undefined ? '~' : ''}${fmt(e.records)} records; ~${fmtBytes(e.gzipBytes)} as gzip'd S3 files, ~${fmtBytes(e.ndjsonBytes)} as NDJSON${e.initialArchives ? `; ${fmt(e.initialArchives)} archives at the start` : ''}`);
  if (e.records > MAX_RECORDS_DEFAULT) line(`generate would refuse this run: above ${fmt(MAX_RECORDS_DEFAULT)} records it needs --yes or --max-records`);
  return out.join('\n') + '\n';
}
