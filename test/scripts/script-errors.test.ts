/** Script validation errors name the step by JSON pointer and line. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario, ScenarioError } from '../../src/index.js';
import { removeDir, tempDir } from '../helpers/tree.js';

const BASE = `start: 2025-01-01T00:00:00Z
duration: 6h
trail: { name: trail, homeRegion: us-east-1 }
accounts:
  - { name: a, regions: [us-east-1], vaults: [{ name: v1 }] }
  - { name: b, regions: [eu-west-1] }
actors:
  - { name: u, account: a, type: IAMUser }
activities: []
scripts:
  - name: s
    actor: u
    steps:
`;

let dir = '';
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => removeDir(dir));

async function issues(steps: string): Promise<ScenarioError['issues']> {
  const file = join(dir, `s${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, BASE + steps);
  try {
    await loadScenario(file);
  } catch (err) {
    return (err as ScenarioError).issues;
  }
  return [];
}

describe('script validation', () => {
  it('accepts a valid script', async () => {
    expect(await issues('      - call: ListVaults\n      - wait: 5m\n      - call: DeleteVault\n        vault: v1\n')).toEqual([]);
  });

  it('names an unset variable with the step path and line', async () => {
    const found = await issues('      - call: ListVaults\n      - call: GetJobOutput\n        vault: v1\n        job: $inv\n');
    expect(found).toEqual([{ path: '/scripts/0/steps/1/job', message: expect.stringContaining('variable $inv is never set'), line: 17 }]);
  });

  it('rejects a vault name Glacier would not accept (it would also break the record JSON)', async () => {
    const found = await issues('      - call: CreateVault\n        vault: \'a"b\'\n      - call: DescribeVault\n        vault: $v\n      - call: DescribeVault\n        vault: "*"\n');
    expect(found).toEqual([
      { path: '/scripts/0/steps/0/vault', message: expect.stringContaining('is not a valid vault name'), line: 15 },
      { path: '/scripts/0/steps/1/vault', message: expect.stringContaining('variable $v is never set'), line: 17 },
    ]);
  });

  it('rejects a cross-account call to an account without the region', async () => {
    const found = await issues('      - call: DescribeVault\n        account: b\n        vault: x\n');
    expect(found[0]).toMatchObject({ path: '/scripts/0/steps/0/account', line: 15 });
    expect(found[0]!.message).toContain('has no region us-east-1');
  });

  it('rejects an unknown actor, a bad start and a forEach without do', async () => {
    const text = BASE.replace('actor: u\n    steps', 'actor: nobody\n    at: tomorrow\n    steps');
    const file = join(dir, 'multi.yaml');
    await writeFile(file, text + '      - forEach: vaults\n');
    const err = await loadScenario(file).catch((e: unknown) => e as ScenarioError);
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).issues.map((i) => i.path)).toContain('/scripts/0/actor');
  });

  it('rejects a step with two actions', async () => {
    const found = await issues('      - call: ListVaults\n        wait: 5m\n');
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]!.path).toBe('/scripts/0/steps/0');
  });
});
