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

  it('rejects waitFor $j placed before the step that saves j (issue 22, item 17)', async () => {
    const found = await issues('      - waitFor: $j\n      - call: InitiateJob\n        vault: v1\n        save: j\n');
    expect(found).toEqual([{ path: '/scripts/0/steps/0/waitFor', message: expect.stringContaining('$j is used before the step that sets it'), line: 14 }]);
  });

  it('accepts a variable saved earlier, in an enclosing loop, or in a parallel branch before', async () => {
    expect(await issues([
      '      - call: InitiateJob', '        vault: v1', '        save: j',
      '      - parallel:', '          - [{ call: CreateVault, vault: v2, save: w }]', '          - [{ waitFor: $j }]',
      '      - call: DescribeVault', '        vault: $w',
      '      - forEach: vaults', '        as: each', '        do:', '          - call: DescribeVault', '            vault: $each',
      '',
    ].join('\n'))).toEqual([]);
  });

  it('rejects a variable saved only in a sibling parallel branch', async () => {
    const found = await issues('      - parallel:\n          - [{ call: CreateVault, vault: v2, save: w }]\n          - [{ call: DescribeVault, vault: $w }]\n');
    expect(found).toEqual([{ path: '/scripts/0/steps/0/parallel/1/0/vault', message: expect.stringContaining('used before'), line: 16 }]);
  });

  it('rejects an assumedBy cycle with the actor\'s pointer and line', async () => {
    const file = join(dir, 'cycle.yaml');
    await writeFile(file, BASE.replace('  - { name: u, account: a, type: IAMUser }\n', '  - { name: u, account: a, type: IAMUser }\n  - { name: r1, account: a, type: AssumedRole, assumedBy: r2 }\n  - { name: r2, account: a, type: AssumedRole, assumedBy: r1 }\n') + '      - call: ListVaults\n');
    const err = await loadScenario(file).catch((e: unknown) => e as ScenarioError);
    expect((err as ScenarioError).issues).toEqual([
      { path: '/actors/1/assumedBy', message: expect.stringContaining('r1 -> r2 -> r1'), line: 9 },
      { path: '/actors/2/assumedBy', message: expect.stringContaining('r2 -> r1 -> r2'), line: 10 },
    ]);
  });

  it('rejects a vault the scenario never creates, unless the step expects to fail (issue 15, item 5)', async () => {
    const found = await issues('      - call: DeleteVault\n        vault: typo\n      - call: DescribeVault\n        vault: gone\n        expect: failure\n      - call: DescribeVault\n        vault: gone\n        fail: ResourceNotFoundException\n      - call: CreateVault\n        vault: fresh\n      - call: DescribeVault\n        vault: fresh\n');
    expect(found).toEqual([{ path: '/scripts/0/steps/0/vault', message: expect.stringContaining('vault "typo" is never created in account "a" (named vaults: v1'), line: 15 }]);
    expect(found[0]!.message).toContain('expect: failure');
  });

  it('rejects expect on a step that is not a call, and expect: success with fail', async () => {
    const found = await issues('      - wait: 1m\n        expect: failure\n      - call: ListVaults\n        fail: AccessDeniedException\n        expect: success\n');
    expect(found.map((i) => i.path)).toEqual(['/scripts/0/steps/0/expect', '/scripts/0/steps/1/expect']);
  });

  it('rejects a script that starts after the scenario ends', async () => {
    const file = join(dir, 'late.yaml');
    await writeFile(file, BASE.replace('actor: u\n    steps', 'actor: u\n    at: +7h\n    steps') + '      - call: ListVaults\n');
    const err = await loadScenario(file).catch((e: unknown) => e as ScenarioError);
    expect((err as ScenarioError).issues).toEqual([{ path: '/scripts/0/at', message: expect.stringContaining('after the scenario ends (2025-01-01T06:00:00Z)'), line: 13 }]);
  });
});
