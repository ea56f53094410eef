/** The CLI's connection to the outside world, injectable so tests drive the real parser in-process. */
export interface CliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Input for `-` paths; process.stdin when absent. */
  stdin?: NodeJS.ReadableStream;
  /** Whether stderr is an interactive terminal (progress lines are drawn only then). */
  stderrIsTTY: boolean;
  /** Live clock; only the CLI edge may read it. */
  now(): number;
  /** Abort signal raised on SIGINT/SIGTERM. */
  signal: AbortSignal;
}

export function processIO(signal: AbortSignal): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stderrIsTTY: Boolean(process.stderr.isTTY),
    now: () => Date.now(),
    signal,
  };
}
