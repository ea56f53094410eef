// The field scanner (src/profile/fast-records.ts) against JSON.parse: the same values for every
// field profile reads, on every example's output and on every real record the repository holds,
// the same scenario and report from profile either way, and JSON.parse's path for anything unusual.
import { isAscii } from 'node:buffer';
import { readdir, readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFiles } from '../../src/api.js';
import { PROFILE_SPEC, scanRecord, scanRecords, type FieldSpec } from '../../src/profile/fast-records.js';
import { profileTrail, type ProfileResult } from '../../src/profile/index.js';
import { readTrail, type TrailVisitor } from '../../src/profile/read-trail.js';

const EXAMPLES = join(import.meta.dirname, '../../examples');
/** Real records (see test/fixtures/real-cloudtrail/SOURCES.md). */
const REAL = join(import.meta.dirname, '../fixtures/real-cloudtrail');

/** What JSON.parse gives, cut to PROFILE_SPEC: the listed keys of objects, any other value whole. */
function project(r: unknown, spec: FieldSpec = PROFILE_SPEC): unknown {
  if (r === null || typeof r !== 'object' || Array.isArray(r)) return r;
  const out: Record<string, unknown> = {};
  for (const [k, sub] of Object.entries(spec)) {
    if (!Object.hasOwn(r, k)) continue;
    const v = (r as Record<string, unknown>)[k];
    out[k] = typeof sub === 'object' ? project(v, sub) : v;
  }
  return out;
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(join(e.parentPath, e.name));
  return out.sort();
}

/** profile's outcome, or its error's message and report when there is nothing to model. */
async function outcome(paths: string[], profileFields: boolean, jobs = 1): Promise<ProfileResult | { error: string; report: unknown }> {
  try {
    return await profileTrail(paths, { profileFields, jobs, seed: 3 });
  } catch (err) {
    return { error: (err as Error).message, report: (err as { report?: unknown }).report };
  }
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'trailsmith-fast-records-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('on every example scenario', async () => {
  const examples = (await readdir(EXAMPLES)).filter((f) => f.endsWith('.scenario.yaml'));
  it.each(examples)('%s: every record scans to what JSON.parse gives, and profile is the same', async (example) => {
    const out = join(work, example);
    await generateFiles(join(EXAMPLES, example), { out, records: 1500, workers: 1, gzipLevel: 1 });
    let records = 0;
    for (const f of (await filesUnder(out)).filter((p) => p.endsWith('.json.gz') && !p.includes('CloudTrail-Digest'))) {
      const bytes = gunzipSync(await readFile(f));
      const scanned = scanRecords(bytes, isAscii(bytes));
      const parsed = (JSON.parse(bytes.toString('utf8')) as { Records: unknown[] }).Records;
      expect(scanned).toEqual(parsed.map((r) => project(r)));
      records += parsed.length;
    }
    expect(records).toBe(1500);
    expect(await outcome([out], true)).toEqual(await outcome([out], false));
  }, 60_000);
});

describe('on the real records', async () => {
  const files = (await readdir(REAL)).filter((f) => f.endsWith('.ndjson'));
  it.each(files)('%s: each line, and the lines as one log file, scan to what JSON.parse gives', async (name) => {
    const lines = (await readFile(join(REAL, name), 'utf8')).split('\n').filter((l) => l.trim());
    for (const line of lines) {
      const bytes = Buffer.from(line);
      expect(scanRecord(bytes, isAscii(bytes))).toEqual(project(JSON.parse(line)));
    }
    for (const doc of [`{"Records":[${lines.join(',')}]}`, JSON.stringify({ Records: lines.map((l) => JSON.parse(l) as unknown) }, null, 2)]) {
      const bytes = Buffer.from(doc);
      expect(scanRecords(bytes, isAscii(bytes))).toEqual(lines.map((l) => project(JSON.parse(l))));
    }
  });

  it('profile gives the same scenario and report with the scanner and with JSON.parse', async () => {
    const fast = await outcome([REAL], true);
    expect('scenario' in fast).toBe(true);
    expect(fast).toEqual(await outcome([REAL], false));
    expect(await outcome([REAL], true, 2)).toEqual(fast);
  });
});

