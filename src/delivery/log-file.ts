/**
 * One delivery window of one unit → one or more log files (`{"Records":[...]}`, compact).
 * Records are in roughly, not strictly, time order, as in real files; a window with more than
 * maxRecordsPerFile records is split into files that share the stamp (as CloudTrail does).
 */
import type { Plan } from '../plan/types.js';
import { hashString, mix32 } from '../random/hash.js';
import { ALNUM, charsAt } from '../random/ids.js';
import { LANE, type RecordRenderer } from '../render/record.js';
import { isoSeconds } from '../scenario/units.js';
import type { SimEvent } from '../sim/event.js';
import { logFileKey } from './keys.js';
import { windowStamp } from './windows.js';

export interface LogFileContent {
  key: string;
  body: string;
  accountId: string;
  region: string;
  deliveredAt: number;
  records: number;
  oldestEventTime: string;
  newestEventTime: string;
  events: SimEvent[];
}

/** Seconds of jitter when ordering records in a file: enough to make the order imperfect. */
const ORDER_JITTER = 90;

export function renderWindow(plan: Plan, renderer: RecordRenderer, unitIndex: number, window: number, events: SimEvent[]): LogFileContent[] {
  const unit = plan.units[unitIndex]!;
  const key = renderer.unitKeys[unitIndex]!;
  const fileKey = hashString(`${plan.seed}/${unit.key}/files`);
  const sortKey = (ev: SimEvent): number => ev.t + (mix32(key, ev.seq, LANE.order) % ORDER_JITTER);
  const ordered = events.map((ev) => ({ ev, k: sortKey(ev) })).sort((a, b) => a.k - b.k || a.ev.seq - b.ev.seq).map((x) => x.ev);
  const chunks = Math.ceil(ordered.length / plan.maxRecordsPerFile);
  const size = Math.ceil(ordered.length / chunks);
  const deliveredAt = windowStamp(window);
  const out: LogFileContent[] = [];
  for (let c = 0; c < chunks; c++) {
    const part = ordered.slice(c * size, (c + 1) * size);
    let oldest = Infinity;
    let newest = -Infinity;
    let body = '{"Records":[';
    for (let i = 0; i < part.length; i++) {
      const ev = part[i]!;
      if (ev.t < oldest) oldest = ev.t;
      if (ev.t > newest) newest = ev.t;
      if (i > 0) body += ',';
      body += renderer.render(ev);
    }
    body += ']}';
    const unique = charsAt(ALNUM, fileKey, window * 64 + c, 0, 16);
    out.push({
      key: logFileKey(plan.trail, unit.accountId, unit.region, deliveredAt, unique),
      body,
      accountId: unit.accountId,
      region: unit.region,
      deliveredAt,
      records: part.length,
      oldestEventTime: isoSeconds(oldest),
      newestEventTime: isoSeconds(newest),
      events: part,
    });
  }
  return out;
}
