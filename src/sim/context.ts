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

  constructor(readonly plan: Plan) {
    this.permissions = new Permissions(plan);
  }

  addUnit(unit: UnitSim): void {
    this.units.push(unit);
    this.byKey.set(unit.unit.key, unit);
  }

  unitFor(accountId: string, region: string): UnitSim | undefined {
    return this.byKey.get(`${accountId}/${region}`);
  }
}
