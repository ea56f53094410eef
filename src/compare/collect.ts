/**
 * One side of a comparison: the distributions `compare` looks at, gathered in one pass.
 * Memory: counters per category, one timestamp (8 bytes) per record for inter-arrival times,
 * one count per file, and per principal a capped set of addresses and user agents.
 */
import { callerKey, isConsoleCall } from '../profile/caller.js';
import { classifyClient } from '../profile/classify.js';
import { eventSeconds } from '../profile/event-time.js';
import type { TrailFile, TrailVisitor } from '../profile/read-trail.js';

const MAX_DISTINCT = 1000;
const BURST_GAP = 60;

class Growable {
  data = new Float64Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }
  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

interface PrincipalSide {
  times: Growable;
  /** Times of the calls outside a job or upload flow (the flows' calls are counted per flow). */
  loose: Growable;
  /** Calls per job or multipart upload ID (capped at MAX_FLOWS; later flows' calls count as loose). */
  flows: Map<string, number>;
  addresses: Set<string>;
  agents: Set<string>;
}

const MAX_FLOWS = 100_000;

export class SideStats implements TrailVisitor {
  readonly operations = new Map<string, number>();
  readonly identityTypes = new Map<string, number>();
  readonly clients = new Map<string, number>();
  readonly hours = new Map<string, number>();
  readonly weekdays = new Map<string, number>();
  readonly regions = new Map<string, number>();
  readonly accounts = new Map<string, number>();
  readonly errorCodes = new Map<string, number>();
  /** Per operation: [calls, failed calls]. */
  readonly errorsByOperation = new Map<string, [number, number]>();
  readonly principals = new Map<string, PrincipalSide>();
  readonly recordsPerFile = new Growable();
  /** Delivery stamps per account/region (log files in the S3 layout). */
  readonly stamps = new Map<string, Growable>();
  records = 0;
  first = Infinity;
  last = -Infinity;

  record(r: Record<string, unknown>, _file: TrailFile): void {
    const t = eventSeconds(String(r.eventTime));
    if (t !== t) return;
    this.records++;
    if (t < this.first) this.first = t;
    if (t > this.last) this.last = t;
    const source = String(r.eventSource ?? '');
    const name = String(r.eventName ?? '');
    const op = source === 'glacier.amazonaws.com' ? name : `${source.replace('.amazonaws.com', '')}:${name}`;
    bump(this.operations, op);
    const ui = r.userIdentity as Record<string, unknown> | undefined;
    bump(this.identityTypes, String(ui?.type ?? 'none'));
    bump(this.clients, classifyClient(r.userAgent, isConsoleCall(r)));
    const hourIndex = Math.floor(t / 3600);
    bump(this.hours, String(hourIndex % 24));
    bump(this.weekdays, WEEKDAYS[(Math.floor(hourIndex / 24) + 3) % 7]!);
    bump(this.regions, String(r.awsRegion ?? 'none'));
    bump(this.accounts, String(r.recipientAccountId ?? 'none'));
    const code = typeof r.errorCode === 'string' ? r.errorCode : '';
    if (code) bump(this.errorCodes, code);
    let e = this.errorsByOperation.get(op);
    if (!e) this.errorsByOperation.set(op, (e = [0, 0]));
    e[0]++;
    if (code) e[1]++;
    const key = callerKey(r);
    let p = this.principals.get(key);
    if (!p) this.principals.set(key, (p = { times: new Growable(), loose: new Growable(), flows: new Map(), addresses: new Set(), agents: new Set() }));
    p.times.push(t);
    const req = r.requestParameters as Record<string, unknown> | null | undefined;
    const flow = req && typeof req === 'object' ? (typeof req.jobId === 'string' ? req.jobId : typeof req.uploadId === 'string' ? req.uploadId : undefined) : undefined;
    const n = flow === undefined ? undefined : p.flows.get(flow);
    if (n !== undefined) p.flows.set(flow!, n + 1);
    else if (flow !== undefined && p.flows.size < MAX_FLOWS) p.flows.set(flow, 1);
    else p.loose.push(t);
    if (typeof r.sourceIPAddress === 'string' && p.addresses.size < MAX_DISTINCT) p.addresses.add(r.sourceIPAddress);
    if (typeof r.userAgent === 'string' && p.agents.size < MAX_DISTINCT) p.agents.add(r.userAgent);
  }

  fileDone(file: TrailFile, records: number): void {
    if (!file.key || file.key.kind !== 'log') return;
    this.recordsPerFile.push(records);
    const k = `${file.key.accountId}/${file.key.region}`;
    let s = this.stamps.get(k);
    if (!s) this.stamps.set(k, (s = new Growable()));
    s.push(file.key.stamp);
  }

  /** Seconds between a principal's consecutive calls, all principals pooled. */
  interArrivals(): Float64Array {
    const out = new Growable();
    for (const p of this.principals.values()) {
      const t = p.times.values().sort();
      for (let i = 1; i < t.length; i++) out.push(t[i]! - t[i - 1]!);
    }
    return out.values();
  }

  /**
   * Bursts per record: a principal's calls less than BURST_GAP seconds apart are one burst
   * (multipart parts, retries, a console page's calls). Records of a burst share their hour,
   * operation family and client, so the sample counts as this many independent draws.
   */
  independence(): number {
    let bursts = 0;
    for (const p of this.principals.values()) {
      const t = p.times.values().sort();
      for (let i = 0; i < t.length; i++) if (i === 0 || t[i]! - t[i - 1]! > BURST_GAP) bursts++;
    }
    return this.records ? bursts / this.records : 1;
  }

  /** Seconds between consecutive log file deliveries of the same account and region. */
  fileCadence(): Float64Array {
    const out = new Growable();
    for (const g of this.stamps.values()) {
      const s = g.values().sort();
      for (let i = 1; i < s.length; i++) out.push(s[i]! - s[i - 1]!);
    }
    return out.values();
  }

  /**
   * Calls per hour of each principal over the side's span, busiest first, with the effective
   * number of independent draws behind the count: calls come in clusters (a job's polls, an
   * upload's parts, a burst of calls less than BURST_GAP apart with its SDK retries), and a
   * count of clusters of sizes s_i varies as a Poisson count of (Σs)²/Σs² draws (compound
   * Poisson: Var = λE[s²]).
   */
  principalRates(): Array<{ records: number; perHour: number; draws: number }> {
    const hours = Math.max(1, this.last + 1 - this.first) / 3600;
    return [...this.principals.values()].map((p) => {
      let sum = 0;
      let squares = 0;
      for (const n of p.flows.values()) {
        sum += n;
        squares += n * n;
      }
      const t = p.loose.values().sort();
      let run = 0;
      for (let i = 0; i <= t.length; i++) {
        if (i === t.length || (i > 0 && t[i]! - t[i - 1]! > BURST_GAP)) {
          sum += run;
          squares += run * run;
          run = 0;
        }
        if (i < t.length) run++;
      }
      return { records: p.times.length, perHour: p.times.length / hours, draws: squares ? (sum * sum) / squares : 1 };
    }).sort((a, b) => b.records - a.records);
  }

  perPrincipal(what: 'addresses' | 'agents'): Float64Array {
    return Float64Array.from([...this.principals.values()].map((p) => p[what].size));
  }
}

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function bump(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}
