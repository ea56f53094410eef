/**
 * Record rendering: the hot loop. Everything constant per operation, unit, actor and session
 * is serialized once and cached as bytes; per record we copy fragments into the output and fill
 * eventTime, eventID, requestID and the source address. Per-record random values come from
 * counter hashing of (unit, seq), so a record renders to the same bytes on any worker, in any
 * order.
 *
 * Records go straight into bytes (renderInto): a Glacier record is 8 cached byte fragments
 * (identity head, eventTime, source to region, address, userAgent, responseElements' key or
 * null, both ids, and the rest up to the closing brace) around the call's request, response
 * and error JSON. Building a record as a string and writing it cost
 * 1.2-1.6 µs a record (V8 flattens the 1.6 KB rope, then encodes it), copying the same
 * fragments as bytes ~0.4 µs (2-core VM, 200 k records). Events read from a window's arena
 * (delivery/event-arena.ts) are copied from byte to byte without ever becoming strings.
 * `render` gives the same bytes as a string, for callers that want one.
 */
import { isAscii } from 'node:buffer';
import { OPERATIONS } from '../glacier/operations.js';
import { DEFAULT_GLACIER_SERVICE } from '../glacier/service-principals.js';
import { serviceVersionPeriods, STS_REQUEST_DETAILS_FROM, type VersionInfo } from '../plan/event-version.js';
import type { Plan, PlanActor } from '../plan/types.js';
import { hashString, mix32 } from '../random/hash.js';
import { uuidAt, writeBase64url, writeUuid } from '../random/ids.js';
import { isoSeconds } from '../scenario/units.js';
import type { SimEvent } from '../sim/event.js';
import { identityCenterSaml } from '../sim/openers.js';
import { BufferPool, ByteBuilder } from './bytes.js';

/** Lanes of the per-record counter hash; each value owns a disjoint range. */
export const LANE = { eventId: 0, requestId: 4, ip: 14, delay: 15, order: 16, unique: 17 } as const;

/** What a Glacier record takes from its event besides the three JSON fragments. */
export type RecordHeader = Pick<SimEvent, 't' | 'seq' | 'unit' | 'actor' | 'op' | 'session' | 'sessionStart' | 'copyOf' | 'shared'>;

/**
 * A plain Glacier event still in encoded form: its header fields, and its JSON fragments as
 * byte ranges of `bytes` (respAt < 0: responseElements is null; errAt === errEnd: no error).
 */
export interface EncodedRecord extends RecordHeader {
  bytes: Uint8Array;
  reqAt: number;
  reqEnd: number;
  respAt: number;
  respEnd: number;
  errAt: number;
  errEnd: number;
}

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

interface IpPool {
  ips: string[];
  bytes: Buffer[];
  rotation: string;
}

interface ActorCache {
  session: number;
  /** The eventVersion layout the cached identity was rendered for. */
  layout: VersionInfo | null;
  identity: string;
  /** `{"eventVersion":…,"userIdentity":…,"eventTime":"` for `headIdentity` and `headVersion`. */
  head: Buffer;
  headIdentity: string;
  headVersion: VersionInfo | null;
  /** Per operation: `","userAgent":…,"requestParameters":`, filled on first use. */
  uaReq: Buffer[];
  /** Per operation, for failed calls: `","userAgent":…` (the error fragment follows). */
  uaHead: Buffer[];
  /** Per unit, for `endVersion`: the fields after sharedEventID and the closing brace. */
  ends: string[];
  endVersion: VersionInfo | null;
  /** Per unit and operation, for `backVersion`: tail and end as one fragment (no sharedEventID between). */
  backs: Buffer[][];
  backVersion: VersionInfo | null;
  /** Per unit: the address pool of the unit's region. */
  pools: IpPool[];
  key: number;
  /** Per region: the address pool (`"sourceIPAddress":` is written by the caller). */
  ips: Map<string, IpPool>;
  tls: Map<string, string>;
}

interface UnitCache {
  /** Per operation: from eventSource to `"sourceIPAddress":"`. */
  mid: Buffer[];
  /** Per operation, for `tailVersion`: from readOnly to recipientAccountId. */
  tail: string[];
  tailVersion: VersionInfo | null;
}

