/** `trailsmith generate [scenario]`: thin adapter over generateFiles / writeNdjson. */
import { createWriteStream, type WriteStream } from 'node:fs';
import { readdir, rm, rmdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Argv } from 'yargs';
import { parseShard } from '../../delivery/shard.js';
import { acquireOutLock, lockPathFor, type OutLock } from '../../delivery/out-lock.js';
import { trackTemporary, untrackTemporary } from '../../delivery/temporaries.js';
import { AtomicWriter, makeDirs, PARTIAL_SUFFIX } from '../../delivery/writer.js';
import { LABELS_FILE, sidecarDir } from '../../sidecar.js';
import { describeFsError, InterruptedError, TrailsmithError, UsageError } from '../../errors.js';
import { parseDuration, parseTimestamp } from '../../scenario/units.js';
import type { CommandContext, CommandFactory } from '../context.js';
import { helpFooter } from '../help.js';
import { MAX_RECORDS_DEFAULT } from '../../delivery/size-limits.js';
import { fmt, fmtBytes, ProgressLine } from '../progress.js';
import { checkS3Args, runUpload, s3Options, type S3Args } from '../s3-upload.js';
import { prepareDigests, digestOptions, runDigests, startKeyDerivation, type DigestArgs } from '../digest-options.js';

interface GenerateArgs extends S3Args, DigestArgs {
  scenario?: string;
  seed?: string;
  out: string;
  start?: string;
  duration?: string;
  records?: number;
  format: 's3' | 'ndjson';
  force: boolean;
  shard?: string;
  quiet: boolean;
  'gzip-level': number;
  workers: number;
  labels?: string;
  'max-records'?: number;
  yes: boolean;
}

