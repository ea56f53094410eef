/**
 * Record rendering: the hot loop. Everything constant per operation, unit, actor and session
 * is serialized once and cached; per record we only concatenate fragments and fill eventTime,
 * eventID, requestID and the source address. Per-record random values come from counter
 * hashing of (unit, seq), so a record renders to the same bytes on any worker, in any order.
 *
 * Measured on Node 20 (2-core VM): ~1.5 µs per record, against ~12 µs for
 * JSON.stringify of an equivalent object built per record.
 */
import { OPERATIONS } from '../glacier/operations.js';
import type { VersionInfo } from '../plan/event-version.js';
import type { Plan, PlanActor } from '../plan/types.js';
import { hashString, mix32 } from '../random/hash.js';
import { base64urlAt, uuidAt } from '../random/ids.js';
import { isoSeconds } from '../scenario/units.js';
import type { SimEvent } from '../sim/event.js';

/** Lanes of the per-record counter hash; each value owns a disjoint range. */
export const LANE = { eventId: 0, requestId: 4, ip: 14, delay: 15, order: 16, unique: 17 } as const;

interface ActorCache {
  session: number;
  legacy: boolean;
  identity: string;
  phase: number;
  key: number;
  /** Per region: `"sourceIPAddress":` is written by the caller; this holds the pool. */
  ips: Map<string, { ips: string[]; rotation: string }>;
  tls: Map<string, string>;
}

export class RecordRenderer {
  readonly unitKeys: number[];
  private readonly opHead: string[];
  private readonly opTail: string[];
  private readonly actors: ActorCache[];
  private lastT = NaN;
  private lastIso = '';
  private lastVersionT = NaN;
  private version!: VersionInfo;

  constructor(private readonly plan: Plan) {
    this.unitKeys = plan.units.map((u) => hashString(`${plan.seed}/${u.key}/events`));
    this.opHead = OPERATIONS.map((op) => `","eventSource":"glacier.amazonaws.com","eventName":"${op.name}","awsRegion":"`);
    this.opTail = OPERATIONS.map((op) => `","readOnly":${op.readOnly},"eventType":"AwsApiCall"`);
    this.actors = plan.actors.map((a) => {
      const key = hashString(`${plan.seed}/actor/${a.name}`);
      const tls = new Map<string, string>();
      for (const region of plan.accounts[a.accountIndex]!.regions) {
        const t = a.client?.tls;
        tls.set(region, t ? `,"tlsDetails":{"tlsVersion":"${t.version}","cipherSuite":"${t.cipher}","clientProvidedHostHeader":"glacier.${region}.amazonaws.com"}` : '');
      }
      return {
        session: -1, legacy: false, identity: '', key,
        phase: a.identity.sessionSeconds > 0 ? key % a.identity.sessionSeconds : 0,
        ips: a.origins as Map<string, { ips: string[]; rotation: string }>,
        tls,
      };
    });
  }

  /** eventID of an event: a pure function of (unit, seq). */
  eventId(ev: SimEvent): string {
    return uuidAt(this.unitKeys[ev.unit]!, ev.seq, LANE.eventId);
  }

  render(ev: SimEvent): string {
    const unit = this.plan.units[ev.unit]!;
    const key = this.unitKeys[ev.unit]!;
    const actor = this.plan.actors[ev.actor]!;
    const cache = this.actors[ev.actor]!;
    const v = this.versionAt(ev.t);
    if (ev.t !== this.lastT) {
      this.lastT = ev.t;
      this.lastIso = isoSeconds(ev.t);
    }
    let s = `{"eventVersion":"${v.version}","userIdentity":${this.identity(actor, cache, ev.t, v.legacyIdentityOrder)},"eventTime":"${this.lastIso}${this.opHead[ev.op]}${unit.region}","sourceIPAddress":"${sourceIp(cache, unit.region, ev, key)}","userAgent":${actor.userAgents[ev.op]}${ev.error},"requestParameters":${ev.req},"responseElements":${ev.resp},"requestID":"${base64urlAt(key, ev.seq, LANE.requestId, 47)}","eventID":"${uuidAt(key, ev.seq, LANE.eventId)}${this.opTail[ev.op]}`;
    if (v.managementEvent) s += ',"managementEvent":true';
    s += `,"recipientAccountId":"${unit.accountId}"`;
    if (v.eventCategory) s += ',"eventCategory":"Management"';
    if (v.tlsDetails) {
      s += cache.tls.get(unit.region)!;
      if (actor.client?.console) s += ',"sessionCredentialFromConsole":"true"';
    }
    return s + '}';
  }

  private versionAt(t: number): VersionInfo {
    if (t !== this.lastVersionT) {
      this.lastVersionT = t;
      const periods = this.plan.versions;
      let i = periods.length - 1;
      while (i > 0 && periods[i]!.from > t) i--;
      this.version = periods[i]!.info;
    }
    return this.version;
  }

  private identity(actor: PlanActor, cache: ActorCache, t: number, legacy: boolean): string {
    const len = actor.identity.sessionSeconds;
    const session = len > 0 ? Math.floor((t - this.plan.start + cache.phase) / len) : 0;
    if (session !== cache.session || legacy !== cache.legacy) {
      cache.session = session;
      cache.legacy = legacy;
      const sessionStart = this.plan.start - cache.phase + session * len;
      cache.identity = actor.identity.render(session, sessionStart, legacy);
    }
    return cache.identity;
  }
}

function sourceIp(cache: ActorCache, region: string, ev: SimEvent, key: number): string {
  const pool = cache.ips.get(region)!;
  const n = pool.ips.length;
  if (n === 1) return pool.ips[0]!;
  switch (pool.rotation) {
    case 'daily':
      return pool.ips[mix32(cache.key, Math.floor(ev.t / 86400), 0) % n]!;
    case 'hourly':
      return pool.ips[mix32(cache.key, Math.floor(ev.t / 3600), 1) % n]!;
    default:
      return pool.ips[mix32(key, ev.seq, LANE.ip) % n]!;
  }
}
