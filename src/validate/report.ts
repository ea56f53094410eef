/**
 * Reports, written as results arrive so memory does not grow with the number of problems.
 *
 * text: one line per problem, `file:record: /pointer: message` (file-level problems omit the
 *       record), then a summary line.
 * json: one object, `{"results":[...],"summary":{...}}`; `results` lists every invalid record,
 *       every record with warnings and every file-level problem (`record: null`).
 */
import { fmt } from '../human-format.js';
import type { FileResult, RecordReport } from './file.js';
import type { Issue } from './issues.js';
import type { RunSummary } from './run.js';

export interface Reporter {
  report(file: string, r: RecordReport): void;
  file(result: FileResult): void;
  finish(summary: RunSummary, seconds: number): void;
}

export interface ReportSummary extends RunSummary {
  seconds: number;
  recordsPerSecond: number;
}

export function reportSummary(s: RunSummary, seconds: number): ReportSummary {
  return { ...s, seconds: round(seconds, 3), recordsPerSecond: Math.round(s.records / Math.max(seconds, 1e-6)) };
}

type Write = (s: string) => void;

/**
 * A file name for a text report: as it is, or, when it holds a control character (a newline,
 * an ANSI escape) that could forge or hide report lines, JSON-quoted as the JSON report has it.
 */
export function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(name) ? JSON.stringify(name) : name;
}

/** Pointers and messages can quote keys from the data: their control characters become \u escapes. */
export function safeText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export class TextReporter implements Reporter {
  constructor(private readonly write: Write, private readonly quiet: boolean) {}

  report(file: string, r: RecordReport): void {
    const where = `${safeName(file)}:${r.record}`;
    // '' is the JSON pointer of the whole record; '/' would mean a member named "".
    for (const e of r.errors) this.write(`${where}: ${safeText(e.path) || '(record)'}: ${safeText(e.message)}\n`);
    if (!this.quiet) for (const w of r.warnings) this.write(`${where}: ${safeText(w.path) || '(record)'}: warning: ${safeText(w.message)}\n`);
  }

  file(result: FileResult): void {
    // File-level problems about the whole file (no pointer) read `file: message`.
    const name = safeName(result.file);
    for (const e of result.errors) this.write(`${name}: ${e.path ? `${safeText(e.path)}: ` : ''}${safeText(e.message)}\n`);
    if (!this.quiet) for (const w of result.warnings) this.write(`${name}: ${w.path ? `${safeText(w.path)}: ` : ''}warning: ${safeText(w.message)}\n`);
  }

  finish(s: RunSummary, seconds: number): void {
    if (this.quiet) return;
    const r = reportSummary(s, seconds);
    const parts = [`${fmt(r.valid)} valid`, `${fmt(r.invalid)} invalid`];
    if (r.warnings) parts.push(`${fmt(r.warnings)} warning${r.warnings === 1 ? '' : 's'}`);
    if (r.unreadableFiles) parts.push(`${fmt(r.unreadableFiles)} unreadable`);
    this.write(
      `${r.invalid || r.unreadableFiles ? 'FAIL' : 'OK'}: ${fmt(r.files)} file${r.files === 1 ? '' : 's'}, ${fmt(r.records)} record${r.records === 1 ? '' : 's'}: ${parts.join(', ')} ` +
        `in ${r.seconds.toFixed(2)} s (${fmt(r.recordsPerSecond)} records/s)` +
        (r.duplicatesChecked ? '' : '\nnote: more than 10,000,000 eventIDs; later ones were not checked for duplicates') + '\n',
    );
  }
}

export class JsonReporter implements Reporter {
  private first = true;

  constructor(private readonly write: Write) {
    this.write('{"results":[');
  }

  private item(o: { file: string; record: number | null; valid: boolean; errors: Issue[]; warnings?: Issue[] }): void {
    this.write(`${this.first ? '\n' : ',\n'}${JSON.stringify(o)}`);
    this.first = false;
  }

  report(file: string, r: RecordReport): void {
    this.item(r.warnings.length ? { file, record: r.record, valid: r.valid, errors: r.errors, warnings: r.warnings } : { file, record: r.record, valid: r.valid, errors: r.errors });
  }

  file(result: FileResult): void {
    if (result.errors.length || result.warnings.length) {
      this.item({ file: result.file, record: null, valid: result.errors.length === 0, errors: result.errors, ...(result.warnings.length ? { warnings: result.warnings } : {}) });
    }
  }

  finish(s: RunSummary, seconds: number): void {
    this.write(`\n],"summary":${JSON.stringify(reportSummary(s, seconds))}}\n`);
  }
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
