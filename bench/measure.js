// Runs a command as a child Node process and reports wall time, peak RSS and CPU time.
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROBE = fileURLToPath(new URL('./rss-probe.js', import.meta.url));
let runs = 0;

/**
 * @param {string[]} args node arguments (script and its arguments)
 * @returns {Promise<{ code: number, wallS: number, peakRssMiB: number, cpuS: number, sysS: number, stdout: string, stderr: string }>}
 */
export async function measureNode(args, { env = {} } = {}) {
  const probeFile = join(tmpdir(), `trailsmith-bench-probe-${process.pid}-${runs++}.json`);
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['--import', PROBE, ...args], {
    env: { ...process.env, ...env, BENCH_PROBE_FILE: probeFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c) => resolve(c ?? 1));
  });
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  let probe = { maxRssKiB: NaN, userMs: NaN, systemMs: NaN };
  try {
    probe = JSON.parse(await readFile(probeFile, 'utf8'));
  } catch {
    // The child died before its exit hook ran (crash, kill): no RSS figure.
  }
  await rm(probeFile, { force: true });
  return { code, wallS, peakRssMiB: probe.maxRssKiB / 1024, cpuS: (probe.userMs + probe.systemMs) / 1000, sysS: probe.systemMs / 1000, stdout, stderr };
}

/** Median of the runs by wall time (the run itself, so its RSS and CPU stay consistent). */
export function medianRun(list) {
  const sorted = [...list].sort((a, b) => a.wallS - b.wallS);
  return sorted[(sorted.length - 1) >> 1];
}
