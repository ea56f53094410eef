/**
 * CLI root. Strict yargs parser; one file per command under ./commands, each a thin adapter
 * that parses flags and delegates to library code. Handlers store their exit code in `ctx`.
 */
import yargs from 'yargs';
import { InterruptedError, TrailsmithError } from '../errors.js';
import { packageVersion } from '../package-path.js';
import { processIO, type CliIO } from './io.js';
import type { CommandContext } from './context.js';
import { commands } from './commands/index.js';
import { DOCS_URL } from './help.js';
import { STDIN_TOKEN } from './commands/validate.js';
import { installProcessGuard } from './signals.js';

export async function main(argv: string[], io?: CliIO): Promise<number> {
  // In-process callers (tests) pass their own AbortSignal in io and keep the process's signals.
  const guard = io ? undefined : installProcessGuard();
  const ctx: CommandContext = { io: io ?? processIO(guard!.signal), exitCode: 0 };
  const code = await run(argv, ctx);
  guard?.finish(code);
  return code;
}

/** Parses and runs one command; maps errors and interruptions to exit codes and messages. */
async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { signal } = ctx.io;
  const signalName = (): string => (typeof signal.reason === 'string' ? signal.reason : 'a signal');
  try {
    let parser = yargs(joinDashValues(argv))
      .scriptName('trailsmith')
      .usage('$0 <command> [options]\n\nSynthetic AWS CloudTrail logs for Amazon S3 Glacier: seeded, scenario-driven, in the real S3 layout.')
      .strictCommands()
      .strictOptions()
      .demandCommand(1, 'Name a command: generate, validate, ...')
      .recommendCommands()
      .help()
      .alias('h', 'help')
      .version(packageVersion())
      .wrap(Math.min(110, process.stdout.columns || 100))
      .epilogue(`Start here: trailsmith init, then trailsmith check scenario.yaml, then trailsmith generate scenario.yaml.\n\nExit codes: 0 ok · 1 problems found (validate, verify) · 2 bad input or usage · 3 output not writable · 130 interrupted.\nDocs: ${DOCS_URL}`)
      .fail((msg, err) => {
        if (err) throw err;
        throw new UsageError(msg);
      });
    const args = joinDashValues(argv);
    parser = parser.middleware((parsed) => rejectNonNumbers(parsed, args), true);
    for (const make of commands) parser = parser.command(make(ctx));
    await parser.parseAsync();
    // A signal that came after the last point where the command could stop: its work is whole.
    if (signal.aborted && !ctx.signalHandled) ctx.io.stderr.write(`trailsmith: ${signalName()} received after the work was done; the output is complete\n`);
    return ctx.exitCode;
  } catch (err) {
    if (signal.aborted) {
      // Whatever the command was doing when it stopped, the cause is the signal: exit 130, said so.
      const detail = err instanceof InterruptedError ? err.message.replace(/^interrupted:?\s*/, '') : err instanceof TrailsmithError ? err.message : '';
      ctx.io.stderr.write(`trailsmith: interrupted by ${signalName()}${detail ? `: ${detail}` : ''}\n`);
      return 130;
    }
    if (err instanceof TrailsmithError) {
      ctx.io.stderr.write(`trailsmith: ${err.message}\n`);
      return err.exitCode;
    }
    throw err;
  }
}

/**
 * yargs turns a number option's unparsable value into NaN, which the commands' range checks
 * would report as `--records NaN`; this names the option and the text given instead.
 */
function rejectNonNumbers(parsed: Record<string, unknown>, argv: string[]): void {
  const nan = Object.keys(parsed).filter((k) => typeof parsed[k] === 'number' && Number.isNaN(parsed[k]));
  // yargs lists an option under its long name, its aliases (-n) and a camelCase copy (gzipLevel).
  const names = nan.filter((k) => k.length > 1 && !/[A-Z]/.test(k));
  const name = names[0];
  if (name === undefined) return;
  // The text given is quoted only when one option failed: aliases cannot be told apart here.
  const flags = names.length === 1 ? nan.filter((k) => !/[A-Z]/.test(k)).map((k) => (k.length === 1 ? `-${k}` : `--${k}`)) : [];
  let given: string | undefined;
  for (let i = 0; i < argv.length && given === undefined; i++) {
    for (const flag of flags) {
      if (argv[i] === flag) given = argv[i + 1];
      else if (argv[i]!.startsWith(`${flag}=`)) given = argv[i]!.slice(flag.length + 1);
    }
  }
  throw new UsageError(`--${name}${given === undefined ? '' : ` ${JSON.stringify(given)}`}: expected a number`);
}

/** Options whose value may be `-` (stdin/stdout); yargs would otherwise read a lone `-` as a positional. */
const DASH_VALUE_OPTIONS = new Set(['--out', '-o', '--to']);

/** Commands whose positional `-` names stdin. */
const STDIN_COMMANDS = new Set(['validate', 'profile', 'compare']);

function joinDashValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (DASH_VALUE_OPTIONS.has(argv[i]!) && argv[i + 1] === '-') out.push(`${argv[i++]!}=-`);
    // `validate -` names stdin; yargs drops a lone `-` from variadic positionals, so it travels as a token.
    else if (STDIN_COMMANDS.has(argv[0]!) && argv[i] === '-') out.push(STDIN_TOKEN);
    else out.push(argv[i]!);
  }
  return out;
}

class UsageError extends TrailsmithError {
  constructor(message: string) {
    super(`${message}\nRun 'trailsmith --help' for usage.`, 2);
  }
}
