/** Registry of CLI commands; each lives in its own file. */
import type { CommandFactory } from '../context.js';
import { checkCommand } from './check.js';
import { compareCommand } from './compare.js';
import { generateCommand } from './generate.js';
import { initCommand } from './init.js';
import { profileCommand } from './profile.js';
import { streamCommand } from './stream.js';
import { uploadCommand } from './upload.js';
import { validateCommand } from './validate.js';
import { verifyCommand } from './verify.js';

export const commands: CommandFactory[] = [
  generateCommand,
  checkCommand,
  initCommand,
  validateCommand,
  uploadCommand,
  streamCommand,
  verifyCommand,
  profileCommand,
  compareCommand,
];
