/**
 * Scripts → PlanScript. Resolves actors, accounts and operations, turns durations into seconds,
 * gives every step a stable id, and creates the actors a script needs on the way: variants of
 * the script's actor seen from another origin or client (same credentials: stolen keys), and
 * the role sessions that `assumeRole` steps open.
 */
import { operationIndex } from '../glacier/operations.js';
import type { ActorSpec, Scenario, ScriptSpec, StepSpec } from '../scenario/types.js';
import { parseDuration, parseTimestamp } from '../scenario/units.js';
import type { PlanStep, PlanScript, Ref } from './script-types.js';
import type { PlanAccount, PlanActor } from './types.js';

export interface ScriptCompiler {
  accounts: PlanAccount[];
  actors: PlanActor[];
  start: number;
  /** Compiles a hidden actor from a spec (new index = actors.length) and appends it. */
  addActor(spec: ActorSpec, configure?: (a: PlanActor) => void): PlanActor;
  /** A copy of `base` with other client/origin: same identity object, so the same credentials. */
  addVariant(base: PlanActor, change: { client?: ActorSpec['client']; origin?: ActorSpec['origin'] }): PlanActor;
}

export function parseRef(text: string | undefined): Ref | undefined {
  if (text === undefined) return undefined;
  if (text === '*') return { kind: 'any' };
  if (text.startsWith('$')) return { kind: 'var', name: text.slice(1) };
  return { kind: 'name', name: text };
}

/** Start of a script: absolute timestamp or `+<duration>` after the scenario start. */
export function scriptStart(at: string | undefined, scenarioStart: number): number {
  if (at === undefined) return scenarioStart;
  return at.startsWith('+') ? scenarioStart + parseDuration(at.slice(1)) : parseTimestamp(at);
}

export function compileScripts(scenario: Scenario, c: ScriptCompiler): PlanScript[] {
  return (scenario.scripts ?? []).map((script) => compileScript(script, c));
}

function compileScript(script: ScriptSpec, c: ScriptCompiler): PlanScript {
  const actor = c.actors.find((a) => a.name === script.actor && !a.hidden)!;
  const account = c.accounts[actor.accountIndex]!;
  const region = script.region ?? account.regions[0]!;
  const steps = compileSteps(script.steps, script.name, { actor, region }, c);
  return { name: script.name, actor: actor.index, start: scriptStart(script.at, c.start), region, labels: script.labels ?? [script.name], steps };
}

interface FiberState {
  actor: PlanActor;
  region: string;
}

function compileSteps(specs: StepSpec[], prefix: string, state: FiberState, c: ScriptCompiler): PlanStep[] {
  return specs.map((s, i) => compileStep(s, `${prefix}/${i}`, state, c));
}

function seconds(text: string | undefined): number {
  return text === undefined ? 0 : parseDuration(text);
}

function compileStep(s: StepSpec, id: string, state: FiberState, c: ScriptCompiler): PlanStep {
  const labels = s.label ? [s.label] : [];
  const accountIndex = (name: string | undefined): number | undefined => (name === undefined ? undefined : c.accounts.findIndex((a) => a.name === name));
  if (s.call !== undefined) {
    return {
      kind: 'call', id, labels, op: operationIndex(s.call), vault: parseRef(s.vault), archive: parseRef(s.archive), job: parseRef(s.job),
      account: accountIndex(s.account), fail: s.fail, expectFailure: s.expect === 'failure' || undefined, params: s.params as Record<string, unknown> | undefined, save: s.save,
      count: s.count ?? 1, every: s.every === undefined ? undefined : seconds(s.every), jitter: seconds(s.jitter), fixed: s.fixed ?? false,
    };
  }
  if (s.wait !== undefined) return { kind: 'wait', id, labels, seconds: seconds(s.wait), jitter: seconds(s.jitter), fixed: s.fixed ?? false };
  if (s.waitFor !== undefined) return { kind: 'waitFor', id, labels, job: s.waitFor.slice(1), jitter: seconds(s.jitter) };
  if (s.repeat !== undefined) return { kind: 'repeat', id, labels, times: s.repeat, steps: compileSteps(s.do ?? [], `${id}.do`, state, c) };
  if (s.forEach !== undefined) {
    return {
      kind: 'forEach', id, labels, over: s.forEach, vault: parseRef(s.vault), as: s.as ?? (s.forEach === 'vaults' ? 'vault' : 'archive'),
      limit: s.limit ?? Infinity, steps: compileSteps(s.do ?? [], `${id}.do`, state, c),
    };
  }
  if (s.parallel !== undefined) {
    // Each branch starts from the same actor and region; switches inside a branch stay in it.
    const branches = s.parallel.map((b, j) => compileSteps(b, `${id}.parallel/${j}`, { ...state }, c));
    return { kind: 'parallel', id, labels, branches };
  }
  if (s.switch !== undefined) {
    if (s.switch.client !== undefined || s.switch.origin !== undefined) state.actor = c.addVariant(state.actor, { client: s.switch.client, origin: s.switch.origin });
    if (s.switch.region !== undefined) state.region = s.switch.region;
    return { kind: 'switch', id, labels, actor: state.actor.index, region: s.switch.region };
  }
  const a = s.assumeRole!;
  const caller = state.actor;
  const target = a.account ? c.accounts.find((x) => x.name === a.account)! : c.accounts[caller.accountIndex]!;
  const role = c.addActor({
    name: `${caller.name}~${a.role}@${target.name}`, account: target.name, type: 'AssumedRole', role: a.role,
    sessionName: a.sessionName ?? caller.spec.userName ?? caller.name.replace(/~.*/, ''),
    client: caller.spec.client, origin: caller.spec.origin ?? 'office',
  }, (r) => {
    r.opener = { kind: 'assume-role', caller: caller.index };
    // The same person or tool makes the calls: keep the caller's client and network origin.
    r.client = caller.client;
    r.userAgents = caller.userAgents;
    r.stsUserAgent = caller.stsUserAgent;
    r.requestAccountId = caller.requestAccountId;
    for (const [region, pool] of caller.origins) r.origins.set(region, pool);
  });
  state.actor = role;
  return { kind: 'assume', id, labels, actor: role.index };
}
