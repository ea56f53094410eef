/**
 * Discrete-event simulation of one account in one region. Background arrivals per activity
 * follow a Poisson process shaped by the actor's daily and weekly rhythm (thinning), and
 * multi-step flows (job polling, multipart parts, lock completion) are scheduled as follow-up
 * tasks. Each task yields at most one event at its own time, so events leave in time order.
 *
 * The simulator object doubles as the `Call` context (fields set before each task runs) to
 * avoid allocating a context per event.
 */
import { vaultName } from '../plan/vault-names.js';
import { OP } from '../glacier/operations.js';
import { hourOfWeek } from '../plan/rhythm.js';
import type { Plan, PlanActivity, PlanActor, PlanUnit } from '../plan/types.js';
import { Rng } from '../random/rng.js';
import { runOperation, type Call, type ScriptTarget } from './calls.js';
import type { SimContext } from './context.js';
import type { SimEvent } from './event.js';
import { assumeRoleParts, federationTokenParts, OPENER_OP } from './openers.js';
import type { SessionState } from './sessions.js';
import { hashString, mix32 } from '../random/hash.js';
import { uuidAt } from '../random/ids.js';
import { KeyedHeap } from './heap.js';
import { World } from './world.js';
import { retryPolicy, type RetryPolicy } from './failures.js';
import type { DenyReason } from './permissions.js';
import type { IdentityModel } from '../plan/identity.js';
import { defaultClient } from '../plan/compile-core.js';
import { clientOperations, serviceOperations } from './client-operations.js';
import { DEFAULT_GLACIER_SERVICE } from '../glacier/service-principals.js';
import { meanRunCalls, terraformRun } from './terraform-runs.js';

/** A pending call; its time and tie-break order are the heap's keys. */
interface Task {
  actor: PlanActor;
  rng: Rng;
  errorRate: number;
  /** The activity's excluded vaults (follow-ups inherit them). */
  avoid: ReadonlySet<string> | null;
  run: (c: Call, arg: unknown) => SimEvent | null;
  /** Passed to `run` (laterWith); undefined for closures. */
  arg: unknown;
  /** Runs without a credential session (a credential refresh opens its own). */
  bare: boolean;
}

/**
 * Seconds from the record that opens a session to the first call made with it. A person
 * signing in to the console reads the page and navigates to Glacier: tens of seconds. A
 * program that called sts:AssumeRole (or was handed EC2 instance-profile credentials) uses
 * them at once, but the STS round trip and client set-up put the first call 1-6 s later,
 * never in the same second (CloudTrail eventTime is when each request completed).
 */
export function sessionToFirstCall(actor: PlanActor, rng: Rng): number {
  const o = actor.opener;
  if (o.kind === 'console' || (o.kind === 'saml' && o.console)) return rng.range(15, 90);
  // A service uses its service-linked role's credentials in the same second it gets them
  // (real Resource Explorer records: AssumeRole and the first calls share their eventTime).
  // (Still one draw, as for the other openers, so the task's later draws keep their places.)
  if (o.kind === 'assume-role' && o.caller === 'service') return rng.range(0, 0);
  return rng.range(1, 6);
}


/** A principal's calls a second (all its activities in the unit) above which throttling bursts shorten: 120 an hour. */
const BURST_CALLS_RATE = 120 / 3600;

