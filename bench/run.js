// `npm run bench`: trailsmith against a naive faker generator and the gzip floor, in one run,
// on the same record count and shape (the built-in quickstart scenario). Never part of npm test.
//
//   node bench/run.js [--records N] [--sizes 100000,1000000,10000000] [--repeat R]
//                     [--naive-records M] [--scenario FILE] [--keep] [--no-append] [--baseline REV]
//                     [--baseline-apply C1,C2]
//
// --baseline REV also runs (a) and (b) of commit REV alternately with this checkout's (see
// baseline.js) and reports the ratios against the 10 % slowdown limit; --baseline-apply
// cherry-picks later commits onto REV first (a base with the same contract as this checkout).
//
// Every measured program runs as a child process (wall time from here, peak RSS and CPU time
// from getrusage inside the child, see rss-probe.js); the floor runs on worker threads here.
// Results are printed and appended to bench/RESULTS.md with the machine and versions.
import { execFileSync } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compressionFloor, gzTree } from './floor.js';
import { measureNode, medianRun } from './measure.js';
import { baselineMarkdown, compareWithBaseline } from './baseline.js';
import { benchProfile, profileMarkdown } from './profile.js';
import { formatReport, judge } from './report.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/trailsmith.js');

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: process.env.BENCH_RECORDS ?? '1000000' },
    sizes: { type: 'string', default: process.env.BENCH_SIZES ?? '' },
    repeat: { type: 'string', default: '1' },
    'naive-records': { type: 'string' },
    scenario: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'no-append': { type: 'boolean', default: false },
    baseline: { type: 'string' },
    'baseline-apply': { type: 'string' },
  },
});
const records = Number(values.records);
const repeat = Math.max(1, Number(values.repeat));
// faker at ~5-25 k records/s would take minutes at 1 M; its rate is steady, so a smaller count is enough.
const naiveRecords = Number(values['naive-records'] ?? Math.min(records, 100_000));
const sizes = values.sizes ? values.sizes.split(',').map(Number).filter((n) => n > 0) : [];
const scenarioArgs = values.scenario ? [values.scenario] : [];
const work = await mkdtemp(join(tmpdir(), 'trailsmith-bench-'));
const log = (line) => process.stderr.write(`${line}\n`);

async function repeated(label, times, run) {
  const runs = [];
  for (let i = 0; i < times; i++) {
    const r = await run(i);
    log(`  ${label} #${i + 1}: ${r.wallS.toFixed(2)} s${Number.isFinite(r.peakRssMiB) ? `, peak RSS ${r.peakRssMiB.toFixed(0)} MiB` : ''}`);
    runs.push(r);
  }
  return { ...medianRun(runs), runs: runs.map((r) => r.wallS) };
}

function must(r, what) {
  if (r.code !== 0) throw new Error(`${what} exited with ${r.code}:\n${r.stderr.slice(-2000)}`);
  return r;
}

const s3Dir = join(work, 's3');
const generateS3 = async (n, dir = s3Dir) => {
  await rm(dir, { recursive: true, force: true });
  return must(await measureNode([BIN, 'generate', ...scenarioArgs, '-n', String(n), '-o', dir, '--force', '--quiet']), `generate -n ${n}`);
};