export const generateCommand: CommandFactory = (ctx: CommandContext) => ({
  command: 'generate [scenario]',
  describe: 'Generate CloudTrail log files (or NDJSON records) from a scenario',
  builder: (y: Argv) =>
    digestOptions(s3Options(y))
      .positional('scenario', { type: 'string', describe: 'Scenario file (.yaml, .json, .js); default: the built-in quickstart scenario' })
      .option('seed', { alias: 's', type: 'string', describe: 'Root seed (overrides the scenario\'s seed)' })
      .option('out', { alias: 'o', type: 'string', describe: 'Bucket-root directory (s3); for ndjson a file, a directory (records.ndjson in it) or - for stdout; default: out' })
      .option('format', { alias: 'f', choices: ['s3', 'ndjson'] as const, default: 's3' as const, describe: 'S3-layout .json.gz files, or NDJSON records in time order' })
      .option('force', { type: 'boolean', default: false, describe: 'Write into a non-empty output directory' })
      .option('labels', { type: 'string', describe: 'Write the labels (ground truth of scripted incidents) to this file; default: <out>.trailsmith/labels.ndjson beside the output (docs/layout.md)' })
      .option('gzip-level', { type: 'number', default: 6, describe: 'gzip level 1-9 for .json.gz files' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'No progress or summary (warnings still go to stderr)' })
      .option('start', { type: 'string', describe: 'UTC start of the simulated span, e.g. 2025-03-04T00:00:00Z (overrides the scenario)' })
      .option('duration', { type: 'string', describe: 'Simulated length of the span, e.g. 6h, 2d, P1DT12H (overrides the scenario); written as fast as the machine goes, not in real time' })
      .option('records', { alias: 'n', type: 'number', describe: 'Exactly N records over the whole span: background activity is scaled (and thinned by a few read-only calls); scripted incidents are never scaled or dropped' })
      .option('max-records', { type: 'number', describe: `Refuse runs estimated above this many records (default ${fmt(MAX_RECORDS_DEFAULT)}); the estimate comes before any work` })
      .option('yes', { alias: 'y', type: 'boolean', default: false, describe: 'Run even above the size ceiling (see --max-records)' })
      .option('shard', { type: 'string', describe: 'Render only shard i of N (i/N); the union of all shards equals the unsharded output' })
      .option('workers', { alias: 'w', type: 'number', default: availableParallelism(), describe: 'Render + gzip worker threads (0: render here); never changes the output bytes' })
      .option('to', { type: 'string', describe: 'Upload the finished tree to S3: s3://bucket[/prefix] (without --out via a temporary directory). Not stream --to, which names a sink' })
      .group(['seed'], 'Input:')
      .group(['out', 'format', 'force', 'labels', 'gzip-level', 'quiet'], 'Output:')
      .group(['start', 'duration'], 'Time (simulated):')
      .group(['records', 'max-records', 'yes', 'shard', 'workers'], 'Scale:')
      .group(['digest', 'signing-key', 'tamper'], 'Integrity:')
      .group(['to', 'endpoint', 'region', 'path-style', 'concurrency', 'labels-key'], 'Upload:')
      .epilogue(helpFooter([
        ['$0 generate', 'Built-in quickstart scenario into ./out'],
        ['$0 generate my.scenario.yaml -s 7 -o /tmp/trail', 'A scenario with a fixed seed'],
        ['$0 generate -n 1000000 -o /data/bucket --force', 'Exactly one million records'],
        ['$0 generate -f ndjson -o - -n 20 | jq .eventName', 'Twenty records as NDJSON'],
        ['$0 generate --digest --to s3://bucket/trail', 'Signed digests, then upload'],
      ], '0 written · 2 bad scenario, option or size (nothing written) · 3 output not writable or upload failed · 130 interrupted (complete files kept, no partial file)')),
  handler: async (argv: unknown) => {
    const args = argv as GenerateArgs;
    // --to without --out generates into a temporary directory, so the default applies here.
    const outGiven = args.out !== undefined;
    args.out ??= 'out';
    checkArgs(args);
    checkS3Args(args);
    const digestPlan = await prepareDigests(args, args.format, args.shard ? parseShard(args.shard) : undefined);
    if (args.to) return generateAndUpload(ctx, { ...args, to: args.to }, outGiven);
    const { DEFAULT_SCENARIO, loadScenario, generateFilesFromScenario, writeNdjson } = await engine();
    const { scenario } = await loadScenario(args.scenario ?? DEFAULT_SCENARIO);
    (await import('../../scenario/overrides.js')).checkTimeOverrides(scenario, args);
    if (args.digest) startKeyDerivation(digestPlan, args.seed ?? scenario.seed);
    const progress = new ProgressLine(ctx.io, !args.quiet, args.shard ? undefined : args.records);
    const common = sizing(args, progress, ctx);
    const toStdout = args.format === 'ndjson' && args.out === '-';
    const report = (line: string): void => {
      if (!args.quiet) (toStdout ? ctx.io.stderr : ctx.io.stdout).write(line + '\n');
    };
    if (args.format === 'ndjson') {
      const opened = await openSink(args.out, outGiven, ctx);
      const { path, lock, reopen } = opened;
      let { close, discard } = opened;
      // A temporary file can start over (writeNdjson's rewind): the run then overlaps its count.
      const rewind = reopen && (async (): Promise<Writable> => {
        await discard();
        const fresh = await reopen();
        ({ close, discard } = fresh);
        return fresh.sink;
      });
      try {
        const r = await writeNdjson(scenario, opened.sink, { ...common, rewind, onProgress: (p) => progress.update(p.records, p.fraction) });
        await close();
        progress.clear();
        for (const w of r.warnings) ctx.io.stderr.write(`trailsmith: ${w}\n`);
        const s = progress.seconds();
        const labels = await writeNdjsonLabels(ctx, r.labelLines, args.labels, toStdout ? undefined : path);
        report(`wrote ${fmt(r.records)} records (${fmtBytes(r.bytes)}) to ${path} in ${s.toFixed(2)} s (${fmt(r.records / Math.max(s, 1e-9))} records/s)` + labels);
      } catch (err) {
        progress.clear();
        await discard();
        if (ctx.io.signal.aborted) throw new InterruptedError(`interrupted: ${path === 'stdout' ? 'stdout ends on a whole record' : `nothing written to ${path} (the temporary file was removed)`}`);
        throw err instanceof TrailsmithError ? err : describeFsError(err, path);
      } finally {
        await lock?.release();
      }
      return;
    }
    const out = resolve(args.out);
    const lock = await lockOutDir(out, ctx);
    let logsDone = false;
    try {
      const summary = await generateFilesFromScenario(scenario, {
        ...common,
        out,
        force: args.force,
        shard: args.shard ? parseShard(args.shard) : undefined,
        shardBy: args.digest ? 'unit' : undefined,
        gzipLevel: args['gzip-level'],
        workers: args.workers,
        hashFiles: args.digest,
        labelsFile: args.labels,
        onProgress: (p) => progress.update(p.records, p.fraction, `  ${fmt(p.files)} files`),
      });
      logsDone = true;
      progress.clear();
      for (const w of summary.warnings) ctx.io.stderr.write(`trailsmith: ${w}\n`);
      const s = progress.seconds();
      report(
        `wrote ${fmt(summary.files)} files, ${fmt(summary.records)} records (${fmtBytes(summary.bytes)}) for ${summary.accounts} account${summary.accounts === 1 ? '' : 's'} in ${summary.regions} region${summary.regions === 1 ? '' : 's'} to ${out} in ${s.toFixed(2)} s (${fmt(summary.records / Math.max(s, 1e-9))} records/s)` +
          (summary.labels ? `\nlabels: ${fmt(summary.labels)} labelled records in ${summary.labelsFile}` : ''),
      );
      // The last point where a signal stops the run: once digests start (well under a second:
      // the key, then one small file per unit and hour) they are finished, so a run never ends
      // with some digests signed and others missing.
      if (args.digest && ctx.io.signal.aborted) throw new InterruptedError();
      if (args.digest) await runDigests(ctx, summary, args, digestPlan);
    } catch (err) {
      progress.clear();
      if (ctx.io.signal.aborted) {
        throw new InterruptedError(
          logsDone
            ? `interrupted: the log files in ${out} are complete, the digests were not written; rerun with --force for both`
            : `interrupted: the files completed in ${out} were kept and no partial file was left; rerun with --force to start over`,
        );
      }
      throw err;
    } finally {
      await lock.release();
    }
  },
});

