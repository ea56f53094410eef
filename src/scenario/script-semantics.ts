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
  /** Variables set by the steps walked so far (a step may only use those). */
  vars: Set<string>;
  /** Variables set anywhere in the script, to tell "set later" from "never set". */
  everSet: Set<string>;
}

interface Known {
  accounts: Map<string, Scenario['accounts'][number]>;
  /** Vault names per account that exist before the run (named in accounts[].vaults). */
  namedVaults: Map<string, Set<string>>;
  /** Vault names some script creates with CreateVault (in whichever account). */
  createdVaults: Set<string>;
}

export function checkScripts(s: Scenario, add: Add, withinSpan = true): void {
  const accounts = new Map(s.accounts.map((a) => [a.name, a]));
  const actors = new Map(s.actors.map((a) => [a.name, a]));
  const names = new Set<string>();
  const start = parseTimestamp(s.start);
  const end = s.duration !== undefined ? start + parseDuration(s.duration) : s.end !== undefined ? parseTimestamp(s.end) : NaN;
  const known: Known = {
    accounts,
    namedVaults: new Map(s.accounts.map((a) => [a.name, new Set((a.vaults ?? []).flatMap((v) => (v.name ? [v.name] : [])))])),
    createdVaults: new Set(),
  };
  for (const script of s.scripts ?? []) collectCreated(script.steps, known.createdVaults);
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
      else if (withinSpan && at >= end) add(`${base}/at`, `the script starts after the scenario ends (${new Date(end * 1000).toISOString().replace('.000Z', 'Z')}); it would write nothing`);
    }
    const region = script.region ?? account.regions[0]!;
    if (!account.regions.includes(region)) add(`${base}/region`, `region "${region}" is not one of account "${account.name}"'s regions (${account.regions.join(', ')})`);
    const everSet = new Set<string>();
    collectVars(script.steps, everSet);
    walk(script.steps, `${base}/steps`, { region, accountName: account.name, vars: new Set(), everSet }, known, add);
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

function collectCreated(steps: StepSpec[], into: Set<string>): void {
  for (const st of steps) {
    if (st.call === 'CreateVault' && st.vault !== undefined && !st.vault.startsWith('$') && st.vault !== '*') into.add(st.vault);
    if (st.do) collectCreated(st.do, into);
    for (const b of st.parallel ?? []) collectCreated(b, into);
  }
}

function walk(steps: StepSpec[], path: string, w: Walk, known: Known, add: Add): void {
  const accounts = known.accounts;
  steps.forEach((st, i) => {
    const p = `${path}/${i}`;
    for (const key of ['every', 'jitter', 'wait'] as const) {
      const v = st[key];
      if (v !== undefined && !Number.isFinite(parseDuration(v))) add(`${p}/${key}`, `cannot read duration "${v}"`);
    }
    for (const key of ['vault', 'archive', 'job', 'waitFor'] as const) {
      const v = st[key];
      if (!v?.startsWith('$') || w.vars.has(v.slice(1))) continue;
      const name = v.slice(1);
      if (w.everSet.has(name)) add(`${p}/${key}`, `variable ${v} is used before the step that sets it (save: ${name} must come on an earlier step)`);
      else add(`${p}/${key}`, `variable ${v} is never set (use save: ${name} on an earlier call, or forEach ... as: ${name})`);
    }
    if (st.expect !== undefined && st.call === undefined) add(`${p}/expect`, '"expect" belongs to a call step');
    if (st.expect === 'success' && st.fail !== undefined) add(`${p}/expect`, `"fail: ${st.fail}" forces the call to fail; remove "expect: success"`);
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
    const target = accounts.get(st.account ?? w.accountName);
    if (target?.regions.includes(w.region)) checkVaultExists(st, p, w, known, add);
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
    if (st.do) {
      // The loop's variable exists inside its body; what the body saves is set after it.
      const inner: Walk = { ...w, vars: new Set(w.vars) };
      if (st.forEach) inner.vars.add(st.as ?? (st.forEach === 'vaults' ? 'vault' : 'archive'));
      walk(st.do, `${p}/do`, inner, known, add);
      for (const v of inner.vars) w.vars.add(v);
      w.region = inner.region;
      w.accountName = inner.accountName;
    }
    if (st.parallel) {
      const branches = st.parallel.map((b, j) => {
        const branch: Walk = { ...w, vars: new Set(w.vars) };
        walk(b, `${p}/parallel/${j}`, branch, known, add);
        return branch;
      });
      for (const b of branches) for (const v of b.vars) w.vars.add(v);
    }
    if (st.save) w.vars.add(st.save);
  });
}

/**
 * A call naming a vault that nothing creates fails with ResourceNotFoundException every time: a
 * typo, unless the step says it is meant to fail (`fail:` or `expect: failure`).
 */
function checkVaultExists(st: StepSpec, p: string, w: Walk, known: Known, add: Add): void {
  const v = st.vault;
  if ((st.call === undefined && st.forEach !== 'archives') || st.call === 'CreateVault' || v === undefined || v.startsWith('$') || v === '*') return;
  if (st.fail !== undefined || st.expect === 'failure') return;
  const target = st.account ?? w.accountName;
  if (known.namedVaults.get(target)?.has(v) || known.createdVaults.has(v)) return;
  const named = [...(known.namedVaults.get(target) ?? [])];
  add(`${p}/vault`, `vault "${v}" is never created in account "${target}" (named vaults: ${named.length ? named.join(', ') : 'none'}; a script may CreateVault it); if the call is meant to fail, add "expect: failure"`);
}
