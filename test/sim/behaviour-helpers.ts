/**
 * Runs every example (and the tiny fixture) with its own seed and random seeds, for the
 * behaviour tests: records parsed, in time order. Random seeds are printed so a failure can
 * be replayed (`--seed`, or BEHAVIOUR_SEEDS for these tests).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateRecordLines } from '../../src/index.js';

export interface Rec {
  eventTime: string;
  eventName: string;
  eventSource: string;
  awsRegion: string;
  recipientAccountId: string;
  sourceIPAddress: string;
  userAgent: string;
  userIdentity: { arn?: string; accessKeyId?: string; type: string; invokedBy?: string; principalId?: string };
  errorCode?: string;
  errorMessage?: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  sharedEventID?: string;
}

export interface Run {
  name: string;
  seed: number | undefined;
  records: Rec[];
  start: number;
  end: number;
}

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;
const TINY = new URL('../fixtures/scenarios/tiny.scenario.yaml', import.meta.url).pathname;

export function scenarioPaths(): Array<[string, string]> {
  const names = readdirSync(EXAMPLES).filter((f) => f.endsWith('.scenario.yaml')).sort();
  return [...names.map((f): [string, string] => [f.replace('.scenario.yaml', ''), join(EXAMPLES, f)]), ['tiny', TINY]];
}

/** Seeds: each scenario's own, plus `extra` random ones (printed). */
export function randomSeeds(extra: number): number[] {
  // Replay: BEHAVIOUR_SEEDS=516154504,665706206 npx vitest run test/sim
  if (process.env.BEHAVIOUR_SEEDS) return process.env.BEHAVIOUR_SEEDS.split(',').map(Number);
  const seeds: number[] = [];
  // Test-side randomness: which seeds to try, never inside the generator.
  for (let i = 0; i < extra; i++) seeds.push(Math.floor(Math.random() * 1e9));
  if (seeds.length) console.log(`behaviour tests: random seeds ${seeds.join(', ')}`);
  return seeds;
}

export async function runScenario(name: string, path: string, seed: number | undefined): Promise<Run> {
  const records: Rec[] = [];
  for await (const line of generateRecordLines(path, seed === undefined ? {} : { seed })) records.push(JSON.parse(line) as Rec);
  records.sort((a, b) => (a.eventTime < b.eventTime ? -1 : a.eventTime > b.eventTime ? 1 : 0));
  const times = records.map((r) => Date.parse(r.eventTime) / 1000);
  return { name, seed, records, start: Math.min(...times), end: Math.max(...times) };
}

export const seconds = (r: Rec): number => Date.parse(r.eventTime) / 1000;

export const glacier = (r: Rec): boolean => r.eventSource === 'glacier.amazonaws.com';

export const principal = (r: Rec): string => r.userIdentity.arn ?? r.userIdentity.invokedBy ?? r.userIdentity.type;

/** Every example at its own seed and at `extra` random seeds: the corpus each behaviour test checks. */
export async function exampleRuns(extra: number): Promise<Run[]> {
  const seeds = randomSeeds(extra);
  const runs: Run[] = [];
  for (const [name, path] of scenarioPaths()) {
    runs.push(await runScenario(name, path, undefined));
    for (const seed of seeds) runs.push(await runScenario(name, path, seed));
  }
  return runs;
}
