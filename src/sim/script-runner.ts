/**
 * Runs compiled scripts inside the simulation. A script is a fiber: a stack of step frames, a
 * clock, the current actor and region, and variables. Each call runs as a task at its own time
 * on the world of the target account and region, so scripted events interleave with background
 * activity in time order; every event a step produces (including the STS or sign-in records that
 * open a session for it) is labelled with the script's labels and the step id.
 */
import type { PlanScript, PlanStep, Ref } from '../plan/script-types.js';
import type { Plan } from '../plan/types.js';
import { Rng } from '../random/rng.js';
import type { ScriptTarget } from './calls.js';
import { runOperation } from './calls.js';
import { sessionToFirstCall } from './unit.js';
import type { SimContext } from './context.js';
import { MinHeap, type HeapItem } from './heap.js';
import type { Job } from './world.js';

type Value = string | number | Job;

interface Frame {
  steps: PlanStep[];
  index: number;
  /** Remaining repetitions of a repeat/count, or the items of a forEach. */
  items?: Value[];
  itemIndex?: number;
  as?: string;
}

interface Fiber {
  script: PlanScript;
  t: number;
  actor: number;
  region: string;
  rng: Rng;
  vars: Map<string, Value>;
  frames: Frame[];
  /** Parent waiting for this branch, with the count of branches still running. */
  parent?: { fiber: Fiber; pending: { n: number; t: number } };
  /** Remaining repetitions of the current call step. */
  callsLeft?: number;
}

interface Task extends HeapItem {
  fiber: Fiber;
}

export class ScriptRunner {
  private readonly heap = new MinHeap<Task>();
  private order = 0;

  constructor(private readonly ctx: SimContext, private readonly plan: Plan) {
    for (const script of plan.scripts) {
      const fiber: Fiber = {
        script, t: script.start, actor: script.actor, region: script.region,
        rng: Rng.for(plan.seed, 'script', script.name), vars: new Map(), frames: [{ steps: script.steps, index: 0 }],
      };
      // Nobody starts on the second the scenario names: the first call comes 3-40 s later.
      fiber.t += 3 + fiber.rng.next() * 37;
      this.schedule(fiber);
    }
  }

  nextTime(): number {
    const top = this.heap.peek();
    return top && top.t < this.plan.end ? top.t : Infinity;
  }

  step(): void {
    const task = this.heap.pop();
    if (task && task.t < this.plan.end) this.advance(task.fiber);
  }

  private schedule(fiber: Fiber): void {
    if (fiber.t < this.plan.end) this.heap.push({ t: fiber.t, order: this.order++, fiber });
  }

  /** Runs structural steps until a call (executed now) or a wait; then reschedules the fiber. */
  private advance(f: Fiber): void {
    for (;;) {
      const frame = f.frames[f.frames.length - 1];
      if (!frame) return this.finish(f);
      if (frame.index >= frame.steps.length) {
        if (frame.items && frame.itemIndex! + 1 < frame.items.length) {
          frame.itemIndex!++;
          frame.index = 0;
          if (frame.as) f.vars.set(frame.as, frame.items[frame.itemIndex!]!);
          continue;
        }
        f.frames.pop();
        continue;
      }
      const step = frame.steps[frame.index]!;
      switch (step.kind) {
        case 'call': {
          if (this.opensSession(f, step)) return this.schedule(f);
          f.callsLeft ??= step.count;
          this.call(f, step);
          f.callsLeft--;
          if (f.callsLeft <= 0) {
            f.callsLeft = undefined;
            frame.index++;
          }
          // A tool's pace: 1-4 s, or the step's `every` give or take 20 % unless it is `fixed`.
          if (step.every === undefined) f.t += 1 + f.rng.next() * 3;
          else f.t += step.fixed ? step.every : step.every * (0.8 + 0.4 * f.rng.next());
          if (step.jitter > 0) f.t += f.rng.next() * step.jitter;
          return this.schedule(f);
        }
        case 'wait':
          frame.index++;
          f.t += (step.fixed ? step.seconds : step.seconds * (0.9 + 0.2 * f.rng.next())) + (step.jitter > 0 ? f.rng.next() * step.jitter : 0);
          return this.schedule(f);
        case 'waitFor': {
          frame.index++;
          const job = f.vars.get(step.job);
          if (typeof job === 'object') f.t = Math.max(f.t, job.completesAt) + 30 + f.rng.next() * Math.max(step.jitter, 600);
          return this.schedule(f);
        }
        case 'repeat':
          frame.index++;
          f.frames.push({ steps: step.steps, index: 0, items: Array.from({ length: step.times }, (_, i) => i), itemIndex: 0 });
          continue;
        case 'forEach': {
          frame.index++;
          const items = this.listItems(f, step).slice(0, step.limit);
          if (items.length === 0) continue;
          f.vars.set(step.as, items[0]!);
          f.frames.push({ steps: step.steps, index: 0, items, itemIndex: 0, as: step.as });
          continue;
        }
        case 'parallel': {
          frame.index++;
          const pending = { n: step.branches.length, t: f.t };
          step.branches.forEach((branch, i) => {
            const child: Fiber = { ...f, rng: Rng.for(this.plan.seed, 'script', f.script.name, step.id, i), frames: [{ steps: branch, index: 0 }], parent: { fiber: f, pending }, callsLeft: undefined };
            this.schedule(child);
          });
          return; // the parent resumes when the last branch finishes
        }
        case 'switch':
          frame.index++;
          f.actor = step.actor;
          if (step.region) f.region = step.region;
          continue;
        case 'assume': {
          frame.index++;
          f.actor = step.actor;
          // The STS call happens now, before the first call with the new credentials.
          const unit = this.unitOf(f, undefined);
          const before = this.ctx.outbox.length;
          unit?.openSessionNow(this.plan.actors[f.actor]!, f.t);
          this.label(f, step, before);
          if (this.ctx.outbox.length > before) {
            f.t = Math.floor(f.t) + f.rng.range(1, 3);
            this.ctx.sessions.setReady(this.plan.actors[f.actor]!.identity, f.t);
            return this.schedule(f);
          }
          continue;
        }
      }
    }
  }

