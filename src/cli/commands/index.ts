/** Registry of CLI commands; each lives in its own file. */
import type { CommandFactory } from '../context.js';
import { generateCommand } from './generate.js';

export const commands: CommandFactory[] = [
  generateCommand,
];
