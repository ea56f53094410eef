/** `stream --to`: stdout, a file, an HTTP endpoint, or an S3-layout directory. */
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';

export type Destination =
  | { kind: 'stdout' }
  | { kind: 'file'; path: string }
  | { kind: 'http'; url: string }
  | { kind: 's3-dir'; path: string };

/**
 * @example
 * parseDestination('-')                       // stdout
 * parseDestination('http://127.0.0.1:8080/in') // HTTP POST batches
 * parseDestination('s3-dir:/tmp/bucket')       // or any path ending in '/'
 */
export function parseDestination(to: string): Destination {
  if (to === '-' || to === '') return { kind: 'stdout' };
  if (/^https?:\/\//i.test(to)) {
    try {
      return { kind: 'http', url: new URL(to).toString() };
    } catch {
      throw new UsageError(`--to ${to}: not a valid URL`);
    }
  }
  if (to.startsWith('s3://')) throw new UsageError(`--to ${to}: stream writes the S3 layout to a directory (--to s3-dir:DIR); upload it with trailsmith upload DIR --to ${to}`);
  if (to.startsWith('s3-dir:')) {
    const path = to.slice('s3-dir:'.length);
    if (!path) throw new UsageError('--to s3-dir: needs a directory, e.g. s3-dir:/tmp/bucket');
    return { kind: 's3-dir', path: resolve(path) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(to)) throw new UsageError(`--to ${to}: unsupported scheme; expected -, a file, http(s)://, or s3-dir:DIR`);
  if (to.endsWith('/')) return { kind: 's3-dir', path: resolve(to) };
  return { kind: 'file', path: resolve(to) };
}
