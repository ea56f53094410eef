// `trailsmith profile` over a generated S3-layout tree: records per second and peak RSS,
// against the targets of issue 19 (>= 100,000 records/s, <= 400 MB peak RSS on a 2-core machine).
// Run by bench/run.js over its 1 M-record tree, or alone:
//
//   node bench/profile.js [--records N] [--tree DIR] [--jobs J]
//
// Wall time from here, CPU and peak RSS (all threads) from getrusage in the child (rss-probe.js).
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measureNode } from './measure.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/trailsmith.js');
export const PROFILE_TARGETS = { recordsPerS: 100_000, peakRssMiB: 400 };

/** Profiles `tree` (holding `records` records); returns the measurement and its verdicts. */
export async function benchProfile(tree, records, log, jobs) {
  const out = join(tree, '..', 'profile-bench.scenario.yaml');
  const r = await measureNode([BIN, 'profile', tree, '-o', out, '-q', ...(jobs ? ['-j', String(jobs)] : [])]);
  await rm(out, { force: true });
  if (r.code !== 0) throw new Error(`profile exited with ${r.code}:\n${r.stderr.slice(-2000)}`);
  const recordsPerS = records / r.wallS;
  const result = {
    records, wallS: r.wallS, cpuS: r.cpuS, peakRssMiB: r.peakRssMiB, recordsPerS,
    speedOk: recordsPerS >= PROFILE_TARGETS.recordsPerS, rssOk: r.peakRssMiB <= PROFILE_TARGETS.peakRssMiB,
  };
  // The machine is shared: CPU seconds say what the code costs; on 2 free cores the wall time is at least CPU / 2.
  const cpuPerM = (r.cpuS / records) * 1e6;
  log(`  profile: ${cpuPerM.toFixed(1)} CPU s per 1 M records (>= ${(cpuPerM / 2).toFixed(1)} s wall, <= ${Math.round((2 * records) / r.cpuS).toLocaleString('en-US')} records/s on 2 free cores; load average ${loadavg()[0].toFixed(1)})`);
  log(`  profile: ${r.wallS.toFixed(2)} s wall, ${r.cpuS.toFixed(2)} s CPU, ${Math.round(recordsPerS).toLocaleString('en-US')} records/s (target >= ${PROFILE_TARGETS.recordsPerS.toLocaleString('en-US')}: ${result.speedOk ? 'met' : 'MISSED'}), peak RSS ${r.peakRssMiB.toFixed(0)} MiB (target <= ${PROFILE_TARGETS.peakRssMiB}: ${result.rssOk ? 'met' : 'MISSED'})`);
  return result;
}

export function profileMarkdown(p, loadavg) {
  return `\n### profile (${p.records.toLocaleString('en-US')} records)\n\n| wall s | CPU s | records/s | peak RSS MiB | load avg |\n| ---: | ---: | ---: | ---: | ---: |\n| ${p.wallS.toFixed(2)} | ${p.cpuS.toFixed(2)} | ${Math.round(p.recordsPerS).toLocaleString('en-US')} | ${p.peakRssMiB.toFixed(0)} | ${loadavg} |\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { records: { type: 'string', default: '1000000' }, tree: { type: 'string' }, jobs: { type: 'string' } } });
  const records = Number(values.records);
  const log = (line) => process.stderr.write(`${line}\n`);
  let work;
  let tree = values.tree;
  try {
    if (!tree) {
      work = await mkdtemp(join(tmpdir(), 'trailsmith-bench-profile-'));
      tree = join(work, 's3');
      log(`generating ${records.toLocaleString('en-US')} records into ${tree}`);
      execFileSync(process.execPath, [BIN, 'generate', '-n', String(records), '-o', tree, '--quiet'], { stdio: 'inherit' });
    }
    await benchProfile(tree, records, log, values.jobs ? Number(values.jobs) : undefined);
  } finally {
    if (work) await rm(work, { recursive: true, force: true });
  }
}
