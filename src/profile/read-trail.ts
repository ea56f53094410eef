/**
 * CloudTrail records from everything `validate` accepts (S3-layout trees with organization
 * trails and prefixes, `.json(.gz)` log files, NDJSON, `-` for stdin), handed one by one to a
 * visitor, in bounded memory: the validator's walk and readers do the reading (size caps, gzip
 * checks, line caps), this file only decides what each document is and parses it.
 *
 * Log files are read ahead (the next PREFETCH files are read and gunzipped on the libuv pool
 * while the current one is parsed), as validate's single-thread path does.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { checkKey, isDigestPath, type KeyInfo } from '../validate/layout.js';
import {
  decodeDocument, DEFAULT_MAX_DOCUMENT_BYTES, DEFAULT_MAX_LINE_BYTES, fsFailure, GzipExpectedError,
  gzipMessage, loadDocument, streamLines, type Loaded,
  bufferDocument,
} from '../validate/readers.js';
import { gunzipOneMember } from '../validate/gzip-member.js';
import { expandInputs, type WalkItem } from '../validate/walk.js';
import { scanRecord, scanRecords } from './fast-records.js';

/** A file (or stdin) as the visitor sees it. */
export interface TrailFile {
  path: string;
  /** Parsed S3 key when the path is in the S3 layout (account, region, delivery stamp). */
  key?: KeyInfo;
  /** The part of the path before `AWSLogs/` (bucket root and trail prefix), when in the layout. */
  beforeAwsLogs?: string;
  /** Organization ID from an organization trail's key (`AWSLogs/o-.../`). */
  organizationId?: string;
}

export interface TrailVisitor {
  /** One CloudTrail record (any service), in file order. */
  record(record: Record<string, unknown>, file: TrailFile): void;
  /** Called after a log file's or NDJSON input's records, with how many it held. */
  fileDone?(file: TrailFile, records: number): void;
}

/** What reading found, for the account of what was read, modelled and ignored. */
export interface ReadSummary {
  /** Log files and NDJSON inputs that held CloudTrail records. */
  files: number;
  records: number;
  /** Digest files (they list log files, they hold no records): skipped. */
  digestFiles: number;
  /** JSON documents or NDJSON lines that are not CloudTrail: skipped. */
  notCloudTrail: number;
  /** Files that could not be read at all (missing, permission): the CLI exits 2. */
  unreadable: number;
  /** Broken content: corrupt gzip, JSON that does not parse, over-long lines. */
  malformed: number;
  /** The first problems, each naming file, line and why (as validate words them). */
  problems: string[];
}

export interface ReadOptions {
  stdin?: Readable;
  maxDocumentBytes?: number;
  maxLineBytes?: number;
  signal?: AbortSignal;
  /**
   * Records carry only the fields `profile` reads (fast-records.ts PROFILE_FIELDS), scanned
   * from the bytes; anything unusual falls back to JSON.parse. Off for `compare`, which reads more.
   */
  profileFields?: boolean;
}

/** A log file as bytes (fast path) or as text. */
type LoadedDoc = Loaded | { bytes: Buffer; ascii: boolean };

const PREFETCH = 8;
const MAX_PROBLEMS = 20;
const ORG = /(?:^|\/)AWSLogs\/(o-[a-z0-9]{10,32})\//;

export async function readTrail(inputs: readonly string[], visitor: TrailVisitor, options: ReadOptions = {}): Promise<ReadSummary> {
  const summary: ReadSummary = { files: 0, records: 0, digestFiles: 0, notCloudTrail: 0, unreadable: 0, malformed: 0, problems: [] };
  const reader = new Reader(visitor, summary, options);
  if (inputs.includes('-')) {
    if (!options.stdin) throw new Error('no stdin stream given for input -');
    await reader.stream(options.stdin, '-');
  }
  const queue: Array<{ item: WalkItem; loaded?: Promise<LoadedDoc> }> = [];
  const start = (e: { item: WalkItem; loaded?: Promise<LoadedDoc> }): void => {
    if ('failure' in e.item || e.loaded || !isDocumentPath(e.item.path)) return;
    e.loaded = load(e.item.path, options);
  };
  for await (const item of expandInputs(inputs.filter((p) => p !== '-'))) {
    if (options.signal?.aborted) break;
    const entry = { item };
    if (queue.length < PREFETCH) start(entry);
    queue.push(entry);
    if (queue.length > PREFETCH) {
      await reader.entry(queue.shift()!);
      const next = queue.find((q) => !q.loaded);
      if (next) start(next);
    }
  }
  while (queue.length && !options.signal?.aborted) await reader.entry(queue.shift()!);
  return summary;
}

