/**
 * Paths that exist only while a run is in progress: `.partial` files being written and the
 * `--out` lock. The CLI's last-resort exit (a wait that cannot be cancelled, such as opening a
 * FIFO nobody writes to, still blocking 2 s after a signal) removes them synchronously before
 * `process.exit`, so even that path leaves nothing half-written behind.
 */
import { rmSync } from 'node:fs';

const live = new Set<string>();

export function trackTemporary(path: string): void {
  live.add(path);
}

export function untrackTemporary(path: string): void {
  live.delete(path);
}

/** Removes every tracked path now (synchronous: called right before process.exit). */
export function removeTemporariesSync(): void {
  for (const path of live) {
    try {
      rmSync(path, { force: true });
    } catch {
      // Best effort at exit: a path we cannot remove is reported by nobody; the next --force cleans it.
    }
  }
  live.clear();
}