export class UnitSim implements Call {
  readonly world: World;
  private readonly heap = new KeyedHeap<Task>();
  private order = 0;
  private seq = 0;
  private readonly end: number;
  private readonly names: Rng;
  /** Set before each task runs. */
  actor!: PlanActor;
  rng!: Rng;
  t = 0;
  errorRate = 0;
  avoid: ReadonlySet<string> | null = null;
  /** Set while a scripted step runs: pins resources and parameters, suppresses follow-ups. */
  target: ScriptTarget | null = null;
  /** The current actor's client retry policy (set with the actor). */
  retry: RetryPolicy = retryPolicy(undefined);
  /**
   * End of each principal's throttling burst in this account and region (epoch s): as its
   * retries meet it, and as its other calls do (shorter when --records scales rates up).
   */
  private readonly bursts = new Map<IdentityModel, { retries: number; calls: number }>();
  /**
   * How much shorter a burst is for a principal's calls other than retries: 1 up to
   * BURST_CALLS_RATE (120 calls an hour, more than any example's principal at its own rates),
   * else short enough that a burst still catches about as many of its calls as it would there
   * (~1.7 in a 50 s burst). With bursts of fixed length, throttled calls grew with the square of
   * the rate: 55 % of all records at 1 M records of the quickstart (rates scaled 373x) against
   * ~3 % at its own volume, and a twin of a busy trail (profile fits its principals' rates
   * directly) throttled itself into 16 % more records than the trail. Retries keep the full
   * burst: the SDK's backoff (0.5-20 s) does not depend on the rate, nor does its retry chain.
   */
  private readonly burstScales = new Map<IdentityModel, number>();
  /** Retry policy by actor index. */
  private readonly retries: RetryPolicy[];
  /** Operations each actor's client can make in the background (null: all). */
  private readonly clientOps: Array<Uint8Array | null>;
  private readonly plan: Plan;
  private readonly sharedKey: number;
  private readonly loginKey: number;

  constructor(private readonly ctx: SimContext, readonly unit: PlanUnit, rateScale: number) {
    const plan = ctx.plan;
    this.plan = plan;
    this.sharedKey = hashString(`${plan.seed}/${unit.key}/shared`);
    this.loginKey = hashString(`${plan.seed}/${unit.key}/failed-logins`);
    const account = plan.accounts[unit.accountIndex]!;
    this.world = new World(unit.accountId, unit.region, account.partition, `${plan.seed}/${unit.key}`, ctx.countOnly);
    this.end = plan.end;
    this.names = Rng.for(plan.seed, 'unit', unit.key, 'new-vault-names');
    this.retries = plan.actors.map((a) => retryPolicy(a.spec.type === 'AWSService' ? undefined : a.spec.client ?? defaultClient(a.spec)));
    this.clientOps = plan.actors.map((a) => (a.spec.type === 'AWSService' ? serviceOperations(a.spec.service ?? DEFAULT_GLACIER_SERVICE) : clientOperations(a.spec.client ?? defaultClient(a.spec))));
    for (const v of unit.vaults) this.world.addVault(v.name, v.createdAt, v.archives, v.tags);
    const perSecond = new Map<IdentityModel, number>();
    for (const index of unit.activities) {
      const activity = plan.activities[index]!;
      const identity = plan.actors[activity.actorIndex]!.identity;
      perSecond.set(identity, (perSecond.get(identity) ?? 0) + activity.rate * rateScale);
    }
    for (const [identity, rate] of perSecond) if (rate > BURST_CALLS_RATE) this.burstScales.set(identity, BURST_CALLS_RATE / rate);
    const perActor = new Map<number, number>();
    for (const index of unit.activities) {
      const activity = plan.activities[index]!;
      const actor = plan.actors[activity.actorIndex]!;
      const nth = perActor.get(actor.index) ?? 0;
      perActor.set(actor.index, nth + 1);
      const rng = Rng.for(plan.seed, 'unit', unit.key, 'actor', actor.name, nth);
      this.startBackground(activity, actor, rng, rateScale);
    }
    for (const [actorIndex, unitIndex] of ctx.refreshUnit) if (unitIndex === unit.index) this.scheduleRefreshes(plan.actors[actorIndex]!);
  }

  /** Time of the next pending event, or Infinity when the unit is done. */
  nextTime(): number {
    const t = this.heap.topTime();
    return t < this.end ? t : Infinity;
  }