/**
 * Creates `out` if needed and takes its lock (out-lock.ts) before anything is checked or
 * written, so a second run into the same directory stops at once with exit 2. The returned lock's
 * release also removes `out` again when this run created it and left it empty (a run refused
 * after locking, e.g. `--records` below what the scripts write, leaves nothing behind).
 */
async function lockOutDir(out: string, ctx: CommandContext): Promise<OutLock> {
  let created: string[];
  try {
    created = await makeDirs(out);
  } catch (err) {
    throw describeFsError(err, out);
  }
  const lock = await acquireOutLock(lockPathFor(out, true), out, ctx.io.now());
  if (created.length === 0) return lock;
  return {
    path: lock.path,
    async release() {
      await lock.release();
      // rmdir only removes an empty directory: anything this run wrote stays, and so do its parents.
      for (const dir of created.reverse()) if (!(await rmdir(dir).then(() => true, () => false))) break;
    },
  };
}

/** generate into --out (or a temporary directory, removed afterwards), then upload; a failed upload keeps the tree. */
async function generateAndUpload(ctx: CommandContext, args: GenerateArgs & { to: string }, outGiven: boolean): Promise<void> {
  if (args.format !== 's3') throw new UsageError('--to s3://... needs --format s3');
  if (args.shard) throw new UsageError('--to s3://... with --shard: generate the shards into one directory, then run trailsmith upload');
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const out = outGiven ? resolve(args.out) : await mkdtemp(join(tmpdir(), 'trailsmith-upload-'));
  const { DEFAULT_SCENARIO, loadScenario, generateFilesFromScenario } = await engine();
  const { scenario } = await loadScenario(args.scenario ?? DEFAULT_SCENARIO);
  (await import('../../scenario/overrides.js')).checkTimeOverrides(scenario, args);
  const progress = new ProgressLine(ctx.io, !args.quiet, args.records);
  const lock = outGiven ? await lockOutDir(out, ctx) : undefined;
  let generated = false;
  let ok = false;
  try {
    const summary = await generateFilesFromScenario(scenario, {
      ...sizing(args, progress, ctx),
      out, force: args.force || !outGiven, gzipLevel: args['gzip-level'], workers: args.workers, hashFiles: args.digest, shardBy: args.digest ? 'unit' : undefined,
      labelsFile: args.labels,
      onProgress: (p) => progress.update(p.records, p.fraction, `  ${fmt(p.files)} files`),
    });
    progress.clear();
    for (const w of summary.warnings) ctx.io.stderr.write(`trailsmith: ${w}\n`);
    generated = true;
    if (args.digest) await runDigests(ctx, summary, args, await prepareDigests(args, args.format));
    if (!args.quiet) ctx.io.stdout.write(`generated ${fmt(summary.files)} files, ${fmt(summary.records)} records in ${progress.seconds().toFixed(2)} s${outGiven ? ` into ${out}` : ''}\n`);
    await runUpload(ctx, out, args);
    ok = true;
    // Without --out the tree is temporary, and its labels go with it unless kept (--labels) or uploaded (--labels-key): say so.
    const kept = outGiven || args.labels !== undefined;
    if (summary.labels > 0 && kept && !args.quiet) ctx.io.stdout.write(`labels: ${fmt(summary.labels)} labelled records in ${summary.labelsFile}\n`);
    else if (summary.labels > 0 && !kept && args['labels-key'] === undefined) {
      ctx.io.stderr.write(`trailsmith: note: ${fmt(summary.labels)} labelled records were not kept (no --out): pass --labels FILE to keep them, --labels-key KEY to upload them, or --out DIR\n`);
    }
  } finally {
    progress.clear();
    await lock?.release();
    if (!outGiven && (ok || !generated)) await Promise.all([rm(out, { recursive: true, force: true }), rm(sidecarDir(out), { recursive: true, force: true })]);
    else if (!outGiven) ctx.io.stderr.write(`trailsmith: kept the generated tree in ${out} (our files in ${sidecarDir(out)}); retry with: trailsmith upload ${out} --to ${args.to}\n`);
  }
}

