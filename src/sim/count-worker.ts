/**
 * Worker thread body for countBeside: compiles the plan from the scenario (the same plan as the
 * main thread's: compiling is a pure function of the scenario and its options, faker draws
 * included) and counts a full run at the scale it is sent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compilePlan } from '../plan/compile.js';
import type { CounterSetup } from './count-beside.js';
import { countAt } from './calibrate.js';

const setup = workerData as CounterSetup;
const plan = compilePlan(setup.scenario, setup.compile);
parentPort!.once('message', (scale: number) => {
  countAt(plan, scale).then(
    (count) => parentPort!.postMessage({ count }),
    (err: unknown) => parentPort!.postMessage({ error: err instanceof Error ? err.stack ?? err.message : String(err) }),
  );
});
