/**
 * What goes where (docs/layout.md): the output directory is a bucket root holding only what
 * CloudTrail writes; labels, public keys and signature metadata live in `<out>.trailsmith/`,
 * where verify, upload and validate find them.
 */
import { createPublicKey } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFiles, sidecarDir, verifyTree } from '../../src/index.js';
import { runCli } from '../helpers/cli.js';
import { listFiles, removeDir, tempDir } from '../helpers/tree.js';

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;
const example = (name: string): string => join(EXAMPLES, `${name}.scenario.yaml`);
let dir = '';
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => removeDir(dir));

describe('the bucket root holds only CloudTrail objects', () => {
  it.each([
    ['ransomware-vault-wipe', 'AWSLogs', true],
    ['all-operations', 'audit', true],
    ['multi-account-org', 'AWSLogs', true],
    ['ci-fixture', 'AWSLogs', false],
  ])('%s: the root is only %s/, every file a log or digest; our files are beside it', async (name, top, digest) => {
    const out = join(dir, `root-${name}`);
    const result = await generateFiles(example(name), { out, digest, duration: name === 'multi-account-org' ? '3h' : undefined });
    expect(await readdir(out)).toEqual([top]);
    const files = await listFiles(out);
    const cloudTrail = /(^|\/)AWSLogs\/(o-[a-z0-9]+\/)?\d{12}\/CloudTrail(-Digest)?\/[a-z0-9-]+\/\d{4}\/\d{2}\/\d{2}\/[^/]+\.json\.gz$/;
    expect(files.filter((f) => !cloudTrail.test(f))).toEqual([]);
    const ours = await listFiles(sidecarDir(out)).catch(() => []);
    if (result.labels > 0) expect(ours).toContain('labels.ndjson');
    if (digest) {
      expect(ours.filter((f) => f.startsWith('public-keys/'))).toHaveLength(1);
      const digests = files.filter((f) => f.includes('/CloudTrail-Digest/'));
      expect(ours.filter((f) => f.startsWith('s3-metadata/')).sort()).toEqual(digests.map((d) => `s3-metadata/${d}.json`).sort());
      expect((await verifyTree(out)).ok).toBe(true);
    }
  });

  it('a fresh run clears the stale sidecar of a deleted tree; a --force run into a non-empty tree keeps it', async () => {
    const out = join(dir, 'fresh');
    await generateFiles(example('ci-fixture'), { out, digest: true });
    const stale = join(sidecarDir(out), 'labels.ndjson');
    await writeFile(stale, '{"eventID":"stale","labels":["x"]}\n');
    await rm(out, { recursive: true });
    // A scenario without labels or digests writes no sidecar files: nothing of the old run may remain.
    await generateFiles(new URL('../fixtures/scenarios/tiny.scenario.yaml', import.meta.url).pathname, { out });
    expect(await listFiles(sidecarDir(out))).toEqual([]);
    await writeFile(join(sidecarDir(out), 'notes.txt'), 'the user\'s own file');
    await generateFiles(example('ci-fixture'), { out, force: true });
    expect((await listFiles(sidecarDir(out))).sort()).toEqual(['labels.ndjson', 'notes.txt']);
  });
});

describe('verify finds keys and signatures by the convention, or by flag', () => {
  let out = '';
  beforeAll(async () => {
    out = join(dir, 'signed');
    await generateFiles(example('ci-fixture'), { out, digest: true, seed: 3 });
  });

  it('by the convention (<out>.trailsmith) and with the key given by --public-key', async () => {
    expect((await runCli(['verify', out, '-q'])).code).toBe(0);
    const [pem] = await readdir(join(sidecarDir(out), 'public-keys'));
    const keyFile = join(dir, 'given.pem');
    // SPKI form, as `openssl rsa -pubout` writes it: matched by fingerprint all the same.
    await writeFile(keyFile, createPublicKey(await readFile(join(sidecarDir(out), 'public-keys', pem!))).export({ type: 'spki', format: 'pem' }));
    const moved = join(dir, 'moved-sidecar');
    await cp(sidecarDir(out), moved, { recursive: true });
    await rm(join(moved, 'public-keys'), { recursive: true });
    await rename(sidecarDir(out), `${sidecarDir(out)}.away`);
    try {
      const without = await runCli(['verify', out, '-q']);
      expect(without.code).toBe(1);
      expect(without.stdout).toContain('signature metadata is missing');
      // The flag before the directory: it must not swallow it.
      const run = await runCli(['verify', '--public-key', keyFile, out, '--sidecar', moved]);
      expect(run.code, run.stdout).toBe(0);
      expect(run.stdout).toMatch(/^OK: 3\/3 digests valid/m);
      const noKey = await runCli(['verify', out, '--sidecar', moved, '-q']);
      expect(noKey.code).toBe(1);
      expect(noKey.stdout).toContain('public-key-missing');
      expect(noKey.stdout).toContain('pass --public-key FILE');
    } finally {
      await rename(`${sidecarDir(out)}.away`, sidecarDir(out));
    }
  });

  it('rejects a --public-key that is not an RSA public key, naming it (exit 2)', async () => {
    const junk = join(dir, 'junk.pem');
    await writeFile(junk, 'not a key\n');
    const run = await runCli(['verify', out, '--public-key', junk]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--public-key ${junk}: not a PEM public key`);
  });

  it('still verifies a tree written before the sidecar (key and metadata inside the root)', async () => {
    const legacy = join(dir, 'legacy');
    await cp(out, legacy, { recursive: true });
    const side = sidecarDir(out);
    await cp(join(side, 'public-keys'), join(legacy, 'CloudTrail-PublicKeys'), { recursive: true });
    for (const f of await listFiles(join(side, 's3-metadata'))) {
      await mkdir(join(legacy, f, '..'), { recursive: true });
      await cp(join(side, 's3-metadata', f), join(legacy, f.replace(/\.json$/, '.metadata.json')));
    }
    const report = await verifyTree(legacy);
    expect(report.problems).toEqual([]);
    expect(report.validDigests).toBe(3);
  });
});

describe('validate', () => {
  it('walking the parent of a tree skips its sidecar', async () => {
    const parent = join(dir, 'parent');
    await generateFiles(example('ci-fixture'), { out: join(parent, 'out'), digest: true });
    const run = await runCli(['validate', parent, '-q']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
  });
});
