/**
 * gzip off the main thread: node:zlib's async API runs in libuv's thread pool, so the main
 * thread keeps simulating and rendering while up to UV_THREADPOOL_SIZE files compress. Output
 * is a single gzip member with Node's fixed header (mtime 0, OS 3), hence reproducible.
 */
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';

const gzipAsync = promisify(gzip);

export const DEFAULT_GZIP_LEVEL = 6;

export function gzipBody(body: string | Buffer, level = DEFAULT_GZIP_LEVEL): Promise<Buffer> {
  return gzipAsync(body, { level });
}