  /**
   * When the step's caller has no session in force, opens it now (labelled with the step) and
   * moves the fiber's clock to the first call made with it (unit.ts sessionToFirstCall).
   */
  private opensSession(f: Fiber, step: Extract<PlanStep, { kind: 'call' }>): boolean {
    const actor = this.plan.actors[f.actor]!;
    if (!this.ctx.sessions.needsOpening(actor.identity, Math.floor(f.t))) {
      const wait = this.ctx.sessions.untilReady(actor.identity, f.t);
      f.t += wait;
      return wait > 0;
    }
    const unit = this.unitOf(f, undefined);
    if (!unit) return false;
    const before = this.ctx.outbox.length;
    unit.openSessionNow(actor, f.t);
    this.label(f, step, before);
    f.t = Math.floor(f.t) + sessionToFirstCall(actor, f.rng);
    this.ctx.sessions.setReady(actor.identity, f.t);
    return true;
  }

  /** Labels every event emitted since outbox position `from` with the script's and step's labels. */
  private label(f: Fiber, step: PlanStep, from: number): void {
    const labels = [...f.script.labels, ...step.labels];
    for (let i = from; i < this.ctx.outbox.length; i++) {
      const e = this.ctx.outbox[i]!;
      e.labels = labels;
      e.step = step.id;
    }
  }

  private finish(f: Fiber): void {
    if (!f.parent) return;
    const { fiber, pending } = f.parent;
    pending.t = Math.max(pending.t, f.t);
    if (--pending.n === 0) {
      fiber.t = pending.t;
      this.schedule(fiber);
    }
  }

  private listItems(f: Fiber, step: Extract<PlanStep, { kind: 'forEach' }>): Value[] {
    const unit = this.unitOf(f, undefined);
    if (!unit) return [];
    if (step.over === 'vaults') return unit.world.vaults.map((v) => v.name);
    const name = this.resolveName(f, step.vault, unit.world.vaults.map((v) => v.name));
    const vault = name === undefined ? undefined : unit.world.byName.get(name);
    return vault ? vault.archives.toArray() : [];
  }

  private unitOf(f: Fiber, account: number | undefined) {
    const actor = this.plan.actors[f.actor]!;
    const accountId = this.plan.accounts[account ?? actor.accountIndex]!.id;
    return this.ctx.unitFor(accountId, f.region);
  }

  private resolveName(f: Fiber, ref: Ref | undefined, existing: string[]): string | undefined {
    if (!ref) return undefined;
    if (ref.kind === 'name') return ref.name;
    if (ref.kind === 'var') {
      const v = f.vars.get(ref.name);
      return typeof v === 'string' ? v : undefined;
    }
    return existing.length ? f.rng.pick(existing) : undefined;
  }

  private call(f: Fiber, step: Extract<PlanStep, { kind: 'call' }>): void {
    const actor = this.plan.actors[f.actor]!;
    const unit = this.unitOf(f, step.account);
    if (!unit) return;
    const world = unit.world;
    const target: ScriptTarget = { fail: step.fail, params: step.params };
    const vaultName = this.resolveName(f, step.vault, world.vaults.map((v) => v.name));
    if (step.vault && vaultName === undefined) return;
    if (vaultName !== undefined) target.vault = vaultName;
    if (step.archive) {
      const v = step.archive.kind === 'var' ? f.vars.get(step.archive.name) : undefined;
      const vault = vaultName ? world.byName.get(vaultName) : undefined;
      if (typeof v === 'number') target.archive = v;
      else if (step.archive.kind === 'any' && vault?.archives.length) target.archive = vault.archives.at(f.rng.int(vault.archives.length));
    }
    if (step.job?.kind === 'var') {
      const job = f.vars.get(step.job.name);
      if (typeof job === 'object') target.job = job;
    }
    const crossAccount = step.account !== undefined && step.account !== actor.accountIndex;
    if (crossAccount) target.accountId = world.accountId;
    const before = this.ctx.outbox.length;
    unit.setActor(actor);
    unit.rng = f.rng;
    unit.t = f.t;
    unit.errorRate = 0;
    unit.target = target;
    const ev = runOperation(unit, step.op);
    unit.target = null;
    // A step that neither forces a failure (`fail:`) nor says `expect: failure` expected success.
    if (ev?.error && !step.fail && !step.expectFailure) ev.unexpectedFailure = true;
    if (ev && crossAccount && !ev.error) {
      // The caller's account receives the call too, with a shared sharedEventID.
      ev.shared = unit.sharedId(ev);
      this.ctx.unitFor(this.plan.accounts[actor.accountIndex]!.id, f.region)?.deliverCopy(ev);
    }
    this.label(f, step, before);
    if (step.save && target.created) {
      const c = target.created;
      const value: Value | undefined = c.vault?.name ?? c.job ?? c.archive ?? (c.lock !== undefined ? world.lockId(c.lock) : undefined);
      if (value !== undefined) f.vars.set(step.save, value);
    }
  }
}
