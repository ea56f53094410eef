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
    if (ev.kind !== undefined && ev.kind !== 'glacier') return this.renderRelated(ev);
    const unit = this.plan.units[ev.unit]!;
    const key = this.unitKeys[ev.unit]!;
    const actor = this.plan.actors[ev.actor]!;
    const cache = this.actors[ev.actor]!;
    // A copy for a second account repeats the original's requestID and address.
    const src = ev.copyOf ?? ev;
    const srcKey = this.unitKeys[src.unit]!;
    const v = this.versionAt(ev.t);
    if (ev.t !== this.lastT) {
      this.lastT = ev.t;
      this.lastIso = isoSeconds(ev.t);
    }
    let s = `{"eventVersion":"${v.version}","userIdentity":${this.identity(actor, cache, ev, v.legacyIdentityOrder)},"eventTime":"${this.lastIso}${this.opHead[ev.op]}${unit.region}","sourceIPAddress":"${sourceIp(cache, unit.region, ev.t, src.seq, srcKey)}","userAgent":${actor.userAgents[ev.op]}${ev.error},"requestParameters":${ev.req},"responseElements":${ev.resp},"requestID":"${base64urlAt(srcKey, src.seq, LANE.requestId, 47)}","eventID":"${uuidAt(key, ev.seq, LANE.eventId)}${this.opTail[ev.op]}`;
    if (v.managementEvent) s += ',"managementEvent":true';
    s += `,"recipientAccountId":"${unit.accountId}"`;
    if (ev.shared) s += `,"sharedEventID":"${ev.shared}"`;
    if (v.eventCategory) s += ',"eventCategory":"Management"';
    if (v.tlsDetails) {
      s += cache.tls.get(unit.region)!;
      if (actor.client?.console) s += ',"sessionCredentialFromConsole":"true"';
    }
    return s + '}';
  }

  /** STS and sign-in records that open sessions (src/sim/openers.ts), in the same real format. */
  private renderRelated(ev: SimEvent): string {
    const unit = this.plan.units[ev.unit]!;
    const key = this.unitKeys[ev.unit]!;
    const v = this.versionAt(ev.t);
    const role = this.plan.actors[ev.actor]!;
    const ec2 = ev.caller === -1;
    const who = ec2 ? role : this.plan.actors[ev.caller ?? ev.actor]!;
    const cache = this.actors[who.index]!;
    const time = isoSeconds(ev.t);
    const src = ev.copyOf ?? ev;
    const srcKey = this.unitKeys[src.unit]!;
    const ip = ec2 ? 'ec2.amazonaws.com' : sourceIp(cache, unit.region, ev.t, src.seq, srcKey);
    const ua = ec2 ? '"ec2.amazonaws.com"' : who.userAgents[ev.op]!;
    const eventId = uuidAt(key, ev.seq, LANE.eventId);
    const tail = (readOnly: boolean, eventType: string): string => {
      let s = `"eventID":"${eventId}","readOnly":${readOnly}${ev.extra ?? ''},"eventType":"${eventType}"`;
      if (v.managementEvent) s += ',"managementEvent":true';
      s += `,"recipientAccountId":"${unit.accountId}"`;
      if (ev.shared) s += `,"sharedEventID":"${ev.shared}"`;
      if (v.eventCategory) s += ',"eventCategory":"Management"';
      return s;
    };
    const tls = (host: string): string => (v.tlsDetails && !ec2 && who.client?.tls ? `,"tlsDetails":{"tlsVersion":"${who.client.tls.version}","cipherSuite":"${who.client.tls.cipher}","clientProvidedHostHeader":"${host}"}` : '');
    if (ev.kind === 'console-login') {
      const identity = who.identity.signInIdentity?.(ev.sessionStart ?? ev.t) ?? this.identity(who, cache, ev, false);
      const mfa = who.spec.mfa ? 'Yes' : 'No';
      return `{"eventVersion":"${v.version}","userIdentity":${identity},"eventTime":"${time}","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"${unit.region}","sourceIPAddress":"${ip}","userAgent":${ua},"requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true","MobileVersion":"No","MFAUsed":"${mfa}"},${tail(false, 'AwsConsoleSignIn')}${tls('signin.aws.amazon.com')}}`;
    }
    const saml = ev.kind === 'sts-assume-role-saml';
    let identity: string;
    if (ec2) identity = '{"type":"AWSService","invokedBy":"ec2.amazonaws.com"}';
    else if (saml) {
      const name = role.identity.role!.sessionName(ev.session ?? 0);
      const provider = role.opener.kind === 'saml' ? role.opener.provider : '';
      identity = `{"type":"SAMLUser","principalId":"${base64urlAt(cache.key, 0, 0, 27)}=:${name}","userName":${JSON.stringify(name)},"identityProvider":"${provider}"}`;
    } else identity = this.identity(who, cache, ev, v.legacyIdentityOrder);
    const requestId = uuidAt(srcKey, src.seq, LANE.requestId);
    return `{"eventVersion":"${v.version}","userIdentity":${identity},"eventTime":"${time}","eventSource":"sts.amazonaws.com","eventName":"${saml ? 'AssumeRoleWithSAML' : 'AssumeRole'}","awsRegion":"${unit.region}","sourceIPAddress":"${ip}","userAgent":${ua},"requestParameters":${ev.req},"responseElements":${ev.resp},"requestID":"${requestId}",${tail(true, 'AwsApiCall')}${tls(`sts.${unit.region}.amazonaws.com`)}}`;
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

  /** Serialized userIdentity of the actor in the event's session, cached while the session lasts. */
  private identity(actor: PlanActor, cache: ActorCache, ev: SimEvent, legacy: boolean): string {
    const session = ev.session ?? 0;
    if (session !== cache.session || legacy !== cache.legacy) {
      cache.session = session;
      cache.legacy = legacy;
      cache.identity = actor.identity.render(session, ev.sessionStart ?? ev.t, legacy);
    }
    return cache.identity;
  }
}

function sourceIp(cache: ActorCache, region: string, t: number, seq: number, key: number): string {
  const pool = cache.ips.get(region) ?? cache.ips.values().next().value!;
  const n = pool.ips.length;
  if (n === 1) return pool.ips[0]!;
  switch (pool.rotation) {
    case 'daily':
      return pool.ips[mix32(cache.key, Math.floor(t / 86400), 0) % n]!;
    case 'hourly':
      return pool.ips[mix32(cache.key, Math.floor(t / 3600), 1) % n]!;
    default:
      return pool.ips[mix32(key, seq, LANE.ip) % n]!;
  }
}