  /** Runs the next task; its events go to the context's outbox. */
  step(): void {
    const t = this.heap.topTime();
    const task = this.heap.pop();
    if (!task || t >= this.end) return;
    this.setActor(task.actor);
    this.rng = task.rng;
    this.t = t;
    this.errorRate = task.errorRate;
    this.avoid = task.avoid;
    this.target = null;
    const sessions = this.ctx.sessions;
    if (!task.bare && task.actor.identity.sessionSeconds > 0) {
      if (sessions.needsOpening(task.actor.identity, t)) {
        // Credentials first, then the call once the client holds them: a sign-in or STS call,
        // then the program's (or the person's) first request some seconds later.
        this.openSessionNow(task.actor, t);
        const ready = Math.floor(t) + sessionToFirstCall(task.actor, task.rng);
        sessions.setReady(task.actor.identity, ready);
        this.push(ready, task.actor, task.rng, task.errorRate, task.avoid, task.run, task.arg);
        return;
      }
      // Opened moments ago (by another region's unit or a script): wait for the first use.
      const wait = sessions.untilReady(task.actor.identity, t);
      if (wait > 0) {
        this.push(t + wait, task.actor, task.rng, task.errorRate, task.avoid, task.run, task.arg);
        return;
      }
    }
    task.run(this, task.arg);
  }

  /** Makes `actor` the caller of the next calls (scripts set it too). */
  setActor(actor: PlanActor): void {
    this.actor = actor;
    this.retry = this.retries[actor.index]!;
  }

  denied(op: number, vault: string | undefined): DenyReason | null {
    return this.ctx.permissions.check(this.actor, op, vault, this.t);
  }

  throttled(retry: boolean): boolean {
    const burst = this.bursts.get(this.actor.identity);
    return burst !== undefined && this.t < (retry ? burst.retries : burst.calls);
  }

  throttle(seconds: number): void {
    const burst = this.bursts.get(this.actor.identity);
    const retries = this.t + seconds;
    const calls = this.t + seconds * (this.burstScales.get(this.actor.identity) ?? 1);
    if (burst) {
      burst.retries = Math.max(burst.retries, retries);
      burst.calls = Math.max(burst.calls, calls);
    } else this.bursts.set(this.actor.identity, { retries, calls });
  }

  emit(op: number, req: string, resp: string, error: string): SimEvent {
    const t = Math.floor(this.t);
    const session = this.sessionOf(this.actor, t);
    // One object shape for every Glacier event.
    const ev: SimEvent = {
      t, seq: this.seq++, unit: this.unit.index, actor: this.actor.index, op, req, resp, error,
      session: session?.index, sessionStart: session?.start,
    };
    this.ctx.outbox.push(ev);
    return ev;
  }

  /** Delivers a copy of `ev` (emitted by another unit) to this unit's account, sharing a sharedEventID. */
  deliverCopy(ev: SimEvent): SimEvent {
    const copy: SimEvent = { ...ev, unit: this.unit.index, seq: this.seq++, copyOf: { unit: ev.unit, seq: ev.seq } };
    this.ctx.outbox.push(copy);
    return copy;
  }

  /** sharedEventID for an event of this unit. */
  sharedId(ev: SimEvent): string {
    return uuidAt(this.sharedKey, ev.seq, 0);
  }

  later(delaySeconds: number, run: (c: Call) => SimEvent | null): void {
    this.laterWith(delaySeconds, run, undefined);
  }

  laterWith<T>(delaySeconds: number, run: (c: Call, arg: T) => SimEvent | null, arg: T): void {
    if (this.target) return; // scripted calls schedule their own next steps
    // The task pairs run with its own arg, so the widened type is never called with another.
    this.push(this.t + delaySeconds, this.actor, this.rng, this.errorRate, this.avoid, run as Task['run'], arg);
  }

  /** Opens the actor's credential session now if none is in force (a scripted assumeRole step). */
  openSessionNow(actor: PlanActor, t: number): void {
    this.sessionOf(actor, Math.floor(t));
  }

