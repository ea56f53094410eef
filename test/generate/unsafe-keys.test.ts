/**
 * Issue 21: scenario values that become S3 keys and paths under --out are safe key segments,
 * checked at load (exit 2, file/line/pointer, nothing written anywhere); the writer refuses a
 * path outside --out whatever reaches it.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtomicWriter } from '../../src/delivery/writer.js';
import { loadScenario, ScenarioError } from '../../src/index.js';
import { runCli } from '../helpers/cli.js';
import { listFiles, removeDir, tempDir } from '../helpers/tree.js';

const scenario = (trail: string, extra = ''): string => `start: 2025-01-01T00:00:00Z
duration: 1h
trail: { name: trail, homeRegion: us-east-1${trail} }
${extra}accounts:
  - name: a
    regions: [us-east-1]
    vaults: [{ name: v1 }]
actors:
  - { name: u, account: a, type: IAMUser }
activities:
  - { actor: u, rate: 10/hour, mix: auditor }
`;

/** [what, scenario text, pointer of the issue, words of its message]. */
const UNSAFE: Array<[string, string, string, string]> = [
  ['prefix ..', scenario(', prefix: ".."'), '/trail/prefix', '".." segment'],
  ['prefix ./..', scenario(', prefix: "./.."'), '/trail/prefix', '"." segment'],
  ['prefix a/../../b', scenario(', prefix: "a/../../b"'), '/trail/prefix', '".." segment'],
  ['prefix a/..', scenario(', prefix: "a/.."'), '/trail/prefix', '".." segment'],
  ['prefix x/./y', scenario(', prefix: "x/./y"'), '/trail/prefix', '"." segment'],
  ['prefix ..%2f..', scenario(', prefix: "..%2f.."'), '/trail/prefix', 'contains "%"'],
  ['prefix ~', scenario(', prefix: "~"'), '/trail/prefix', 'contains "~"'],
  ['prefix with a space', scenario(', prefix: "sp ace"'), '/trail/prefix', 'contains a space'],
  ['prefix with a newline', scenario(', prefix: "a\\nb"'), '/trail/prefix', 'U+000A'],
  ['prefix with NUL', scenario(', prefix: "a\\0b"'), '/trail/prefix', 'U+0000'],
  ['prefix with a leading /', scenario(', prefix: "/abs"'), '/trail/prefix', 'starts or ends with "/"'],
  ['prefix with a trailing /', scenario(', prefix: "logs/"'), '/trail/prefix', 'starts or ends with "/"'],
  ['prefix with //', scenario(', prefix: "a//b"'), '/trail/prefix', 'empty segment'],
  ['prefix of 201 characters', scenario(`, prefix: "${'a'.repeat(201)}"`), '/trail/prefix', 'at most 200'],
  ['bucket ../x', scenario(', bucket: "../x"'), '/trail/bucket', 'contains "/"'],
  ['bucket a..b', scenario(', bucket: "a..b"'), '/trail/bucket', 'two adjacent periods'],
  ['bucket as an IP address', scenario(', bucket: "192.168.5.4"'), '/trail/bucket', 'IP address'],
  ['bucket xn--', scenario(', bucket: "xn--trail"'), '/trail/bucket', 'reserves'],
  ['trail name ../t', scenario('').replace('name: trail,', 'name: "../t",'), '/trail/name', 'contains "/"'],
  ['trail name with adjacent punctuation', scenario('').replace('name: trail,', 'name: "a--b",'), '/trail/name', 'adjacent punctuation'],
  ['trail name as an IP address', scenario('').replace('name: trail,', 'name: "10.0.0.1",'), '/trail/name', 'IP address'],
  ['organization id', scenario('', 'organization: { id: "o-../../../x" }\n'), '/organization/id', 'not an AWS Organizations id'],
  ['account id', scenario('').replace('- name: a\n', '- name: a\n    id: "../../x"\n'), '/accounts/0/id', 'not an AWS account id'],
  ['vault name', scenario('').replace('{ name: v1 }', '{ name: "../v" }'), '/accounts/0/vaults/0/name', 'not a valid Glacier vault name'],
];

let dir = '';
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => removeDir(dir));

describe('values that reach S3 keys and paths', () => {
  it.each(UNSAFE)('rejects %s at load with the pointer and line', async (_what, text, pointer, words) => {
    const file = join(dir, 'scenario.yaml');
    await writeFile(file, text);
    const err = await loadScenario(file).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ScenarioError);
    const issue = (err as ScenarioError).issues.find((i) => i.path === pointer);
    expect(issue, JSON.stringify((err as ScenarioError).issues)).toBeDefined();
    expect(issue!.message).toContain(words);
    expect(issue!.line).toBeGreaterThan(0);
    // No regex dump: the message says what is wrong in words.
    expect(issue!.message).not.toMatch(/\^|\$\)|\[A-Z/);
  });

  it.each(UNSAFE.map(([what, text]) => [what, text] as const))('generate exits 2 for %s and writes nothing anywhere', async (_what, text) => {
    const box = await tempDir();
    try {
      const file = join(dir, 'cli.yaml');
      await writeFile(file, text);
      const run = await runCli(['generate', file, '--out', join(box, 'nest', 'out'), '--digest', '-q']);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/cli\.yaml:\d+: \/(trail|organization|accounts)/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(await readdir(box)).toEqual([]);
    } finally {
      await removeDir(box);
    }
  });

  it('accepts safe prefixes, buckets and trail names', async () => {
    const file = join(dir, 'ok.yaml');
    for (const trail of [', prefix: "audit/cloudtrail-logs/x.y_(1)!"', ', prefix: "..a/b..", bucket: "my.trail-logs"', ', bucket: "a-b.c1"']) {
      await writeFile(file, scenario(trail));
      await expect(loadScenario(file), trail).resolves.toBeTruthy();
    }
  });
});

describe('AtomicWriter', () => {
  it('refuses a key that resolves outside its root, and writes nothing', async () => {
    const box = await tempDir();
    try {
      const root = join(box, 'root');
      await mkdir(root);
      const writer = new AtomicWriter(root);
      for (const key of ['../escape.json.gz', 'a/../../escape', '..', '.', 'a/..']) {
        await expect(writer.write(key, 'x'), key).rejects.toThrow(/outside the output directory/);
      }
      await writer.write('a/../inside.txt', 'x');
      expect(await listFiles(box)).toEqual([join('root', 'inside.txt')]);
    } finally {
      await removeDir(box);
    }
  });
});