/**
 * NDJSON output's labels: `--labels FILE`, else the output file's sidecar
 * (`<file>.trailsmith/labels.ndjson`); stdout has no beside, so without --labels they are
 * reported, not silently dropped. Returns the summary line's tail.
 */
async function writeNdjsonLabels(ctx: CommandContext, lines: readonly string[], explicit: string | undefined, outputFile: string | undefined): Promise<string> {
  if (lines.length === 0) return '';
  if (!explicit && !outputFile) {
    ctx.io.stderr.write(`trailsmith: note: ${fmt(lines.length)} labelled records; their labels are not written with --out - unless --labels FILE names a file\n`);
    return '';
  }
  const file = resolve(explicit ?? join(sidecarDir(outputFile!), LABELS_FILE));
  await new AtomicWriter(dirname(file)).write(basename(file), lines.join('\n') + '\n');
  return `\nlabels: ${fmt(lines.length)} labelled records in ${file}`;
}

/** The options every generate path shares: the span, --records and its progress, and the size ceiling. */
function sizing(args: GenerateArgs, progress: ProgressLine, ctx: CommandContext) {
  return {
    seed: args.seed, start: args.start, duration: args.duration, records: args.records, signal: ctx.io.signal,
    maxRecords: args.yes ? Infinity : args['max-records'] ?? MAX_RECORDS_DEFAULT,
    onCalibration: (events: number) => progress.note(`sizing the run for --records ${fmt(args.records ?? 0)}: ${fmt(events)} events simulated`),
  };
}

function checkArgs(args: GenerateArgs): void {
  if (args['max-records'] !== undefined && !(Number.isInteger(args['max-records']) && args['max-records'] > 0)) throw new UsageError(`--max-records ${args['max-records']}: expected a whole number > 0`);
  if (args.records !== undefined && !(Number.isInteger(args.records) && args.records >= 0)) throw new UsageError(`--records ${args.records}: expected a whole number >= 0`);
  if (args.start !== undefined && !Number.isFinite(parseTimestamp(args.start))) throw new UsageError(`--start ${args.start}: expected a UTC timestamp like 2025-03-04T00:00:00Z`);
  if (args.duration !== undefined && !(parseDuration(args.duration) > 0)) throw new UsageError(`--duration ${args.duration}: expected a positive length such as 6h, 2d or P1DT12H`);
  if (!(Number.isInteger(args.workers) && args.workers >= 0 && args.workers <= 256)) throw new UsageError(`--workers ${args.workers}: expected a whole number from 0 to 256`);
  if (!(Number.isInteger(args['gzip-level']) && args['gzip-level'] >= 1 && args['gzip-level'] <= 9)) throw new UsageError(`--gzip-level ${args['gzip-level']}: expected 1 to 9`);
  if (args.format === 'ndjson' && args.shard) throw new UsageError('--shard applies to --format s3 only');
  if (args.format === 's3' && args.out === '-') throw new UsageError('--out - (stdout) needs --format ndjson');
}

/**
 * The scenario loader and the generators, loaded on use: yaml, faker and the plan compiler
 * (~70 ms of start-up) that `validate`, `verify` and `upload` never need.
 */
async function engine(): Promise<typeof import('../../scenario/load.js') & typeof import('../../delivery/generate-files.js') & typeof import('../../delivery/ndjson.js')> {
  const [load, files, ndjson] = await Promise.all([import('../../scenario/load.js'), import('../../delivery/generate-files.js'), import('../../delivery/ndjson.js')]);
  return { ...load, ...files, ...ndjson };
}

