/**
 * The AWS CLI's own validator (`aws cloudtrail validate-logs`, module
 * awscli.customizations.cloudtrail.validation) over our trees, with only its S3 and
 * public-key I/O replaced by aws-validate-shim.py. Runs once per awscli found (pyenv's aws-cli
 * v1, Debian's awscli 2.x); skipped, saying why, when neither is installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { TAMPER_KINDS, verifyTree, type TamperKind } from '../../src/index.js';
import { listFiles, removeDir } from '../helpers/tree.js';
import { awsCliPythons, ORG, runShim, signedTree, TINY } from './helpers.js';

const pythons = awsCliPythons();
// CI (.ci/run) installs the AWS CLI and sets this, so a missing validator fails there instead of skipping.
const HOW_TO_GET = 'no python3 can import awscli.customizations.cloudtrail.validation. To run this cross-check, install the AWS CLI\'s Python package: `sudo apt-get install awscli` (Debian/Ubuntu) or `python3 -m pip install awscli` (aws-cli v1); the standalone AWS CLI v2 installer does not expose the module to python3';
if (pythons.length === 0 && process.env.TRAILSMITH_REQUIRE_AWSCLI === '1') throw new Error(`aws-cli.test: TRAILSMITH_REQUIRE_AWSCLI=1 but ${HOW_TO_GET}`);
if (pythons.length === 0) console.warn(`aws-cli.test: SKIPPED: ${HOW_TO_GET}`);

const dirs: string[] = [];
let clean = '';
let org = '';
let multi = '';
let multiKey = '';
const tampered = new Map<TamperKind, string>();
beforeAll(async () => {
  if (pythons.length === 0) return;
  dirs.push((clean = await signedTree(TINY, { seed: 11 })));
  dirs.push((org = await signedTree(ORG, { seed: 11, duration: '4h' })));
  dirs.push((multi = await signedTree(TINY, { seed: 11 })));
  multiKey = await splitIntoTwoMembers(multi);
  for (const kind of TAMPER_KINDS) {
    const out = await signedTree(TINY, { seed: 11, tamper: [kind] });
    dirs.push(out);
    tampered.set(kind, out);
  }
});
afterAll(async () => Promise.all(dirs.map(removeDir)));

/** What the CLI prints for each fault. insert-log is invisible to it: it only checks listed files. */
const CLI_SAYS: Record<TamperKind, RegExp | null> = {
  'modify-record': /Log file\ts3:\/\/\S+\tINVALID: hash value doesn't match/,
  'delete-log': /Log file\ts3:\/\/\S+\tINVALID: not found/,
  'insert-log': null,
  'break-chain': /Digest file\ts3:\/\/\S+\tINVALID: not found/,
  'bad-signature': /Digest file\ts3:\/\/\S+\tINVALID: signature verification failed/,
};

describe.skipIf(pythons.length === 0).each(pythons)('aws cloudtrail validate-logs code ($module)', ({ python }) => {
  it('accepts our digests and logs (standard trail)', () => {
    const r = runShim(python, clean);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/SUMMARY invalid_digests=0 invalid_logs=0 valid_digests=1\d valid_logs=\d+/);
    expect(r.output).not.toMatch(/INVALID/);
  });

  it('accepts an organization trail layout (AWSLogs/o-id/<member>/...)', () => {
    const r = runShim(python, org);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/== chain o-[a-z0-9]+\//);
  });

  it('rejects a log file written as two gzip members, as trailsmith verify does (pitfall: one member per file)', async () => {
    const r = runShim(python, multi);
    expect(r.code, r.output).toBe(1);
    expect(r.output).toContain(`${multiKey}\tINVALID: hash value doesn't match`);
    const report = await verifyTree(multi);
    expect(report.problems.map((p) => [p.kind, p.file])).toEqual([['gzip-multi-member', multiKey]]);
  });

  it.each(TAMPER_KINDS)('on --tamper %s', (kind) => {
    const r = runShim(python, tampered.get(kind)!);
    const says = CLI_SAYS[kind];
    if (says === null) {
      // A documented gap of the CLI (reference 4.4): an unlisted log file is not looked at. trailsmith verify reports it.
      expect(r.code, r.output).toBe(0);
    } else {
      expect(r.code, r.output).toBe(1);
      expect(r.output).toMatch(says);
    }
  });
});

/** Rewrites the first log file as two gzip members: same uncompressed bytes, so Node reads the same hash. */
async function splitIntoTwoMembers(root: string): Promise<string> {
  const key = (await listFiles(root)).find((f) => f.includes('/CloudTrail/') && f.endsWith('.json.gz'))!;
  const raw = gunzipSync(await readFile(join(root, key)));
  const half = Math.floor(raw.length / 2);
  await writeFile(join(root, key), Buffer.concat([gzipSync(raw.subarray(0, half)), gzipSync(raw.subarray(half))]));
  return key;
}
