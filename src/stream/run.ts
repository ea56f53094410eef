/**
 * The stream loop: take the next due event, wait for the clock if it is early, encode it, hand
 * it to the sink (waiting when the sink pushes back). Records are never dropped: when the
 * machine or the sink cannot keep up, the loop falls behind the schedule, catches up as fast as
 * it can, and every report says so with the achieved and requested rates.
 *
 * Pacing: the loop sleeps with setTimeout until the next record is due and then emits every
 * record due by then, so at 2,000/s each ~1 ms wake-up emits about 2 records; the timer's
 * granularity only adds jitter within a second, not drift (due times are absolute).
 */
import type { Scenario } from '../scenario/types.js';
import { createEncoder, type StreamFormat } from './encode.js';
import type { CloudWatchOptions } from './cloudwatch.js';
import { sleep, type SinkStats, type StreamSink } from './sink.js';
import { openSource, type StreamSource } from './source.js';

export interface StreamClock {
  /** Milliseconds; the CLI passes its live clock (the only place src/ reads time). */
  now(): number;
}

export interface StreamOptions {
  seed?: string | number;
  /** Timeline start, epoch seconds (the CLI defaults it to the live clock). */
  start: number;
  rate?: number;
  speed: number;
  duration?: number;
  format: StreamFormat;
  cloudwatch: CloudWatchOptions;
  /** false: no pacing; records go out as fast as the sink takes them (reproducible tests, benchmarks). */
  paced: boolean;
  clock: StreamClock;
  signal?: AbortSignal;
  /**
   * Paced streams with a duration stop for good this long after it (default 10 s): requests
   * still in flight are abandoned and counted as failed, so a sink that never answers cannot
   * hold the run past duration + grace (a 10 s stream once ran 306 s).
   */
  graceMs?: number;
  reportEveryMs: number;
  onReport?: (r: StreamReport) => void;
}

export interface StreamReport {
  elapsed: number;
  records: number;
  /** Records per second since the previous report, and overall. */
  rate: number;
  overallRate: number;
  requested?: number;
  /** Records due by now but not yet out (rate mode, paced). */
  behind: number;
  sink: SinkStats;
  final: boolean;
  interrupted: boolean;
  /** The run hit duration + grace with records still due (they were not sent). */
  stoppedAtDeadline: boolean;
}

/** After a signal, requests in flight get this long to finish before they are abandoned. */
export const SIGNAL_DRAIN_MS = 1000;

export type SinkFactory = (source: StreamSource) => Promise<StreamSink>;

/** Runs a stream to its end (duration, timeline end, or abort); returns the final report. */
export async function runStream(scenario: Scenario, options: StreamOptions, openSink: SinkFactory): Promise<StreamReport> {
  const source = await openSource(scenario, options);
  const sink = await openSink(source);
  const encoder = createEncoder(options.format, source.plan, source.renderer, options.cloudwatch);
  const clock = options.clock;
  const signal = options.signal;
  let records = 0;
  const emit = (unit: string, n: number): void | Promise<void> => sink.write!(unit, n);
  // Plain NDJSON into a line sink: rendered as bytes into its chunk, never as a string.
  const recordsAsBytes = options.format === 'ndjson' && sink.writeRecord !== undefined;
  // Units emitted by the encoder during one encode() call; back-pressure promises are awaited after it.
  let wait: Array<Promise<void>> = [];
  const collect = (unit: string, n: number): void => {
    const p = emit(unit, n);
    if (p) wait.push(p);
  };

  const t0 = clock.now();
  let last = { at: t0, records: 0 };
  const report = (final: boolean): StreamReport => {
    const now = clock.now();
    const dueNow = options.rate !== undefined && options.paced ? Math.min(source.total, Math.floor(((now - t0) * options.rate) / 1000)) : records;
    const r: StreamReport = {
      elapsed: (now - t0) / 1000,
      records,
      rate: ((records - last.records) * 1000) / Math.max(1, now - last.at),
      overallRate: (records * 1000) / Math.max(1, now - t0),
      requested: options.rate,
      behind: Math.max(0, dueNow - records),
      sink: sink.stats(),
      final,
      interrupted: Boolean(signal?.aborted),
      stoppedAtDeadline,
    };
    last = { at: now, records };
    return r;
  };
  const timer = options.onReport ? setInterval(() => options.onReport!(report(false)), options.reportEveryMs) : undefined;
  timer?.unref?.();
  let stoppedAtDeadline = false;
  const deadline =
    options.paced && options.duration !== undefined
      ? setTimeout(() => {
          stoppedAtDeadline = true;
          sink.giveUp?.(0);
        }, options.duration * 1000 + (options.graceMs ?? 10_000))
      : undefined;
  deadline?.unref();
  const onAbort = (): void => sink.giveUp?.(SIGNAL_DRAIN_MS);
  signal?.addEventListener('abort', onAbort, { once: true });

  try {
    let sinceYield = 0;
    for (const { ev, due } of source.events) {
      if (signal?.aborted || sink.ended || stoppedAtDeadline) break;
      let early = options.paced ? due - (clock.now() - t0) : 0;
      if (early >= 1) {
        const idle = sink.idle();
        if (idle) await idle;
        early = due - (clock.now() - t0);
        if (early >= 1) await sleep(early, signal);
        sinceYield = 0;
        if (signal?.aborted) break;
      } else if (++sinceYield >= 4096) {
        // Unpaced, or behind schedule: let timers (reports), I/O and signals run every 4096 records.
        sinceYield = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (sink.writeEvent) {
        const p = sink.writeEvent(ev);
        if (p) await p;
      } else if (recordsAsBytes) {
        const p = sink.writeRecord!(ev, source.renderer);
        if (p) await p;
      } else {
        encoder.encode(ev, collect);
        if (wait.length) {
          const w = wait;
          wait = [];
          await Promise.all(w);
        }
      }
      records++;
    }
    // End or Ctrl-C: complete batches go out; nothing half-written stays behind.
    if (!sink.writeEvent) encoder.flush(collect);
    await Promise.all(wait);
    await sink.close();
  } catch (err) {
    await sink.abort?.();
    throw err;
  } finally {
    if (timer) clearInterval(timer);
    if (deadline) clearTimeout(deadline);
    signal?.removeEventListener('abort', onAbort);
  }
  return report(true);
}
