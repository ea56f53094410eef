/**
 * What each Glacier record says about the generator's error knobs. The simulator does not make
 * errors per record: an activity's `errorRate` is the chance that one *logical* call (not in a
 * throttling burst) fails by chance; a chance throttle starts a burst of 10-90 s in which 60 %
 * of the principal's calls are throttled without dice; every throttled, unavailable or timed-out
 * call is retried by the client's SDK with the same request (src/sim/calls.ts chanceError and
 * tryCall, src/sim/failures.ts); AccessDenied follows permissions (src/sim/permissions.ts), and
 * not-found, not-empty and quota errors follow the vaults' state. Reading the observed error
 * share as `errorRate` therefore multiplies errors in the twin (quickstart: 12,087 for 2,623).
 *
 * So a record is one of:
 * - a **retry**: the same operation and requestParameters as a retryable failure of the same
 *   principal in the same account and region, within the SDK's backoff (at most 20 s after the
 *   previous attempt, retryPolicy's cap), while the client's attempts last. Folded into its
 *   call: taken out of the mix and the rate;
 * - a **burst throttle**: a first attempt throttled within 90 s of the principal's last chance
 *   throttle (the longest burst). No dice were rolled for it;
 * - a **denial** (counted per operation: the build step turns operations denied most of the
 *   time into `permissions.deny`), or a **state error** (the twin makes its own);
 * - a **chance error** or a **success**: the calls that rolled the dice.
 * `errorRate` = chance errors / (chance errors + successes).
 */
import type { ClientFamily } from './classify.js';
import { retryPolicy } from '../sim/failures.js';
import { clientStyleOf } from './classify.js';
import { fmix32 } from '../random/hash.js';
import type { DenyReason } from '../scenario/types.js';

/** Errors SDKs retry (botocore's standard retry set; the simulator's isRetryable). */
const RETRYABLE = new Set(['ThrottlingException', 'Throttling', 'ThrottledException', 'RequestLimitExceeded', 'ServiceUnavailableException', 'ServiceUnavailable', 'RequestTimeoutException', 'RequestTimeout', 'InternalFailure', 'InternalServerError']);
const THROTTLE = new Set(['ThrottlingException', 'Throttling', 'ThrottledException', 'RequestLimitExceeded']);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException']);
/** Errors that follow from state: the vault or resource is gone, the quota is full. */
const STATE_CODES = new Set(['ResourceNotFoundException', 'LimitExceededException']);
/**
 * State errors worded in the message (src/sim/calls.ts): a Get on a vault with no policy, lock
 * or notifications set, deleting a vault that is not empty, downloading a job's output before
 * it completes, capacity limits.
 */
const STATE_MESSAGES = /^No .* is set for the vault|^Vault not empty|not currently available for download|not enough capacity|provisioned capacity units/;

/** Seconds after an attempt within which the next attempt comes (retryPolicy caps delays at 20 s; eventTime is whole seconds). */
const RETRY_WINDOW = 21;
/** The longest throttling burst the simulator starts (chanceFailure: 10-90 s). */
const BURST_SECONDS = 90;
const MAX_PENDING = 64;

/** Per principal × region: the counts the build step fits the error knobs from. */
export interface OutcomeCounts {
  retries: number;
  /** Retries by operation and by UTC hour of week: taken out of the mix and rhythm when the scenario is built. */
  retriedOps: Float64Array;
  retriedHours: Float64Array;
  burstThrottles: number;
  /** First attempts that rolled the error dice, and those of them that failed. */
  exposed: number;
  errors: number;
  /** Denials per operation index, and the reasons their messages name. */
  denied: Float64Array;
  denyReasons: Map<DenyReason, number>;
}

interface PendingRetry {
  op: number;
  request: number;
  t: number;
  attempts: number;
  max: number;
}

interface UnitState {
  pending: PendingRetry[];
  burstStart: number;
}

const attemptsCache = new Map<ClientFamily, number>();

/** Attempts the family's SDK makes in all (1: no retries: the console, hand-written HTTP, AWS services). */
export function maxAttempts(family: ClientFamily): number {
  let n = attemptsCache.get(family);
  if (n === undefined) {
    n = family === 'console' || family === 'python-requests' || family === 'aws-service' || family === 'aws-internal' ? 1 : retryPolicy(clientStyleOf(family)).attempts;
    attemptsCache.set(family, n);
  }
  return n;
}

/**
 * What tells one Glacier request from another of the same operation and caller: the vault, the
 * job, upload or archive, the byte range and the payload's checksum (a retry repeats them all).
 * A few fields instead of JSON.stringify of requestParameters, so every record's fingerprint is
 * cheap and the reorder buffer holds numbers, not the records' objects.
 */
function requestHash(req: unknown): number {
  if (req === null || typeof req !== 'object') return 0;
  const r = req as Record<string, unknown>;
  const params = r.jobParameters as Record<string, unknown> | undefined;
  // hashString of `${vault}|${id}|${range}|${checksum}`, hashed part by part: the same number
  // without building the ~200-character string for every record.
  let h = fnv1a(FNV_BASIS, String(r.vaultName));
  h = fnv1a(Math.imul(h ^ BAR, FNV_PRIME), String(r.jobId ?? r.uploadId ?? r.archiveId ?? params?.archiveId ?? params?.type ?? ''));
  h = fnv1a(Math.imul(h ^ BAR, FNV_PRIME), String(r.range ?? ''));
  h = fnv1a(Math.imul(h ^ BAR, FNV_PRIME), String(r.checksum ?? ''));
  return fmix32(h >>> 0);
}

