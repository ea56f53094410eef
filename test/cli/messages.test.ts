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
