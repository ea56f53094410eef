/**
 * Both heaps pop by (t, order), ties on t broken by order, whatever the interleaving of pushes
 * and pops: the simulation's event order (and so every output byte) depends on it.
 */
import { describe, expect, it } from 'vitest';
import { KeyedHeap, MinHeap } from '../../src/sim/heap.js';
import { Rng } from '../../src/random/rng.js';

describe('heaps', () => {
  it.each([1, 2, 3])('pop in (t, order) order under random interleaving (seed %i)', (seed) => {
    const rng = Rng.for(String(seed), 'heap-test');
    const keyed = new KeyedHeap<number>();
    const plain = new MinHeap<{ t: number; order: number }>();
    const pending: Array<{ t: number; order: number }> = [];
    let order = 0;
    let now = 0;
    for (let step = 0; step < 20_000; step++) {
      if (pending.length === 0 || rng.next() < 0.55) {
        // Integer times collide often, so ties go to order; later items may precede earlier ones.
        const item = { t: now + rng.int(50), order: order++ };
        keyed.push(item.t, item.order, item.order);
        plain.push(item);
        pending.push(item);
      } else {
        pending.sort((a, b) => a.t - b.t || a.order - b.order);
        const want = pending.shift()!;
        expect(keyed.topTime()).toBe(want.t);
        expect(keyed.pop()).toBe(want.order);
        expect(plain.pop()).toBe(want);
        now = want.t;
      }
      expect(keyed.size).toBe(pending.length);
    }
    expect(keyed.topTime()).toBe(pending.length === 0 ? Infinity : Math.min(...pending.map((p) => p.t)));
  });
});
