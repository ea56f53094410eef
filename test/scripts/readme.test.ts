/** The README's scenario is real: it loads, checks and generates its labelled incident. */
import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { generateFiles } from '../../src/index.js';
import { removeDir, tempDir } from '../helpers/tree.js';

const README = new URL('../../README.md', import.meta.url).pathname;
let out = '';
afterAll(() => removeDir(out));

describe('README', () => {
  it("shows a scenario that generates, with the labels it promises", async () => {
    const text = await readFile(README, 'utf8');
    const yaml = /```yaml\n(# yaml-language-server[\s\S]*?)```/.exec(text)![1]!;
    const { parse } = await import('yaml');
    out = await tempDir();
    const result = await generateFiles(parse(yaml) as object as Parameters<typeof generateFiles>[0], { out, workers: 0 });
    expect(result.records).toBeGreaterThan(500);
    expect(result.labels).toBeGreaterThanOrEqual(4);
    expect(result.warnings).toEqual([]);
  });

  it('stays short: the first screen is for new users, the rest lives in docs/', async () => {
    const lines = (await readFile(README, 'utf8')).split('\n').length;
    expect(lines).toBeLessThan(352);
  });
});
