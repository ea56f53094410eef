/** Runs the built CLI (bin/trailsmith.js → dist/) as a child process, for signals and process-level limits. */
import { spawn, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/trailsmith.js', import.meta.url));

export interface Spawned {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  stdout: string;
  /** Milliseconds from the first signal sent to the exit (NaN without signals). */
  stopMs: number;
  /** Each stderr chunk with its arrival in milliseconds after the first signal (NaN before it or without signals). */
  stderrAt: Array<{ ms: number; text: string }>;
}

/** Starts the CLI; `signals` are sent at the given milliseconds after start. `shell` prefixes a `ulimit` or the like. */
export function runBin(args: string[], options: { signals?: Array<[number, NodeJS.Signals]>; cwd?: string; ulimitFileBlocks?: number; timeoutMs?: number } = {}): Promise<Spawned> {
  const cmd = options.ulimitFileBlocks !== undefined ? 'sh' : process.execPath;
  const argv = options.ulimitFileBlocks !== undefined
    ? ['-c', `ulimit -f ${options.ulimitFileBlocks} && exec "$0" "$@"`, process.execPath, BIN, ...args]
    : [BIN, ...args];
  const child = spawn(cmd, argv, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  const stderrAt: Array<{ ms: number; text: string }> = [];
  let firstSignal = NaN;
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
    stderrAt.push({ ms: Date.now() - firstSignal, text: c.toString() });
  });
  const timers = (options.signals ?? []).map(([ms, sig]) => setTimeout(() => {
    if (Number.isNaN(firstSignal)) firstSignal = Date.now();
    child.kill(sig);
  }, ms));
  const guard = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      for (const t of timers) clearTimeout(t);
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr, stopMs: Date.now() - firstSignal, stderrAt });
    });
  });
}

/** A 1-2 MiB tmpfs at `dir` when this machine lets us mount one (root in a container that allows it); else null. */
export function mountTinyTmpfs(dir: string, size = '1m'): (() => void) | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return null;
  }
  return () => {
    try {
      execFileSync('umount', [dir], { stdio: 'ignore' });
    } catch {
      // left mounted: the test's temporary directory is removed by the OS later
    }
  };
}
