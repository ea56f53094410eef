/**
 * The --records counting pass on its own thread, so that a run starts writing while its exact
 * count is still being taken (calibrate.ts startFit). The NDJSON run of 1 M records spent 3 of
 * its 7.3 s in calibration on one core while the other idled (bench/RESULTS.md, issue 18); the
 * count is a full simulation without rendering (~1.9 µs an event against ~5 µs a rendered
 * record), so beside the run it is done when the run is about 40 % in.
 *
 * The worker starts (and compiles its plan, ~0.3 s with faker) while the pilot runs here. Where
 * no worker can run (from sources without a build, a scenario that cannot be cloned into one)
 * the count runs on this thread, interleaved with the run at the count's checkpoints: slower,
 * the same bytes.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InterruptedError } from '../errors.js';
import { packagePath } from '../package-path.js';
import type { CompileOptions } from '../plan/compile.js';
import type { Plan } from '../plan/types.js';
import type { Scenario } from '../scenario/types.js';
import { countAt, type Count, type CountAt } from './calibrate.js';

export interface CounterSetup {
  scenario: Scenario;
  compile: CompileOptions;
}

type CounterReply = { count: Count } | { error: string };

/** The compiled worker script: beside this module in dist/, or dist/ when running from sources. */
function workerPath(): string | null {
  const beside = fileURLToPath(new URL('./count-worker.js', import.meta.url));
  if (existsSync(beside)) return beside;
  const built = packagePath('dist/sim/count-worker.js');
  return existsSync(built) ? built : null;
}

/** A counter ready for one count: `count` for startFit, `close` when the run ends (ends the thread if still counting). */
export interface Counter {
  count: CountAt;
  close(): Promise<void>;
}

/** Starts a counting thread for `plan`'s scenario now; counts on this thread if none can start. */
export function startCounter(plan: Plan, setup: CounterSetup, signal?: AbortSignal): Counter {
  const path = workerPath();
  let worker: Worker | null = null;
  if (path) {
    try {
      worker = new Worker(path, { workerData: setup });
    } catch {
      worker = null;
    }
  }
  if (!worker) return { count: (scale) => countAt(plan, scale, signal), close: async () => undefined };
  const thread = worker;
  // One count per thread. A failure before it is asked for (the worker could not load) is kept
  // for it; listeners stay for the thread's life so no 'error' event goes unhandled.
  let failure: Error | null = null;
  let settle: ((reply: CounterReply | Error) => void) | null = null;
  const fail = (err: Error): void => {
    failure ??= err;
    settle?.(err);
  };
  thread.on('error', fail);
  thread.on('exit', (code) => fail(new Error(`counting thread exited with code ${code}`)));
  thread.on('message', (reply: CounterReply) => settle?.(reply));
  return {
    count: (scale) => new Promise<Count>((resolve, reject) => {
      const stop = (): void => {
        settle = null;
        void thread.terminate();
        reject(new InterruptedError());
      };
      if (signal?.aborted) return stop();
      if (failure) return reject(failure);
      signal?.addEventListener('abort', stop, { once: true });
      settle = (reply) => {
        settle = null;
        signal?.removeEventListener('abort', stop);
        if (reply instanceof Error) reject(reply);
        else if ('count' in reply) resolve(reply.count);
        else reject(new Error(`counting thread failed: ${reply.error}`));
      };
      thread.postMessage(scale);
    }),
    close: async () => {
      thread.removeAllListeners();
      await thread.terminate();
    },
  };
}
