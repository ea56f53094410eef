/**
 * Worker thread body for CompressionPool: gzips a log file body and hashes the uncompressed
 * bytes (the digest's hashValue), so the main thread only simulates and renders.
 */
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';

interface Job {
  id: number;
  body: string;
  level: number;
}

parentPort?.on('message', (job: Job) => {
  const bytes = Buffer.from(job.body, 'utf8');
  const gz = gzipSync(bytes, { level: job.level });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const out = new Uint8Array(gz.buffer, gz.byteOffset, gz.byteLength);
  parentPort!.postMessage({ id: job.id, gz: out, sha256 }, [out.buffer]);
});
