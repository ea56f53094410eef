/**
 * Discrete-event simulation of one account in one region. Background arrivals per activity
 * follow a Poisson process shaped by the actor's daily and weekly rhythm (thinning), and
 * multi-step flows (job polling, multipart parts, lock completion) are scheduled as follow-up
 * tasks. Each task yields at most one event at its own time, so events leave in time order.
 *
 * The simulator object doubles as the `Call` context (fields set before each task runs) to
 * avoid allocating a context per event.
 */
import { OP } from '../glacier/operations.js';
import { hourOfWeek } from '../plan/rhythm.js';
import type { Plan, PlanActivity, PlanActor, PlanUnit } from '../plan/types.js';
import { Rng } from '../random/rng.js';
import { runOperation, type Call } from './calls.js';
import type { SimEvent } from './event.js';
import { MinHeap, type HeapItem } from './heap.js';
import { World } from './world.js';

interface Task extends HeapItem {
  actor: PlanActor;
  rng: Rng;
  errorRate: number;
  run: (c: Call) => SimEvent | null;
}

const NEW_VAULT_WORDS = ['backup', 'archive', 'media', 'logs', 'db', 'finance', 'legal', 'research', 'snapshots', 'cold', 'compliance', 'audit'];
const NEW_VAULT_SUFFIXES = ['2023', '2024', '2025', '2026', 'eu', 'us', 'raw', 'primary', 'secondary', 'monthly', 'weekly', 'dr'];

export class UnitSim implements Call {
  readonly world: World;
  private readonly heap = new MinHeap<Task>();
  private order = 0;
  private seq = 0;
  private readonly end: number;
  private readonly names: Rng;
  /** Set before each task runs. */
  actor!: PlanActor;
  rng!: Rng;
  t = 0;
  errorRate = 0;

  constructor(private readonly plan: Plan, readonly unit: PlanUnit, rateScale: number) {
    const account = plan.accounts[unit.accountIndex]!;
    this.world = new World(unit.accountId, unit.region, account.partition, `${plan.seed}/${unit.key}`);
    this.end = plan.end;
    this.names = Rng.for(plan.seed, 'unit', unit.key, 'new-vault-names');
    for (const v of unit.vaults) this.world.addVault(v.name, v.createdAt, v.archives, v.tags);
    const perActor = new Map<number, number>();
    for (const index of unit.activities) {
      const activity = plan.activities[index]!;
      const actor = plan.actors[activity.actorIndex]!;
      const nth = perActor.get(actor.index) ?? 0;
      perActor.set(actor.index, nth + 1);
      const rng = Rng.for(plan.seed, 'unit', unit.key, 'actor', actor.name, nth);
      this.startBackground(activity, actor, rng, rateScale);
    }
  }

  /** Time of the next pending event, or Infinity when the unit is done. */
  nextTime(): number {
    const top = this.heap.peek();
    return top && top.t < this.end ? top.t : Infinity;
  }

  /** Runs the next task; returns its event or null when the task produced none. */
  step(): SimEvent | null {
    const task = this.heap.pop();
    if (!task || task.t >= this.end) return null;
    this.actor = task.actor;
    this.rng = task.rng;
    this.t = task.t;
    this.errorRate = task.errorRate;
    return task.run(this);
  }

  emit(op: number, req: string, resp: string, error: string): SimEvent {
    return { t: Math.floor(this.t), seq: this.seq++, unit: this.unit.index, actor: this.actor.index, op, req, resp, error };
  }

  later(delaySeconds: number, run: (c: Call) => SimEvent | null): void {
    this.push(this.t + delaySeconds, this.actor, this.rng, this.errorRate, run);
  }

  newVaultName(): string {
    for (;;) {
      const name = `${this.names.pick(NEW_VAULT_WORDS)}-${this.names.pick(NEW_VAULT_SUFFIXES)}-${this.names.range(10, 99)}`;
      if (!this.world.byName.has(name)) return name;
    }
  }

  private push(t: number, actor: PlanActor, rng: Rng, errorRate: number, run: Task['run']): void {
    if (t >= this.end) return;
    this.heap.push({ t, order: this.order++, actor, rng, errorRate, run });
  }

  private startBackground(activity: PlanActivity, actor: PlanActor, rng: Rng, rateScale: number): void {
    const peak = (activity.rate * rateScale) / activity.rhythmMean;
    if (!(peak > 0)) return;
    const nextArrival = (from: number): number => {
      let t = from;
      do t += rng.exp(peak);
      while (t < this.end && rng.next() >= activity.rhythm[hourOfWeek(t, actor.utcOffset)]!);
      return t;
    };
    const arrive = (c: Call): SimEvent | null => {
      const ev = this.background(activity, c);
      this.push(nextArrival(c.t), actor, rng, activity.errorRate, arrive);
      return ev;
    };
    this.push(nextArrival(this.plan.start), actor, rng, activity.errorRate, arrive);
  }

  /** One background call: an operation drawn from the mix; if the world cannot serve it, redraw, then list vaults. */
  private background(activity: PlanActivity, c: Call): SimEvent | null {
    for (let attempt = 0; attempt < 3; attempt++) {
      const op = activity.mixOps[c.rng.weighted(activity.mixCumulative)]!;
      const ev = runOperation(c, op);
      if (ev) return ev;
    }
    return runOperation(c, OP.ListVaults);
  }
}