/** `,"requestID":"<47>","eventID":"<36>`: both ids and the keys around them, one fragment. */
const IDS_TEMPLATE = Buffer.from(`,"requestID":"${' '.repeat(47)}","eventID":"${' '.repeat(36)}`, 'latin1');
const REQUEST_ID_AT = ',"requestID":"'.length;
const EVENT_ID_AT = REQUEST_ID_AT + 47 + '","eventID":"'.length;
const REQUEST_KEY = utf8(',"requestParameters":');
const RESPONSE_KEY = utf8(',"responseElements":');
/** Most responses are null (read-only calls, calls without output, failures): one fragment. */
const RESPONSE_NULL = utf8(',"responseElements":null');
/** render()'s scratch buffers are never pooled. */
const UNPOOLED = new BufferPool(0, 64 * 1024);

/**
 * eventTime's bytes, rewritten in place when the second changes: the date once per day, then six
 * digits. A unit's second usually holds one or two records, and encoding a fresh ISO string per
 * second (Buffer.from) was ~15% of a render worker's non-gzip time.
 */
class EventTimeBytes {
  private bytes = Buffer.alloc(0);
  private t = NaN;
  private day = NaN;

  at(t: number): Buffer {
    if (t === this.t) return this.bytes;
    this.t = t;
    const s = Math.floor(t);
    const day = Math.floor(s / 86400);
    if (day !== this.day) {
      this.day = day;
      this.bytes = Buffer.from(isoSeconds(s), 'latin1');
    }
    // Only `YYYY-MM-DDTHH:MM:SSZ` has its digits at these places (not a 5-digit or negative year).
    if (this.bytes.length !== 20) return (this.bytes = Buffer.from(isoSeconds(s), 'latin1'));
    const r = s - day * 86400;
    digits2(this.bytes, 11, Math.floor(r / 3600));
    digits2(this.bytes, 14, Math.floor((r % 3600) / 60));
    digits2(this.bytes, 17, r % 60);
    return this.bytes;
  }
}

function digits2(to: Buffer, at: number, v: number): void {
  to[at] = 48 + Math.floor(v / 10);
  to[at + 1] = 48 + (v % 10);
}

export class RecordRenderer {
  readonly unitKeys: number[];
  private readonly opHead: string[];
  private readonly opTail: string[];
  private readonly actors: ActorCache[];
  private readonly units: UnitCache[];
  private readonly ids = Buffer.from(IDS_TEMPLATE);
  private readonly eventTime = new EventTimeBytes();
  private lastVersionT = NaN;
  private version!: VersionInfo;
  private scratch: ByteBuilder | null = null;
  /** STS and sign-in follow their own eventVersion tables (plan/event-version.ts), unless the scenario forces one. */
  private readonly relatedVersions: Record<'sts' | 'signin', Array<{ from: number; info: VersionInfo }>>;

  /** `terminator` follows every record (NDJSON: a newline), saving a separate write per record. */
  constructor(private readonly plan: Plan, private readonly terminator = '') {
    this.unitKeys = plan.units.map((u) => hashString(`${plan.seed}/${u.key}/events`));
    this.opHead = OPERATIONS.map((op) => `","eventSource":"glacier.amazonaws.com","eventName":"${op.name}","awsRegion":"`);
    this.opTail = OPERATIONS.map((op) => `","readOnly":${op.readOnly},"eventType":"AwsApiCall"`);
    this.units = plan.units.map(() => ({ mid: [], tail: [], tailVersion: null }));
    const forced = plan.versions.length === 1 ? plan.versions[0]!.info.version : undefined;
    this.relatedVersions = { sts: serviceVersionPeriods('sts', forced), signin: serviceVersionPeriods('signin', forced) };
    this.actors = plan.actors.map((a) => {
      const key = hashString(`${plan.seed}/actor/${a.name}`);
      const tls = new Map<string, string>();
      for (const region of plan.accounts[a.accountIndex]!.regions) {
        const t = a.client?.tls;
        tls.set(region, t ? `,"tlsDetails":{"tlsVersion":"${t.version}","cipherSuite":"${t.cipher}","clientProvidedHostHeader":"glacier.${region}.amazonaws.com"}` : '');
      }
      const ips = new Map<string, IpPool>();
      for (const [region, pool] of a.origins as Map<string, { ips: string[]; rotation: string }>) {
        ips.set(region, { ips: pool.ips, bytes: pool.ips.map(utf8), rotation: pool.rotation });
      }
      return {
        session: -1, layout: null, identity: '', head: Buffer.alloc(0), headIdentity: '', headVersion: null,
        uaReq: [], uaHead: [], ends: [], endVersion: null, backs: [], backVersion: null, pools: [], key, ips, tls,
      };
    });
  }

