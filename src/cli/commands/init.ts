/** `trailsmith init [file]`: a commented starter scenario whose first line tells editors where the schema is. */
import { writeFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import type { Argv } from 'yargs';
import { describeFsError, UsageError } from '../../errors.js';
import { packagePath } from '../../package-path.js';
import type { CommandContext, CommandFactory } from '../context.js';
import { helpFooter } from '../help.js';
import { starterScenario } from '../starter-scenario.js';

interface InitArgs {
  file: string;
  force: boolean;
}

export const initCommand: CommandFactory = (ctx: CommandContext) => ({
  command: 'init [file]',
  describe: 'Write a commented starter scenario (with the schema line editors use to complete and check keys)',
  builder: (y: Argv) =>
    y
      .positional('file', { type: 'string', default: 'scenario.yaml', describe: 'Where to write it' })
      .option('force', { type: 'boolean', default: false, describe: 'Overwrite an existing file' })
      .epilogue(helpFooter([
        ['$0 init && $0 check scenario.yaml && $0 generate scenario.yaml', 'Start a scenario, check it, generate it'],
      ], '0 written · 2 the file exists (use --force) or usage · 3 cannot write')),
  handler: async (argv: unknown) => {
    const args = argv as InitArgs;
    const file = resolve(args.file);
    // Relative, so the line works for everyone who clones the project that holds the scenario.
    let schema = relative(dirname(file), packagePath('schemas/scenario.schema.json')).split(sep).join('/');
    if (!schema.startsWith('.')) schema = `./${schema}`;
    try {
      await writeFile(file, starterScenario(schema), { flag: args.force ? 'w' : 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`${args.file} already exists; pass --force to overwrite it`);
      throw describeFsError(err, args.file);
    }
    ctx.io.stdout.write(`wrote ${args.file}; next: trailsmith check ${args.file} && trailsmith generate ${args.file}\n`);
  },
});
