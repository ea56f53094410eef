import type { CommandModule } from 'yargs';
import type { CliIO } from './io.js';

/** Shared by all commands of one CLI invocation. */
export interface CommandContext {
  io: CliIO;
  /** Set by a handler; returned by main(). */
  exitCode: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CommandFactory = (ctx: CommandContext) => CommandModule<any, any>;
