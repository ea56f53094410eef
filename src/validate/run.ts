/**
 * A whole run: every input, in order, with one eventID tracker across files.
 *
 * One thread (default): while one file is validated, the next few log files are read and
 * gunzipped on the libuv thread pool, so I/O and inflation overlap validation. With `jobs` > 1,
 * whole files are validated on worker threads and their results taken back in input order;
 * duplicate eventIDs are then checked here, so the report is the same for any `jobs`.
 * Memory: the window of files in flight, each capped (see ./readers.ts).
 */
import { availableParallelism } from 'node:os';
import type { Readable } from 'node:stream';
import { EventIdTracker } from './event-ids.js';
import { formatOf, validateFile, validateStream, type FileResult, type FileValidationOptions, type RecordReport } from './file.js';
import type { Issue } from './issues.js';
import { ValidationPool } from './pool.js';
import type { CollectedIds } from './worker.js';
import { loadDocument, type Loaded } from './readers.js';
import { expandInputs, type WalkItem } from './walk.js';

export interface RunOptions extends Omit<FileValidationOptions, 'eventIds' | 'onReport' | 'format' | 'collectIds'> {
  /** Stream used for the input `-`. */
  stdin?: Readable;
  /** Files read ahead while the current one is validated. Default 8. */
  prefetch?: number;
  /**
   * Worker threads validating files in parallel; 1 (default) validates on this thread. `auto`:
   * one per core (at most 8) once a second file turns up, else this thread (see AUTO_JOBS_MAX).
   */
  jobs?: number | 'auto';
  /** Called for each record report (records with errors or warnings), in input order. */
  onReport?: (file: string, report: RecordReport) => void;
  /** Called once per file when it is done, after its record reports. */
  onFile?: (result: FileResult) => void;
  signal?: AbortSignal;
}

export interface RunSummary {
  files: number;
  records: number;
  /** Valid records. */
  valid: number;
  /** Invalid records, plus files that failed as a whole (unreadable, not gzip, not JSON, bad envelope or key). */
  invalid: number;
  invalidFiles: number;
  unreadableFiles: number;
  warnings: number;
  /** False when the run stopped tracking eventIDs (over 10 million). */
  duplicatesChecked: boolean;
}

/**
 * Workers for `jobs: 'auto'` on many-core machines: each holds up to 4 files in flight and
 * costs about 80 ms of CPU to start (it loads the precompiled validators).
 */
const AUTO_JOBS_MAX = 8;

type Entry = { item: WalkItem; loaded?: Promise<Loaded>; pooled?: Promise<{ result: FileResult; ids: CollectedIds }> };