interface Sink {
  sink: Writable;
  path: string;
  /** Flush and move the file into place. */
  close: () => Promise<void>;
  /** Remove the partial file after a failure. */
  discard: () => Promise<void>;
  /** Held for the whole run when writing a regular file. */
  lock?: OutLock;
  /** A new empty temporary for the same file (after `discard`): only for a regular file. */
  reopen?: () => Promise<Omit<Sink, 'lock' | 'reopen'>>;
}

/**
 * NDJSON destination: stdout, or a file written under a temporary name and renamed when
 * complete. `--out` names the file (any name: `events.jsonl` is a file, not a directory), except
 * a directory (an existing one, or a path ending in `/`) and the default `out`, which get
 * `records.ndjson` inside, and a device or FIFO, which is written in place.
 */
async function openSink(out: string, outGiven: boolean, ctx: CommandContext): Promise<Sink> {
  if (out === '-') return { sink: ctx.io.stdout as Writable, close: async () => undefined, discard: async () => undefined, path: 'stdout' };
  const existing = await stat(out).catch(() => undefined);
  // A device, FIFO or socket (/dev/null, a named pipe to a loader) is written in place: a
  // temporary file renamed over it would replace /dev/null with a regular file.
  if (existing && !existing.isFile() && !existing.isDirectory()) return openSpecialSink(resolve(out));
  const isDir = !outGiven || /[\\/]$/.test(out) || existing?.isDirectory() === true;
  const path = resolve(isDir ? join(out, 'records.ndjson') : out);
  try {
    await makeDirs(dirname(path));
  } catch (err) {
    throw describeFsError(err, dirname(path));
  }
  const lock = await acquireOutLock(lockPathFor(path, false), path, ctx.io.now());
  try {
    await removeOwnPartials(path);
    const sink = await openTemporary(path, ctx);
    return { ...sink, lock, reopen: () => openTemporary(path, ctx) };
  } catch (err) {
    await lock.release();
    throw err;
  }
}

/** Temporaries of earlier runs into `path` killed before they could remove them (we hold the lock). */
async function removeOwnPartials(path: string): Promise<void> {
  const prefix = `${basename(path)}.`;
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  for (const name of names) {
    if (name.startsWith(prefix) && name.endsWith(PARTIAL_SUFFIX)) await rm(join(dirname(path), name), { force: true });
  }
}

async function openTemporary(path: string, ctx: CommandContext): Promise<Omit<Sink, 'lock'>> {
  const tmp = `${path}.${process.pid}${PARTIAL_SUFFIX}`;
  trackTemporary(tmp);
  const stream = await openStream(tmp, 'wx', path);
  // Write errors (ENOSPC, EFBIG under ulimit -f) surface through writeNdjson and close(); this
  // listener only keeps an 'error' event without a waiting reader from crashing the process.
  stream.on('error', () => undefined);
  const { rename } = await import('node:fs/promises');
  let done = false;
  const cleanup = async (): Promise<void> => {
    if (done) return;
    stream.destroy();
    await rm(tmp, { force: true });
    untrackTemporary(tmp);
  };
  ctx.io.signal.addEventListener('abort', () => void cleanup(), { once: true });
  return {
    sink: stream,
    path,
    discard: cleanup,
    close: async () => {
      stream.end();
      try {
        await finished(stream);
        await rename(tmp, path);
        done = true;
        untrackTemporary(tmp);
      } catch (err) {
        await cleanup();
        throw describeFsError(err, path);
      }
    },
  };
}

/** A non-regular file: nothing to rename or remove, so close just flushes. */
async function openSpecialSink(path: string): Promise<Sink> {
  const stream = await openStream(path, 'w', path);
  stream.on('error', () => undefined); // reported through writeNdjson and close()
  return {
    sink: stream,
    path,
    discard: async () => void stream.destroy(),
    close: async () => {
      stream.end();
      await finished(stream).catch((err: unknown) => {
        throw describeFsError(err, path);
      });
    },
  };
}

async function openStream(file: string, flags: string, shownPath: string): Promise<WriteStream> {
  // With the default 16 KB high-water mark every 1 MiB chunk waited for its own write to finish:
  // generation and the disk took turns (28% of a 1 M-record run idle). 8 MiB lets the writes
  // run on libuv's threads while the next chunks render.
  const stream = createWriteStream(file, { flags, highWaterMark: 8 << 20 });
  await new Promise<void>((res, rej) => {
    stream.once('open', () => res());
    stream.once('error', (e) => rej(describeFsError(e, shownPath)));
  });
  return stream;
}
