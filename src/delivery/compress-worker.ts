/**
 * Worker thread body for CompressionPool: gzips a log file body and hashes the uncompressed
 * bytes (the digest's hashValue), so the main thread only simulates and renders. Bodies arrive
 * as transferred bytes (no copy, no string cloning) and the gzip bytes go back the same way.
 */
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';

interface Job {
  id: number;
  body: Uint8Array;
  level: number;
}

parentPort?.on('message', (job: Job) => {
  const bytes = job.body;
  const gz = gzipSync(bytes, { level: job.level });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const out = new Uint8Array(gz.buffer, gz.byteOffset, gz.byteLength);
  // The body's memory goes back too, to be reused for a later file (see render/bytes.ts).
  const transfer = [bytes.buffer as ArrayBuffer];
  if (out.buffer !== bytes.buffer) transfer.push(out.buffer as ArrayBuffer);
  parentPort!.postMessage({ id: job.id, gz: out, sha256, body: bytes }, transfer);
});
