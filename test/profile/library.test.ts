import { join } from 'node:path';
import { expect, it } from 'vitest';
import { compareRecords, generateRecords, loadScenario, profileScenario, type GeneratedRecord } from '../../src/index.js';

const REAL = join(import.meta.dirname, '../fixtures/profile/real-sample.ndjson');

it('exports profileScenario (a scenario that loads and generates) and compareRecords (the report)', async () => {
  const scenario = await profileScenario(REAL);
  await expect(loadScenario(scenario)).resolves.toBeDefined();
  expect(scenario.activities.length).toBeGreaterThan(0);
  const twin: GeneratedRecord[] = [];
  for await (const r of generateRecords(scenario, { records: 10 })) twin.push(r);
  expect(twin).toHaveLength(10);
  const report = await compareRecords(REAL, twin);
  expect(report.a.records).toBe(23);
  expect(report.b.records).toBe(10);
  expect(report.metrics.map((m) => m.id)).toContain('operations');
});
