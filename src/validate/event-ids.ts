/**
 * Duplicate eventIDs across the files of one run. CloudTrail occasionally delivers an event
 * twice with the same eventID (reference section 3), so a duplicate is a warning.
 *
 * Memory: each eventID is kept as a 53-bit hash of the ID, not the 36-char string, in an
 * open-addressing table of typed arrays (12 bytes a slot, at most 75 % full: 16-24 bytes an ID,
 * 192 MiB at the 10 million limit). A Map<number, number> took about 40 bytes an entry, boxed
 * every 53-bit key as a heap number, and cost 0.15 CPU-s per 100k records in a -j1 profile;
 * the table costs about 0.03. The chance of a false duplicate among n IDs is about n²/2⁵⁴:
 * 1e-4 at 1 million, 1 % at 10 million. Tracking stops at `limit` IDs and the run reports that
 * it did.
 */
export class EventIdTracker {
  /** Hash + 1 of each ID (0 = empty slot); hashes are < 2⁵³, so + 1 stays exact. */
  // Starts small (12 KiB): validateFile() without a shared tracker makes one per file.
  private keys = new Float64Array(1 << 10);
  /** Index into `files` of the file where the ID in the same slot was first seen. */
  private owners = new Int32Array(1 << 10);
  private size = 0;
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
    return this.addHash(hash53(id));
  }

  /** As add(), given hash53(id) (computed where the record was parsed, e.g. on a worker). */
  addHash(h: number): string | undefined {
    const key = h + 1;
    let mask = this.keys.length - 1;
    // Multiplicative scramble of the low 32 bits: cyrb53's low bits are already well mixed,
    // this only guards against callers with weaker hashes.
    let i = Math.imul(h >>> 0, 0x9e3779b1) & mask;
    for (;;) {
      const k = this.keys[i]!;
      if (k === key) return this.files[this.owners[i]!];
      if (k === 0) break;
      i = (i + 1) & mask;
    }
    if (this.size >= this.limit) {
      this.saturated = true;
      return undefined;
    }
    if ((this.size + 1) * 4 > this.keys.length * 3) {
      this.grow();
      mask = this.keys.length - 1;
      i = Math.imul(h >>> 0, 0x9e3779b1) & mask;
      while (this.keys[i] !== 0) i = (i + 1) & mask;
    }
    this.keys[i] = key;
    this.owners[i] = this.current;
    this.size++;
    return undefined;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldOwners = this.owners;
    const keys = new Float64Array(oldKeys.length * 2);
    const owners = new Int32Array(oldKeys.length * 2);
    const mask = keys.length - 1;
    for (let j = 0; j < oldKeys.length; j++) {
      const key = oldKeys[j]!;
      if (key === 0) continue;
      let i = Math.imul((key - 1) >>> 0, 0x9e3779b1) & mask;
      while (keys[i] !== 0) i = (i + 1) & mask;
      keys[i] = key;
      owners[i] = oldOwners[j]!;
    }
    this.keys = keys;
    this.owners = owners;
  }
}

/** cyrb53 (public domain): a fast 53-bit string hash. */
export function hash53(s: string): number {
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
