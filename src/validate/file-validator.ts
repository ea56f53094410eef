/**
 * Per-file bookkeeping shared by every container (log file, digest, NDJSON, stdin): file-level
 * problems, the S3 key and what it promises, duplicate eventIDs, and one report per record
 * with errors or warnings. Valid records only count, so memory does not grow with the file.
 */
import type { Issue } from './issues.js';
import { validateDigest } from './digest.js';
import { EventIdTracker } from './event-ids.js';
import type { FileResult, FileValidationOptions, InputFormat, RecordReport } from './file.js';
import { checkJsonStructure, type StructureIssue } from './json-structure.js';
import { checkKey, checkRecordAgainstKey, type KeyInfo } from './layout.js';
import { DEFAULT_MAX_LINE_BYTES, decodeText, mib } from './readers.js';
import { finish, validateRecord } from './record.js';

/** Collects results and applies the checks every record gets, whatever the container. */
export class FileValidator {
  readonly result: FileResult;
  private readonly key?: KeyInfo;
  private readonly ids?: EventIdTracker;
  private next = 0;

  constructor(readonly path: string, format: Exclude<InputFormat, 'auto'>, private readonly options: FileValidationOptions, checkLayout: boolean) {
    this.result = { file: path, format, valid: true, unreadable: false, records: 0, validRecords: 0, invalidRecords: 0, errors: [], warnings: [], reports: [] };
    if (checkLayout) {
      const k = checkKey(path);
      this.key = k.info;
      for (const e of k.errors) this.fileError(e);
    }
    // A worker collects IDs for the main thread's tracker (collectIds) and needs none of its own.
    if (!options.collectIds) {
      this.ids = options.eventIds ?? new EventIdTracker();
      this.ids.beginFile(path);
    }
  }

  fileError(issue: Issue, unreadable = false): void {
    this.result.errors.push(issue);
    this.result.valid = false;
    if (unreadable) this.result.unreadable = true;
  }

  failure(f: { message: string; unreadable: boolean }): void {
    this.fileError({ path: '', message: f.message }, f.unreadable);
  }

  /** A parsed record (or the reason it could not be parsed); `extra`: errors found in its text (duplicate keys). */
  record(value: unknown, parseError?: string, extra?: Issue[]): void {
    const index = this.next++;
    let errors: Issue[];
    let warnings: Issue[];
    if (parseError !== undefined) {
      errors = [{ path: '', message: parseError }];
      warnings = [];
      if (this.options.collectIds) this.options.collectIds[index] = null;
    } else {
      ({ errors, warnings } = validateRecord(value, { strict: false }));
      if (this.key) {
        const k = checkRecordAgainstKey(value, this.key);
        if (k.length) errors = [...errors, ...k];
      }
      if (extra) errors = [...extra, ...errors];
      const id = (value as { eventID?: unknown } | null)?.eventID;
      if (this.options.collectIds) this.options.collectIds[index] = typeof id === 'string' ? id : null;
      else if (typeof id === 'string') {
        const first = this.ids!.add(id);
        if (first !== undefined) warnings = [...warnings, { path: '/eventID', message: `duplicate eventID ${id}, first seen in ${first}` }];
      }
    }
    const r = finish(errors, warnings, this.options.strict === true);
    this.result.records++;
    if (r.valid) this.result.validRecords++;
    else {
      this.result.invalidRecords++;
      this.result.valid = false;
    }
    if (r.errors.length || r.warnings.length) {
      const report: RecordReport = { record: index, valid: r.valid, errors: r.errors, warnings: r.warnings };
      if (this.options.onReport) this.options.onReport(report);
      else this.result.reports.push(report);
    }
  }

