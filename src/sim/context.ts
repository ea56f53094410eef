/**
 * State shared by all units of one simulation: the outbox of emitted events (drained in order
 * by the merge), credential sessions per identity, and the units by key for cross-account
 * deliveries. Background activity never reads another unit's state, so units stay independent
 * unless a scenario's scripts or role assumptions cross accounts.
 */
import type { Plan } from '../plan/types.js';
import type { SimEvent } from './event.js';
import { Permissions } from './permissions.js';
import { SessionTracker } from './sessions.js';
import type { UnitSim } from './unit.js';

export class SimContext {
  readonly outbox: SimEvent[] = [];
  readonly sessions = new SessionTracker();
  readonly permissions: Permissions;
  readonly units: UnitSim[] = [];
  private readonly byKey = new Map<string, UnitSim>();
  /**
   * Per EC2 instance-profile actor (index), the one unit that schedules its credential
   * refreshes: the first unit with an activity of that identity, so each refresh is written
   * once whatever the number of regions, workers or shards (every shard simulates the whole run).
   */
  readonly refreshUnit = new Map<number, number>();

  /**
   * `countOnly`: the events are counted, never rendered (calibrate.ts countAt), so the worlds
   * skip deriving archive, job and upload IDs and checksums, which only records show.
   */
  constructor(readonly plan: Plan, readonly countOnly = false) {
    this.permissions = new Permissions(plan);
    const seen = new Set<unknown>();
    for (const unit of plan.units) {
      for (const index of unit.activities) {
        const actor = plan.actors[plan.activities[index]!.actorIndex]!;
        const o = actor.opener;
        if (o.kind !== 'assume-role' || o.caller !== 'ec2' || actor.identity.sessionSeconds <= 0 || seen.has(actor.identity)) continue;
        seen.add(actor.identity);
        this.refreshUnit.set(actor.index, unit.index);
      }
    }
  }

  addUnit(unit: UnitSim): void {
    this.units.push(unit);
    this.byKey.set(unit.unit.key, unit);
  }

  unitFor(accountId: string, region: string): UnitSim | undefined {
    return this.byKey.get(`${accountId}/${region}`);
  }
}
