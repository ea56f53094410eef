/**
 * An exclusive lock on an output path for the whole of a `generate` run, so two runs started
 * into the same `--out` cannot interleave their files (a mixed tree neither run can verify).
 *
 * The lock is a small JSON file, `.trailsmith-lock` inside an output directory, or
 * `.<name>.trailsmith-lock` beside an output file, holding the owner's pid, host and start time.
 * It is created complete or not at all: written under a temporary name, then hard-linked to the
 * lock name, which fails with EEXIST when another run holds it (link is atomic on local file
 * systems and on NFSv3+). Upload, validate and digest scans skip dotfiles, so the lock is never
 * mistaken for output.
 *
 * A lock whose pid no longer exists on this host (the run was killed with SIGKILL) is stale and
 * taken over. A lock from another host is never taken over: the message says which file to
 * remove. A pid reused by an unrelated process keeps a stale lock alive; the message names the
 * pid and the file, so the user can check and remove it.
 */
import { link, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describeFsError, UsageError } from '../errors.js';
import { trackTemporary, untrackTemporary } from './temporaries.js';

export const LOCK_NAME = '.trailsmith-lock';

interface LockInfo {
  pid: number;
  host: string;
  started: string;
  command?: string;
}

export interface OutLock {
  path: string;
  release(): Promise<void>;
}

/** Where the lock of an output directory or file lives. */
export function lockPathFor(out: string, isDirectory: boolean): string {
  return isDirectory ? join(out, LOCK_NAME) : join(dirname(out), `.${basename(out)}${LOCK_NAME}`);
}

/**
 * Takes the lock at `lockPath` or throws a UsageError (exit 2) naming the run that holds it.
 * `startedAt` is the CLI's clock reading (src/ reads no clock of its own).
 */
export async function acquireOutLock(lockPath: string, shownOut: string, startedAt: number, command = 'generate'): Promise<OutLock> {
  const info: LockInfo = { pid: process.pid, host: hostname(), started: new Date(startedAt).toISOString(), command };
  const tmp = `${lockPath}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, JSON.stringify(info) + '\n', { flag: 'w' });
  } catch (err) {
    throw describeFsError(err, tmp);
  }
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(tmp, lockPath);
        trackTemporary(lockPath);
        return {
          path: lockPath,
          release: async () => {
            untrackTemporary(lockPath);
            await rm(lockPath, { force: true });
          },
        };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw describeFsError(err, lockPath);
      }
      const holder = await readLock(lockPath);
      if (holder === 'gone') continue;
      if (holder && !isStale(holder)) {
        throw new UsageError(
          `--out ${shownOut} is in use by another trailsmith run (pid ${holder.pid} on ${holder.host}, started ${holder.started}); ` +
            `wait for it to finish, or use another --out. If that run is gone, remove ${lockPath}`,
        );
      }
      await breakStaleLock(lockPath, holder);
    }
    throw new UsageError(`--out ${shownOut}: could not take the lock ${lockPath} (other runs keep taking it)`);
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/** The lock's content; null when unreadable or garbled (a crash between create and write cannot happen with link, but a hand-made file can). */
async function readLock(path: string): Promise<LockInfo | null | 'gone'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw describeFsError(err, path);
  }
  try {
    const v = JSON.parse(text) as LockInfo;
    return Number.isInteger(v.pid) && typeof v.host === 'string' ? v : null;
  } catch {
    return null;
  }
}

/** Stale: written on this host by a process that no longer exists. */
function isStale(holder: LockInfo): boolean {
  if (holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (err) {
    // EPERM: the process exists but belongs to another user, so it is alive.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Moves the stale lock aside under a name of our own, then checks that what we moved is the
 * stale lock we read: two runs breaking the same stale lock at once could otherwise remove the
 * fresh lock the faster one just took. A fresh lock moved by mistake is linked back.
 */
async function breakStaleLock(path: string, seen: LockInfo | null): Promise<void> {
  const aside = `${path}.${process.pid}.stale`;
  try {
    await rename(path, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw describeFsError(err, path);
  }
  const moved = await readLock(aside);
  const same = moved === seen || (moved && seen && moved !== 'gone' && moved.pid === seen.pid && moved.started === seen.started);
  if (!same) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}
