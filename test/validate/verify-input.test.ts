/**
 * How `verify` reads its inputs (issue 22 items 8 and 12, issue 15 item 6): the same one-member
 * gzip reader and caps as `validate`, duplicate keys in a digest, and "nothing to verify" as a
 * usage error rather than a pass.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyTree } from '../../src/index.js';
import { runCli } from '../helpers/cli.js';
import { listFiles, removeDir, tempDir } from '../helpers/tree.js';
import { digestKeys, signedTree, TINY } from '../digest/helpers.js';

const dirs: string[] = [];
let pristine = '';
beforeAll(async () => {
  dirs.push((pristine = await signedTree(TINY, { seed: 5 })));
});
afterAll(async () => Promise.all(dirs.map(removeDir)));

/** A fresh copy of the signed tree to break. */
async function copy(): Promise<string> {
  const out = await tempDir('trailsmith-verify-input-');
  dirs.push(out);
  return signedTree(TINY, { seed: 5, out });
}

const logKeys = async (root: string): Promise<string[]> => (await listFiles(root)).filter((f) => f.includes('/CloudTrail/') && f.endsWith('.json.gz'));

describe('verify reads inputs like validate', () => {
  it('the pristine tree verifies', async () => {
    expect((await verifyTree(pristine)).problems).toEqual([]);
  });

  it('a gzip bomb in place of a log file is refused at the 64 MiB cap, in bounded memory', async () => {
    const root = await copy();
    const [key] = await logKeys(root);
    await writeFile(join(root, key!), gzipSync(Buffer.alloc(256 * 1024 * 1024, 0x20), { level: 9 }));
    const before = process.memoryUsage().rss;
    const report = await verifyTree(root);
    const grew = process.memoryUsage().rss - before;
    const p = report.problems.find((x) => x.file === key);
    expect(p).toMatchObject({ kind: 'log-unreadable', message: expect.stringMatching(/decompresses to more than the 64 MiB limit/) });
    expect(grew).toBeLessThan(200 * 1024 * 1024); // uncapped, this inflated all 256 MiB
  });

  it('a digest of two gzip members is reported as such, not read whole', async () => {
    const root = await copy();
    const [key] = await digestKeys(root);
    const gz = await readFile(join(root, key!));
    await writeFile(join(root, key!), Buffer.concat([gz, gzipSync('{}')]));
    const report = await verifyTree(root);
    expect(report.problems.filter((p) => p.file === key).map((p) => p.kind)).toEqual(['gzip-multi-member']);
  });

  it('a digest with a duplicate key is a format problem (JSON.parse would keep the second value)', async () => {
    const root = await copy();
    const [key] = await digestKeys(root);
    const text = gunzipSync(await readFile(join(root, key!))).toString('utf8');
    await writeFile(join(root, key!), gzipSync(text.replace('"logFiles":', '"logFiles":[],"logFiles":')));
    const report = await verifyTree(root);
    expect(report.problems.filter((p) => p.file === key)).toEqual([expect.objectContaining({ kind: 'digest-format', message: expect.stringMatching(/^\/logFiles: duplicate key "logFiles"/) })]);
  });
});

describe('nothing to verify', () => {
  it('an empty directory is exit 2 with a clear message', async () => {
    const empty = await tempDir('trailsmith-verify-empty-');
    dirs.push(empty);
    const r = await runCli(['verify', empty]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no digest files under .*: nothing to verify/);
    expect(r.stdout).toBe('');
  });

  it('a tree of log files without digests is exit 2 and says how to get digests', async () => {
    const out = await tempDir('trailsmith-verify-nodigest-');
    dirs.push(out);
    await runCli(['generate', TINY, '--out', out, '--force', '-q']);
    const r = await runCli(['verify', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nothing to verify .*found \d+ log files? without digests: write them with generate --digest/);
  });
});