function load(path: string, options: ReadOptions): Promise<LoadedDoc> {
  const gz = /\.gz$/i.test(path);
  return options.profileFields ? loadBytes(path, gz, options.maxDocumentBytes) : loadDocument(path, gz, options.maxDocumentBytes);
}

/**
 * loadDocument without the decode to a string: the gunzipped bytes when they are UTF-8;
 * on any failure, loadDocument's own path, so the message is the same word for word.
 */
async function loadBytes(path: string, gz: boolean, maxBytes = DEFAULT_MAX_DOCUMENT_BYTES): Promise<LoadedDoc> {
  let raw: Buffer;
  try {
    if ((await stat(path)).size > maxBytes) return loadDocument(path, gz, maxBytes);
    raw = await readFile(path);
  } catch {
    return loadDocument(path, gz, maxBytes);
  }
  let body = raw;
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      body = await gunzipOneMember(raw, maxBytes);
    } catch {
      return decodeDocument(raw, gz, maxBytes);
    }
  } else if (gz) return decodeDocument(raw, gz, maxBytes);
  if (isAscii(body)) return { bytes: body, ascii: true };
  if (isUtf8(body)) return { bytes: body, ascii: false };
  return decodeDocument(raw, gz, maxBytes);
}

function isDocumentPath(path: string): boolean {
  return /\.json(\.gz)?$/i.test(path);
}

