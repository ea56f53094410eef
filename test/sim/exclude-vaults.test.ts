/**
 * `activities[].excludeVaults` keeps background activity (and its follow-ups) away from named
 * vaults, and a scripted call that fails because of the world's state is reported unless its step
 * asked for the failure (issue 15, item 5 as assigned to item 2).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { generateFiles, generateRecords, loadScenario } from '../../src/index.js';
import type { Scenario } from '../../src/scenario/types.js';
import { runCli } from '../helpers/cli.js';
import { removeDir, tempDir } from '../helpers/tree.js';

const CI = new URL('../../examples/ci-fixture.scenario.yaml', import.meta.url).pathname;
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map(removeDir)));

/** The CI fixture with busy background activity over every operation that names a vault, with or without the exclusion. */
async function fixture(exclude: boolean, mix: Scenario['activities'][number]['mix'] = 'everything'): Promise<Scenario> {
  const { scenario } = await loadScenario(CI);
  const copy = structuredClone(scenario);
  copy.activities = [{ actor: 'app', rate: '600/hour', mix, ...(exclude ? { excludeVaults: ['to-be-deleted'] } : {}) }];
  return copy;
}

describe('excludeVaults', () => {
  it('keeps every background call away from the excluded vault, while the script still reaches it', async () => {
    const touched = async (exclude: boolean): Promise<{ background: number; scripted: number }> => {
      let background = 0;
      let scripted = 0;
      for await (const r of generateRecords(await fixture(exclude), { seed: 4 })) {
        const params = r.requestParameters as { vaultName?: string } | null;
        if (params?.vaultName !== 'to-be-deleted') continue;
        if ((r.userIdentity as { userName?: string }).userName === 'contractor') scripted++;
        else background++;
      }
      return { background, scripted };
    };
    const without = await touched(false);
    expect(without.background).toBeGreaterThan(10);
    const withIt = await touched(true);
    expect(withIt.background).toBe(0);
    expect(withIt.scripted).toBe(2);
  });

  it('rejects a vault name that is not one', async () => {
    const s = await fixture(true);
    s.activities[0]!.excludeVaults = ['no/slashes'];
    await expect(loadScenario(s)).rejects.toThrow(/excludeVaults\/0/);
  });
});

/** Uploads into every vault but never deletes one: with 'everything' the app may delete the vault itself (its permissions follow its mix). */
const WRITER = { UploadArchive: 3, DescribeVault: 2, ListVaults: 1 };

describe('warnings for scripted calls the world refuses', () => {
  it('reports the DeleteVault of a non-empty vault with its step, time and error, on stderr', async () => {
    const out = await tempDir();
    dirs.push(out);
    const result = await generateFiles(await fixture(false, WRITER), { out, seed: 4, workers: 0 });
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/^warning: scripted step unexpected-delete\/2 \(DeleteVault at 2025-08-05T10:1\d:\d\dZ\) failed with InvalidParameterValueException: Vault not empty .*excludeVaults.*fail: InvalidParameterValueException/);
  });

  it('stays silent when the step asks for the failure, and when nothing fails', async () => {
    const s = await fixture(false, WRITER);
    const steps = s.scripts![0]!.steps as Array<Record<string, unknown>>;
    steps[2]!.fail = 'InvalidParameterValueException';
    const out = await tempDir();
    dirs.push(out);
    expect((await generateFiles(s, { out, seed: 4, workers: 0 })).warnings).toEqual([]);
    const cli = await runCli(['generate', CI, '-o', `${out}-cli`, '-q']);
    dirs.push(`${out}-cli`);
    expect(cli.code).toBe(0);
    expect(cli.stderr).toBe('');
  });

  it('prints the warning on stderr from the CLI, NDJSON included', async () => {
    const dir = await tempDir();
    dirs.push(dir);
    const file = `${dir}/s.json`;
    await (await import('node:fs/promises')).writeFile(file, JSON.stringify(await fixture(false, WRITER)));
    const run = await runCli(['generate', file, '-s', '4', '-f', 'ndjson', '-o', `${dir}/r.ndjson`, '-q']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^trailsmith: warning: scripted step unexpected-delete\/2 \(DeleteVault/);
  });
});
