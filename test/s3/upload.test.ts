/** S3 round trip through a real S3-compatible server (s3rver) on 127.0.0.1, driven by the CLI. */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { S3RVER_ENV, startS3rver, type LocalS3 } from '../helpers/s3rver.js';
import { listFiles, removeDir, tempDir } from '../helpers/tree.js';

const TINY = new URL('../fixtures/scenarios/tiny.scenario.yaml', import.meta.url).pathname;
const DIGEST = 'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2025/03/04/111122223333_CloudTrail-Digest_us-east-1_trail_us-east-1_20250304T010203Z.json.gz';
const SIGNATURE = { signature: 'ab'.repeat(256), 'signature-algorithm': 'SHA256withRSA' };

let dir = '';
let tree = '';
let s3: LocalS3;
const savedEnv = { ...process.env };

beforeAll(async () => {
  dir = await tempDir();
  s3 = await startS3rver(dir, ['trail', 'other']);
  Object.assign(process.env, S3RVER_ENV, { AWS_ENDPOINT_URL_S3: s3.endpoint });
  tree = join(dir, 'tree');
  expect((await runCli(['generate', TINY, '--out', tree, '-n', '300', '-q'])).code).toBe(0);
  // A digest-like object with its metadata sidecar, a public key, and labels (whatever the digest feature writes later).
  await mkdir(join(tree, DIGEST, '..'), { recursive: true });
  await writeFile(join(tree, DIGEST), gzipSync('{"awsAccountId":"111122223333"}'));
  await writeFile(join(tree, `${DIGEST}.metadata.json`), JSON.stringify(SIGNATURE));
  await mkdir(join(tree, 'CloudTrail-PublicKeys'), { recursive: true });
  await writeFile(join(tree, 'CloudTrail-PublicKeys/0123abcd.pem'), '-----BEGIN RSA PUBLIC KEY-----\nMA==\n-----END RSA PUBLIC KEY-----\n');
  await writeFile(join(tree, 'labels.ndjson'), '{"eventID":"x","labels":["a"]}\n');
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
  it('uploads every object byte for byte, with sidecars as user metadata', async () => {
    const run = await runCli(['upload', tree, '--to', 's3://trail/p/']);
    expect(run.code, run.stderr).toBe(0);
    const files = await listFiles(tree);
    const objects = files.filter((f) => !f.endsWith('.metadata.json') && f !== 'labels.ndjson');
    expect(run.stdout).toMatch(new RegExp(`^uploaded ${objects.length} objects \\(.+, 1 with digest metadata\\) to s3://trail/p at http://127.0.0.1:\\d+ in [\\d.]+ s`));
    for (const key of objects) {
      const got = await getObject('trail', `p/${key}`);
      expect(got.body.equals(await readFile(join(tree, key))), key).toBe(true);
      if (key.endsWith('.json.gz')) expect([got.type, got.encoding]).toEqual(['application/json', 'gzip']);
      expect(got.meta).toEqual(key === DIGEST ? SIGNATURE : {});
    }
    expect(await exists('trail', `p/${DIGEST}.metadata.json`)).toBe(false);
    expect(await exists('trail', 'p/labels.ndjson')).toBe(false);
    expect(await listKeys('trail', 'p/')).toEqual(objects.map((k) => `p/${k}`).sort());
  });

  it('uploads labels.ndjson only under --labels-key', async () => {
    const run = await runCli(['upload', tree, '--to', 's3://other', '--labels-key', 'trailsmith/labels.ndjson', '-q', '--concurrency', '4']);
    expect(run.code, run.stderr).toBe(0);
    expect((await getObject('other', 'trailsmith/labels.ndjson')).body.toString()).toContain('"labels"');
  });

  it('generate --to without --out goes through a temporary directory', async () => {
    const run = await runCli(['generate', TINY, '-n', '50', '--seed', '9', '--to', 's3://trail/gen', '--path-style']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^generated \d+ files, 50 records in [\d.]+ s\nuploaded \d+ objects/);
    expect((await listKeys('trail', 'gen/')).length).toBeGreaterThan(0);
  });

  it('fails with exit 3 and lists what was not uploaded when the bucket is missing', async () => {
    const run = await runCli(['upload', tree, '--to', 's3://no-such-bucket/x']);
    expect(run.code).toBe(3);
    const total = (await listFiles(tree)).filter((f) => !f.endsWith('.metadata.json') && f !== 'labels.ndjson' && !f.startsWith('.trailsmith')).length;
    expect(run.stderr).toMatch(new RegExp(`upload to s3://no-such-bucket/x failed: 0 of ${total} objects uploaded, \\d+ failed, \\d+ not attempted`));
    expect(run.stderr).toMatch(/failed: x\/\S+: NoSuchBucket \(HTTP 404\)/);
    const listed = (await readFile(join(tree, '.trailsmith-not-uploaded.txt'), 'utf8')).trim().split('\n');
    expect(listed).toHaveLength(total);
    expect(run.stderr).toContain('.trailsmith-not-uploaded.txt');
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
      expect(await exists('trail', `retry/${DIGEST}`)).toBe(true);
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