/** Validates files, directories (recursively) and `-` (stdin); never throws for bad input. */
export async function validatePaths(inputs: readonly string[], options: RunOptions = {}): Promise<RunSummary> {
  const eventIds = new EventIdTracker();
  const summary: RunSummary = { files: 0, records: 0, valid: 0, invalid: 0, invalidFiles: 0, unreadableFiles: 0, warnings: 0, duplicatesChecked: true };
  // 0 = auto, not decided yet: decided when a second file turns up or the walk ends.
  let jobs = options.jobs === 'auto' ? 0 : Math.max(1, Math.floor(options.jobs ?? 1));
  let pool: ValidationPool | undefined;
  let window = 0;
  const decide = (files: number): void => {
    if (jobs === 0) jobs = files >= 2 ? Math.max(1, Math.min(availableParallelism(), AUTO_JOBS_MAX)) : 1;
    pool = jobs > 1 ? new ValidationPool(jobs) : undefined;
    window = pool ? jobs * 4 : Math.max(0, options.prefetch ?? 8);
  };
  if (jobs) decide(0);
  const fileOptions: FileValidationOptions = { strict: options.strict, maxDocumentBytes: options.maxDocumentBytes, maxLineBytes: options.maxLineBytes };
  const start = (entry: Entry): void => {
    const { item } = entry;
    if ('failure' in item || item.path === '-' || entry.loaded || entry.pooled) return;
    if (pool) entry.pooled = pool.run(item.path, fileOptions);
    else {
      const f = formatOf(item.path);
      if (f === 'log' || f === 'digest') entry.loaded = loadDocument(item.path, /\.gz$/i.test(item.path), options.maxDocumentBytes);
    }
  };
  const consume = async (entry: Entry): Promise<void> => {
    start(entry);
    let result: FileResult;
    if (entry.pooled) {
      const done = await entry.pooled;
      result = done.result;
      mergeDuplicates(result, done.ids, eventIds, options.strict === true);
      for (const r of result.reports) report(r);
    } else {
      result = await validateInline(entry, { ...fileOptions, eventIds, onReport: report }, options.stdin);
    }
    account(summary, result);
    options.onFile?.(result);
    function report(r: RecordReport): void {
      summary.warnings += r.warnings.length;
      options.onReport?.(entry.item.path, r);
    }
  };
  try {
    // stdin (`-`) is read first: it cannot be read ahead, and a pipe should not wait on a tree walk.
    if (inputs.includes('-')) await consume({ item: { path: '-' } });
    const queue: Entry[] = [];
    for await (const item of expandInputs(inputs.filter((p) => p !== '-'))) {
      if (options.signal?.aborted) break;
      const entry: Entry = { item };
      if (jobs === 0) {
        queue.push(entry);
        if (queue.length < 2) continue;
        decide(queue.length);
        for (const q of queue.slice(0, window)) start(q);
      } else {
        if (queue.length < window) start(entry);
        queue.push(entry);
      }
      if (queue.length > window) {
        await consume(queue.shift()!);
        const next = queue.find((q) => !q.loaded && !q.pooled);
        if (next) start(next);
      }
    }
    if (jobs === 0) decide(queue.length);
    while (queue.length && !options.signal?.aborted) await consume(queue.shift()!);
  } finally {
    await pool?.close();
  }
  summary.duplicatesChecked = !eventIds.saturated;
  return summary;
}

async function validateInline(entry: Entry, options: FileValidationOptions, stdin: Readable | undefined): Promise<FileResult> {
  const { item } = entry;
  if ('failure' in item) {
    return { file: item.path, format: 'log', valid: false, unreadable: item.failure.unreadable, records: 0, validRecords: 0, invalidRecords: 0, errors: [{ path: '', message: item.failure.message }], warnings: [], reports: [] };
  }
  if (item.path === '-') {
    if (!stdin) throw new Error('no stdin stream given for input -');
    return validateStream(stdin, '-', options);
  }
  return validateFile(item.path, options, entry.loaded);
}

/** Adds duplicate-eventID findings to a result validated elsewhere (a worker), as the inline path would. */
function mergeDuplicates(result: FileResult, ids: CollectedIds, tracker: EventIdTracker, strict: boolean): void {
  tracker.beginFile(result.file);
  let byIndex: Map<number, RecordReport> | undefined;
  const { hashes, ends, text } = ids;
  for (let i = 0; i < hashes.length; i++) {
    const h = hashes[i]!;
    if (h !== h) continue; // NaN: the record has no string eventID
    const first = tracker.addHash(h);
    if (first === undefined) continue;
    const id = text.slice(i ? ends[i - 1] : 0, ends[i]);
    byIndex ??= new Map(result.reports.map((r) => [r.record, r]));
    let r = byIndex.get(i);
    if (!r) {
      r = { record: i, valid: true, errors: [], warnings: [] };
      byIndex.set(i, r);
      result.reports.push(r);
    }
    const issue: Issue = { path: '/eventID', message: `duplicate eventID ${id}, first seen in ${first}` };
    if (strict) {
      if (r.valid) {
        r.valid = false;
        result.validRecords--;
        result.invalidRecords++;
        result.valid = false;
      }
      r.errors.push(issue);
    } else r.warnings.push(issue);
  }
  if (byIndex) result.reports.sort((a, b) => a.record - b.record);
}

function account(s: RunSummary, r: FileResult): void {
  s.files++;
  s.records += r.records;
  s.valid += r.validRecords;
  s.invalid += r.invalidRecords;
  s.warnings += r.warnings.length;
  if (r.errors.length) {
    s.invalidFiles++;
    s.invalid++;
  }
  if (r.unreadable) s.unreadableFiles++;
}