  /** The caller's credential session at t, opening one (and emitting its opening records) if needed. */
  private sessionOf(actor: PlanActor, t: number): SessionState | null {
    if (actor.identity.sessionSeconds <= 0) return null;
    const sessions = this.ctx.sessions;
    const session = sessions.at(actor.identity, t);
    if (sessions.fresh) this.openSession(actor, session, t);
    return session;
  }

  private openSession(actor: PlanActor, session: SessionState, t: number): void {
    const o = actor.opener;
    const base = { t, unit: this.unit.index, actor: actor.index, op: OPENER_OP, error: '', session: session.index, sessionStart: session.start };
    if (o.kind === 'console') {
      // About one password sign-in in 20 is a mistyped first attempt: a Failure record ("Failed
      // authentication", IAM user guide's sign-in failure example) that opens no session; the
      // retry in the same second succeeds. [I: the share is a guess; no public rate]
      if (mix32(this.loginKey, actor.index, session.index) % 20 === 0) {
        this.ctx.outbox.push({ ...base, seq: this.seq++, kind: 'console-login', req: 'null', resp: '{"ConsoleLogin":"Failure"}' });
      }
      this.ctx.outbox.push({ ...base, seq: this.seq++, kind: 'console-login', req: 'null', resp: '{"ConsoleLogin":"Success"}' });
      return;
    }
    if (o.kind === 'none') return;
    if (o.kind === 'federation-token') {
      // Made with the broker IAM user's long-term key: no session of its own.
      const parts = federationTokenParts(actor, session, this.unit.region, this.plan.accounts[actor.accountIndex]!.partition);
      this.ctx.outbox.push({ ...base, seq: this.seq++, kind: 'sts-federation-token', req: parts.req, resp: parts.resp, caller: o.caller, session: undefined, sessionStart: undefined });
      return;
    }
    const parts = assumeRoleParts(actor, session, o.kind === 'saml' ? o.provider : null, this.unit.region);
    const ev: SimEvent = { ...base, seq: this.seq++, kind: o.kind === 'saml' ? 'sts-assume-role-saml' : 'sts-assume-role', req: parts.req, resp: parts.resp, extra: parts.resources };
    if (o.kind === 'assume-role') {
      ev.caller = o.caller === 'ec2' ? -1 : o.caller === 'service' ? -2 : o.caller;
      const caller = typeof o.caller === 'number' ? this.plan.actors[o.caller]! : null;
      const callerSession = caller ? this.sessionOf(caller, t) : null;
      ev.session = callerSession?.index;
      ev.sessionStart = callerSession?.start;
      // Cross-account: the caller's account receives the same call with the same sharedEventID;
      // a same-account AssumeRole is delivered once and has none (real records).
      const callerAccount = caller ? this.plan.accounts[caller.accountIndex]!.id : this.unit.accountId;
      // A service assuming its service-linked role calls from AWS's own account: the record has a
      // sharedEventID (real Resource Explorer AssumeRole records), and no account of ours gets the copy.
      if (callerAccount !== this.unit.accountId || o.caller === 'service') ev.shared = this.sharedId(ev);
      this.ctx.outbox.push(ev);
      if (ev.shared && caller) this.ctx.unitFor(callerAccount, this.unit.region)?.deliverCopy(ev);
      return;
    }
    this.ctx.outbox.push(ev);
    if (o.console) this.ctx.outbox.push({ ...base, seq: this.seq++, kind: 'console-login', req: 'null', resp: '{"ConsoleLogin":"Success"}' });
  }

  newVaultName(): string {
    // About 1,500 names per region (plan/vault-names.ts); vaults accumulate at high --records
    // (CreateVault outpaces DeleteVault), so after 50 taken draws a unit-wide serial makes the
    // name unique, as people add `-2` to a taken name.
    const year = new Date(this.t * 1000).getUTCFullYear();
    for (let attempt = 0; ; attempt++) {
      const name = vaultName(this.names, year, this.unit.region);
      if (!this.world.byName.has(name)) return name;
      if (attempt >= 50) {
        const unique = `${name}-${this.world.nextSerial()}`;
        if (!this.world.byName.has(unique)) return unique;
      }
    }
  }

