/** Shared by the digest tests: generating signed trees, reading digests, finding the AWS CLI. */
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { generateFiles, sidecarDir, type DigestFileOptions } from '../../src/index.js';
import type { DigestDocument, DigestMetadata } from '../../src/digest/types.js';
import { listFiles, tempDir } from '../helpers/tree.js';

export const TINY = new URL('../fixtures/scenarios/tiny.scenario.yaml', import.meta.url).pathname;
export const ALL_OPS = new URL('../../examples/all-operations.scenario.yaml', import.meta.url).pathname;
export const ORG = new URL('../../examples/multi-account-org.scenario.yaml', import.meta.url).pathname;
export const SHIM = new URL('./aws-validate-shim.py', import.meta.url).pathname;

export async function signedTree(scenario: string, options: DigestFileOptions & { seed?: number | string; duration?: string; shard?: { index: number; count: number }; out?: string } = {}): Promise<string> {
  const out = options.out ?? (await tempDir('trailsmith-digest-'));
  await generateFiles(scenario, { digest: true, ...options, out, force: true });
  return out;
}

export async function digestKeys(root: string): Promise<string[]> {
  return (await listFiles(root)).filter((f) => f.includes('/CloudTrail-Digest/') && f.endsWith('.json.gz'));
}

export async function readDigest(root: string, key: string): Promise<{ raw: Buffer; doc: DigestDocument; metadata: DigestMetadata }> {
  const raw = gunzipSync(await readFile(join(root, key)));
  return { raw, doc: JSON.parse(raw.toString('utf8')) as DigestDocument, metadata: JSON.parse(await readFile(join(sidecarDir(root), 's3-metadata', `${key}.json`), 'utf8')) as DigestMetadata };
}

/**
 * Python interpreters that can import the AWS CLI's validation module (pyenv's aws-cli v1 and
 * Debian's awscli 2.x are both checked when present), one per distinct module file.
 */
export function awsCliPythons(): Array<{ python: string; module: string }> {
  const seen = new Map<string, string>();
  for (const python of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(python, ['-c', 'import awscli.customizations.cloudtrail.validation as v; print(v.__file__)'], { encoding: 'utf8' });
    const module = r.status === 0 ? r.stdout.trim() : '';
    if (module && !seen.has(module)) seen.set(module, python);
  }
  return [...seen].map(([module, python]) => ({ python, module }));
}

export function runShim(python: string, root: string): { code: number; output: string } {
  const r = spawnSync(python, [SHIM, root], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}
