// The compression floor: gzip at the same level over the same uncompressed bytes (the
// decompressed contents of trailsmith's .json.gz files), one worker thread per core, files
// pulled from a shared counter so the cores stay balanced. Only gzipSync is timed (reading and
// gunzipping the input is not): the floor is the cost of compression itself. Each result must
// have the original .json.gz's length, which checks that the level and the bytes match.
import { readdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { gunzipSync, gzipSync } = require('node:zlib');
const { files, counter, level } = workerData;
const next = new Int32Array(counter);
let gzipNs = 0n, bytes = 0, mismatches = 0, count = 0;
for (;;) {
  const i = Atomics.add(next, 0, 1);
  if (i >= files.length) break;
  const gz = readFileSync(files[i]);
  const raw = gunzipSync(gz);
  const t0 = process.hrtime.bigint();
  const again = gzipSync(raw, { level });
  gzipNs += process.hrtime.bigint() - t0;
  bytes += raw.length;
  count++;
  if (again.length !== gz.length) mismatches++;
}
parentPort.postMessage({ gzipNs, bytes, mismatches, count });
`;

export async function listGzFiles(root) {
  const out = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.json.gz')) out.push(join(entry.parentPath ?? entry.path, entry.name));
  }
  return out.sort();
}

/** gzip floor over the .json.gz files under `root`: wall = the busiest thread's gzip time. */
export async function compressionFloor(root, { level = 6, threads = availableParallelism() } = {}) {
  const files = await listGzFiles(root);
  const counter = new SharedArrayBuffer(4);
  const results = await Promise.all(Array.from({ length: threads }, () => new Promise((resolve, reject) => {
    const w = new Worker(WORKER, { eval: true, workerData: { files, counter, level } });
    w.once('message', resolve);
    w.once('error', reject);
  })));
  const perThreadS = results.map((r) => Number(r.gzipNs) / 1e9);
  return {
    files: files.length,
    threads,
    wallS: Math.max(...perThreadS),
    cpuS: perThreadS.reduce((a, b) => a + b, 0),
    uncompressedBytes: results.reduce((a, r) => a + r.bytes, 0),
    mismatches: results.reduce((a, r) => a + r.mismatches, 0),
  };
}

/** Number and total size of the .json.gz files under `root`. */
export async function gzTree(root) {
  const files = await listGzFiles(root);
  let bytes = 0;
  for (const f of files) bytes += (await stat(f)).size;
  return { files: files.length, bytes };
}