function fileOf(path: string): TrailFile {
  const { info } = checkKey(path);
  const p = path.replace(/\\/g, '/');
  const at = p.search(/(?:^|\/)AWSLogs\//);
  return {
    path,
    key: info,
    beforeAwsLogs: at >= 0 ? p.slice(0, at) : undefined,
    organizationId: ORG.exec(p)?.[1],
  };
}

class Reader {
  constructor(private readonly visitor: TrailVisitor, private readonly summary: ReadSummary, private readonly options: ReadOptions) {}

  problem(file: string, message: string, line?: number): void {
    this.summary.malformed++;
    if (this.summary.problems.length < MAX_PROBLEMS) this.summary.problems.push(`${file}${line === undefined ? '' : `:${line}`}: ${message}`);
  }

  async entry(e: { item: WalkItem; loaded?: Promise<LoadedDoc> }): Promise<void> {
    const { item } = e;
    if ('failure' in item) {
      if (item.failure.unreadable) this.summary.unreadable++;
      else this.summary.malformed++;
      if (this.summary.problems.length < MAX_PROBLEMS) this.summary.problems.push(`${item.path}: ${item.failure.message}`);
      return;
    }
    if (isDigestPath(item.path)) {
      this.summary.digestFiles++;
      return;
    }
    if (!isDocumentPath(item.path)) {
      await this.ndjson(() => createReadStream(item.path), item.path, /\.gz$/i.test(item.path));
      return;
    }
    const loaded = await (e.loaded ?? load(item.path, this.options));
    if ('failure' in loaded) {
      if (loaded.failure.unreadable) {
        this.summary.unreadable++;
        if (this.summary.problems.length < MAX_PROBLEMS) this.summary.problems.push(`${item.path}: ${loaded.failure.message}`);
      } else this.problem(item.path, loaded.failure.message);
      return;
    }
    if ('bytes' in loaded) this.documentBytes(loaded.bytes, loaded.ascii, fileOf(item.path));
    else this.document(loaded.text, fileOf(item.path));
  }

  /** A log file's bytes through the field scanner; anything it does not take goes to document(). */
  documentBytes(bytes: Buffer, ascii: boolean, file: TrailFile): void {
    const records = scanRecords(bytes, ascii);
    if (records === undefined) {
      this.document(bytes.toString(ascii ? 'latin1' : 'utf8'), file);
      return;
    }
    this.records(records, file);
  }

  /** One JSON document: a log file `{"Records":[...]}`; anything else is skipped and counted. */
  document(text: string, file: TrailFile): void {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      this.problem(file.path, `not JSON: ${(err as Error).message}`);
      return;
    }
    const records = (doc as { Records?: unknown } | null)?.Records;
    if (!Array.isArray(records)) {
      if (doc && typeof doc === 'object' && 'digestStartTime' in doc) this.summary.digestFiles++;
      else this.summary.notCloudTrail++;
      return;
    }
    this.records(records, file);
  }

  records(records: unknown[], file: TrailFile): void {
    this.summary.files++;
    let n = 0;
    for (const r of records) {
      if (isRecord(r)) {
        n++;
        this.visitor.record(r, file);
      } else this.summary.notCloudTrail++;
    }
    this.summary.records += n;
    this.visitor.fileDone?.(file, n);
  }

  async ndjson(open: () => Readable, name: string, gz: boolean): Promise<void> {
    const file = fileOf(name);
    let stream: Readable;
    try {
      stream = open();
    } catch (err) {
      this.summary.unreadable++;
      this.summary.problems.push(`${name}: ${fsFailure(err).message}`);
      return;
    }
    let n = 0;
    let started = false;
    const max = this.options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    try {
      for await (const line of streamLines(stream, max, gz)) {
        started = true;
        if (line.tooLong !== undefined) {
          this.problem(name, `line is ${line.tooLong} bytes, over the ${max} byte limit`, line.lineNo + 1);
          continue;
        }
        let r: unknown = this.options.profileFields ? scanLine(line.bytes!) : undefined;
        if (r === undefined) {
          try {
            r = JSON.parse(line.bytes!.toString('utf8'));
          } catch (err) {
            this.problem(name, `not JSON: ${(err as Error).message}`, line.lineNo + 1);
            continue;
          }
        }
        if (isRecord(r)) {
          n++;
          this.visitor.record(r, file);
        } else this.summary.notCloudTrail++;
      }
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (err instanceof GzipExpectedError) this.problem(name, err.message);
      else if (e.syscall || (!started && e.code && /^E[A-Z]+$/.test(e.code))) {
        this.summary.unreadable++;
        this.summary.problems.push(`${name}: ${fsFailure(err).message}`);
      } else this.problem(name, gzipMessage(err, Infinity));
    } finally {
      stream.destroy();
    }
    if (n > 0) this.summary.files++;
    this.summary.records += n;
    this.visitor.fileDone?.(file, n);
  }

  /**
   * stdin: one document (log file, even pretty-printed) or NDJSON, gzip or not, decided as
   * validate decides: input up to the document cap is buffered and judged whole; beyond it,
   * the rest is read as NDJSON.
   */
  async stream(source: Readable, name: string): Promise<void> {
    const cap = this.options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
    const { chunks, ended, whole } = await bufferDocument(source, cap);
    if (!ended) {
      const all = whole();
      await this.ndjson(() => all, name, false);
      return;
    }
    const loaded = await decodeDocument(Buffer.concat(chunks), false, cap);
    if ('failure' in loaded) {
      this.problem(name, loaded.failure.message);
      return;
    }
    const text = loaded.text;
    if (/^\s*\{\s*"Records"/.test(text) || /^\s*\{\s*\n/.test(text)) this.document(text, { path: name });
    else await this.ndjson(() => Readable.from([Buffer.from(text)]), name, false);
  }
}

/** An NDJSON line through the field scanner, when it is UTF-8 (else JSON.parse words the problem). */
function scanLine(bytes: Buffer): Record<string, unknown> | undefined {
  if (isAscii(bytes)) return scanRecord(bytes, true);
  return isUtf8(bytes) ? scanRecord(bytes, false) : undefined;
}

/** A CloudTrail record: an object with eventTime and (except Insight events) eventName. */
function isRecord(r: unknown): r is Record<string, unknown> {
  return r !== null && typeof r === 'object' && !Array.isArray(r) && typeof (r as { eventTime?: unknown }).eventTime === 'string';
}