  /** eventID of an event: a pure function of (unit, seq). */
  eventId(ev: SimEvent): string {
    return uuidAt(this.unitKeys[ev.unit]!, ev.seq, LANE.eventId);
  }

  /** The record as a string (the bytes renderInto writes, decoded). */
  render(ev: SimEvent): string {
    if (ev.kind !== undefined && ev.kind !== 'glacier') return this.renderRelated(ev);
    const out = (this.scratch ??= new ByteBuilder(64 * 1024, UNPOOLED));
    out.clear();
    this.renderInto(ev, out);
    const bytes = out.view();
    // Records are nearly always ASCII, whose latin1 decoding is a plain copy: 0.23 µs for a
    // 1.65 KB record with the check, 0.30 µs decoding it as UTF-8 (micro-benchmark).
    return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  }

  /** Appends the record's UTF-8 bytes (and the terminator) to `out`. */
  renderInto(ev: SimEvent, out: ByteBuilder): void {
    if (ev.kind !== undefined && ev.kind !== 'glacier') {
      out.text(this.renderRelated(ev));
      return;
    }
    const failed = ev.error !== '';
    this.front(ev, failed, out);
    if (failed) {
      out.text(ev.error);
      out.bytes(REQUEST_KEY);
    }
    out.text(ev.req);
    if (ev.resp === 'null') out.bytes(RESPONSE_NULL);
    else {
      out.bytes(RESPONSE_KEY);
      out.text(ev.resp);
    }
    this.back(ev, out);
  }

  /** renderInto for an event still encoded in a window arena: its fragments are copied as bytes. */
  renderEncodedInto(ev: EncodedRecord, out: ByteBuilder): void {
    const failed = ev.errEnd > ev.errAt;
    this.front(ev, failed, out);
    if (failed) {
      out.range(ev.bytes, ev.errAt, ev.errEnd);
      out.bytes(REQUEST_KEY);
    }
    out.range(ev.bytes, ev.reqAt, ev.reqEnd);
    if (ev.respAt < 0) out.bytes(RESPONSE_NULL);
    else {
      out.bytes(RESPONSE_KEY);
      out.range(ev.bytes, ev.respAt, ev.respEnd);
    }
    this.back(ev, out);
  }

  /** From the opening brace to the userAgent (and requestParameters' key unless the call failed). */
  private front(ev: RecordHeader, failed: boolean, out: ByteBuilder): void {
    const unit = this.plan.units[ev.unit]!;
    const uc = this.units[ev.unit]!;
    const actor = this.plan.actors[ev.actor]!;
    const cache = this.actors[ev.actor]!;
    const op = ev.op;
    // A copy for a second account repeats the original's requestID and address.
    const src = ev.copyOf ?? ev;
    const srcKey = this.unitKeys[src.unit]!;
    const v = this.versionAt(ev.t);
    const ids = this.ids;
    writeBase64url(ids, REQUEST_ID_AT, srcKey, src.seq, LANE.requestId, 47);
    writeUuid(ids, EVENT_ID_AT, this.unitKeys[ev.unit]!, ev.seq, LANE.eventId);
    out.bytes(this.head(actor, cache, ev, v));
    out.bytes(this.eventTime.at(ev.t));
    out.bytes((uc.mid[op] ??= utf8(`${this.opHead[op]}${unit.region}","sourceIPAddress":"`)));
    const pool = (cache.pools[ev.unit] ??= ipPool(cache, unit.region));
    out.bytes(pool.bytes[ipIndex(pool, cache, ev.t, src.seq, srcKey)]!);
    if (failed) out.bytes((cache.uaHead[op] ??= utf8(`","userAgent":${actor.userAgents[op]}`)));
    else out.bytes((cache.uaReq[op] ??= utf8(`","userAgent":${actor.userAgents[op]},"requestParameters":`)));
  }

  /** From requestID to the closing brace and terminator. */
  private back(ev: RecordHeader, out: ByteBuilder): void {
    const v = this.version;
    const cache = this.actors[ev.actor]!;
    out.bytes(this.ids);
    if (ev.shared) {
      out.text(`${this.tail(ev.unit, ev.op, v)},"sharedEventID":"${ev.shared}"${this.end(ev.actor, ev.unit, v)}`);
      return;
    }
    if (cache.backVersion !== v) {
      cache.backVersion = v;
      cache.backs.length = 0;
    }
    const backs = (cache.backs[ev.unit] ??= []);
    out.bytes((backs[ev.op] ??= utf8(this.tail(ev.unit, ev.op, v) + this.end(ev.actor, ev.unit, v))));
  }

