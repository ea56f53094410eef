/** S3 round trip through a real S3-compatible server (s3rver) on 127.0.0.1, driven by the CLI. */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { S3RVER_ENV, startS3rver, type LocalS3 } from '../helpers/s3rver.js';
import { listFiles, removeDir, tempDir } from '../helpers/tree.js';

const TINY = new URL('../fixtures/scenarios/tiny.scenario.yaml', import.meta.url).pathname;
/** Small, with labelled records (its incident) and, with --digest, digests. */
const CI = new URL('../../examples/ci-fixture.scenario.yaml', import.meta.url).pathname;
const DIGEST = 'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2025/03/04/111122223333_CloudTrail-Digest_us-east-1_trail_us-east-1_20250304T010203Z.json.gz';
const SIGNATURE = { signature: 'ab'.repeat(256), 'signature-algorithm': 'SHA256withRSA' };

let dir = '';
/** generate --digest output: the bucket root; our files are in `${tree}.trailsmith`. */
let tree = '';
/** A tree as versions before the sidecar wrote it: our files inside the root. */
let legacy = '';
let s3: LocalS3;
const savedEnv = { ...process.env };

beforeAll(async () => {
  dir = await tempDir();
  s3 = await startS3rver(dir, ['trail', 'other']);
  Object.assign(process.env, S3RVER_ENV, { AWS_ENDPOINT_URL_S3: s3.endpoint });
  tree = join(dir, 'tree');
  const gen = await runCli(['generate', CI, '--out', tree, '--digest', '-q']);
  expect(gen.code, gen.stderr).toBe(0);
  legacy = join(dir, 'legacy');
  expect((await runCli(['generate', TINY, '--out', legacy, '-n', '300', '-q'])).code).toBe(0);
  await mkdir(join(legacy, DIGEST, '..'), { recursive: true });
  await writeFile(join(legacy, DIGEST), gzipSync('{"awsAccountId":"111122223333"}'));
  await writeFile(join(legacy, `${DIGEST}.metadata.json`), JSON.stringify(SIGNATURE));
  await mkdir(join(legacy, 'CloudTrail-PublicKeys'), { recursive: true });
  await writeFile(join(legacy, 'CloudTrail-PublicKeys/0123abcd.pem'), '-----BEGIN RSA PUBLIC KEY-----\nMA==\n-----END RSA PUBLIC KEY-----\n');
  await writeFile(join(legacy, 'labels.ndjson'), '{"eventID":"x","labels":["a"]}\n');
});
afterAll(async () => {
  process.env = savedEnv;
  await s3?.close();
  await removeDir(dir);
});

async function getObject(bucket: string, key: string): Promise<{ body: Buffer; type?: string; encoding?: string; meta?: Record<string, string> }> {
  const r = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return { body: Buffer.from(await r.Body!.transformToByteArray()), type: r.ContentType, encoding: r.ContentEncoding, meta: r.Metadata };
}

/**
 * One unsigned ListObjectsV2 page. The SDK's signed path-style listing fails s3rver's signature
 * check (it signs `/bucket/`, s3rver checks `/bucket`; see pitfalls), and s3rver serves
 * anonymous requests, so the test lists with plain fetch.
 */
async function listKeys(bucket: string, prefix: string): Promise<string[]> {
  const xml = await (await fetch(`${s3.endpoint}/${bucket}?list-type=2&max-keys=1000&prefix=${encodeURIComponent(prefix)}`)).text();
  expect(xml).toContain('<IsTruncated>false</IsTruncated>');
  return [...xml.matchAll(/<Key>([^<]+)<\/Key>/g)].map((m) => m[1]!).sort();
}

