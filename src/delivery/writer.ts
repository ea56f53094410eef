/**
 * Atomic file output under a root directory: each file is written to a hidden temporary name
 * beside its final path and renamed when complete, so a crash, a full disk or Ctrl-C never
 * leaves a partial `.json.gz`. In-flight temporaries are removed by `abort()`; those of a run
 * killed outright (SIGKILL, power loss) are removed by the next `--force` run into the same root.
 */
import { mkdir, open, rename, rm, readdir, stat } from 'node:fs/promises';
import { dirname, join, basename, isAbsolute, relative, resolve, sep } from 'node:path';
import { describeFsError, UsageError } from '../errors.js';
import { LOCK_NAME } from './out-lock.js';
import { trackTemporary, untrackTemporary } from './temporaries.js';

/** Temporary files end with this; nothing else we write does. */
export const PARTIAL_SUFFIX = '.partial';

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
    const tmp = join(dir, `.${basename(path)}.${process.pid}.${this.counter++}${PARTIAL_SUFFIX}`);
    try {
      if (!this.dirs.has(dir)) {
        await makeDirs(dir);
        this.dirs.add(dir);
      }
      this.inflight.add(tmp);
      trackTemporary(tmp);
      const fh = await open(tmp, 'wx');
      try {
        await fh.writeFile(data);
      } finally {
        await fh.close();
      }
      await rename(tmp, path);
      this.inflight.delete(tmp);
      untrackTemporary(tmp);
    } catch (err) {
      await rm(tmp, { force: true }).catch(() => undefined);
      this.inflight.delete(tmp);
      untrackTemporary(tmp);
      throw describeFsError(err, path);
    }
    this.bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    this.files++;
  }

  /** Removes temporaries of writes still in flight. */
  async abort(): Promise<void> {
    await Promise.all([...this.inflight].map((p) => rm(p, { force: true }).catch(() => undefined)));
    for (const p of this.inflight) untrackTemporary(p);
    this.inflight.clear();
  }
}

/**
 * `mkdir -p` that always ends. Node's `mkdir(p, { recursive: true })` spins forever when the
 * kernel answers ENOENT for a directory whose parent exists (`/proc/self/x`: procfs refuses new
 * entries with ENOENT, so the parent "exists" and the child "is missing" on every retry). Here
 * each missing level is created once, top-down, and any error is final. Returns the directories
 * it created, top-down, so a caller can take them back.
 */
export async function makeDirs(dir: string): Promise<string[]> {
  const missing: string[] = [];
  let p = resolve(dir);
  for (;;) {
    const info = await stat(p).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (info) {
      if (!info.isDirectory()) throw Object.assign(new Error(`${p} is not a directory`), { code: 'ENOTDIR', path: p });
      break;
    }
    missing.push(p);
    const parent = dirname(p);
    if (parent === p) break;
    p = parent;
  }
  const created: string[] = [];
  for (const m of missing.reverse()) {
    await mkdir(m).then(
      () => created.push(m),
      (err: NodeJS.ErrnoException) => {
        if (err.code !== 'EEXIST') throw err;
      },
    );
  }
  return created;
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
 * `force` is set (mixing two runs in one bucket root makes both unverifiable). With `force`,
 * temporaries left by a killed run are removed first. The `--out` lock (out-lock.ts) does not
 * count as content. `option` is how the user named the directory, for the messages (`--out`, or
 * `--to s3-dir:` for stream). Returns true when the directory is new or empty: a fresh run,
 * whose sidecar may be cleared.
 */
export async function prepareOutputDir(root: string, force: boolean, option = '--out '): Promise<boolean> {
  let info;
  try {
    info = await stat(root);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw describeFsError(err, root);
    try {
      await makeDirs(root);
    } catch (e) {
      throw describeFsError(e, root);
    }
    return true;
  }
  if (!info.isDirectory()) throw new UsageError(`${option}${root} exists and is not a directory`);
  const entries = (await readdir(root).catch((e: unknown) => {
    throw describeFsError(e, root);
  })).filter((name) => name !== LOCK_NAME);
  if (entries.length > 0 && !force) {
    // Both spellings: the CLI's flag and the library's option (generateFiles, runStream).
    throw new UsageError(`${option}${root} is not empty (${entries.length} entries); pass --force (library: force: true) to write into it anyway`);
  }
  if (entries.length > 0) await removeStalePartials(root);
  return entries.length === 0;
}

/**
 * Deletes every `*.partial` file under `root`: temporaries of a run that was killed before it
 * could remove them. Only called while this process holds the `--out` lock, so no live run is
 * writing them.
 */
export async function removeStalePartials(root: string): Promise<number> {
  let removed = 0;
  const entries = await readdir(root, { withFileTypes: true, recursive: true }).catch((e: unknown) => {
    throw describeFsError(e, root);
  });
  for (const e of entries) {
    if (!e.isFile() || !e.name.endsWith(PARTIAL_SUFFIX)) continue;
    const path = join(e.parentPath, e.name);
    await rm(path, { force: true }).catch((err: unknown) => {
      throw describeFsError(err, path);
    });
    removed++;
  }
  return removed;
}
