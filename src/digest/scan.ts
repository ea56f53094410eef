/** Lists a bucket-root directory as S3 keys (relative, `/`-separated), classified for verify. */
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { isLogKey, parseDigestKey, PUBLIC_KEY_DIR, type ParsedDigestKey } from './keys.js';

export interface ScannedTree {
  logs: string[];
  digests: Array<{ key: string; parsed: ParsedDigestKey }>;
  /** Every key, for existence checks. */
  all: Set<string>;
}

export async function scanTree(root: string): Promise<ScannedTree> {
  const all = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue; // writer temporaries and dotfiles are not objects
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) all.add(relative(root, p).split(sep).join('/'));
    }
  };
  await walk(root);
  const logs: string[] = [];
  const digests: ScannedTree['digests'] = [];
  for (const key of [...all].sort()) {
    if (key.startsWith(`${PUBLIC_KEY_DIR}/`)) continue;
    const parsed = parseDigestKey(key);
    if (parsed) digests.push({ key, parsed });
    else if (isLogKey(key)) logs.push(key);
  }
  return { logs, digests, all };
}

/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
