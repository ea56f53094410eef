/**
 * Key injection fuzz (issues 20 and 21): names and prefixes holding `/`, `..`, `%2f`, newlines,
 * NUL and other hostile fragments, in every scenario value that could reach a key or a path.
 * Either the loader refuses the scenario (exit 2, nothing written anywhere), or every file is
 * written under --out with a key CloudTrail could have written, and the tree validates.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../helpers/tree.js';
import { checkProperty, fuzzTimeout, expectMemoryBelow, expectNoPartials, filesUnder, fuzzParams, hostileString, runCliChecked, sandbox } from './helpers.js';

interface Target {
  /** Where the string goes; `set` also updates references to it. */
  name: string;
  set: (s: Record<string, any>, value: string) => void; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const TARGETS: Target[] = [
  { name: 'trail.prefix', set: (s, v) => void (s.trail.prefix = v) },
  { name: 'trail.name', set: (s, v) => void (s.trail.name = v) },
  { name: 'trail.bucket', set: (s, v) => void (s.trail.bucket = v) },
  { name: 'organization.id', set: (s, v) => void (s.organization = { id: v }) },
  { name: 'account id', set: (s, v) => void (s.accounts[0].id = v) },
  { name: 'account name', set: (s, v) => {
    s.accounts[0].name = v;
    s.actors[0].account = v;
  } },
  { name: 'vault name', set: (s, v) => {
    s.accounts[0].vaults[0].name = v;
    s.scripts[0].steps[0].vault = v;
  } },
  { name: 'actor name', set: (s, v) => {
    s.actors[0].name = v;
    s.activities[0].actor = v;
    s.scripts[0].actor = v;
  } },
  { name: 'userName', set: (s, v) => void (s.actors[0].userName = v) },
  { name: 'scenario name', set: (s, v) => void (s.name = v) },
  { name: 'script name', set: (s, v) => void (s.scripts[0].name = v) },
  { name: 'script label', set: (s, v) => void (s.scripts[0].labels = [v]) },
  { name: 'step label', set: (s, v) => void (s.scripts[0].steps[0].label = v) },
];

function base(): Record<string, unknown> {
  return {
    seed: 1,
    start: '2025-01-01T00:00:00Z',
    duration: '2h',
    trail: { name: 'trail', homeRegion: 'us-east-1' },
    accounts: [{ name: 'a', regions: ['us-east-1'], vaults: [{ name: 'v1', archives: 3 }] }],
    actors: [{ name: 'u', account: 'a', type: 'IAMUser' }],
    activities: [{ actor: 'u', rate: '20/hour', mix: 'auditor' }],
    scripts: [{ name: 's', actor: 'u', at: '+30m', steps: [{ call: 'DescribeVault', vault: 'v1' }] }],
  };
}

/** Values that are sometimes valid (so accepted runs happen), sometimes hostile. */
const value = fc.oneof(
  { weight: 3, arbitrary: hostileString() },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9]{1,6}(\/[a-z0-9._()!'-]{1,6}){0,3}$/) },
  { weight: 1, arbitrary: fc.tuple(fc.stringMatching(/^[a-z0-9]{2,6}$/), hostileString({ maxFragments: 2 })).map(([a, b]) => a + b) },
);

const SAFE_SEGMENT = /^[A-Za-z0-9!_.'()-]+$/;
const LOG_KEY = /^AWSLogs\/(o-[a-z0-9]{10,32}\/)?\d{12}\/CloudTrail(-Digest)?\/[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d\/\d{4}\/\d{2}\/\d{2}\/\d{12}_CloudTrail(-Digest)?_[A-Za-z0-9_.-]+\.json\.gz(\.metadata\.json)?$/;

const params = fuzzParams('key-injection', 10);

let dir = '';
beforeAll(async () => {
  dir = await tempDir('trailsmith-fuzz-keys-');
});
afterAll(() => removeDir(dir));

describe('key injection fuzz', () => {
  it('hostile names and prefixes are refused, or stay under --out in keys CloudTrail could write', async () => {
    let n = 0;
    const outcomes = { generated: 0, rejected: 0 };
    await checkProperty('key-injection', params, fc.record({ target: fc.constantFrom(...TARGETS), value, digest: fc.boolean() }), async ({ target, value: v, digest }) => {
      const scenario = base();
      target.set(scenario, v);
      const file = join(dir, `case-${n++}.json`);
      await writeFile(file, JSON.stringify(scenario));
      const box = await sandbox();
      try {
        const run = await runCliChecked(['generate', file, '--out', box.out, '-w', '0', '-q', ...(digest ? ['--digest'] : [])]);
        expect([0, 2], `${target.name}=${JSON.stringify(v)}: exit ${run.code}\n${run.stderr}`).toContain(run.code);
        await box.expectNothingOutsideOut();
        await expectNoPartials(box.root);
        expectMemoryBelow(1 << 30);
        if (run.code === 2) {
          outcomes.rejected++;
          expect(await box.entries()).toEqual([]);
          return;
        }
        outcomes.generated++;
        const prefix = (scenario.trail as { prefix?: string }).prefix;
        for (const key of await filesUnder(box.out)) {
          if (key === 'labels.ndjson' || /^CloudTrail-PublicKeys\/[0-9a-f]+\.pem$/.test(key)) continue;
          for (const segment of key.split('/')) expect(segment, key).toMatch(SAFE_SEGMENT);
          const rest = prefix !== undefined ? key.slice(prefix.length + 1) : key;
          if (prefix !== undefined) expect(key.startsWith(`${prefix}/`), key).toBe(true);
          expect(rest, `${target.name}=${JSON.stringify(v)}`).toMatch(LOG_KEY);
        }
        const check = await runCliChecked(['validate', box.out, '-q']);
        expect(check.code, `${target.name}=${JSON.stringify(v)}: validate:\n${check.stdout}${check.stderr}`).toBe(0);
      } finally {
        await box.done();
      }
    });
    console.log(`fuzz key-injection: ${JSON.stringify(outcomes)}`);
  }, fuzzTimeout(params, 15000));
});
