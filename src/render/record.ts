/**
 * Record rendering: the hot loop. Everything constant per operation, unit, actor and session
 * is serialized once and cached; per record we only concatenate fragments and fill eventTime,
 * eventID, requestID and the source address. Per-record random values come from counter
 * hashing of (unit, seq), so a record renders to the same bytes on any worker, in any order.
 *
 * Writing a record's bytes means flattening its string, and V8's flatten costs per piece: a
 * 1.6 KB string of 40 flat pieces took 750 ns to build and write, of 12 pieces 360 ns
 * (2-core VM). So the cached fragments are large (one per actor session and version, per unit
 * and operation, per actor and operation), flat (a cached rope would be walked again inside
 * every record), and the two ids share one string with the keys around them: a Glacier record
 * is 12 pieces.
 */
import { OPERATIONS } from '../glacier/operations.js';
import type { VersionInfo } from '../plan/event-version.js';
import type { Plan, PlanActor } from '../plan/types.js';
import { hashString, mix32 } from '../random/hash.js';
import { base64urlAt, uuidAt, writeBase64url, writeUuid } from '../random/ids.js';
import { isoSeconds } from '../scenario/units.js';
import type { SimEvent } from '../sim/event.js';

/** Lanes of the per-record counter hash; each value owns a disjoint range. */
export const LANE = { eventId: 0, requestId: 4, ip: 14, delay: 15, order: 16, unique: 17 } as const;

/** Flattens a rope in place (charCodeAt does) so that concatenating it later copies one piece. */
function flat(s: string): string {
  s.charCodeAt(0);
  return s;
}

interface ActorCache {
  session: number;
  legacy: boolean;
  identity: string;
  /** `{"eventVersion":…,"userIdentity":…,"eventTime":"` for `headIdentity` and `headVersion`. */
  head: string;
  headIdentity: string;
  headVersion: VersionInfo | null;
  /** Per operation: `","userAgent":…,"requestParameters":`, filled on first use. */
  uaReq: string[];
  /** Per unit, for `endVersion`: the fields after sharedEventID and the closing brace. */
  ends: string[];
  endVersion: VersionInfo | null;
  key: number;
  /** Per region: `"sourceIPAddress":` is written by the caller; this holds the pool. */
  ips: Map<string, { ips: string[]; rotation: string }>;
  tls: Map<string, string>;
}

interface UnitCache {
  /** Per operation: from eventSource to `"sourceIPAddress":"`. */
  mid: string[];
  /** Per operation, for `tailVersion`: from readOnly to recipientAccountId. */
  tail: string[];
  tailVersion: VersionInfo | null;
}

/** `,"requestID":"<47>","eventID":"<36>`: both ids and the keys around them, one string. */
const IDS_TEMPLATE = Buffer.from(`,"requestID":"${' '.repeat(47)}","eventID":"${' '.repeat(36)}`, 'latin1');
const REQUEST_ID_AT = ',"requestID":"'.length;
const EVENT_ID_AT = REQUEST_ID_AT + 47 + '","eventID":"'.length;

export class RecordRenderer {
  readonly unitKeys: number[];
  private readonly opHead: string[];
  private readonly opTail: string[];
  private readonly actors: ActorCache[];
  private readonly units: UnitCache[];
  private readonly ids = Buffer.from(IDS_TEMPLATE);
  private lastT = NaN;
  private lastIso = '';
  private lastVersionT = NaN;
  private version!: VersionInfo;

