/** Messages name the option the user actually typed (issue 15, item 7). */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { removeDir, tempDir } from '../helpers/tree.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map(removeDir)));

describe('messages name the option given', () => {
  it('stream --to s3-dir: into a non-empty directory names --to s3-dir:, not --out', async () => {
    const dir = await tempDir();
    dirs.push(dir);
    await mkdir(join(dir, 'tree'));
    await writeFile(join(dir, 'tree', 'other.txt'), 'x');
    const run = await runCli(['stream', '--to', `s3-dir:${join(dir, 'tree')}`, '--clock', 'fixed', '-r', '10', '-d', '1s', '-q']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--to s3-dir:${join(dir, 'tree')} is not empty (1 entries); pass --force`);
    expect(run.stderr).not.toContain('--out');
  });

  it('generate --out into a non-empty directory still names --out', async () => {
    const dir = await tempDir();
    dirs.push(dir);
    await writeFile(join(dir, 'other.txt'), 'x');
    const run = await runCli(['generate', '--out', dir, '-n', '50', '-q']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--out ${dir} is not empty`);
  });
});

const BIN = new URL('../../bin/trailsmith.js', import.meta.url).pathname;
/** yargs prints help with console.log, so help runs the built CLI (npm run build first, as npm test does). */
async function help(args: string[]): Promise<{ code: number; stdout: string }> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, COLUMNS: '100' } }, (err, stdout) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout }));
  });
}

describe('--help', () => {
  const commands = ['generate', 'check', 'init', 'validate', 'verify', 'upload', 'stream'];
  it.each(commands)('%s --help shows its exit codes, the docs URL, and examples each on one whole line', async (command) => {
    const run = await help([command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\nExit codes: 0 /);
    expect(run.stdout).toMatch(/\nDocs: https:\/\/\S+/);
    const lines = run.stdout.split('\n');
    const examples = lines.slice(lines.indexOf('Examples:') + 1, lines.findIndex((l) => l.startsWith('Exit codes:')) - 1);
    expect(examples.length).toBeGreaterThan(0);
    // Pairs of "# what" and the whole command: a wrapped command would break the alternation.
    examples.forEach((l, i) => expect(l, l).toMatch(i % 2 === 0 ? /^ {2}# / : /^ {2}(trailsmith|zcat|AWS_)/));
  });

  it('generate --help groups its options and tells its --to and --duration from stream\'s', async () => {
    const run = await help(['generate', '--help']);
    for (const group of ['Input:', 'Output:', 'Time (simulated):', 'Scale:', 'Integrity:', 'Upload:']) expect(run.stdout).toContain(`\n${group}\n`);
    expect(run.stdout).toMatch(/--to\s+Upload the finished tree to S3/);
    expect(run.stdout).toContain('not in real time');
    const stream = await help(['stream', '--help']);
    expect(stream.stdout).toContain('Time (wall clock):');
    expect(stream.stdout).toMatch(/Wall-clock time to run/);
    expect(stream.stdout.replace(/\s+/g, ' ')).toContain('Not generate --to, which uploads to S3');
  });
});
