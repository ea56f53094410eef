import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { generateFiles, generateRecordLines } from '../../src/api.js';
import { loadScenario } from '../../src/scenario/load.js';
import { profileScenario } from '../../src/profile/index.js';
import { identifiers, leaks } from './identifiers.js';

const EXAMPLES = join(import.meta.dirname, '../../examples');
/** Every real record the repository holds (test/fixtures/real-cloudtrail, see its SOURCES.md). */
const REAL = join(import.meta.dirname, '../fixtures/real-cloudtrail');
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'trailsmith-privacy-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('profile keeps the input out of the scenario', () => {
  it('for the real records: no identifier of any record appears', async () => {
    const values = new Set<string>();
    for (const f of (await readdir(REAL)).filter((n) => n.endsWith('.ndjson'))) {
      for (const l of (await readFile(join(REAL, f), 'utf8')).split('\n').filter(Boolean)) identifiers(JSON.parse(l), values);
    }
    expect(values.size).toBeGreaterThan(50);
    const scenario = await profileScenario([REAL]);
    expect(leaks(stringify(scenario), values)).toEqual([]);
    // The checker finds names when they are kept (so an empty list above means something).
    const kept = await profileScenario([REAL], { keepNames: true, keepIds: true });
    expect(leaks(stringify(kept), values).length).toBeGreaterThan(0);
  });

  it('for every example: no identifier of the generated records appears', async () => {
    const examples = (await readdir(EXAMPLES)).filter((f) => f.endsWith('.scenario.yaml'));
    expect(examples.length).toBeGreaterThanOrEqual(9);
    for (const example of examples) {
      const file = join(work, `${example}.ndjson`);
      const values = new Set<string>();
      const lines: string[] = [];
      for await (const line of generateRecordLines(join(EXAMPLES, example), { records: 3000 })) {
        lines.push(line);
        identifiers(JSON.parse(line), values);
      }
      await writeFile(file, `${lines.join('\n')}\n`);
      const { scenario: source } = await loadScenario(join(EXAMPLES, example));
      // Names the scenario itself gave (vault names, org ID, bucket) are input data too.
      for (const a of source.accounts) for (const v of a.vaults ?? []) if (v.name) values.add(v.name);
      if (source.organization) values.add(source.organization.id);
      const text = stringify(await profileScenario([file]));
      expect({ example, leaks: leaks(text, values) }).toEqual({ example, leaks: [] });
    }
  });

  it('for an organization trail: the org ID and account folders stay out', async () => {
    const out = join(work, 'org');
    await generateFiles(join(EXAMPLES, 'multi-account-org.scenario.yaml'), { out, records: 3000 });
    const { scenario: source } = await loadScenario(join(EXAMPLES, 'multi-account-org.scenario.yaml'));
    const scenario = await profileScenario([out]);
    const text = stringify(scenario);
    expect(scenario.organization?.id).toMatch(/^o-[a-z0-9]{10}$/);
    expect(text).not.toContain(source.organization!.id);
    const accountDirs = await readdir(join(out, 'AWSLogs', source.organization!.id));
    expect(accountDirs.length).toBeGreaterThanOrEqual(2);
    expect(leaks(text, accountDirs)).toEqual([]);
    const kept = await profileScenario([out], { keepIds: true });
    expect(kept.organization?.id).toBe(source.organization!.id);
    expect(kept.accounts.map((a) => a.id).sort()).toEqual([...accountDirs].sort());
  });
});
