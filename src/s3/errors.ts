/** Upload failures as data: what went up, what failed and why, what was never tried. */
import { OutputError } from '../errors.js';

export interface FailedUpload {
  key: string;
  reason: string;
}

const SHOW = 5;

export class UploadError extends OutputError {
  constructor(
    readonly destination: string,
    readonly uploaded: string[],
    readonly failed: FailedUpload[],
    readonly notAttempted: string[],
    /** File listing every key that is not in the bucket, one per line, when one was written. */
    readonly listFile?: string,
    interrupted = false,
  ) {
    const total = uploaded.length + failed.length + notAttempted.length;
    const lines = [
      `upload to ${destination} ${interrupted ? 'interrupted' : 'failed'}: ${uploaded.length} of ${total} objects uploaded, ${failed.length} failed, ${notAttempted.length} not attempted`,
      ...failed.slice(0, SHOW).map((f) => `  failed: ${f.key}: ${f.reason}`),
      ...(failed.length > SHOW ? [`  ... and ${failed.length - SHOW} more failed`] : []),
      ...notAttempted.slice(0, SHOW).map((k) => `  not attempted: ${k}`),
      ...(notAttempted.length > SHOW ? [`  ... and ${notAttempted.length - SHOW} more not attempted`] : []),
      ...(listFile ? [`  every key not uploaded is listed in ${listFile}`] : []),
    ];
    super(lines.join('\n'));
    // Ctrl-C keeps the CLI's "interrupted" exit code; the listing is the same either way.
    if (interrupted) (this as { exitCode: number }).exitCode = 130;
  }

  /** Keys missing from the bucket: the failed ones, then the ones never tried. */
  notUploaded(): string[] {
    return [...this.failed.map((f) => f.key), ...this.notAttempted];
  }
}

/** One line for an SDK or network error: S3 error code, HTTP status, message. */
export function describeS3Error(err: unknown): string {
  const e = err as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number; attempts?: number } };
  const status = e.$metadata?.httpStatusCode;
  const attempts = e.$metadata?.attempts;
  const code = e.code ?? e.name ?? 'Error';
  const parts = [code + (status ? ` (HTTP ${status})` : ''), e.message && e.message !== code ? e.message : ''];
  return parts.filter(Boolean).join(': ') + (attempts && attempts > 1 ? ` [after ${attempts} attempts]` : '');
}
