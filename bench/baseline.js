// (a) and (b) of the bench against an earlier commit, in one run: the earlier commit is checked
// out into a temporary git worktree (sharing this checkout's node_modules), built, and the two
// versions run alternately, so a slow spell of the machine hits both sides alike.
//
//   node bench/baseline.js --rev 9a76950 [--records N] [--repeat R]
//   node bench/baseline.js --rev 9a76950 --apply 7888a3a     (the base with a later commit applied)
//   node bench/baseline.js --rev 9a76950 --duration 120d     (per record, at the scenario's own volume)
//   node bench/run.js --baseline 9a76950          (also appends the comparison to RESULTS.md)
//
// A change passes when each side's median wall time and median CPU time (user + system, all
// threads) are no more than 10 % above the baseline's: the realism issues' rule for (a) and (b).
//
// --apply C1,C2 cherry-picks commits onto the base before building it (uncommitted, in the
// temporary worktree): a base with the same contract as head where other work changed it, e.g.
// 9a76950 with issue 15's exact `--records` (7888a3a), which landed among the realism commits.
// --duration D runs both sides without --records over a span of D (`generate --duration D`):
// each writes the scenario's own volume, no calibration, and the ratios are per record
// (wall and CPU seconds per record written), the cost of what a record is rather than of sizing.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { measureNode, medianRun } from './measure.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SLOWDOWN_LIMIT = 1.1;

/** Builds `rev` in a temporary worktree; returns its bin and a cleanup. */
async function checkout(rev, apply, log) {
  const dir = await mkdtemp(join(tmpdir(), 'trailsmith-baseline-'));
  execFileSync('git', ['worktree', 'add', '--detach', dir, rev], { cwd: ROOT, stdio: 'ignore' });
  const remove = async () => {
    execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: ROOT, stdio: 'ignore' });
    await rm(dir, { recursive: true, force: true });
  };
  try {
    if (apply.length > 0) {
      log(`  applying ${apply.join(', ')} onto ${rev}`);
      execFileSync('git', ['cherry-pick', '--no-commit', ...apply], { cwd: dir, stdio: 'inherit' });
    }
    await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    log(`  building ${rev} in ${dir}`);
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'inherit' });
  } catch (err) {
    // A conflicting --apply or a failed build leaves no worktree behind.
    await remove();
    throw err;
  }
  return { bin: join(dir, 'bin/trailsmith.js'), remove };
}

/**
 * One (a) or (b) run of `bin` into a fresh place under `work`: `records` records, or with
 * `duration` the scenario's own volume over that span (the count read from generate's summary).
 */
async function runOnce(bin, kind, records, duration, work) {
  const out = join(work, `${kind}-out`);
  await rm(out, { recursive: true, force: true });
  await rm(`${out}.trailsmith`, { recursive: true, force: true });
  const args = kind === 's3' ? ['-o', out] : ['-f', 'ndjson', '-o', `${out}.ndjson`];
  const size = duration ? ['--duration', duration] : ['-n', String(records), '--quiet'];
  const r = await measureNode([bin, 'generate', ...size, ...args, '--force']);
  await rm(`${out}.ndjson`, { force: true });
  if (r.code !== 0) throw new Error(`${bin} generate (${kind}) exited with ${r.code}:\n${r.stderr.slice(-2000)}`);
  if (!duration) return { ...r, records };
  // The summary line ("wrote 146 files, 1,347 records …"; stdout in older versions), not a progress line.
  const written = /^wrote .*?([\d,]+) records/m.exec(`${r.stdout}\n${r.stderr}`);
  if (!written) throw new Error(`${bin} generate (${kind}) printed no record count:\n${r.stderr.slice(-2000)}`);
  return { ...r, records: Number(written[1].replaceAll(',', '')) };
}

/**
 * Medians of `repeat` alternating runs of (a) gzip S3 layout and (b) NDJSON for this checkout
 * and `rev`, with the ratios and a verdict per measure.
 */
