/** `trailsmith stream [scenario]`: thin adapter over runStream. */
import type { Writable } from 'node:stream';
import type { Argv } from 'yargs';
import { hashString } from '../../random/hash.js';
import { OutputError, UsageError } from '../../errors.js';
import { parseDuration, parseTimestamp } from '../../scenario/units.js';
import { parseDestination } from '../../stream/destination.js';
import { STREAM_FORMATS, type StreamFormat } from '../../stream/encode.js';
import type { StreamReport } from '../../stream/index.js';
import type { CommandContext, CommandFactory } from '../context.js';
import { helpFooter } from '../help.js';
import { fmt, fmtBytes } from '../progress.js';

interface StreamArgs {
  scenario?: string;
  seed?: string;
  start?: string;
  rate?: string;
  speed: number;
  duration?: string;
  format: StreamFormat;
  to: string;
  clock: 'live' | 'fixed';
  'batch-size': number;
  concurrency: number;
  'max-attempts': number;
  'request-timeout': string;
  header?: string[];
  'cloudwatch-batch': number;
  'cloudwatch-encoding': 'json' | 'gzip';
  'log-group'?: string;
  'report-every': string;
  force: boolean;
  quiet: boolean;
}

export const streamCommand: CommandFactory = (ctx: CommandContext) => ({
  command: 'stream [scenario]',
  describe: 'Stream records with a live clock for load tests (stdout, file, HTTP, S3-layout directory)',
  builder: (y: Argv) =>
    y
      .positional('scenario', { type: 'string', describe: 'Scenario file; default: the built-in quickstart scenario' })
      .option('seed', { alias: 's', type: 'string', describe: 'Root seed (overrides the scenario\'s seed)' })
      .option('start', { type: 'string', describe: 'Timeline start (UTC); default: now' })
      .option('rate', { alias: 'r', type: 'string', describe: 'Records per second, e.g. 2000 or 2000/s or 60000/m (default: the scenario\'s own volume)' })
      .option('speed', { type: 'number', default: 1, describe: 'Simulated seconds per real second (60: an hour of events per minute)' })
      .option('duration', { alias: 'd', type: 'string', describe: 'Wall-clock time to run, e.g. 10s, 5m (default: until Ctrl-C, at most 7 simulated days); generate --duration is simulated time instead' })
      .option('format', { alias: 'f', choices: STREAM_FORMATS, default: 'ndjson' as const, describe: 'Record per line, EventBridge envelope per line, or CloudWatch Logs subscription messages' })
      .option('to', { alias: 't', type: 'string', default: '-', describe: 'Sink the records go to: - (stdout), a file, http(s)://host/path (POST batches), or s3-dir:DIR / DIR/ (S3-layout files every 5 minutes). Not generate --to, which uploads to S3' })
      .option('clock', { choices: ['live', 'fixed'] as const, default: 'live' as const, describe: 'live: paced against the wall clock; fixed: as fast as the sink allows (reproducible with --start)' })
      .option('batch-size', { type: 'number', default: 500, describe: 'HTTP: lines per POST' })
      .option('concurrency', { type: 'number', default: 4, describe: 'HTTP: requests in flight' })
      .option('max-attempts', { type: 'number', default: 5, describe: 'HTTP: attempts per batch (backoff 100 ms doubling, jittered)' })
      .option('request-timeout', { type: 'string', default: '10s', describe: 'HTTP: time each request may take before it is retried; a paced run with --duration stops for good this long after it' })
      .option('header', { alias: 'H', type: 'string', array: true, describe: 'HTTP: extra header "Name: value" (repeatable)' })
      .option('cloudwatch-batch', { type: 'number', default: 100, describe: 'cloudwatch: log events per DATA_MESSAGE' })
      .option('cloudwatch-encoding', { choices: ['json', 'gzip'] as const, default: 'json' as const, describe: 'cloudwatch: decoded JSON, or base64(gzip) as Kinesis/Lambda deliver it' })
      .option('log-group', { type: 'string', describe: 'cloudwatch: log group name (default: aws-cloudtrail-logs-<account>-<hex>)' })
      .option('report-every', { type: 'string', default: '5s', describe: 'Interval of the rate/error reports on stderr' })
      .option('force', { type: 'boolean', default: false, describe: 's3-dir: write into a non-empty directory' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'No reports or summary' })
      .group(['seed'], 'Input:')
      .group(['to', 'format', 'force', 'quiet', 'report-every'], 'Output:')
      .group(['start', 'duration', 'speed', 'clock'], 'Time (wall clock):')
      .group(['rate'], 'Scale:')
      .group(['batch-size', 'concurrency', 'max-attempts', 'header', 'cloudwatch-batch', 'cloudwatch-encoding', 'log-group'], 'Sink (HTTP, CloudWatch):')
      .epilogue(helpFooter([
        ['$0 stream --rate 2000 --duration 10s > /dev/null', '2,000 records/s for 10 s'],
        ['$0 stream --rate 500 -f eventbridge --to http://127.0.0.1:8080/events', 'EventBridge envelopes POSTed in batches'],
        ['$0 stream --speed 60 --to s3-dir:/tmp/bucket', 'An hour of the scenario per minute, as CloudTrail files'],
        ['$0 stream --clock fixed --start 2025-03-04T00:00:00Z --rate 100 -d 10s -s 7', 'Reproducible: same 1,000 records every run'],
      ], '0 done or Ctrl-C · 2 bad scenario or option · 3 the sink failed (batches lost for good)')),
  handler: async (argv: unknown) => {
    const args = argv as StreamArgs;
    const o = checkArgs(args);
    const dest = parseDestination(args.to);
    if (dest.kind === 's3-dir' && args.format !== 'ndjson') throw new UsageError(`--to ${args.to}: the S3 layout is CloudTrail log files; --format ${args.format} does not apply`);
    // Loaded on use, like generate's engine: yaml, faker and the plan compiler.
    const [{ DEFAULT_SCENARIO, loadScenario }, { openSink, runStream }] = await Promise.all([import('../../scenario/load.js'), import('../../stream/index.js')]);
    const { scenario } = await loadScenario(args.scenario ?? DEFAULT_SCENARIO);
    // The timeline covers up to twice the simulated span plus an hour (stream/source.ts); 7 days without --duration.
    if (args.start !== undefined) (await import('../../scenario/overrides.js')).checkStreamStart(args.start, 2 * (o.duration !== undefined ? o.duration * args.speed : 7 * 86400) + 3600);
    const start = o.start ?? Math.floor(ctx.io.now() / 1000);
    const say = (line: string): void => {
      if (!args.quiet) ctx.io.stderr.write(line + '\n');
    };
    const final = await runStream(
      scenario,
      {
        seed: args.seed, start, rate: o.rate, speed: args.speed, duration: o.duration, format: args.format,
        cloudwatch: { batchSize: args['cloudwatch-batch'], encoding: args['cloudwatch-encoding'], logGroup: args['log-group'], subscriptionFilter: 'trailsmith' },
        paced: args.clock === 'live', clock: ctx.io, signal: ctx.io.signal, reportEveryMs: o.reportEvery * 1000, graceMs: o.requestTimeout * 1000,
        onReport: args.quiet ? undefined : (r) => say(reportLine(r, args.to)),
      },
      (source) => openSink(dest, source, {
        stdout: ctx.io.stdout as Writable, batchSize: args['batch-size'], concurrency: args.concurrency, maxAttempts: args['max-attempts'],
        headers: o.headers, force: args.force, now: () => ctx.io.now(), requestTimeoutMs: o.requestTimeout * 1000,
        runId: runId(args, start),
      }),
    );
    say(summaryLine(final, args.to));
    // Ctrl-C is the normal end of a stream (exit 0), reported by the summary line above.
    if (final.interrupted) ctx.signalHandled = true;
    const problems: string[] = [];
    if (final.sink.failed > 0) {
      problems.push(`${fmt(final.sink.failed)} records could not be delivered to ${args.to} (network errors, timeouts, 429 and 5xx retried up to ${args['max-attempts']} attempts; other 4xx not retried; last error: ${final.sink.lastError})`);
    }
    if (final.stoppedAtDeadline) {
      problems.push(`stopped ${o.requestTimeout} s after --duration ${args.duration} with ${fmt(final.behind)} records due and not sent (the sink did not keep up)`);
    }
    if (problems.length) throw new OutputError(problems.join('\n'));
  },
});

