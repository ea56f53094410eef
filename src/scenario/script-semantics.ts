/**
 * Consistency checks for scripts: references to actors, accounts, regions and variables, and
 * step shapes the schema cannot express. Issues name the step by its JSON pointer
 * (`/scripts/0/steps/3/do/1`), so the loader can add the line.
 */
import type { Scenario, StepSpec } from './types.js';
import { parseDuration, parseTimestamp } from './units.js';

type Add = (path: string, message: string) => void;

const VAULT_NAME = /^[A-Za-z0-9_.-]{1,255}$/;

interface Walk {
  region: string;
  accountName: string;
  vars: Set<string>;
}

export function checkScripts(s: Scenario, add: Add): void {
  const accounts = new Map(s.accounts.map((a) => [a.name, a]));
  const actors = new Map(s.actors.map((a) => [a.name, a]));
  const names = new Set<string>();
  const start = parseTimestamp(s.start);
  (s.scripts ?? []).forEach((script, i) => {
    const base = `/scripts/${i}`;
    if (names.has(script.name)) add(`${base}/name`, `duplicate script name "${script.name}"`);
    names.add(script.name);
    const actor = actors.get(script.actor);
    if (!actor) {
      add(`${base}/actor`, `actor "${script.actor}" is not defined in /actors`);
      return;
    }
    const account = accounts.get(actor.account);
    if (!account) return;
    if (script.at !== undefined) {
      const at = script.at.startsWith('+') ? start + parseDuration(script.at.slice(1)) : parseTimestamp(script.at);
      if (!Number.isFinite(at)) add(`${base}/at`, `cannot read "${script.at}"; write a UTC timestamp or an offset such as +2h`);
      else if (at < start) add(`${base}/at`, `the script starts before the scenario (${s.start})`);
    }
    const region = script.region ?? account.regions[0]!;
    if (!account.regions.includes(region)) add(`${base}/region`, `region "${region}" is not one of account "${account.name}"'s regions (${account.regions.join(', ')})`);
    const declared = new Set<string>();
    collectVars(script.steps, declared);
    walk(script.steps, `${base}/steps`, { region, accountName: account.name, vars: declared }, accounts, add);
  });
}

function collectVars(steps: StepSpec[], into: Set<string>): void {
  for (const st of steps) {
    if (st.save) into.add(st.save);
    if (st.forEach) into.add(st.as ?? (st.forEach === 'vaults' ? 'vault' : 'archive'));
    if (st.do) collectVars(st.do, into);
    for (const b of st.parallel ?? []) collectVars(b, into);
  }
}

function walk(steps: StepSpec[], path: string, w: Walk, accounts: Map<string, Scenario['accounts'][number]>, add: Add): void {
  steps.forEach((st, i) => {
    const p = `${path}/${i}`;
    for (const key of ['every', 'jitter', 'wait'] as const) {
      const v = st[key];
      if (v !== undefined && !Number.isFinite(parseDuration(v))) add(`${p}/${key}`, `cannot read duration "${v}"`);
    }
    for (const key of ['vault', 'archive', 'job', 'waitFor'] as const) {
      const v = st[key];
      if (v?.startsWith('$') && !w.vars.has(v.slice(1))) add(`${p}/${key}`, `variable ${v} is never set (use save: ${v.slice(1)} on an earlier call, or forEach ... as: ${v.slice(1)})`);
    }
    // Glacier's vault-name rule; it also keeps a scripted name safe to write into JSON as is.
    if (st.vault !== undefined && !st.vault.startsWith('$') && st.vault !== '*' && !VAULT_NAME.test(st.vault)) {
      add(`${p}/vault`, `"${st.vault}" is not a valid vault name: 1-255 of A-Z a-z 0-9 _ . - (or a $variable, or * for any vault)`);
    }
    if (st.do && st.repeat === undefined && st.forEach === undefined) add(`${p}/do`, '"do" belongs to a repeat or forEach step');
    if ((st.repeat !== undefined || st.forEach !== undefined) && !st.do) add(p, `a ${st.repeat !== undefined ? 'repeat' : 'forEach'} step needs "do"`);
    if (st.forEach === 'archives' && !st.vault) add(p, 'forEach: archives needs "vault" (a name or $variable)');
    if (st.account !== undefined) {
      const target = accounts.get(st.account);
      if (!target) add(`${p}/account`, `account "${st.account}" is not defined in /accounts`);
      else if (!target.regions.includes(w.region)) add(`${p}/account`, `account "${st.account}" has no region ${w.region} (regions: ${target.regions.join(', ')})`);
    }
    if (st.switch?.region !== undefined) {
      const own = accounts.get(w.accountName);
      if (own && !own.regions.includes(st.switch.region)) add(`${p}/switch/region`, `region "${st.switch.region}" is not one of account "${w.accountName}"'s regions (${own.regions.join(', ')})`);
      w.region = st.switch.region;
    }
    if (st.assumeRole !== undefined) {
      const name = st.assumeRole.account ?? w.accountName;
      const target = accounts.get(name);
      if (!target) add(`${p}/assumeRole/account`, `account "${name}" is not defined in /accounts`);
      else if (!target.regions.includes(w.region)) add(`${p}/assumeRole/account`, `account "${name}" has no region ${w.region} (regions: ${target.regions.join(', ')})`);
      else w.accountName = name;
    }
    if (st.do) walk(st.do, `${p}/do`, w, accounts, add);
    st.parallel?.forEach((b, j) => walk(b, `${p}/parallel/${j}`, { ...w }, accounts, add));
  });
}