async function exists(bucket: string, key: string): Promise<boolean> {
  try {
    await s3.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (err) {
    if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw err;
  }
}

describe('trailsmith upload', () => {
  it('puts exactly CloudTrail\'s objects in the bucket: the tree\'s files, digests signed through object metadata', async () => {
    const files = await listFiles(tree);
    // The bucket root holds only AWSLogs/: log and digest files, nothing of ours.
    expect(files.every((f) => /^AWSLogs\/\d{12}\/CloudTrail(-Digest)?\/.+\.json\.gz$/.test(f)), files.join('\n')).toBe(true);
    const digests = files.filter((f) => f.includes('/CloudTrail-Digest/'));
    expect(digests.length).toBeGreaterThan(0);
    const run = await runCli(['upload', tree, '--to', 's3://trail/p/']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^uploaded ${files.length} objects \\(.+, ${digests.length} with digest metadata\\) to s3://trail/p at http://127.0.0.1:\\d+ in [\\d.]+ s`));
    expect(await listKeys('trail', 'p/')).toEqual(files.map((k) => `p/${k}`).sort());
    for (const key of files) {
      const got = await getObject('trail', `p/${key}`);
      expect(got.body.equals(await readFile(join(tree, key))), key).toBe(true);
      expect([got.type, got.encoding]).toEqual(['application/json', 'gzip']);
      const expected = digests.includes(key) ? JSON.parse(await readFile(join(`${tree}.trailsmith`, 's3-metadata', `${key}.json`), 'utf8')) as Record<string, string> : {};
      expect(got.meta, key).toEqual(expected);
    }
    if (digests[0]) expect(Object.keys((await getObject('trail', `p/${digests[0]}`)).meta!).sort()).toEqual(['signature', 'signature-algorithm']);
  });

  it('uploads the labels only under --labels-key, from the sidecar', async () => {
    const run = await runCli(['upload', tree, '--to', 's3://other/l', '--labels-key', 'trailsmith/labels.ndjson', '--concurrency', '4']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('labels: uploaded as l/trailsmith/labels.ndjson');
    const labels = await readFile(join(`${tree}.trailsmith`, 'labels.ndjson'));
    expect((await getObject('other', 'l/trailsmith/labels.ndjson')).body.equals(labels)).toBe(true);
    expect((await listKeys('other', 'l/')).filter((k) => !k.startsWith('l/AWSLogs/'))).toEqual(['l/trailsmith/labels.ndjson']);
  });

  it.each([
    ['../../../x', 'segment ".."'], ['a/../../b', 'segment ".."'], ['./labels', 'segment "."'], ['/labels', 'must not start or end with /'],
    ['labels/', 'must not start or end with /'], ['a//b', 'empty segment'], ['', 'the key is empty'], ['a\u0007b', 'control character'],
    ['sp ace', 'character " "'], ['..%2f..', 'character "%"'], ['~', 'character "~"'], ['x'.repeat(1025), 'longer than 1024 bytes'],
    ['AWSLogs/111122223333/labels.ndjson', 'CloudTrail\'s namespace'],
  ])('rejects --labels-key %j (exit 2, nothing uploaded)', async (key, why) => {
    const run = await runCli(['upload', tree, '--to', 's3://other/unsafe', '--labels-key', key]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--labels-key');
    expect(run.stderr).toContain(why);
    expect(await listKeys('other', 'unsafe/')).toEqual([]);
  });

  it('rejects a --labels-key that is the key of an object of the tree', async () => {
    const { listTreeObjects } = await import('../../src/s3/index.js');
    const root = join(dir, 'collide');
    await mkdir(join(root, 'notes'), { recursive: true });
    await writeFile(join(root, 'notes', 'a.txt'), 'x');
    await expect(listTreeObjects(root, { labelsKey: 'notes/a.txt' })).rejects.toThrow(/already has an object with this key/);
  });

  it('rejects an unsafe --to prefix', async () => {
    for (const to of ['s3://trail/../x', 's3://trail/a/./b', 's3://trail/a b']) {
      const run = await runCli(['upload', tree, '--to', to]);
      expect(run.code, to).toBe(2);
      expect(run.stderr).toContain('unsafe prefix');
    }
  });

  it('still reads trees written before the sidecar: metadata beside the digest, our files in the root never uploaded', async () => {
    const run = await runCli(['upload', legacy, '--to', 's3://trail/legacy', '-q']);
    expect(run.code, run.stderr).toBe(0);
    const objects = (await listFiles(legacy)).filter((f) => f.startsWith('AWSLogs/') && !f.endsWith('.metadata.json'));
    expect(await listKeys('trail', 'legacy/')).toEqual(objects.map((k) => `legacy/${k}`).sort());
    expect((await getObject('trail', `legacy/${DIGEST}`)).meta).toEqual(SIGNATURE);
  });

  it('generate --to without --out goes through a temporary directory and says the labels were not kept', async () => {
    const run = await runCli(['generate', CI, '--seed', '9', '--to', 's3://trail/gen', '--path-style']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^generated \d+ files, \d+ records in [\d.]+ s\nuploaded \d+ objects/);
    expect(run.stderr).toMatch(/note: \d+ labelled records were not kept \(no --out\): pass --labels FILE/);
    const keys = await listKeys('trail', 'gen/');
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => k.startsWith('gen/AWSLogs/'))).toBe(true);
  });

  it('generate --to --labels FILE keeps the labels', async () => {
    const labels = join(dir, 'kept', 'labels.ndjson');
    const run = await runCli(['generate', CI, '--seed', '9', '--to', 's3://trail/gen2', '--labels', labels]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('not kept');
    expect(run.stdout).toContain(`labelled records in ${labels}`);
    expect((await readFile(labels, 'utf8')).trim().split('\n').length).toBeGreaterThan(0);
  });

  it('a missing bucket is one diagnosis, not one error per object in flight; the list of keys goes to the sidecar and a later success removes it', async () => {
    const run = await runCli(['upload', tree, '--to', 's3://no-such-bucket/x']);
    expect(run.code).toBe(3);
    const total = (await listFiles(tree)).length;
    expect(run.stderr).toMatch(new RegExp(`upload to s3://no-such-bucket/x failed: 0 of ${total} objects uploaded, 1 failed, ${total - 1} not attempted`));
    expect(run.stderr.match(/the bucket s3:\/\/no-such-bucket does not exist/g)).toHaveLength(1);
    expect(run.stderr.match(/NoSuchBucket/g)).toHaveLength(1);
    const list = join(`${tree}.trailsmith`, 'not-uploaded.txt');
    expect((await readFile(list, 'utf8')).trim().split('\n')).toHaveLength(total);
    expect(run.stderr).toContain(list);
    expect(await listFiles(tree)).not.toContain('not-uploaded.txt');
    const again = await runCli(['upload', tree, '--to', 's3://trail/after-failure', '-q']);
    expect(again.code, again.stderr).toBe(0);
    await expect(stat(list)).rejects.toThrow(/ENOENT/);
  });

  it('missing credentials are one diagnosis', async () => {
    const saved = { ...process.env };
    for (const k of Object.keys(process.env)) if (/^AWS_(ACCESS|SECRET|SESSION|PROFILE|CONTAINER|WEB_IDENTITY|ROLE)/.test(k)) delete process.env[k];
    // No credentials file, no instance metadata: the SDK's chain ends without touching the network.
    Object.assign(process.env, { AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'), AWS_CONFIG_FILE: join(dir, 'none'), AWS_EC2_METADATA_DISABLED: 'true' });
    try {
      const run = await runCli(['upload', tree, '--to', 's3://trail/nocreds']);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/, 1 failed, \d+ not attempted/);
      expect(run.stderr.match(/no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/g)).toHaveLength(1);
    } finally {
      process.env = saved;
    }
  });

  it('Ctrl-C stops new uploads and exits 130 with the same listing', async () => {
    const controller = new AbortController();
    controller.abort();
    const run = await runCli(['upload', tree, '--to', 's3://trail/int'], { signal: controller.signal });
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/upload to s3:\/\/trail\/int interrupted: 0 of \d+ objects uploaded, 0 failed, \d+ not attempted/);
  });

  it('retries 5xx responses with backoff (the SDK strategy) and succeeds', async () => {
    // A proxy in front of s3rver that answers the first 3 requests with 500 InternalError.
    let failures = 3;
    const target = new URL(s3.endpoint);
    const proxy: Server = createServer((req, res) => {
      if (failures-- > 0) {
        req.resume();
        res.writeHead(500, { 'content-type': 'application/xml' }).end('<?xml version="1.0"?><Error><Code>InternalError</Code><Message>injected</Message></Error>');
        return;
      }
      const up = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      req.pipe(up);
    });
    await new Promise<void>((ok) => proxy.listen(0, '127.0.0.1', ok));
    try {
      const port = (proxy.address() as AddressInfo).port;
      const run = await runCli(['upload', tree, '--to', 's3://trail/retry', '--endpoint', `http://127.0.0.1:${port}`, '--concurrency', '1', '-q']);
      expect(run.code, run.stderr).toBe(0);
      expect(failures).toBeLessThan(0);
      expect(await exists('trail', `retry/${(await listFiles(tree))[0]}`)).toBe(true);
    } finally {
      proxy.close();
    }
  });

  it('rejects a malformed destination', async () => {
    const run = await runCli(['upload', tree, '--to', 's3:/trail']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--to s3:/trail: expected s3://bucket or s3://bucket/prefix');
    expect((await runCli(['upload', tree, '--to', 's3://Bad_Bucket'])).stderr).toContain('not a valid S3 bucket name');
  });
});
