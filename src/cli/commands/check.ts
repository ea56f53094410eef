/** `trailsmith check [scenario]`: load and validate a scenario, and say what it would generate, without generating. */
import type { Argv } from 'yargs';
import { UsageError } from '../../errors.js';
import { parseDuration, parseTimestamp } from '../../scenario/units.js';
import type { CommandContext, CommandFactory } from '../context.js';
import { helpFooter } from '../help.js';

interface CheckArgs {
  scenario?: string;
  seed?: string;
  start?: string;
  duration?: string;
  records?: number;
}

export const checkCommand: CommandFactory = (ctx: CommandContext) => ({
  command: 'check [scenario]',
  describe: 'Validate a scenario and print what it would generate (accounts, actors, scripts, expected records and size); writes nothing',
  builder: (y: Argv) =>
    y
      .positional('scenario', { type: 'string', describe: 'Scenario file (.yaml, .json, .js); default: the built-in quickstart scenario' })
      .option('seed', { alias: 's', type: 'string', describe: 'Root seed (overrides the scenario\'s seed)' })
      .option('start', { type: 'string', describe: 'UTC start time (overrides the scenario)' })
      .option('duration', { type: 'string', describe: 'Simulated length (overrides the scenario)' })
      .option('records', { alias: 'n', type: 'number', describe: 'As generate --records: size the run at exactly N records' })
      .group(['seed'], 'Input:')
      .group(['start', 'duration'], 'Time (simulated):')
      .group(['records'], 'Scale:')
      .epilogue(helpFooter([
        ['$0 check my.scenario.yaml', 'Is it valid, and how big would it be?'],
      ], '0 valid · 2 invalid scenario or usage (each problem with file, line and JSON pointer)')),
  handler: async (argv: unknown) => {
    const args = argv as CheckArgs;
    if (args.start !== undefined && !Number.isFinite(parseTimestamp(args.start))) throw new UsageError(`--start ${args.start}: expected a UTC timestamp like 2025-03-04T00:00:00Z`);
    if (args.duration !== undefined && !(parseDuration(args.duration) > 0)) throw new UsageError(`--duration ${args.duration}: expected a positive length such as 6h, 2d or P1DT12H`);
    if (args.records !== undefined && !(Number.isInteger(args.records) && args.records >= 0)) throw new UsageError(`--records ${args.records}: expected a whole number >= 0`);
    const { DEFAULT_SCENARIO, loadScenario } = await import('../../scenario/load.js');
    const { compilePlan } = await import('../../plan/compile.js');
    const { describePlan } = await import('../describe-plan.js');
    const file = args.scenario ?? DEFAULT_SCENARIO;
    const { scenario } = await loadScenario(file);
    const plan = compilePlan(scenario, { seed: args.seed, start: args.start, duration: args.duration });
    ctx.io.stdout.write(`${args.scenario ?? 'built-in quickstart scenario'}: valid\n${describePlan(plan, scenario, args.records)}`);
  },
});
