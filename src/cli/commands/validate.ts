/** `trailsmith validate <paths..>`: thin adapter over validatePaths and the reporters. */
import type { Readable } from 'node:stream';
import type { Argv } from 'yargs';
import { InterruptedError, UsageError } from '../../errors.js';
import type { Reporter } from '../../validate/report.js';
import type { CommandContext, CommandFactory } from '../context.js';
import { helpFooter } from '../help.js';
import { fmt, ProgressLine } from '../progress.js';

/** How main() passes a lone `-` (stdin) through yargs, which would drop it. */
export const STDIN_TOKEN = '\u0000stdin';

interface ValidateArgs {
  paths: string[];
  strict: boolean;
  format: 'text' | 'json';
  quiet: boolean;
  'max-line-mib': number;
  jobs?: number;
}

export const validateCommand: CommandFactory = (ctx: CommandContext) => ({
  command: 'validate <paths..>',
  describe: 'Validate CloudTrail log files, digests and NDJSON records against the documented format',
  builder: (y: Argv) =>
    y
      .positional('paths', { type: 'string', array: true, describe: 'Files (.json, .json.gz, .ndjson, .ndjson.gz), directories (walked recursively) or - for stdin' })
      .option('strict', { type: 'boolean', default: false, describe: 'Treat warnings as errors: unknown fields, eventVersion newer than known, duplicate eventIDs' })
      .option('format', { alias: 'f', choices: ['text', 'json'] as const, default: 'text' as const, describe: 'text: one line per problem and a summary; json: one object {results, summary}' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'text: print errors only (no warnings, no summary)' })
      .option('jobs', { alias: 'j', type: 'number', describe: 'Worker threads validating files in parallel (same report for any number); default: one per core (at most 8) when there are 2 or more files, else 1' })
      .option('max-line-mib', { type: 'number', default: 16, describe: 'Longest NDJSON line accepted, in MiB' })
      .epilogue(helpFooter([
        ['$0 validate out/', 'Every log file and digest under out/'],
        ['$0 validate --strict --format json out/ > report.json', 'Machine-readable report; warnings count as errors'],
        ['zcat file.json.gz | $0 validate -', 'A log file on stdin'],
      ], '0 all valid · 1 something invalid · 2 usage, unreadable path or nothing to validate')),
  handler: async (argv: unknown) => {
    const args = argv as ValidateArgs;
    const paths = (args.paths ?? []).map((p) => (String(p) === STDIN_TOKEN ? '-' : String(p)));
    if (paths.length === 0) throw new UsageError('name at least one file, directory or - (stdin)');
    if (args.jobs !== undefined && !(Number.isInteger(args.jobs) && args.jobs >= 1 && args.jobs <= 256)) throw new UsageError(`--jobs ${args.jobs}: expected a whole number from 1 to 256`);
    if (!(args['max-line-mib'] > 0 && args['max-line-mib'] <= 1024)) throw new UsageError(`--max-line-mib ${args['max-line-mib']}: expected a number from 1 to 1024`);
    // Loaded on use: the precompiled validators are ~340 KB of JS that other commands do not need.
    const [{ JsonReporter, TextReporter }, { validatePaths }] = await Promise.all([import('../../validate/report.js'), import('../../validate/run.js')]);
    // Progress on stderr: files and records so far (the total is unknown while directories are
    // walked, so no ETA). Output on stdout first erases a terminal's progress line, as both may
    // share the terminal.
    const progress = new ProgressLine(ctx.io, !args.quiet);
    const write = (s: string): void => {
      progress.clear();
      ctx.io.stdout.write(s);
    };
    const reporter: Reporter = args.format === 'json' ? new JsonReporter(write) : new TextReporter(write, args.quiet);
    const started = ctx.io.now();
    let files = 0;
    let records = 0;
    const summary = await validatePaths(paths, {
      strict: args.strict,
      jobs: args.jobs ?? 'auto',
      maxLineBytes: Math.round(args['max-line-mib'] * 1048576),
      stdin: (ctx.io.stdin ?? process.stdin) as Readable,
      signal: ctx.io.signal,
      onReport: (file, r) => reporter.report(file, r),
      onFile: (r) => {
        reporter.file(r);
        records += r.records;
        progress.update(records, NaN, `  ${fmt(++files)} files`);
      },
    });
    progress.clear();
    reporter.finish(summary, (ctx.io.now() - started) / 1000);
    if (ctx.io.signal.aborted) throw new InterruptedError('interrupted: the summary covers the files validated so far');
    if (summary.files === 0) {
      ctx.io.stderr.write(`trailsmith: no CloudTrail files found in ${paths.join(', ')} (looked for .json, .json.gz, .ndjson, .ndjson.gz)\n`);
      ctx.exitCode = 2;
    } else ctx.exitCode = summary.unreadableFiles > 0 ? 2 : summary.invalid > 0 ? 1 : 0;
  },
});
