/** Drives the real CLI parser in-process with captured output. */
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `stdin` feeds `-` inputs (e.g. `validate -`); `now` replaces the clock (progress, elapsed times). */
export async function runCli(argv: string[], options: { signal?: AbortSignal; stdin?: string | Buffer; now?: () => number } = {}): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const io: CliIO = { stdout, stderr, stderrIsTTY: false, now: options.now ?? (() => Date.now()), signal: options.signal ?? new AbortController().signal };
  if (options.stdin !== undefined) io.stdin = Readable.from([typeof options.stdin === 'string' ? Buffer.from(options.stdin) : options.stdin]);
  const code = await main(argv, io);
  stdout.end();
  stderr.end();
  return { code, stdout: out, stderr: err };
}
