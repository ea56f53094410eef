/**
 * An unordered list of resource serials (a vault's archives) in a growable Int32Array.
 *
 * Why not number[]: a dense 10 M-record run holds ~2 M archives across its vaults; as JS
 * arrays they were 31 MB of the simulation's 66 MB live heap (8 bytes an element plus growth
 * slack), and V8 keeps the heap at about twice its live set. Here they are 4 bytes each, off
 * the V8 heap. Serials count resources of one unit, far below 2^31.
 */
export class SerialList {
  private items: Int32Array;
  private size = 0;

  constructor(capacity = 8) {
    this.items = new Int32Array(Math.max(8, capacity));
  }

  get length(): number {
    return this.size;
  }

  at(index: number): number {
    if (index < 0 || index >= this.size) throw new RangeError(`serial index ${index} out of range 0..${this.size - 1}`);
    return this.items[index]!;
  }

  push(serial: number): void {
    if (this.size === this.items.length) {
      const grown = new Int32Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.size++] = serial;
  }

  /** Removes the item at index by moving the last one into its place (order is not kept). */
  swapRemove(index: number): void {
    this.at(index);
    this.items[index] = this.items[--this.size]!;
  }

  indexOf(serial: number): number {
    return this.items.subarray(0, this.size).indexOf(serial);
  }

  toArray(): number[] {
    return Array.from(this.items.subarray(0, this.size));
  }
}
