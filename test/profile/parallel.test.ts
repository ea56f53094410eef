import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { generateFiles } from '../../src/api.js';
import { profileTrail } from '../../src/profile/index.js';

let work: string | undefined;
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

it('gives the same scenario on 1 and 3 worker threads (files split by account and region)', async () => {
  work = await mkdtemp(join(tmpdir(), 'trailsmith-profile-jobs-'));
  const out = join(work, 'tree');
  await generateFiles(join(import.meta.dirname, '../../examples/multi-account-org.scenario.yaml'), { out, records: 6000, workers: 1, gzipLevel: 1 });
  const one = await profileTrail([out], { jobs: 1 });
  const three = await profileTrail([out], { jobs: 3 });
  expect(three.scenario).toEqual(one.scenario);
  expect(three.report.followUps).toBe(one.report.followUps);
  expect(three.report.read.records).toBe(6000);
  // The org trail's follow-ups were recognised on the workers too (they need a unit's files in order).
  expect(three.report.followUps).toBeGreaterThan(100);
});
