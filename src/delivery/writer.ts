/**
 * Atomic file output under a root directory: each file is written to a hidden temporary name
 * beside its final path and renamed when complete, so a crash, a full disk or Ctrl-C never
 * leaves a partial `.json.gz`. In-flight temporaries are removed by `abort()`.
 */
import { mkdir, open, rename, rm, readdir, stat } from 'node:fs/promises';
import { dirname, join, basename, isAbsolute, relative, resolve, sep } from 'node:path';
import { describeFsError, UsageError } from '../errors.js';

export class AtomicWriter {
  private readonly dirs = new Set<string>();
  private readonly inflight = new Set<string>();
  private counter = 0;
  bytes = 0;
  files = 0;

  constructor(readonly root: string) {}

  async write(key: string, data: Buffer | string): Promise<void> {
    const path = join(this.root, key);
    checkInside(this.root, path, key);
    const dir = dirname(path);
    const tmp = join(dir, `.${basename(path)}.${process.pid}.${this.counter++}.partial`);
    try {
      if (!this.dirs.has(dir)) {
        await mkdir(dir, { recursive: true });
        this.dirs.add(dir);
      }
      this.inflight.add(tmp);
      const fh = await open(tmp, 'wx');
      try {
        await fh.writeFile(data);
      } finally {
        await fh.close();
      }
      await rename(tmp, path);
      this.inflight.delete(tmp);
    } catch (err) {
      await rm(tmp, { force: true }).catch(() => undefined);
      this.inflight.delete(tmp);
      throw describeFsError(err, path);
    }
    this.bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    this.files++;
  }

  /** Removes temporaries of writes still in flight. */
  async abort(): Promise<void> {
    await Promise.all([...this.inflight].map((p) => rm(p, { force: true }).catch(() => undefined)));
    this.inflight.clear();
  }
}

/**
 * Defence in depth behind the scenario loader's key checks (scenario/key-segments.ts): a key
 * that resolves outside the root (`../x`, an absolute path) is refused, never written.
 */
function checkInside(root: string, path: string, key: string): void {
  const rel = relative(resolve(root), resolve(path));
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new UsageError(`refusing to write ${JSON.stringify(key)}: it resolves outside the output directory ${root}`);
  }
}

/**
 * Makes sure `root` can receive output: creates it, or refuses a non-empty directory unless
 * `force` is set (mixing two runs in one bucket root makes both unverifiable). `option` is how
 * the user named the directory, for the messages (`--out`, or `--to s3-dir:` for stream).
 * Returns true when the directory is new or empty: a fresh run, whose sidecar may be cleared.
 */
export async function prepareOutputDir(root: string, force: boolean, option = '--out '): Promise<boolean> {
  let info;
  try {
    info = await stat(root);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw describeFsError(err, root);
    try {
      await mkdir(root, { recursive: true });
    } catch (e) {
      throw describeFsError(e, root);
    }
    return true;
  }
  if (!info.isDirectory()) throw new UsageError(`${option}${root} exists and is not a directory`);
  const entries = await readdir(root).catch((e: unknown) => {
    throw describeFsError(e, root);
  });
  if (entries.length > 0 && !force) {
    // Both spellings: the CLI's flag and the library's option (generateFiles, runStream).
    throw new UsageError(`${option}${root} is not empty (${entries.length} entries); pass --force (library: force: true) to write into it anyway`);
  }
  return entries.length === 0;
}