function checkArgs(args: StreamArgs): { rate?: number; duration?: number; start?: number; reportEvery: number; requestTimeout: number; headers: Record<string, string> } {
  const positiveInt = (name: string, v: number, max: number): void => {
    if (!(Number.isInteger(v) && v >= 1 && v <= max)) throw new UsageError(`--${name} ${v}: expected a whole number from 1 to ${max}`);
  };
  let rate: number | undefined;
  if (args.rate !== undefined) {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(s|sec|second|m|min|minute|h|hour))?\s*$/.exec(args.rate);
    const per = m ? ({ s: 1, sec: 1, second: 1, m: 60, min: 60, minute: 60, h: 3600, hour: 3600 } as Record<string, number>)[m[2] ?? 's']! : NaN;
    rate = m ? Number(m[1]) / per : NaN;
    if (!(rate > 0 && rate <= 10_000_000)) throw new UsageError(`--rate ${args.rate}: expected records per second, e.g. 2000, 2000/s or 60000/m`);
  }
  if (!(args.speed > 0 && args.speed <= 1_000_000)) throw new UsageError(`--speed ${args.speed}: expected a number > 0`);
  const duration = args.duration !== undefined ? parseDuration(args.duration) : undefined;
  if (duration !== undefined && !Number.isFinite(duration)) throw new UsageError(`--duration ${args.duration}: expected e.g. 10s, 5m, 1h`);
  const start = args.start !== undefined ? parseTimestamp(args.start) : undefined;
  if (start !== undefined && !Number.isFinite(start)) throw new UsageError(`--start ${args.start}: expected a UTC timestamp like 2025-03-04T00:00:00Z`);
  if (args.clock === 'fixed' && duration === undefined) throw new UsageError('--clock fixed needs --duration (it runs as fast as it can)');
  const requestTimeout = parseDuration(args['request-timeout']);
  if (!(requestTimeout >= 0.1 && requestTimeout <= 3600)) throw new UsageError(`--request-timeout ${args['request-timeout']}: expected e.g. 10s (0.1 s to 1 h)`);
  const reportEvery = parseDuration(args['report-every']);
  if (!(reportEvery >= 0.1)) throw new UsageError(`--report-every ${args['report-every']}: expected e.g. 5s`);
  positiveInt('batch-size', args['batch-size'], 100_000);
  positiveInt('concurrency', args.concurrency, 1024);
  positiveInt('max-attempts', args['max-attempts'], 20);
  positiveInt('cloudwatch-batch', args['cloudwatch-batch'], 10_000);
  return { rate, duration, start, reportEvery, requestTimeout, headers: parseHeaders(args.header ?? []) };
}

