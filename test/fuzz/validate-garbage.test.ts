/**
 * Fuzz: garbage into `validate` and `verify` (issue 20 item 2, issue 22 items 7-12). Whatever
 * the bytes, each bad file is a per-file (or per-record) error with a message, never an
 * exception; the CLI exits with a documented code (1 invalid data, 2 unreadable input), prints
 * no stack; memory stays bounded.
 *
 * Seeded and bounded: TRAILSMITH_FUZZ_SEED=<n> replays a run (the seed is printed), and
 * TRAILSMITH_FUZZ_RUNS=<n> sets the cases per property (default 25; long campaigns use more).
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFiles, verifyTree } from '../../src/index.js';
import { validateFile, validatePaths } from '../../src/validate/index.js';
import { runCli } from '../helpers/cli.js';
import { listFiles, removeDir, tempDir } from '../helpers/tree.js';

const SEED = Number(process.env.TRAILSMITH_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.TRAILSMITH_FUZZ_RUNS ?? 25);
console.log(`validate-garbage fuzz: seed ${SEED}, ${RUNS} runs per property (replay: TRAILSMITH_FUZZ_SEED=${SEED})`);
const params = { seed: SEED, numRuns: RUNS, endOnFailure: true };

const TINY = new URL('../fixtures/scenarios/tiny.scenario.yaml', import.meta.url).pathname;

/** A valid record, as the generator writes it (taken from a generated tree in beforeAll). */
let record: Record<string, unknown> = {};
let dir = '';
let signed = '';
let n = 0;
beforeAll(async () => {
  dir = await tempDir('trailsmith-fuzz-validate-');
  signed = join(dir, 'signed');
  await generateFiles(TINY, { out: signed, seed: 3, digest: true, force: true });
  const logs = (await listFiles(signed)).filter((f) => f.includes('/CloudTrail/') && f.endsWith('.json.gz'));
  const { gunzipSync } = await import('node:zlib');
  record = (JSON.parse(gunzipSync(await readFile(join(signed, logs[0]!))).toString('utf8')) as { Records: Array<Record<string, unknown>> }).Records[0]!;
});
afterAll(() => removeDir(dir));

async function put(name: string, body: Buffer): Promise<string> {
  const path = join(dir, 'cases', `${n++}`, name);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, body);
  return path;
}

const logText = (records: unknown[]): string => JSON.stringify({ Records: records });

/** A gzip file of `mib` MiB of spaces (about 1,000:1), compressed once per size: compressing is the slow part. */
const bombs = new Map<number, Buffer>();
function bomb(mib: number): Buffer {
  let b = bombs.get(mib);
  if (!b) bombs.set(mib, (b = gzipSync(Buffer.alloc(mib * 1024 * 1024, 0x20), { level: 9 })));
  return b;
}

/** Per-test time: the default 60 s is for 25 runs on a loaded 2-core machine; more runs, more time. */
const TIME = Math.max(60_000, RUNS * 3_000);

/** Each kind of garbage the issues list, built from fast-check's random choices. */
type Garbage = { kind: string; name: string; body: Buffer; message: RegExp };
const garbage = (): fc.Arbitrary<Garbage> => fc.oneof(
  fc.record({ depth: fc.integer({ min: 129, max: 400_000 }), open: fc.constantFrom('[', '{"a":', '{"Records":[') }).map(({ depth, open }) => ({
    kind: 'deep nesting', name: 'deep.json', body: Buffer.from(open.repeat(depth)), message: /nested more than 128 levels deep/,
  })),
  fc.integer({ min: 20, max: 2000 }).map((cut) => {
    const gz = gzipSync(logText(Array(40).fill(record)));
    return { kind: 'truncated gzip', name: 'cut.json.gz', body: gz.subarray(0, Math.min(cut, gz.length - 1)), message: /truncated gzip|corrupt gzip/ };
  }),
  fc.integer({ min: 2, max: 5 }).map((members) => ({
    kind: 'concatenated gzip', name: 'multi.json.gz', body: Buffer.concat(Array.from({ length: members }, (_, i) => gzipSync(i === 0 ? logText([record]) : ''))), message: /more than one gzip member/,
  })),
  fc.constantFrom(65, 96, 200).map((mib) => ({
    kind: 'gzip bomb', name: 'bomb.json.gz', body: bomb(mib), message: /decompresses to more than the 64 MiB limit/,
  })),
  fc.constantFrom([0xc3, 0x28], [0x80], [0xff], [0xe2, 0x82], [0xed, 0xa0, 0x80]).map((bad) => {
    // Invalid UTF-8 (a bad continuation, a lone continuation byte, 0xff, a truncated sequence, a
    // surrogate) inside a string value.
    const bytes = Buffer.from(logText([{ ...record, userAgent: 'X' }]));
    const at = bytes.indexOf('"X"') + 1;
    return { kind: 'invalid UTF-8', name: 'utf8.json', body: Buffer.concat([bytes.subarray(0, at), Buffer.from(bad), bytes.subarray(at + 1)]), message: /not UTF-8/ };
  }),
  fc.integer({ min: 0, max: 200 }).map((at) => {
    const text = logText([record]);
    const i = Math.min(at, text.length - 1);
    return { kind: 'NUL byte', name: 'nul.json', body: Buffer.concat([Buffer.from(text.slice(0, i)), Buffer.from([0]), Buffer.from(text.slice(i))]), message: /invalid JSON|not UTF-8|binary/ };
  }),
  fc.constantFrom('eventName', 'eventTime', 'userIdentity', 'Records').map((key) => {
    const text = key === 'Records' ? `{"Records":[${JSON.stringify(record)}],"Records":[]}` : `{"Records":[${JSON.stringify({ ...record, [key]: record[key] }).replace(`"${key}":`, `"${key}":${JSON.stringify(record[key])},"${key}":`)}]}`;
    return { kind: 'duplicate key', name: 'dup.json', body: Buffer.from(text), message: new RegExp(`duplicate key "${key}"`) };
  }),
  fc.constantFrom('[]', '"Records"', 'null', '7', '{"Records":5}', '{"Records":{}}', '{"records":[]}', '{"Records":[],"extra":1}').map((text) => ({
    kind: 'wrong envelope', name: 'envelope.json', body: Buffer.from(text), message: /log file|Records|unexpected key/,
  })),
);

