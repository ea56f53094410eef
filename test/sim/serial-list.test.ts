/**
 * A vault's archive serials: the typed-array list behaves like the array it replaced (push,
 * swap-remove, indexOf, random access) across growth, and refuses out-of-range access instead
 * of reading stale memory past its end.
 */
import { describe, expect, it } from 'vitest';
import { SerialList } from '../../src/sim/serial-list.js';

describe('SerialList', () => {
  it('matches a plain array through growth and swap-removes', () => {
    const list = new SerialList(2);
    const mirror: number[] = [];
    for (let i = 0; i < 5000; i++) {
      list.push(i * 7);
      mirror.push(i * 7);
      if (i % 3 === 2) {
        const idx = (i * 31) % mirror.length;
        list.swapRemove(idx);
        mirror[idx] = mirror[mirror.length - 1]!;
        mirror.pop();
      }
    }
    expect(list.length).toBe(mirror.length);
    expect(list.toArray()).toEqual(mirror);
    expect(list.at(17)).toBe(mirror[17]);
    expect(list.indexOf(mirror[123]!)).toBe(123);
    expect(list.indexOf(-5)).toBe(-1);
  });

  it('does not find or return removed serials left in the spare capacity', () => {
    const list = new SerialList();
    list.push(1);
    list.push(2);
    list.swapRemove(1);
    expect(list.indexOf(2)).toBe(-1);
    expect(() => list.at(1)).toThrow(RangeError);
    expect(() => list.swapRemove(1)).toThrow(RangeError);
    expect(() => list.at(-1)).toThrow(RangeError);
  });
});