try {
  log(`trailsmith bench: ${records.toLocaleString('en-US')} records, ${repeat} run(s) each, work dir ${work}`);
  log('(a) trailsmith gzip S3 layout');
  const s3 = await repeated('s3', repeat, () => generateS3(records));
  const tree = await gzTree(s3Dir);

  log('(b) trailsmith NDJSON to a file');
  const ndjsonPath = join(work, 'records.ndjson');
  const ndjson = await repeated('ndjson', repeat, async () => {
    await rm(ndjsonPath, { force: true });
    return must(await measureNode([BIN, 'generate', ...scenarioArgs, '-f', 'ndjson', '-n', String(records), '-o', ndjsonPath, '--quiet']), 'generate -f ndjson');
  });
  const ndjsonBytes = (await stat(ndjsonPath)).size;
  await rm(ndjsonPath, { force: true });

  log('(c) trailsmith validate over the S3 result');
  let validate = await measureNode([BIN, 'validate', s3Dir, '--quiet']);
  const validateAvailable = validate.code === 0 || validate.code === 1;
  if (validateAvailable) validate = await repeated('validate', repeat, async (i) => (i === 0 ? validate : measureNode([BIN, 'validate', s3Dir, '--quiet'])));
  else log(`  validate not available (exit ${validate.code}: ${validate.stderr.trim().split('\n')[0] ?? ''})`);

  log('(c2) trailsmith profile over the S3 result');
  const profile = await benchProfile(s3Dir, records, log);

  log(`(d) naive faker baseline, ${naiveRecords.toLocaleString('en-US')} records`);
  const naiveDir = join(work, 'naive');
  const naive = must(await measureNode([join(ROOT, 'bench/naive.js'), '--records', String(naiveRecords), '--out', naiveDir]), 'naive');
  const naiveBytes = JSON.parse(naive.stdout.trim().split('\n').pop()).bytes;
  await rm(naiveDir, { recursive: true, force: true });

  log(`(e) gzip floor over the same bytes, ${availableParallelism()} threads`);
  const floors = [];
  for (let i = 0; i < repeat; i++) {
    const f = await compressionFloor(s3Dir, { level: 6 });
    if (f.mismatches > 0) log(`  warning: ${f.mismatches} files recompressed to a different size (zlib or level differs)`);
    log(`  floor #${i + 1}: ${f.wallS.toFixed(2)} s (${f.cpuS.toFixed(2)} s of gzip CPU)`);
    floors.push(f);
  }
  const floor = floors.sort((a, b) => a.wallS - b.wallS)[(floors.length - 1) >> 1];

  const scale = [];
  for (const n of sizes) {
    if (n === records) {
      scale.push({ records: n, wallS: s3.wallS, peakRssMiB: s3.peakRssMiB });
      continue;
    }
    log(`(rss) S3 layout at ${n.toLocaleString('en-US')} records`);
    const dir = join(work, `s3-${n}`);
    const r = await generateS3(n, dir);
    await rm(dir, { recursive: true, force: true });
    log(`  ${r.wallS.toFixed(2)} s, peak RSS ${r.peakRssMiB.toFixed(0)} MiB`);
    scale.push({ records: n, wallS: r.wallS, peakRssMiB: r.peakRssMiB });
  }

  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
  let commit = '';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim()) commit += '+dirty';
  } catch {
    // Not a git checkout.
  }
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    ramGiB: totalmem() / 2 ** 30,
    node: process.versions.node,
    zlib: process.versions.zlib,
    trailsmith: pkg.version + (commit ? ` (${commit})` : ''),
    scenario: values.scenario ?? 'examples/quickstart.scenario.yaml',
    repeat,
  };
  const results = {
    records,
    uncompressedBytes: floor.uncompressedBytes,
    s3: { ...s3, gzBytes: tree.bytes, files: tree.files },
    ndjson: { ...ndjson, bytes: ndjsonBytes },
    validate: validateAvailable ? validate : null,
    naive: { ...naive, records: naiveRecords, bytes: naiveBytes },
    floor,
    scale,
  };
  const verdicts = judge(results);
  const { text, markdown } = formatReport(machine, results, verdicts);
  process.stdout.write(text);
  const load = loadavg().map((x) => x.toFixed(1)).join(' ');
  let baseline = '';
  if (values.baseline) {
    log(`(a)/(b) against ${values.baseline}`);
    const apply = (values['baseline-apply'] ?? '').split(',').filter(Boolean);
    baseline = baselineMarkdown(await compareWithBaseline(values.baseline, { records, repeat: Math.max(3, repeat), apply, log }), load);
    process.stdout.write(baseline);
  }
  if (!values['no-append']) {
    await appendFile(join(ROOT, 'bench/RESULTS.md'), markdown + profileMarkdown(profile, load) + baseline);
    log('appended to bench/RESULTS.md');
  }
} finally {
  if (!values.keep) await rm(work, { recursive: true, force: true });
  else log(`kept ${work}`);
}