  /** From readOnly to recipientAccountId: constant per unit, operation and event version. */
  private tail(unitIndex: number, op: number, v: VersionInfo): string {
    const uc = this.units[unitIndex]!;
    const accountId = this.plan.units[unitIndex]!.accountId;
    if (uc.tailVersion !== v) {
      uc.tailVersion = v;
      uc.tail.length = 0;
    }
    return (uc.tail[op] ??= `${this.opTail[op]}${v.managementEvent ? ',"managementEvent":true' : ''},"recipientAccountId":"${accountId}"`);
  }

  /** After sharedEventID: eventCategory, tlsDetails, the console flag, the closing brace and terminator. */
  private end(actorIndex: number, unitIndex: number, v: VersionInfo): string {
    const actor = this.plan.actors[actorIndex]!;
    const cache = this.actors[actorIndex]!;
    const region = this.plan.units[unitIndex]!.region;
    if (cache.endVersion !== v) {
      cache.endVersion = v;
      cache.ends.length = 0;
    }
    let end = cache.ends[unitIndex];
    if (end === undefined) {
      let s = v.eventCategory ? ',"eventCategory":"Management"' : '';
      if (v.tlsDetails) {
        s += cache.tls.get(region)!;
        if (actor.client?.console) s += ',"sessionCredentialFromConsole":"true"';
      }
      cache.ends[unitIndex] = end = s + '}' + this.terminator;
    }
    return end;
  }

  /** `{"eventVersion":…,"userIdentity":…,"eventTime":"` for the event's session and version. */
  private head(actor: PlanActor, cache: ActorCache, ev: RecordHeader, v: VersionInfo): Buffer {
    let identity = this.identity(actor, cache, ev, v);
    if (ev.shared) identity = this.asSeenBy(actor, ev.unit, identity);
    if (identity !== cache.headIdentity || v !== cache.headVersion) {
      cache.headIdentity = identity;
      cache.headVersion = v;
      cache.head = utf8(`{"eventVersion":"${v.version}","userIdentity":${identity},"eventTime":"`);
    }
    return cache.head;
  }

