/** `trailsmith profile <paths..>`: thin adapter over profileTrail (src/profile). */
import type { Readable } from 'node:stream';
import type { Argv } from 'yargs';
import { Document, isScalar, isSeq, visit } from 'yaml';
import { InterruptedError, UsageError } from '../../errors.js';
import { parseDuration, parseTimestamp } from '../../scenario/units.js';
import type { CommandContext, CommandFactory } from '../context.js';
import { writeFileAtomic } from '../write-atomic.js';
import { STDIN_TOKEN } from './validate.js';

interface ProfileArgs {
  paths: string[];
  out?: string;
  'keep-names': boolean;
  'keep-ids': boolean;
  start?: string;
  duration?: string;
  seed?: string;
  'max-actors': number;
  jobs?: number;
  quiet: boolean;
}

export const profileCommand: CommandFactory = (ctx: CommandContext) => ({
  command: 'profile <paths..>',
  describe: 'Read real CloudTrail and write a scenario that generates a synthetic twin of it, without its names, IDs or addresses',
  builder: (y: Argv) =>
    y
      .positional('paths', { type: 'string', array: true, describe: 'Files (.json, .json.gz, .ndjson, .ndjson.gz), S3-layout directories (walked recursively) or - for stdin' })
      .option('out', { alias: 'o', type: 'string', describe: 'Scenario file to write (YAML); default: stdout' })
      .option('keep-names', { type: 'boolean', default: false, describe: 'Keep user, role, session and vault names and the trail prefix' })
      .option('keep-ids', { type: 'boolean', default: false, describe: 'Keep account and organization IDs' })
      .option('start', { type: 'string', describe: 'Start of the twin, e.g. 2025-03-04T00:00:00Z (default: the input\'s first hour)' })
      .option('duration', { type: 'string', describe: 'Length of the twin, e.g. 7d (default: the input\'s span)' })
      .option('seed', { type: 'string', describe: 'Seed written into the scenario (default 1)' })
      .option('max-actors', { type: 'number', default: 100, describe: 'Principals modelled one by one; quieter ones are merged per account and identity type' })
      .option('jobs', { alias: 'j', type: 'number', describe: 'Worker threads reading files (same scenario for any number); default: one per core (at most 4) for directories, else 1' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Do not print the account of what was read' })
      .example('$0 profile trail/ -o twin.scenario.yaml', 'Profile an S3-layout tree')
      .example('$0 generate twin.scenario.yaml -n 1000000 -o twin/', 'Then generate the twin at any volume'),
  handler: async (argv: unknown) => {
    const args = argv as ProfileArgs;
    const paths = (args.paths ?? []).map((p) => (String(p) === STDIN_TOKEN ? '-' : String(p)));
    if (paths.length === 0) throw new UsageError('name at least one file, directory or - (stdin)');
    if (args.start !== undefined && !Number.isFinite(parseTimestamp(args.start))) throw new UsageError(`--start ${JSON.stringify(args.start)}: expected a UTC timestamp such as 2025-03-04T00:00:00Z`);
    if (args.duration !== undefined && !Number.isFinite(parseDuration(args.duration))) throw new UsageError(`--duration ${JSON.stringify(args.duration)}: expected a duration such as 6h or 7d`);
    if (!(Number.isInteger(args['max-actors']) && args['max-actors'] >= 1 && args['max-actors'] <= 10000)) throw new UsageError(`--max-actors ${args['max-actors']}: expected a whole number from 1 to 10000`);
    if (args.jobs !== undefined && !(Number.isInteger(args.jobs) && args.jobs >= 1 && args.jobs <= 64)) throw new UsageError(`--jobs ${args.jobs}: expected a whole number from 1 to 64`);
    const { profileTrail } = await import('../../profile/index.js');
    const { scenario, report } = await profileTrail(paths, {
      keepNames: args['keep-names'], keepIds: args['keep-ids'], start: args.start, duration: args.duration,
      seed: args.seed === undefined ? undefined : /^\d+$/.test(args.seed) ? Number(args.seed) : args.seed,
      maxActors: args['max-actors'], jobs: args.jobs, stdin: (ctx.io.stdin ?? process.stdin) as Readable, signal: ctx.io.signal,
    });
    if (ctx.io.signal.aborted) throw new InterruptedError('interrupted: no scenario written');
    const r = report.read;
    if (r.unreadable > 0) {
      for (const p of r.problems) ctx.io.stderr.write(`trailsmith: ${p}\n`);
      throw new UsageError(`${r.unreadable} input(s) could not be read: no scenario written`);
    }
    const yaml = `# trailsmith profile: a synthetic twin; no name, ID or address of the input is in it${args['keep-names'] || args['keep-ids'] ? ' (except those kept with --keep-names/--keep-ids)' : ''}.\n${toYaml(scenario)}`;
    if (args.out && args.out !== '-') await writeFileAtomic(args.out, yaml);
    else ctx.io.stdout.write(yaml);
    if (!args.quiet) {
      const other = Object.entries(report.otherServices).map(([s, n]) => `${s} ${n}`).join(', ');
      const lines = [
        `read: ${r.files} files, ${r.records} records${r.digestFiles ? `; ${r.digestFiles} digest files skipped` : ''}${r.notCloudTrail ? `; ${r.notCloudTrail} documents or lines not CloudTrail, skipped` : ''}`,
        `modelled: ${report.glacierRecords} Glacier records (${report.followUps} follow-ups of uploads, jobs and locks, ${report.retries} SDK retries folded into their calls; session openers made by the actors: ${Object.entries(report.openers).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}) from ${report.principals} principals as ${report.actors} actors and ${report.activities} activities, ${report.window.start} to ${report.window.end}`,
        `ignored: ${Object.values(report.otherServices).reduce((a, b) => a + b, 0)} records of other services${other ? ` (${other})` : ''}${Object.keys(report.unknownOperations).length ? `; unmodelled Glacier operations: ${Object.entries(report.unknownOperations).map(([k, n]) => `${k} ${n}`).join(', ')}` : ''}${report.unknownRegionRecords ? `; ${report.unknownRegionRecords} records in regions without Glacier` : ''}${report.badTimes ? `; ${report.badTimes} records without a readable eventTime` : ''}`,
      ];
      if (Object.keys(report.approximated).length) lines.push(`approximated: ${Object.entries(report.approximated).map(([t, n]) => `${n} ${t} principal(s) as IAMUser`).join(', ')}`);
      for (const p of r.problems) lines.push(`problem: ${p}`);
      ctx.io.stderr.write(`${lines.join('\n')}\n`);
    }
    // Broken input (corrupt gzip, lines that are not JSON) was skipped: the scenario is written
    // from the rest, and the exit code says data was invalid, as validate's would.
    ctx.exitCode = r.malformed > 0 ? 1 : 0;
  },
});

/** YAML with short lists of scalars (regions, 24 hour weights) on one line, so the scenario reads and edits easily. */
function toYaml(scenario: object): string {
  const doc = new Document(scenario);
  visit(doc, {
    Seq(_key, node) {
      if (isSeq(node) && node.items.every((i) => isScalar(i))) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