const FNV_BASIS = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
const BAR = 0x7c;

/** FNV-1a of `s` continuing from `h`, as hashString's loop (../random/hash.ts). */
function fnv1a(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** The policy type an AccessDenied message names (IAM User Guide wording, src/sim/permissions.ts denialSentence). */
export function denyReasonOf(message: unknown): DenyReason {
  const m = typeof message === 'string' ? message : '';
  if (m.includes('service control policy')) return 'service-control-policy';
  if (m.includes('explicit deny in a resource-based policy')) return 'resource-policy';
  if (m.includes('explicit deny in an identity-based policy')) return 'identity-policy';
  if (m.includes('no resource-based policy allows')) return 'no-resource-policy';
  return 'no-identity-policy';
}

/** A record waiting in the reorder buffer. */
interface Seen {
  op: number;
  t: number;
  code: string;
  /** A state error by its message (STATE_MESSAGES), decided when read. */
  state: boolean;
  request: number;
  /** Attempts the client makes in all (maxAttempts of its family). */
  max: number;
  /** The deny reason of an AccessDenied, else undefined. */
  reason: DenyReason | undefined;
}

/**
 * Log files come in delivery order, not event order: records inside a file are unordered and
 * 1 % of windows arrive 10-40 minutes late (src/delivery/policy.ts), so a retry is often read
 * before the failure it repeats (classified in read order, quickstart's auditor fitted 0.069
 * for 0.05). Records wait per principal × region until the input has moved HORIZON seconds of
 * event time past them, then are classified in time order.
 */
const HORIZON = 45 * 60;

/**
 * Classifies records in event time order (see HORIZON). Transient state (the reorder buffer,
 * pending retries, the current burst) is kept per OutcomeCounts here, not in the counts, so a
 * worker's state posts back as plain numbers. `finish()` classifies what is still buffered.
 */
export class CallOutcomes {
  private readonly units = new Map<OutcomeCounts, UnitState & { buffer: Seen[]; maxT: number; minT: number }>();

  observe(c: OutcomeCounts, op: number, t: number, code: string, message: unknown, req: unknown, family: ClientFamily): void {
    let st = this.units.get(c);
    if (!st) this.units.set(c, (st = { pending: [], burstStart: -Infinity, buffer: [], maxT: -Infinity, minT: Infinity }));
    st.buffer.push({
      op, t, code, state: code !== '' && typeof message === 'string' && STATE_MESSAGES.test(message), request: requestHash(req), max: maxAttempts(family),
      reason: DENIED.has(code) ? denyReasonOf(message) : undefined,
    });
    if (t > st.maxT) st.maxT = t;
    if (t < st.minT) st.minT = t;
    if (st.maxT - st.minT > 2 * HORIZON) this.flush(c, st, st.maxT - HORIZON);
  }

  /** Classifies everything still buffered (call once reading is done). */
  finish(): void {
    for (const [c, st] of this.units) this.flush(c, st, Infinity);
  }

  private flush(c: OutcomeCounts, st: UnitState & { buffer: Seen[]; maxT: number; minT: number }, upTo: number): void {
    const buffer = st.buffer.sort((a, b) => a.t - b.t);
    let i = 0;
    for (; i < buffer.length && buffer[i]!.t <= upTo; i++) {
      const s = buffer[i]!;
      if (this.classify(c, st, s)) {
        c.retries++;
        c.retriedOps[s.op]! += 1;
        c.retriedHours[(Math.floor(s.t / 3600) + 72) % 168]! += 1;
      }
    }
    st.buffer = buffer.slice(i);
    st.minT = st.buffer.length ? st.buffer[0]!.t : Infinity;
  }

  /** Counts one record; true when it is a retry of an earlier call. */
  private classify(c: OutcomeCounts, st: UnitState, s: Seen): boolean {
    const { op, t, code, request } = s;
    const retryable = code !== '' && RETRYABLE.has(code);
    const pending = st.pending;
    for (let i = 0; i < pending.length; i++) {
      const e = pending[i]!;
      if (e.op !== op || t < e.t || t - e.t > RETRY_WINDOW) continue;
      if (e.request !== request) continue;
      if (retryable && e.attempts + 1 < e.max) {
        e.t = t;
        e.attempts++;
      } else pending.splice(i, 1);
      return true;
    }
    if (retryable) {
      const max = s.max;
      if (max > 1) {
        // Sequences that ended unseen (the program moved on) age out here.
        for (let i = pending.length - 1; i >= 0; i--) if (Math.abs(t - pending[i]!.t) > 3 * RETRY_WINDOW) pending.splice(i, 1);
        if (pending.length >= MAX_PENDING) pending.shift();
        pending.push({ op, request, t, attempts: 1, max });
      }
    }
    if (code === '') c.exposed++;
    else if (DENIED.has(code)) {
      c.denied[op]! += 1;
      const reason = s.reason!;
      c.denyReasons.set(reason, (c.denyReasons.get(reason) ?? 0) + 1);
    } else if (STATE_CODES.has(code) || s.state) {
      // The twin's world makes these itself.
    } else if (THROTTLE.has(code) && t >= st.burstStart && t - st.burstStart <= BURST_SECONDS) {
      c.burstThrottles++;
    } else {
      c.exposed++;
      c.errors++;
      if (THROTTLE.has(code)) st.burstStart = t;
    }
    return false;
  }
}