  /** STS and sign-in records that open sessions (src/sim/openers.ts), in the same real format. */
  private renderRelated(ev: SimEvent): string {
    const unit = this.plan.units[ev.unit]!;
    const key = this.unitKeys[ev.unit]!;
    const v = periodAt(this.relatedVersions[ev.kind === 'console-login' ? 'signin' : 'sts'], ev.t);
    const role = this.plan.actors[ev.actor]!;
    // An AWS service opening the session: EC2 for an instance profile, or the service itself for its service-linked role.
    const service = ev.caller === -1 ? 'ec2.amazonaws.com' : ev.caller === -2 ? role.spec.service ?? DEFAULT_GLACIER_SERVICE : null;
    const who = service ? role : this.plan.actors[ev.caller ?? ev.actor]!;
    const cache = this.actors[who.index]!;
    const time = isoSeconds(ev.t);
    const src = ev.copyOf ?? ev;
    const srcKey = this.unitKeys[src.unit]!;
    // Identity Center calls AssumeRoleWithSAML itself, from its regional AWS addresses (plan/identity-center.ts).
    const center = ev.kind === 'sts-assume-role-saml' ? role.samlCaller : undefined;
    const centerIps = center?.ips.get(unit.region);
    const ip = service ?? (centerIps ? centerIps[mix32(srcKey, src.seq, LANE.ip) % centerIps.length]! : ipString(cache, unit.region, ev.t, src.seq, srcKey));
    const federation = ev.kind === 'sts-federation-token';
    const ua = service ? `"${service}"` : center ? center.userAgent : ev.kind === 'console-login' ? who.userAgents[ev.op]! : federation ? who.federationUserAgent : who.stsUserAgent;
    const eventId = uuidAt(key, ev.seq, LANE.eventId);
    const tail = (readOnly: boolean, eventType: string): string => {
      let s = `"eventID":"${eventId}","readOnly":${readOnly}${ev.extra ?? ''},"eventType":"${eventType}"`;
      if (v.managementEvent) s += ',"managementEvent":true';
      s += `,"recipientAccountId":"${unit.accountId}"`;
      if (ev.shared) s += `,"sharedEventID":"${ev.shared}"`;
      if (v.eventCategory) s += ',"eventCategory":"Management"';
      return s;
    };
    const tls = (host: string): string => (v.tlsDetails && !service && who.client?.tls ? `,"tlsDetails":{"tlsVersion":"${who.client.tls.version}","cipherSuite":"${who.client.tls.cipher}","clientProvidedHostHeader":"${host}"}` : '');
    if (ev.kind === 'console-login') {
      const failed = ev.resp.includes('Failure');
      // A failed sign-in names the user but has no arn (real failure records, IAM user guide).
      const signedIn = who.identity.signInIdentity?.(ev.sessionStart ?? ev.t, v.webIdFederationData) ?? this.identity(who, cache, ev, v);
      const u = JSON.parse(signedIn) as Record<string, string | undefined>;
      const identity = failed ? JSON.stringify({ type: u.type, principalId: u.principalId, accountId: u.accountId, accessKeyId: '', userName: u.userName }) : signedIn;
      // Only AWS's own MFA counts: a federated (Identity Center, SAML) sign-in shows MFAUsed "No".
      const mfa = who.spec.mfa === true && (u.type === 'IAMUser' || u.type === 'Root');
      const hash = mix32(key, ev.seq, LANE.unique);
      // Since about 2022 LoginTo names the region the console last showed (hashArgsFromTB_<region>_<16 hex>),
      // and an MFA sign-in names the device (real 2022-12 ConsoleLogin record; OCSF's 2022 example).
      const loginTo = ev.t >= CONSOLE_REGIONAL_LOGIN_FROM
        ? `https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_${unit.region}_${(hash >>> 0).toString(16).padStart(8, '0')}${(mix32(key, ev.seq, LANE.unique + 1) >>> 0).toString(16).padStart(8, '0')}`
        : 'https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true';
      // Virtual MFA devices are named after their user by default; root's is root-account-mfa-device.
      const device = mfa && !failed
        ? `,"MFAIdentifier":${JSON.stringify(`arn:${String(u.arn).split(':')[1]}:iam::${u.accountId}:mfa/${u.type === 'Root' ? 'root-account-mfa-device' : u.userName}`)}`
        : '';
      const error = failed ? ',"errorMessage":"Failed authentication"' : '';
      return `{"eventVersion":"${v.version}","userIdentity":${identity},"eventTime":"${time}","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"${unit.region}","sourceIPAddress":"${ip}","userAgent":${ua}${error},"requestParameters":null,"responseElements":${ev.resp},"additionalEventData":{"LoginTo":${JSON.stringify(loginTo)},"MobileVersion":"No"${device},"MFAUsed":"${mfa ? 'Yes' : 'No'}"},${tail(false, 'AwsConsoleSignIn')}${tls('signin.aws.amazon.com')}}${this.terminator}`;
    }
    const saml = ev.kind === 'sts-assume-role-saml';
    let identity: string;
    if (service) identity = `{"type":"AWSService","invokedBy":"${service}"}`;
    else if (saml) {
      const name = role.identity.role!.sessionName(ev.session ?? 0, ev.sessionStart);
      const provider = role.opener.kind === 'saml' ? role.opener.provider : '';
      const nq = identityCenterSaml(provider).nameQualifier;
      identity = `{"type":"SAMLUser","principalId":"${nq}:${name}","userName":${JSON.stringify(name)},"identityProvider":"${nq}"}`;
    } else identity = this.asSeenBy(who, ev.unit, this.identity(who, cache, ev, v));
    const requestId = uuidAt(srcKey, src.seq, LANE.requestId);
    // From 2025 STS records carry RequestDetails; a service-linked role's AssumeRole made by its
    // service carries ExtendedRequestId instead, base64 of "1:<region>:S:<epoch ms>:R:<8 chars>"
    // (real Resource Explorer records, 2025-12 and 2026-02; a 2023-11 one has neither).
    const extended = ev.caller === -2
      ? `{"ExtendedRequestId":"${Buffer.from(`1:${unit.region}:S:${Math.floor(ev.t) * 1000 + (mix32(key, ev.seq, LANE.unique) % 1000)}:R:${base62(mix32(key, ev.seq, LANE.unique + 1), mix32(key, ev.seq, LANE.unique + 2))}`).toString('base64')}"}`
      : `{"RequestDetails":{"awsServingRegion":"${unit.region}","endpointType":"regional"}}`;
    // GetFederationToken is logged as a write (readOnly false; real stratus-red-team record), AssumeRole* as reads.
    return `{"eventVersion":"${v.version}","userIdentity":${identity},"eventTime":"${time}","eventSource":"sts.amazonaws.com","eventName":"${saml ? 'AssumeRoleWithSAML' : federation ? 'GetFederationToken' : 'AssumeRole'}","awsRegion":"${unit.region}","sourceIPAddress":"${ip}","userAgent":${ua},"requestParameters":${ev.req},"responseElements":${ev.resp}${ev.t >= STS_REQUEST_DETAILS_FROM ? `,"additionalEventData":${extended}` : ''},"requestID":"${requestId}",${tail(!federation, 'AwsApiCall')}${tls(`sts.${unit.region}.amazonaws.com`)}}${this.terminator}`;
  }