/**
 * Headers the HTTP client computes itself (framing, the connection, the target host) or that we
 * own: `content-length: 5` on a larger body hung the request forever.
 */
const RESERVED_HEADERS = new Set(['content-length', 'transfer-encoding', 'host', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'expect', 'proxy-connection', 'idempotency-key']);
/** RFC 9110 section 5.6.2 token characters. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function parseHeaders(given: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const h of given) {
    const shown = JSON.stringify(h);
    // CR, LF or NUL would end the header line early: a second header or a request smuggled in.
    if (/[\r\n\0]/.test(h)) throw new UsageError(`--header ${shown}: contains a line break or NUL`);
    const i = h.indexOf(':');
    if (i <= 0) throw new UsageError(`--header ${shown}: expected "Name: value"`);
    const name = h.slice(0, i).trim().toLowerCase();
    if (!TOKEN.test(name)) throw new UsageError(`--header ${shown}: ${JSON.stringify(name)} is not a valid header name`);
    if (RESERVED_HEADERS.has(name)) {
      throw new UsageError(`--header ${shown}: ${name} is set by trailsmith or the HTTP client (framing, connection, target or batch id), not by --header`);
    }
    headers[name] = h.slice(i + 1).trim();
  }
  return headers;
}

/**
 * The first part of every batch's Idempotency-Key: a hash of what decides the batches' content.
 * With --clock fixed the same flags give the same batches and the same keys (a rerun's repeats
 * can be dropped too); with the live clock the start second differs, so runs never share keys.
 */
function runId(args: StreamArgs, start: number): string {
  const what = JSON.stringify([args.scenario ?? '', args.seed ?? '', start, args.rate ?? '', args.speed, args.duration ?? '', args.format, args.to, args['batch-size'], args['cloudwatch-batch'], args['cloudwatch-encoding'], args['log-group'] ?? '', args.clock]);
  const hex = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');
  return hex(hashString(what)) + hex(hashString(`${what}/2`));
}

function sinkPart(r: StreamReport, to: string): string {
  const s = r.sink;
  const parts = [
    s.detail,
    s.retries ? `${fmt(s.retries)} retried` : '',
    s.duplicates ? `${fmt(s.duplicates)} records possibly delivered twice (retried after no answer; same Idempotency-Key)` : '',
    s.failed ? `${fmt(s.failed)} records FAILED (${s.lastError})` : '',
  ].filter(Boolean);
  return `to ${to === '-' ? 'stdout' : to}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

function reportLine(r: StreamReport, to: string): string {
  const req = r.requested !== undefined ? ` (requested ${fmt(r.requested)}/s)` : '';
  let line = `stream: ${r.elapsed.toFixed(1)} s  ${fmt(r.records)} records  ${fmt(r.rate)}/s${req}  ${sinkPart(r, to)}`;
  // Behind by more than a tenth of a second of records: a real lag, not timer jitter (~1 ms).
  if (r.requested !== undefined && r.behind > Math.max(10, r.requested * 0.1)) {
    line += `\nstream: CANNOT KEEP UP: achieved ${fmt(r.rate)}/s of ${fmt(r.requested)}/s requested; ${fmt(r.behind)} records behind schedule (none dropped; they go out late)`;
  }
  return line;
}

function summaryLine(r: StreamReport, to: string): string {
  const req = r.requested !== undefined ? `, requested ${fmt(r.requested)}/s` : '';
  const bytes = r.sink.bytes ? ` (${fmtBytes(r.sink.bytes)})` : '';
  return `streamed ${fmt(r.records)} records${bytes} in ${r.elapsed.toFixed(2)} s (${fmt(r.overallRate)}/s${req}) ${sinkPart(r, to)}${r.interrupted ? '; stopped by Ctrl-C after flushing' : ''}`;
}
