/**
 * Signal handling of the CLI process (issue 22, item 15). The first SIGINT, SIGTERM or SIGHUP
 * starts a clean stop: the command's AbortSignal fires, completed files stay, temporaries go.
 * Later signals (a second Ctrl-C, `timeout` sending its signal twice) are acknowledged on stderr
 * and do not kill the process half-way through its cleanup. The handlers stay installed until
 * the process exits, so a signal that arrives after the work is done (while worker threads wind
 * down) is reported, not turned into a silent 130/143 by the default action.
 *
 * Every command should stop by itself well within the grace period. A few waits cannot be
 * cancelled from JavaScript (opening a FIFO that has no writer blocks a libuv thread), so if
 * the process is still alive `GRACE_MS` after the first signal, tracked temporaries are removed
 * and the process ends by SIGINT's default action (status 130 in a shell), or exits with the
 * finished run's code.
 */
import { removeTemporariesSync } from '../delivery/temporaries.js';

/** Time from the first signal to the forced exit: the issue asks for an end within ~2 s. */
export const GRACE_MS = 1800;

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface SignalGuard {
  /** Name of the first signal received, if any. */
  readonly received: string | undefined;
  /** The command's work is over; `code` is the exit code the process will end with. */
  finish(code: number): void;
}

let processGuard: (SignalGuard & { signal: AbortSignal }) | undefined;

/**
 * The process's one guard, installed on first call. bin/trailsmith.js calls this before it loads
 * the rest of the CLI (~0.3 s idle, several seconds on a loaded machine), so a signal during
 * start-up is a clean 130 too, not the default action's silent death.
 */
export function installProcessGuard(): SignalGuard & { signal: AbortSignal } {
  if (!processGuard) {
    const controller = new AbortController();
    const guard = guardSignals(controller, (line) => process.stderr.write(line));
    processGuard = Object.assign(guard, { signal: controller.signal });
  }
  return processGuard;
}

export function guardSignals(controller: AbortController, write: (line: string) => void): SignalGuard {
  let received: string | undefined;
  let finalCode: number | undefined;
  let watchdog: NodeJS.Timeout | undefined;
  const onSignal = (name: string): void => {
    if (finalCode !== undefined) {
      // The work is done: only the process's own teardown is left.
      write(`trailsmith: ${name} received after the run completed; the output is complete\n`);
      process.exit(finalCode);
    }
    if (received !== undefined) {
      write(`trailsmith: ${name} received; already stopping cleanly after ${received} (exit within ${GRACE_MS / 1000} s)\n`);
      return;
    }
    received = name;
    controller.abort(name);
    watchdog = setTimeout(() => {
      removeTemporariesSync();
      if (finalCode === undefined) write(`trailsmith: interrupted by ${name}: the run did not stop by itself within ${GRACE_MS / 1000} s (a wait that cannot be cancelled, or start-up work); forced exit, temporary files removed\n`);
      if (finalCode !== undefined) process.exit(finalCode);
      // process.exit() would hang here: at exit libuv joins its thread pool, and a thread blocked
      // in open() of a FIFO never returns. Ending by SIGINT's default action skips that; shells
      // report it as exit status 130 (128 + SIGINT), the code we document.
      for (const s of SIGNALS) process.removeAllListeners(s);
      process.kill(process.pid, 'SIGINT');
    }, GRACE_MS);
    // Unreferenced: a run that stops by itself exits at once, without waiting for the timer.
    watchdog.unref();
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  return {
    get received() {
      return received;
    },
    finish(code: number) {
      finalCode = code;
    },
  };
}