  /** `terminator` follows every record (NDJSON: a newline), saving a separate write per record. */
  constructor(private readonly plan: Plan, private readonly terminator = '') {
    this.unitKeys = plan.units.map((u) => hashString(`${plan.seed}/${u.key}/events`));
    this.opHead = OPERATIONS.map((op) => `","eventSource":"glacier.amazonaws.com","eventName":"${op.name}","awsRegion":"`);
    this.opTail = OPERATIONS.map((op) => `","readOnly":${op.readOnly},"eventType":"AwsApiCall"`);
    this.units = plan.units.map(() => ({ mid: [], tail: [], tailVersion: null }));
    this.actors = plan.actors.map((a) => {
      const key = hashString(`${plan.seed}/actor/${a.name}`);
      const tls = new Map<string, string>();
      for (const region of plan.accounts[a.accountIndex]!.regions) {
        const t = a.client?.tls;
        tls.set(region, t ? `,"tlsDetails":{"tlsVersion":"${t.version}","cipherSuite":"${t.cipher}","clientProvidedHostHeader":"glacier.${region}.amazonaws.com"}` : '');
      }
      const ips = a.origins as Map<string, { ips: string[]; rotation: string }>;
      for (const pool of ips.values()) pool.ips.forEach(flat);
      return {
        session: -1, legacy: false, identity: '', head: '', headIdentity: '', headVersion: null,
        uaReq: [], ends: [], endVersion: null, key, ips, tls,
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
    const uc = this.units[ev.unit]!;
    const actor = this.plan.actors[ev.actor]!;
    const cache = this.actors[ev.actor]!;
    const op = ev.op;
    // A copy for a second account repeats the original's requestID and address.
    const src = ev.copyOf ?? ev;
    const srcKey = this.unitKeys[src.unit]!;
    const v = this.versionAt(ev.t);
    if (ev.t !== this.lastT) {
      this.lastT = ev.t;
      this.lastIso = flat(isoSeconds(ev.t));
    }
    const ids = this.ids;
    writeBase64url(ids, REQUEST_ID_AT, srcKey, src.seq, LANE.requestId, 47);
    writeUuid(ids, EVENT_ID_AT, this.unitKeys[ev.unit]!, ev.seq, LANE.eventId);
    const uaReq = ev.error === '' ? (cache.uaReq[op] ??= flat(`","userAgent":${actor.userAgents[op]},"requestParameters":`)) : `","userAgent":${actor.userAgents[op]}${ev.error},"requestParameters":`;
    let s = this.head(actor, cache, ev, v) + this.lastIso + (uc.mid[op] ??= flat(`${this.opHead[op]}${unit.region}","sourceIPAddress":"`)) +
      sourceIp(cache, unit.region, ev.t, src.seq, srcKey) + uaReq + ev.req + ',"responseElements":' + ev.resp +
      ids.toString('latin1') + this.tail(uc, unit.accountId, op, v);
    if (ev.shared) s += `,"sharedEventID":"${ev.shared}"`;
    return s + this.end(actor, cache, ev.unit, unit.region, v);
  }

  /** From readOnly to recipientAccountId: constant per unit, operation and event version. */
  private tail(uc: UnitCache, accountId: string, op: number, v: VersionInfo): string {
    if (uc.tailVersion !== v) {
      uc.tailVersion = v;
      uc.tail.length = 0;
    }
    return (uc.tail[op] ??= flat(`${this.opTail[op]}${v.managementEvent ? ',"managementEvent":true' : ''},"recipientAccountId":"${accountId}"`));
  }

  /** After sharedEventID: eventCategory, tlsDetails, the console flag, the closing brace and terminator. */
  private end(actor: PlanActor, cache: ActorCache, unitIndex: number, region: string, v: VersionInfo): string {
    if (cache.endVersion !== v) {
      cache.endVersion = v;
      cache.ends.length = 0;
    }
    let end = cache.ends[unitIndex];
    if (end === undefined) {
      end = v.eventCategory ? ',"eventCategory":"Management"' : '';
      if (v.tlsDetails) {
        end += cache.tls.get(region)!;
        if (actor.client?.console) end += ',"sessionCredentialFromConsole":"true"';
      }
      cache.ends[unitIndex] = end = flat(end + '}' + this.terminator);
    }
    return end;
  }

  /** `{"eventVersion":…,"userIdentity":…,"eventTime":"` for the event's session and version. */
  private head(actor: PlanActor, cache: ActorCache, ev: SimEvent, v: VersionInfo): string {
    const identity = this.identity(actor, cache, ev, v.legacyIdentityOrder);
    if (identity !== cache.headIdentity || v !== cache.headVersion) {
      cache.headIdentity = identity;
      cache.headVersion = v;
      cache.head = flat(`{"eventVersion":"${v.version}","userIdentity":${identity},"eventTime":"`);
    }
    return cache.head;
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
      return `{"eventVersion":"${v.version}","userIdentity":${identity},"eventTime":"${time}","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"${unit.region}","sourceIPAddress":"${ip}","userAgent":${ua},"requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true","MobileVersion":"No","MFAUsed":"${mfa}"},${tail(false, 'AwsConsoleSignIn')}${tls('signin.aws.amazon.com')}}${this.terminator}`;
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
    return `{"eventVersion":"${v.version}","userIdentity":${identity},"eventTime":"${time}","eventSource":"sts.amazonaws.com","eventName":"${saml ? 'AssumeRoleWithSAML' : 'AssumeRole'}","awsRegion":"${unit.region}","sourceIPAddress":"${ip}","userAgent":${ua},"requestParameters":${ev.req},"responseElements":${ev.resp},"requestID":"${requestId}",${tail(true, 'AwsApiCall')}${tls(`sts.${unit.region}.amazonaws.com`)}}${this.terminator}`;
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