  /**
   * The caller as the receiving account's copy names it: the resource owner's copy of a
   * cross-account call shows only `{"type":"AWSAccount","principalId":…,"accountId":<caller's
   * account>}` (CloudTrail userIdentity reference; IAM docs' cross-account AssumeRole example);
   * the caller's own account sees the full identity.
   */
  private asSeenBy(actor: PlanActor, unitIndex: number, identity: string): string {
    const callerAccount = this.plan.accounts[actor.accountIndex]!.id;
    if (this.plan.units[unitIndex]!.accountId === callerAccount) return identity;
    const principalId = /"principalId":"([^"]*)"/.exec(identity)?.[1] ?? callerAccount;
    return `{"type":"AWSAccount","principalId":"${principalId}","accountId":"${callerAccount}"}`;
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
  private identity(actor: PlanActor, cache: ActorCache, ev: RecordHeader, v: VersionInfo): string {
    const session = ev.session ?? 0;
    if (session !== cache.session || v !== cache.layout) {
      cache.session = session;
      cache.layout = v;
      cache.identity = actor.identity.render(session, ev.sessionStart ?? ev.t, v.legacyIdentityOrder, v.webIdFederationData);
    }
    return cache.identity;
  }
}

/** The version period in force at t. */
function periodAt(periods: Array<{ from: number; info: VersionInfo }>, t: number): VersionInfo {
  let i = periods.length - 1;
  while (i > 0 && periods[i]!.from > t) i--;
  return periods[i]!.info;
}

/** Regional LoginTo (`hashArgsFromTB_<region>_…`): seen from 2022 (real 2022-12 record); the switch date is inferred. */
const CONSOLE_REGIONAL_LOGIN_FROM = Date.UTC(2022, 0, 1) / 1000;

/**
 * The caller's network does not depend on the region it calls: an office, a home line or an
 * instance calling several regional endpoints shows one address pool (its first region's), so
 * a session's consecutive calls to two regions keep their address.
 */
function ipPool(cache: ActorCache, _region: string): IpPool {
  return cache.ips.values().next().value!;
}

function ipString(cache: ActorCache, region: string, t: number, seq: number, key: number): string {
  const pool = ipPool(cache, region);
  return pool.ips[ipIndex(pool, cache, t, seq, key)]!;
}

/** Which address of the pool the record shows: sticky for the origin's period (plan/origins.ts Rotation), or per request. */
function ipIndex(pool: IpPool, cache: ActorCache, t: number, seq: number, key: number): number {
  const n = pool.ips.length;
  if (n === 1) return 0;
  switch (pool.rotation) {
    case 'daily':
      return mix32(cache.key, Math.floor(t / 86400), 0) % n;
    case 'hourly':
      return mix32(cache.key, Math.floor(t / 3600), 1) % n;
    // Each caller changes at its own moment (offset by its key), not all at once on the hour.
    case 'nat':
      return mix32(cache.key, Math.floor((t + (cache.key % 14400)) / 14400), 2) % n;
    case 'instance':
      return mix32(cache.key, Math.floor((t + (cache.key % 21600)) / 21600), 3) % n;
    default:
      return mix32(key, seq, LANE.ip) % n;
  }
}

/** Eight base62 characters from two hash words (an opaque request-id suffix). */
function base62(a: number, b: number): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let out = '';
  for (let i = 0; i < 8; i++) {
    const w = i < 4 ? a >>> (i * 8) : b >>> ((i - 4) * 8);
    out += alphabet[(w & 255) % 62];
  }
  return out;
}
