/**
 * `profile` on several threads. Files go to workers by unit (account × region, from the S3
 * key; each new unit to the worker with the fewest files so far), so the uploads and jobs a
 * unit starts, and their follow-ups, are all seen by one worker in walk order, as on one thread; files outside the S3 layout all go to the first
 * worker for the same reason. Each worker aggregates its share; the states are merged here.
 * Counts are whole numbers and the build step sorts everything it emits, so the scenario is
 * the same for any number of workers (test/profile/parallel.test.ts).
 *
 * Why: JSON.parse and gunzip are ~70 % of a profile's CPU time (1 M generated records:
 * ~11 of ~17 s on one core), and they split cleanly by file.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { packagePath } from '../package-path.js';
import { checkKey } from '../validate/layout.js';
import { expandInputs } from '../validate/walk.js';
import { ProfileAggregator } from './aggregate.js';
import type { WorkerRequest, WorkerResult } from './profile-worker.js';
import { readTrail, type ReadOptions, type ReadSummary } from './read-trail.js';

const BATCH = 32;

function workerPath(): string {
  const beside = fileURLToPath(new URL('./profile-worker.js', import.meta.url));
  if (existsSync(beside)) return beside;
  return packagePath('dist/profile/profile-worker.js');
}

export async function readTrailParallel(inputs: readonly string[], jobs: number, inputRoots: readonly string[], options: ReadOptions = {}): Promise<{ agg: ProfileAggregator; read: ReadSummary }> {
  const agg = new ProfileAggregator(inputRoots);
  const read: ReadSummary = inputs.includes('-')
    ? await readTrail(['-'], agg, options)
    : { files: 0, records: 0, digestFiles: 0, notCloudTrail: 0, unreadable: 0, malformed: 0, problems: [] };
  const workers = Array.from({ length: jobs }, () => new Worker(workerPath(), { workerData: { inputRoots: [...inputRoots], profileFields: options.profileFields ?? false } }));
  const results = workers.map((w) => new Promise<WorkerResult>((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  }));
  const batches: string[][] = workers.map(() => []);
  // A unit goes to the worker with the fewest files so far when its first file is met: the
  // walk is sorted, so units come one after another and each new one goes to the least busy
  // worker. (A hash of the unit put both of the quickstart's regions on one of 3 workers.)
  const files = workers.map(() => 0);
  const unitWorker = new Map<string, number>();
  const workerOf = (unit: string): number => {
    let w = unitWorker.get(unit);
    if (w === undefined) {
      w = files.indexOf(Math.min(...files));
      unitWorker.set(unit, w);
    }
    return w;
  };
  const send = (i: number): void => {
    if (batches[i]!.length === 0) return;
    workers[i]!.postMessage({ files: batches[i]! } satisfies WorkerRequest);
    batches[i] = [];
  };
  try {
    for await (const item of expandInputs(inputs.filter((p) => p !== '-'))) {
      if (options.signal?.aborted) break;
      if ('failure' in item) {
        if (item.failure.unreadable) read.unreadable++;
        else read.malformed++;
        if (read.problems.length < 20) read.problems.push(`${item.path}: ${item.failure.message}`);
        continue;
      }
      const info = checkKey(item.path).info;
      const i = info ? workerOf(`${info.accountId}/${info.region}`) : 0;
      files[i]!++;
      batches[i]!.push(item.path);
      if (batches[i]!.length >= BATCH) send(i);
    }
    workers.forEach((w, i) => {
      send(i);
      w.postMessage({ end: true } satisfies WorkerRequest);
    });
    for (const r of await Promise.all(results)) {
      agg.merge(r.state);
      read.files += r.read.files;
      read.records += r.read.records;
      read.digestFiles += r.read.digestFiles;
      read.notCloudTrail += r.read.notCloudTrail;
      read.unreadable += r.read.unreadable;
      read.malformed += r.read.malformed;
      read.problems.push(...r.read.problems.slice(0, Math.max(0, 20 - read.problems.length)));
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return { agg, read };
}