describe('validate on garbage (fast-check)', () => {
  it('random bytes under any CloudTrail name: a result, never an exception', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), fc.constantFrom('x.json', 'x.json.gz', 'x.ndjson', 'x.ndjson.gz', 'x.bin'), async (bytes, name) => {
      const r = await validateFile(await put(name, Buffer.from(bytes)));
      expect(r.unreadable).toBe(false);
      // Invalid exactly when something was reported; every report has a message.
      expect(r.valid).toBe(r.errors.length === 0 && r.invalidRecords === 0);
      for (const e of [...r.errors, ...r.reports.flatMap((x) => x.errors)]) expect(e.message.length).toBeGreaterThan(5);
    }), params);
  }, TIME);

  it('each kind of garbage is an error that says what is wrong', async () => {
    await fc.assert(fc.asyncProperty(garbage(), async (g) => {
      const r = await validateFile(await put(g.name, g.body));
      expect(r.valid, g.kind).toBe(false);
      const said = [...r.errors, ...r.reports.flatMap((x) => x.errors)].map((e) => `${e.path} ${e.message}`).join('\n');
      expect(said, g.kind).toMatch(g.message);
    }), { ...params, numRuns: Math.max(RUNS, 16) });
  }, TIME);

  it('the CLI exits 1 on garbage, with one line per problem and no stack', async () => {
    await fc.assert(fc.asyncProperty(garbage(), async (g) => {
      const path = await put(g.name, g.body);
      const run = await runCli(['validate', path]);
      expect(run.code, g.kind).toBe(1);
      expect(run.stdout + run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(run.stdout).toMatch(/\nFAIL: 1 file/);
    }), { ...params, numRuns: Math.min(RUNS, 12) });
  }, TIME);

  it('huge lines past the line cap are one record error each, the rest still validated', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 3 }), async (huge, good) => {
      const lines = [...Array(good).fill(JSON.stringify(record)), ...Array(huge).fill('x'.repeat(70_000))];
      const r = await validateFile(await put('lines.ndjson', Buffer.from(lines.join('\n'))), { maxLineBytes: 65_536 });
      expect(r).toMatchObject({ records: good + huge, validRecords: good, invalidRecords: huge });
    }), params);
  }, TIME);

  it('symlink loops and symlinks to directories are per-file errors (exit 2: unreadable), not hangs', async () => {
    const root = join(dir, 'links');
    await mkdir(root, { recursive: true });
    await symlink('self.json', join(root, 'self.json'));
    await symlink('.', join(root, 'dir.json'));
    await writeFile(join(root, 'ok.json'), logText([record]));
    const seen: string[] = [];
    const s = await validatePaths([root], { onFile: (f) => seen.push(`${f.file.slice(root.length + 1)} ${f.unreadable} ${f.errors[0]?.message ?? ''}`) });
    expect(s).toMatchObject({ files: 3, valid: 1, unreadableFiles: 2 });
    expect(seen.join('\n')).toMatch(/dir\.json true cannot read: .*EISDIR/);
    expect(seen.join('\n')).toMatch(/self\.json true cannot read: .*ELOOP/);
    expect((await runCli(['validate', root])).code).toBe(2);
  });

  it('a FIFO with a writer is read like any file: garbage through it is an error', async () => {
    const fifo = join(dir, 'pipe.json');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      return; // no mkfifo here: nothing to test
    }
    const writer = (async () => {
      const { open } = await import('node:fs/promises');
      const h = await open(fifo, 'w');
      await h.write('{"Records":[],"Records":[1]}');
      await h.close();
    })();
    const r = await validateFile(fifo);
    await writer;
    expect(r.valid).toBe(false);
    expect(r.errors.map((e) => e.message).join()).toMatch(/duplicate key "Records"/);
  });
});

describe('verify on garbage (fast-check)', () => {
  it('garbage in place of a log file or a digest is a problem of that file, never an exception', async () => {
    const keys = await listFiles(signed);
    const logs = keys.filter((f) => f.includes('/CloudTrail/') && f.endsWith('.json.gz'));
    const digests = keys.filter((f) => f.includes('/CloudTrail-Digest/') && f.endsWith('.json.gz'));
    await fc.assert(fc.asyncProperty(garbage(), fc.boolean(), fc.nat(), async (g, inDigest, pick) => {
      const copy = join(dir, 'verify', `${n++}`);
      await cp(signed, copy, { recursive: true });
      const list = inDigest ? digests : logs;
      const key = list[pick % list.length]!;
      await writeFile(join(copy, key), g.body);
      const report = await verifyTree(copy);
      expect(report.ok, g.kind).toBe(false);
      expect(report.problems.some((p) => p.file === key), `${g.kind} in ${key}: ${JSON.stringify(report.problems.slice(0, 3))}`).toBe(true);
      const before = process.memoryUsage().rss;
      const run = await runCli(['verify', copy]);
      expect(run.code, g.kind).toBe(1);
      expect(run.stdout + run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(process.memoryUsage().rss - before).toBeLessThan(512 * 1024 * 1024);
      await removeDir(copy);
    }), { ...params, numRuns: Math.min(RUNS, 6) });
  }, TIME);
});