describe('anything unusual goes to JSON.parse', () => {
  const unusual: Array<[string, string]> = [
    ['a trailing comma', '{"Records":[{"eventTime":"2025-01-01T00:00:00Z",}]}'],
    ['a raw control character in a skipped string', '{"Records":[{"eventTime":"2025-01-01T00:00:00Z","eventID":"a\tb"}]}'],
    ['a bad escape in a skipped string', '{"Records":[{"eventTime":"2025-01-01T00:00:00Z","eventID":"a\\qb"}]}'],
    ['a malformed number', '{"Records":[{"eventTime":"2025-01-01T00:00:00Z","n":01}]}'],
    ['a number without digits after its point', '{"Records":[{"eventTime":"2025-01-01T00:00:00Z","n":1.}]}'],
    ['a number without exponent digits', '{"Records":[{"eventTime":"2025-01-01T00:00:00Z","n":-2e+}]}'],
    ['a malformed value in a skipped field of a projected object', '{"Records":[{"eventTime":"2025-01-01T00:00:00Z","userIdentity":{"sessionContext":{"webIdFederationData":{"x":[1,]}}}}]}'],
    ['a raw control character in a kept nested string', '{"Records":[{"eventTime":"2025-01-01T00:00:00Z","userIdentity":{"arn":"a\nb"}}]}'],
    ['an escaped key in a projected object', '{"Records":[{"eventTime":"2025-01-01T00:00:00Z","requestParameters":{"vault\\u004eame":"v"}}]}'],
    ['a misspelt literal', '{"Records":[{"eventTime":"2025-01-01T00:00:00Z","readOnly":ture}]}'],
    ['another top-level key', '{"Records":[],"More":1}'],
    ['an escaped key', '{"Records":[{"event\\u0054ime":"2025-01-01T00:00:00Z"}]}'],
    ['__proto__ in a kept object', '{"Records":[{"eventTime":"2025-01-01T00:00:00Z","userIdentity":{"__proto__":{"type":"Root"}}}]}'],
    ['text after the document', '{"Records":[]} x'],
    ['a truncated document', '{"Records":[{"eventTime":"2025-01-01T00:00:00Z"'],
  ];
  it.each(unusual)('%s: the scanner declines it', (_why, doc) => {
    expect(scanRecords(Buffer.from(doc), true)).toBeUndefined();
  });

  it('interned strings: values alike at both ends and of one length stay distinct', () => {
    // The intern cache hashes the length and 8 bytes at each end (fast-records.ts stringAt).
    const agents = ['aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64', 'aws-cli/2.15.0 Python/3.11.7 Linux/6.1 exe/x86_64', 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64'];
    const doc = JSON.stringify({ Records: agents.map((userAgent, i) => ({ eventTime: `2025-01-01T00:00:0${i}Z`, userAgent, requestID: 'x' })) });
    const once = scanRecords(Buffer.from(doc), true) as Array<{ userAgent: string }>;
    expect(once.map((r) => r.userAgent)).toEqual(agents);
    const again = scanRecords(Buffer.from(doc), true) as Array<{ userAgent: string }>;
    expect(again).toEqual(once);
  });

  it('and readTrail counts and words those documents as it does without the scanner', async () => {
    const dir = join(work, 'unusual');
    await rm(dir, { recursive: true, force: true });
    const { mkdir } = await import('node:fs/promises');
    await mkdir(dir, { recursive: true });
    for (const [i, [, doc]] of unusual.entries()) await writeFile(join(dir, `f${i}.json`), doc);
    // Kept, escaped and odd values the scanner does take.
    await writeFile(join(dir, 'ok.json'), '{ "Records" : [ {"eventTime":"2025-01-01T00:00:00Z","eventName":"Describe\\u0056ault","userAgent":"caf\u00e9 \\"x\\"","requestParameters":{"skipped":{"n":-0.5E+2,"s":"\\u00e9"},"vaultName":{"n":-1.5e3,"a":[true,false,null]}}}, 7 ] }\n');
    const seen = (profileFields: boolean): Promise<{ records: unknown[]; summary: unknown }> => {
      const records: unknown[] = [];
      const visitor: TrailVisitor = { record: (r) => records.push(project(r)) };
      return readTrail([dir], visitor, { profileFields }).then((summary) => ({ records, summary }));
    };
    const fast = await seen(true);
    expect(fast).toEqual(await seen(false));
    expect(fast.records).toContainEqual({ eventTime: '2025-01-01T00:00:00Z', eventName: 'DescribeVault', userAgent: 'caf\u00e9 "x"', requestParameters: { vaultName: { n: -1500, a: [true, false, null] } } });
  });
});
