/** Upload failures as data: what went up, what failed and why, what was never tried. */
import { OutputError } from '../errors.js';

export interface FailedUpload {
  key: string;
  reason: string;
  /** What the failure means and what to do, when the error is one every PUT would meet (bucket, credentials, endpoint). */
  diagnosis?: string;
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
    const diagnoses = [...new Set(failed.map((f) => f.diagnosis).filter((d): d is string => Boolean(d)))];
    const lines = [
      `upload to ${destination} ${interrupted ? 'interrupted' : 'failed'}: ${uploaded.length} of ${total} objects uploaded, ${failed.length} failed, ${notAttempted.length} not attempted`,
      ...diagnoses.map((d) => `  ${d}`),
      ...groupByReason(failed),
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

/** Failures with the same reason share one line: `failed: <key> (and N more): <reason>`. */
function groupByReason(failed: readonly FailedUpload[]): string[] {
  const byReason = new Map<string, string[]>();
  for (const f of failed) byReason.set(f.reason, [...(byReason.get(f.reason) ?? []), f.key]);
  const lines = [...byReason].slice(0, SHOW).map(([reason, keys]) => `  failed: ${keys[0]}${keys.length > 1 ? ` (and ${keys.length - 1} more)` : ''}: ${reason}`);
  if (byReason.size > SHOW) lines.push(`  ... and ${byReason.size - SHOW} more distinct errors`);
  return lines;
}

/**
 * The errors every PUT of an upload would meet, named with their fix. Codes from the S3 API
 * reference's error list (NoSuchBucket, AccessDenied, InvalidAccessKeyId, SignatureDoesNotMatch,
 * ExpiredToken) and the SDK's credential chain (CredentialsProviderError).
 */
export function diagnoseS3Error(err: unknown, location: { bucket: string }): string | undefined {
  const e = err as { name?: string; code?: string; Code?: string; message?: string };
  const code = e.Code ?? e.code ?? e.name ?? '';
  const bucket = `s3://${location.bucket}`;
  if (code === 'NoSuchBucket') return `the bucket ${bucket} does not exist at this endpoint: create it, or check --to and --endpoint`;
  if (code === 'CredentialsProviderError' || /Could not load credentials/i.test(e.message ?? '')) {
    return 'no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run aws configure';
  }
  if (code === 'InvalidAccessKeyId' || code === 'SignatureDoesNotMatch' || code === 'ExpiredToken' || code === 'InvalidToken') {
    return `the endpoint rejected the credentials (${code}): check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, or AWS_PROFILE`;
  }
  if (code === 'AccessDenied') return `access denied to ${bucket}: these credentials may not call s3:PutObject on it`;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || /ECONNREFUSED|ENOTFOUND/.test(e.message ?? '')) {
    return 'cannot reach the S3 endpoint: check --endpoint / AWS_ENDPOINT_URL_S3 and that the server is running';
  }
  return undefined;
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
