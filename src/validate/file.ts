/**
 * One input (file or stream) → a FileResult: how each kind of input is read (whole documents,
 * streamed NDJSON, sniffed stdin); the checks themselves are in ./file-validator.ts.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { Issue } from './issues.js';
import type { EventIdTracker } from './event-ids.js';
import { FileValidator } from './file-validator.js';
import { isDigestPath } from './layout.js';
import {
  DEFAULT_MAX_DOCUMENT_BYTES, DEFAULT_MAX_LINE_BYTES, decodeDocument, fsFailure, GzipExpectedError,
  gzipMessage, loadDocument, streamLines, type Loaded,
  bufferDocument, type BufferedStart,
} from './readers.js';
import type { RecordValidationOptions } from './record.js';

export type InputFormat = 'log' | 'ndjson' | 'digest' | 'auto';

export interface FileValidationOptions extends RecordValidationOptions {
  /** How to read the input; by default from its name (`auto` for stdin and unknown names). */
  format?: InputFormat;
  /** Largest single JSON document (log file, digest), decompressed. Default 64 MiB. */
  maxDocumentBytes?: number;
  /** Longest NDJSON line. Default 16 MiB. */
  maxLineBytes?: number;
  /** Shared across the files of a run to find duplicate eventIDs; a fresh one per file otherwise. */
  eventIds?: EventIdTracker;
  /**
   * Instead of checking duplicates here, collect each record's eventID (by record index) for a
   * caller that checks them across files itself (the worker pool, see ./pool.ts).
   */
  collectIds?: Array<string | null>;
  /** Receives each record report as it is made, instead of collecting them in `reports`. */
  onReport?: (report: RecordReport) => void;
}

/** Problems of one record, by its 0-based index in the file. */
export interface RecordReport {
  record: number;
  valid: boolean;
  errors: Issue[];
  warnings: Issue[];
}

export interface FileResult {
  file: string;
  format: Exclude<InputFormat, 'auto'>;
  /** No file-level error and no invalid record. */
  valid: boolean;
  /** The file could not be read at all (missing, permission): the CLI exits 2. */
  unreadable: boolean;
  records: number;
  validRecords: number;
  invalidRecords: number;
  /** File-level problems (path is a pointer into the document, or '' for the file). */
  errors: Issue[];
  warnings: Issue[];
  /** Records with errors or warnings (empty when `onReport` is given). */
  reports: RecordReport[];
}

/** Format implied by a file name. */
export function formatOf(path: string): InputFormat {
  if (/\.(ndjson|jsonl)(\.gz)?$/i.test(path)) return 'ndjson';
  if (/\.json(\.gz)?$/i.test(path)) return isDigestPath(path) ? 'digest' : 'log';
  return 'auto';
}

/**
 * Validates one file: `.json`/`.json.gz` log files and digests, `.ndjson`/`.ndjson.gz` records.
 * Never throws for bad content; every problem is in the result.
 *
 * @example
 * const r = await validateFile('out/AWSLogs/111122223333/CloudTrail/us-east-1/2025/03/04/111122223333_CloudTrail_us-east-1_20250304T0915Z_Mu0KsOhtH1ar15ZZ.json.gz');
 * console.log(r.valid, r.records, r.reports);
 */
export async function validateFile(path: string, options: FileValidationOptions = {}, preloaded?: Promise<Loaded>): Promise<FileResult> {
  const format = options.format && options.format !== 'auto' ? options.format : formatOf(path);
  const gz = /\.gz$/i.test(path);
  if (format === 'ndjson') {
    const v = new FileValidator(path, 'ndjson', options, false);
    await readNdjson(v, () => createReadStream(path), gz, options);
    return v.result;
  }
  if (format === 'auto') return validateStream(createReadStream(path), path, options);
  const v = new FileValidator(path, format, options, true);
  const loaded = await (preloaded ?? loadDocument(path, gz, options.maxDocumentBytes));
  if ('failure' in loaded) v.failure(loaded.failure);
  else v.document(loaded.text);
  return v.result;
}

/**
 * Validates a stream whose format is not known from a name (stdin): gzip or not, one JSON
 * document (log file or digest, even pretty-printed) or NDJSON. Input up to the document cap is
 * buffered and decided on as a whole; beyond it, it is read as NDJSON.
 */
export async function validateStream(source: Readable, name: string, options: FileValidationOptions = {}): Promise<FileResult> {
  const cap = options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  let start: BufferedStart;
  try {
    start = await bufferDocument(source, cap);
  } catch (err) {
    const v = new FileValidator(name, 'ndjson', options, false);
    v.failure(fsFailure(err));
    return v.result;
  }
  const { chunks, ended } = start;
  if (!ended) {
    // Too big for one document: stream the rest as NDJSON.
    const v = new FileValidator(name, 'ndjson', options, false);
    const all = start.whole();
    await readNdjson(v, () => all, false, options);
    return v.result;
  }
  const loaded = await decodeDocument(Buffer.concat(chunks), false, cap);
  if ('failure' in loaded) {
    const v = new FileValidator(name, 'log', options, false);
    v.failure(loaded.failure);
    return v.result;
  }
  const text = loaded.text;
  // Empty input is read as an empty log file, so stdin and an empty .json get one verdict.
  if (text.trim() === '' || /^\s*\{\s*"(Records|awsAccountId|digestStartTime)"/.test(text) || isSingleDocument(text)) {
    const v = new FileValidator(name, 'log', options, false);
    v.document(text);
    return v.result;
  }
  const v = new FileValidator(name, 'ndjson', options, false);
  await readNdjson(v, () => Readable.from([Buffer.from(text)]), false, options);
  return v.result;
}

/** A pretty-printed object spanning lines (not NDJSON): first line is just `{`. */
function isSingleDocument(text: string): boolean {
  return /^\s*\{\s*\n/.test(text);
}

async function readNdjson(v: FileValidator, open: () => Readable, gz: boolean, options: FileValidationOptions): Promise<void> {
  let stream: Readable;
  try {
    stream = open();
  } catch (err) {
    v.failure(fsFailure(err));
    return;
  }
  let started = false;
  try {
    for await (const line of streamLines(stream, options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES, gz)) {
      started = true;
      if (line.tooLong !== undefined) v.tooLong(line.tooLong, line.lineNo);
      else v.line(line.bytes!, line.lineNo);
    }
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (err instanceof GzipExpectedError) v.failure({ message: err.message, unreadable: false });
    else if (e.syscall || (!started && e.code && /^E[A-Z]+$/.test(e.code))) v.failure(fsFailure(err));
    else v.failure({ message: gzipMessage(err, Infinity), unreadable: false });
  } finally {
    stream.destroy();
  }
}