export async function compareWithBaseline(rev, { records = 1_000_000, repeat = 3, apply = [], duration, log = (l) => process.stderr.write(`${l}\n`) } = {}) {
  const base = await checkout(rev, apply, log);
  const work = await mkdtemp(join(tmpdir(), 'trailsmith-baseline-work-'));
  const head = join(ROOT, 'bin/trailsmith.js');
  try {
    const rows = [];
    for (const kind of ['s3', 'ndjson']) {
      const runs = { head: [], base: [] };
      for (let i = 0; i < repeat; i++) {
        // Alternate which side goes first, so neither always meets a warm page cache.
        const order = i % 2 === 0 ? ['base', 'head'] : ['head', 'base'];
        for (const side of order) {
          const r = await runOnce(side === 'head' ? head : base.bin, kind, records, duration, work);
          log(`  ${kind} ${side} #${i + 1}: ${r.records.toLocaleString('en-US')} records, ${r.wallS.toFixed(2)} s wall, ${r.cpuS.toFixed(2)} s CPU`);
          runs[side].push(r);
        }
      }
      const median = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];
      const summary = (list) => ({ wallS: medianRun(list).wallS, cpuS: median(list.map((r) => r.cpuS)), records: median(list.map((r) => r.records)) });
      const h = summary(runs.head);
      const b = summary(runs.base);
      // Per record: equal with -n; with --duration the sides write different volumes.
      const wallRatio = (h.wallS / h.records) / (b.wallS / b.records);
      const cpuRatio = (h.cpuS / h.records) / (b.cpuS / b.records);
      rows.push({ kind, head: h, base: b, wallRatio, cpuRatio, pass: wallRatio <= SLOWDOWN_LIMIT && cpuRatio <= SLOWDOWN_LIMIT });
    }
    return { rev, apply, duration, records, repeat, rows };
  } finally {
    await rm(work, { recursive: true, force: true });
    await base.remove();
  }
}

/** The comparison as Markdown lines for bench/RESULTS.md. */
export function baselineMarkdown(c, loadavg) {
  const base = c.apply?.length ? `${c.rev} + ${c.apply.join(' + ')}` : c.rev;
  const size = c.duration ? `--duration ${c.duration}, ratios per record` : `${c.records.toLocaleString('en-US')} records`;
  const lines = [
    '',
    `### Against ${base} (${size}, median of ${c.repeat} alternating runs; load average ${loadavg})`,
    '',
    `| |${c.duration ? ' head records | base records |' : ''} head wall s | base wall s | wall ratio | head CPU s | base CPU s | CPU ratio | ≤ 1.10 |`,
    `|---|${c.duration ? '---:|---:|' : ''}---:|---:|---:|---:|---:|---:|---|`,
  ];
  for (const r of c.rows) {
    const name = r.kind === 's3' ? '(a) gzip S3 layout' : '(b) NDJSON file';
    const counts = c.duration ? ` ${r.head.records.toLocaleString('en-US')} | ${r.base.records.toLocaleString('en-US')} |` : '';
    lines.push(`| ${name} |${counts} ${r.head.wallS.toFixed(2)} | ${r.base.wallS.toFixed(2)} | ${r.wallRatio.toFixed(3)} | ${r.head.cpuS.toFixed(2)} | ${r.base.cpuS.toFixed(2)} | ${r.cpuRatio.toFixed(3)} | ${r.pass ? 'PASS' : 'MISS'} |`);
  }
  return lines.join('\n') + '\n';
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { rev: { type: 'string' }, records: { type: 'string', default: '1000000' }, repeat: { type: 'string', default: '3' }, apply: { type: 'string' }, duration: { type: 'string' } } });
  if (!values.rev) {
    process.stderr.write('usage: node bench/baseline.js --rev <commit> [--apply C1,C2] [--records N | --duration D] [--repeat R]\n');
    process.exit(2);
  }
  const apply = values.apply ? values.apply.split(',').filter(Boolean) : [];
  const c = await compareWithBaseline(values.rev, { records: Number(values.records), repeat: Math.max(1, Number(values.repeat)), apply, duration: values.duration });
  process.stdout.write(baselineMarkdown(c, (await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')));
  process.exitCode = c.rows.every((r) => r.pass) ? 0 : 1;
}
