/**
 * Output formats of a stream. An encoder turns events into units (one line each, without the
 * newline) and hands them to `emit`; a batching format (cloudwatch) holds events until a batch
 * is full or `flush` is called.
 */
import type { Plan } from '../plan/types.js';
import { hashString } from '../random/hash.js';
import { uuidAt } from '../random/ids.js';
import type { RecordRenderer } from '../render/record.js';
import { isoSeconds } from '../scenario/units.js';
import type { SimEvent } from '../sim/event.js';
import { CloudWatchEncoder, type CloudWatchOptions } from './cloudwatch.js';

export type StreamFormat = 'ndjson' | 'eventbridge' | 'cloudwatch';
export const STREAM_FORMATS: readonly StreamFormat[] = ['ndjson', 'eventbridge', 'cloudwatch'];

/** Hands one unit to the sink with the number of records it holds. */
export type Emit = (unit: string, records: number) => void;

export interface Encoder {
  encode(ev: SimEvent, emit: Emit): void;
  /** Emits whatever is held back (partial batches). */
  flush(emit: Emit): void;
  /** Events encoded into units emitted so far, for rate accounting. */
  readonly held: number;
}

export function createEncoder(format: StreamFormat, plan: Plan, renderer: RecordRenderer, cloudwatch: CloudWatchOptions): Encoder {
  if (format === 'cloudwatch') return new CloudWatchEncoder(plan, renderer, cloudwatch);
  if (format === 'eventbridge') return new EventBridgeEncoder(plan, renderer);
  return { held: 0, encode: (ev, emit) => emit(renderer.render(ev), 1), flush: () => undefined };
}

/**
 * The `AWS API Call via CloudTrail` envelope EventBridge delivers to its targets. The envelope
 * id is a UUID derived from the record's eventID, so the same record always gets the same id.
 * Fields come from the event, not from parsing the rendered record.
 */
class EventBridgeEncoder implements Encoder {
  readonly held = 0;
  constructor(private readonly plan: Plan, private readonly renderer: RecordRenderer) {}

  encode(ev: SimEvent, emit: Emit): void {
    const unit = this.plan.units[ev.unit]!;
    const eventId = this.renderer.eventId(ev);
    const { source, detailType } = eventSource(ev);
    emit(
      `{"version":"0","id":"${uuidAt(hashString(eventId), 0, 0)}","detail-type":"${detailType}","source":"${source}","account":"${unit.accountId}","time":"${isoSeconds(ev.t)}","region":"${unit.region}","resources":[],"detail":${this.renderer.render(ev)}}`,
      1,
    );
  }

  flush(): void {}
}

function eventSource(ev: SimEvent): { source: string; detailType: string } {
  switch (ev.kind) {
    case 'console-login':
      return { source: 'aws.signin', detailType: 'AWS Console Sign In via CloudTrail' };
    case 'sts-assume-role':
    case 'sts-assume-role-saml':
    case 'sts-federation-token':
      return { source: 'aws.sts', detailType: 'AWS API Call via CloudTrail' };
    default:
      return { source: 'aws.glacier', detailType: 'AWS API Call via CloudTrail' };
  }
}