  /**
   * A whole log-file document: the envelope, then each record. `duplicates` are the duplicate
   * keys found in its text: those inside a record are that record's errors, the others the file's.
   */
  logDocument(doc: unknown, duplicates: StructureIssue[] = []): void {
    const byRecord = new Map<number, Issue[]>();
    for (const d of duplicates) {
      const m = /^\/Records\/(\d+)(\/.*)$/.exec(d.path);
      if (m) byRecord.set(Number(m[1]), [...(byRecord.get(Number(m[1])) ?? []), { path: m[2]!, message: d.message }]);
      else this.fileError(d);
    }
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
      this.fileError({ path: '', message: `a log file must be a JSON object {"Records":[...]}, got ${doc === null ? 'null' : Array.isArray(doc) ? 'an array' : typeof doc}` });
      return;
    }
    const records = (doc as { Records?: unknown }).Records;
    for (const k of Object.keys(doc)) {
      if (k !== 'Records') this.fileError({ path: `/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, message: `unexpected key "${k}": a log file has exactly one key, Records` });
    }
    if (records === undefined) {
      this.fileError({ path: '/Records', message: 'required field "Records" is missing' });
      return;
    }
    if (!Array.isArray(records)) {
      this.fileError({ path: '/Records', message: `must be an array, got ${records === null ? 'null' : typeof records}` });
      return;
    }
    for (let i = 0; i < records.length; i++) this.record(records[i], undefined, byRecord.get(i));
  }

  digestDocument(doc: unknown): void {
    const r = validateDigest(doc, this.key?.kind === 'digest' ? this.key : undefined, this.options.strict === true, this.path);
    for (const e of r.errors) this.fileError(e);
    this.result.warnings.push(...r.warnings);
  }

  /** A document whose kind comes from its content: a digest has digest fields and no Records. */
  document(text: string): void {
    if (text.trim() === '') {
      this.fileError({ path: '', message: EMPTY_DOCUMENT });
      return;
    }
    // Depth, size and duplicate keys first: JSON.parse can neither report nor survive them all.
    const structure = checkJsonStructure(text);
    if (structure.overLimit) {
      this.fileError({ path: structure.overLimit.path, message: `${structure.overLimit.message}; not parsed` });
      return;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      if (this.result.format === 'log' && looksLikeNdjson(text)) return this.ndjsonText(text);
      this.fileError({ path: '', message: `invalid JSON: ${(err as Error).message}` });
      return;
    }
    if (this.result.format === 'digest' || (doc && typeof doc === 'object' && !Array.isArray(doc) && !('Records' in doc) && 'digestEndTime' in doc)) {
      this.result.format = 'digest';
      for (const d of structure.duplicates) this.fileError(d);
      this.digestDocument(doc);
    } else this.logDocument(doc, structure.duplicates);
  }

  /** One NDJSON line: a record, or a whole compact log file (`{"Records":[...]}` per line). */
  line(bytes: Buffer, lineNo: number): void {
    const decoded = decodeText(bytes);
    if ('failure' in decoded) return this.record(undefined, `line ${lineNo + 1}: ${decoded.failure.message}`);
    const structure = checkJsonStructure(decoded.text);
    if (structure.overLimit) return this.record(undefined, `line ${lineNo + 1}: ${structure.overLimit.path ? `${structure.overLimit.path}: ` : ''}${structure.overLimit.message}; not parsed`);
    let value: unknown;
    try {
      value = JSON.parse(decoded.text);
    } catch (err) {
      return this.record(undefined, `line ${lineNo + 1}: invalid JSON: ${(err as Error).message}`);
    }
    const duplicates = structure.duplicates.length ? structure.duplicates : undefined;
    if (value && typeof value === 'object' && !Array.isArray(value) && 'Records' in value && !('eventVersion' in value)) {
      const records = (value as { Records: unknown }).Records;
      if (Array.isArray(records) && Object.keys(value).length === 1) {
        const byRecord = new Map<number, Issue[]>();
        for (const d of duplicates ?? []) {
          const m = /^\/Records\/(\d+)(\/.*)$/.exec(d.path);
          const at = m ? Number(m[1]) : 0;
          byRecord.set(at, [...(byRecord.get(at) ?? []), m ? { path: m[2]!, message: d.message } : { path: '', message: `line ${lineNo + 1}: ${d.path}: ${d.message}` }]);
        }
        for (let i = 0; i < records.length; i++) this.record(records[i], undefined, byRecord.get(i));
        return;
      }
    }
    this.record(value, undefined, duplicates);
  }

  /** A `.json` file that holds one JSON value per line: read it as NDJSON. */
  ndjsonText(text: string): void {
    this.result.format = 'ndjson';
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) if (lines[i]!.trim()) this.line(Buffer.from(lines[i]!), i);
  }

  tooLong(bytes: number, lineNo: number): void {
    this.record(undefined, `line ${lineNo + 1} is ${mib(bytes)} long, over the ${mib(this.options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES)} line limit`);
  }
}

/** The verdict on empty input, whether a `.json` file or stdin: the same input, the same verdict. */
export const EMPTY_DOCUMENT = 'empty input: no JSON document (a log file is one JSON object {"Records":[...]})';

/** Several lines, the first of which is a whole JSON object: NDJSON saved under a .json name. */
function looksLikeNdjson(text: string): boolean {
  const start = text.search(/\S/);
  const nl = start < 0 ? -1 : text.indexOf('\n', start);
  if (nl < 0 || text.slice(nl).trim() === '') return false;
  try {
    const first: unknown = JSON.parse(text.slice(start, nl));
    return first !== null && typeof first === 'object' && !Array.isArray(first);
  } catch {
    return false;
  }
}
