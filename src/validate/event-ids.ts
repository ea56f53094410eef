/**
 * Duplicate eventIDs across the files of one run. CloudTrail occasionally delivers an event
 * twice with the same eventID (reference section 3), so a duplicate is a warning.
 *
 * Memory: one Map entry per eventID, keyed by a 53-bit hash of the ID instead of the 36-char
 * string (about 40 bytes an entry instead of about 100). The chance of a false duplicate among
 * n IDs is about n²/2⁵⁴: 1e-4 at 1 million, 1 % at 10 million. V8 Maps hold at most 2²⁴
 * entries, so tracking stops at `limit` IDs and the run reports that it did.
 */
export class EventIdTracker {
  private readonly seen = new Map<number, number>();
  private readonly files: string[] = [];
  private current = -1;
  /** Set once the limit was reached; later IDs are not checked. */
  saturated = false;

  constructor(private readonly limit = 10_000_000) {}

  /** Subsequent IDs belong to this file. */
  beginFile(name: string): void {
    this.files.push(name);
    this.current = this.files.length - 1;
  }

  /** Records an ID; returns the file where it was first seen when it is a duplicate. */
  add(id: string): string | undefined {
    const h = hash53(id);
    const first = this.seen.get(h);
    if (first !== undefined) return this.files[first];
    if (this.seen.size >= this.limit) {
      this.saturated = true;
      return undefined;
    }
    this.seen.set(h, this.current);
    return undefined;
  }
}

/** cyrb53 (public domain): a fast 53-bit string hash. */
function hash53(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
