/** Worker thread of `profile --jobs N`: aggregates the files it is sent, posts its state at the end. */
import { parentPort, workerData } from 'node:worker_threads';
import { ProfileAggregator } from './aggregate.js';
import { readTrail, type ReadSummary } from './read-trail.js';

export type WorkerRequest = { files: string[] } | { end: true };
export interface WorkerResult {
  state: ReturnType<ProfileAggregator['state']>;
  read: ReadSummary;
}

const data = workerData as { inputRoots: string[]; profileFields: boolean };
const agg = new ProfileAggregator(data.inputRoots);
const read: ReadSummary = { files: 0, records: 0, digestFiles: 0, notCloudTrail: 0, unreadable: 0, malformed: 0, problems: [] };
let queue: Promise<void> = Promise.resolve();

parentPort!.on('message', (msg: WorkerRequest) => {
  // Batches are handled one after another, so a unit's files are read in walk (time) order.
  queue = queue.then(async () => {
    if ('end' in msg) {
      const result: WorkerResult = { state: agg.state(), read };
      parentPort!.postMessage(result);
      return;
    }
    const r = await readTrail(msg.files, agg, { profileFields: data.profileFields });
    read.files += r.files;
    read.records += r.records;
    read.digestFiles += r.digestFiles;
    read.notCloudTrail += r.notCloudTrail;
    read.unreadable += r.unreadable;
    read.malformed += r.malformed;
    read.problems.push(...r.problems.slice(0, Math.max(0, 20 - read.problems.length)));
  });
});
