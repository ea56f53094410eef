/** `trailsmith compare <a> <b>`: thin adapter over compareRecords (src/compare). */
import type { Readable } from 'node:stream';
import type { Argv } from 'yargs';
import { InterruptedError, UsageError } from '../../errors.js';
import type { CommandContext, CommandFactory } from '../context.js';
import { writeFileAtomic } from '../write-atomic.js';
import { STDIN_TOKEN } from './validate.js';

interface CompareArgs {
  a: string;
  b: string;
  format: 'text' | 'json';
  html?: string;
}

export const compareCommand: CommandFactory = (ctx: CommandContext) => ({
  command: 'compare <a> <b>',
  describe: 'Compare two sets of CloudTrail (e.g. a trail and its synthetic twin): distributions, distances and verdicts',
  builder: (y: Argv) =>
    y
      .positional('a', { type: 'string', describe: 'First input: file, S3-layout directory or - (stdin)' })
      .positional('b', { type: 'string', describe: 'Second input' })
      .option('format', { alias: 'f', choices: ['text', 'json'] as const, default: 'text' as const, describe: 'text: a table and an overall line; json: the whole report' })
      .option('html', { type: 'string', describe: 'Also write a self-contained HTML page with the charts side by side' })
      .example('$0 compare trail/ twin/', 'Table of distances and verdicts; exit 1 when a metric is outside its threshold')
      .example('$0 compare trail/ twin/ --format json --html report.html', 'For CI: JSON on stdout, charts in report.html'),
  handler: async (argv: unknown) => {
    const args = argv as CompareArgs;
    const a = String(args.a) === STDIN_TOKEN ? '-' : String(args.a);
    const b = String(args.b) === STDIN_TOKEN ? '-' : String(args.b);
    if (a === '-' && b === '-') throw new UsageError('only one of the two inputs can be - (stdin)');
    const { collect, compareSides, formatHtml, formatText } = await import('../../compare/index.js');
    const options = { stdin: (ctx.io.stdin ?? process.stdin) as Readable, signal: ctx.io.signal };
    const [sa, ra] = await collect([a], options);
    const [sb, rb] = await collect([b], options);
    if (ctx.io.signal.aborted) throw new InterruptedError('interrupted: no report');
    for (const [name, r] of [[a, ra], [b, rb]] as const) {
      for (const p of r.problems) ctx.io.stderr.write(`trailsmith: ${p}\n`);
      if (r.unreadable > 0) throw new UsageError(`${name}: ${r.unreadable} input(s) could not be read`);
      if (r.records === 0) throw new UsageError(`${name}: no CloudTrail records found`);
    }
    const report = compareSides(sa, sb, ra.files, rb.files);
    if (args.html) await writeFileAtomic(args.html, formatHtml(report, [a, b]));
    ctx.io.stdout.write(args.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatText(report, [a, b]));
    // 0: every metric within its threshold; 1: at least one outside (or broken input found).
    ctx.exitCode = report.verdict === 'fail' || ra.malformed + rb.malformed > 0 ? 1 : 0;
  },
});
