/**
 * The end of every command's --help: examples, each on its own line so a command never wraps
 * in the middle (yargs' two-column .example() split them at ~50 characters), the command's exit
 * codes, and where the documentation lives.
 */
import { readFileSync } from 'node:fs';
import { packagePath } from '../package-path.js';

/** Where the documentation lives: package.json's homepage (read once, at start-up: ~0.1 ms). */
export const DOCS_URL: string = (() => {
  try {
    return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { homepage?: string }).homepage ?? 'README.md';
  } catch {
    return 'README.md';
  }
})();

/** `examples` as [command, what it does] with `$0` for the program name; `exitCodes` one line. */
export function helpFooter(examples: Array<[string, string]>, exitCodes: string): string {
  const lines = ['Examples:'];
  for (const [cmd, what] of examples) lines.push(`  # ${what}`, `  ${cmd.replaceAll('$0', 'trailsmith')}`);
  lines.push('', `Exit codes: ${exitCodes}`, `Docs: ${DOCS_URL}`);
  return lines.join('\n');
}