  private push(t: number, actor: PlanActor, rng: Rng, errorRate: number, avoid: ReadonlySet<string> | null, run: Task['run'], arg?: unknown, bare = false): void {
    if (t >= this.end) return;
    this.heap.push(t, this.order++, { actor, rng, errorRate, avoid, run, arg, bare });
  }

  /**
   * An EC2 instance profile's credentials refresh on the instance's schedule, not on calls:
   * "We make new credentials available at least five minutes before the expiration of the old
   * credentials" (EC2 User Guide, "Retrieve security credentials from instance metadata",
   * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-metadata-security-credentials.html).
   * The first session still opens on first use (the instance's earlier credentials predate the
   * run); from then on ec2.amazonaws.com calls AssumeRole every ~6 hours, 1-5 minutes before
   * the session's 6 h (its record's expiration is 11-24 minutes later still, openers.ts),
   * whether or not calls follow. Calls after a refresh use the new key once the SDK holds it.
   */
  private scheduleRefreshes(actor: PlanActor): void {
    const rng = Rng.for(this.plan.seed, 'unit', this.unit.key, 'refresh', actor.name);
    const identity = actor.identity;
    const len = identity.sessionSeconds;
    const refreshAt = (s: SessionState): number => s.start + len - 60 - (hashString(`${identity.callerArn}/${s.index}`) % 241);
    const tick = (): SimEvent | null => {
      const sessions = this.ctx.sessions;
      const s = sessions.current(identity);
      // No session yet: the instance has not been used; look again in an hour.
      const due = s ? refreshAt(s) : this.t + 3600;
      if (s && this.t >= due) {
        const t = Math.floor(this.t);
        const next = sessions.renew(identity, t);
        this.openSession(actor, next, t);
        sessions.setReady(identity, t + sessionToFirstCall(actor, rng));
        this.push(refreshAt(next), actor, rng, 0, null, tick, undefined, true);
      } else {
        this.push(due, actor, rng, 0, null, tick, undefined, true);
      }
      return null;
    };
    this.push(this.plan.start + 3600, actor, rng, 0, null, tick, undefined, true);
  }

  private startBackground(activity: PlanActivity, actor: PlanActor, rng: Rng, rateScale: number): void {
    // Terraform calls in runs (plan, then apply): the same calls over fewer, rarer arrivals.
    const terraform = actor.spec.client === 'terraform';
    const peak = (activity.rate * rateScale) / activity.rhythmMean / (terraform ? meanRunCalls(actor.name) : 1);
    if (!(peak > 0)) return;
    const nextArrival = (from: number): number => {
      let t = from;
      do t += rng.exp(peak);
      while (t < this.end && rng.next() >= activity.rhythm[hourOfWeek(t, actor.utcOffset)]!);
      return t;
    };
    const arrive = (c: Call): SimEvent | null => {
      const ev = terraform ? terraformRun(c, activity) : this.background(activity, c);
      this.push(nextArrival(c.t), actor, rng, activity.errorRate, activity.avoid, arrive);
      return ev;
    };
    this.push(nextArrival(this.plan.start), actor, rng, activity.errorRate, activity.avoid, arrive);
  }

  /**
   * One background call: an operation drawn from the mix; if the world cannot serve it, redraw,
   * then list vaults. A client that cannot make the call (the console: no archives or jobs)
   * redraws too. Terraform runs go through terraformRun instead.
   */
  private background(activity: PlanActivity, c: Call): SimEvent | null {
    const can = this.clientOps[c.actor.index];
    for (let attempt = 0; attempt < 3; attempt++) {
      const op = activity.mixOps[c.rng.weighted(activity.mixCumulative)]!;
      if (can && !can[op]) continue;
      const ev = runOperation(c, op);
      if (ev) return ev;
    }
    return runOperation(c, OP.ListVaults);
  }
}
