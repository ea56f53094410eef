import type { CommandModule } from 'yargs';
import type { CliIO } from './io.js';

/** Shared by all commands of one CLI invocation. */
export interface CommandContext {
  io: CliIO;
  /** Set by a handler; returned by main(). */
  exitCode: number;
  /**
   * Set by a command for which a signal is a normal end that it has reported itself (stream:
   * Ctrl-C ends an unbounded stream after flushing); otherwise a signal that did not stop the
   * command is reported by main() as having arrived after the work was done.
   */
  signalHandled?: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CommandFactory = (ctx: CommandContext) => CommandModule<any, any>;
