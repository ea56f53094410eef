/**
 * CloudWatch Logs subscription batches, as a trail that sends to CloudWatch Logs delivers them
 * through a subscription filter: one `DATA_MESSAGE` per log stream (`<account>_CloudTrail_<region>`,
 * CloudTrail's stream naming) holding up to `batchSize` log events whose message is the record.
 *
 * Encoding: `json` writes the decoded message (what a Lambda sees after gunzip + base64 decode),
 * one per line; `gzip` writes base64(gzip(message)), the bytes Kinesis and Firehose carry and
 * Lambda receives as `awslogs.data`.
 */
import { gzipSync } from 'node:zlib';
import type { Plan } from '../plan/types.js';
import { hashString, mix32 } from '../random/hash.js';
import type { RecordRenderer } from '../render/record.js';
import type { SimEvent } from '../sim/event.js';
import type { Emit, Encoder } from './encode.js';

export interface CloudWatchOptions {
  batchSize: number;
  encoding: 'json' | 'gzip';
  /** Default: `aws-cloudtrail-logs-<account>-<8 hex>`, the console's default name. */
  logGroup?: string;
  subscriptionFilter: string;
}

interface Batch {
  head: string;
  events: string[];
}

export class CloudWatchEncoder implements Encoder {
  private readonly batches = new Map<number, Batch>();
  private readonly heads: string[];
  held = 0;

  constructor(plan: Plan, private readonly renderer: RecordRenderer, private readonly options: CloudWatchOptions) {
    // Pre-serialized per unit: everything in the message before the log events.
    this.heads = plan.units.map((u) => {
      const group = options.logGroup ?? `aws-cloudtrail-logs-${u.accountId}-${(hashString(`${plan.seed}/log-group/${u.accountId}`) >>> 0).toString(16).padStart(8, '0')}`;
      return `{"messageType":"DATA_MESSAGE","owner":"${u.accountId}","logGroup":${JSON.stringify(group)},"logStream":"${u.accountId}_CloudTrail_${u.region}","subscriptionFilters":[${JSON.stringify(options.subscriptionFilter)}],"logEvents":[`;
    });
  }

  encode(ev: SimEvent, emit: Emit): void {
    let batch = this.batches.get(ev.unit);
    if (!batch) this.batches.set(ev.unit, (batch = { head: this.heads[ev.unit]!, events: [] }));
    const record = this.renderer.render(ev);
    batch.events.push(`{"id":"${eventId(this.renderer.unitKeys[ev.unit]!, ev.seq)}","timestamp":${ev.t * 1000},"message":${JSON.stringify(record)}}`);
    this.held++;
    if (batch.events.length >= this.options.batchSize) this.emitBatch(ev.unit, batch, emit);
  }

  flush(emit: Emit): void {
    for (const [unit, batch] of this.batches) if (batch.events.length) this.emitBatch(unit, batch, emit);
  }

  private emitBatch(_unit: number, batch: Batch, emit: Emit): void {
    const json = `${batch.head}${batch.events.join(',')}]}`;
    const records = batch.events.length;
    this.held -= records;
    batch.events = [];
    // The record count travels with the message, so delivery and loss are reported in records.
    emit(this.options.encoding === 'gzip' ? gzipSync(json).toString('base64') : json, records);
  }
}

/** CloudWatch Logs event ids are 56 decimal digits; ours are 7 groups of 8 digits from a counter hash. */
const CW_LANE = 40;
function eventId(key: number, seq: number): string {
  let s = '';
  for (let i = 0; i < 7; i++) s += String(mix32(key, seq, CW_LANE + i) % 100_000_000).padStart(8, '0');
  return s;
}
