/** The duplicate-eventID table: growth, first-seen file, the limit, and the worker hand-off. */
import { describe, expect, it } from 'vitest';
import { EventIdTracker, hash53 } from '../../src/validate/event-ids.js';
import { packIds } from '../../src/validate/worker.js';

const id = (i: number): string => `${i.toString(16).padStart(8, '0')}-0000-4000-8000-${(i * 7919).toString(16).padStart(12, '0')}`;

describe('EventIdTracker', () => {
  it('finds every duplicate, with the file it was first seen in, across table growth', () => {
    const t = new EventIdTracker();
    t.beginFile('a');
    for (let i = 0; i < 50_000; i++) expect(t.add(id(i))).toBeUndefined();
    t.beginFile('b');
    for (let i = 50_000; i < 100_000; i++) expect(t.add(id(i))).toBeUndefined();
    t.beginFile('c');
    expect(t.add(id(0))).toBe('a');
    expect(t.add(id(49_999))).toBe('a');
    expect(t.add(id(99_999))).toBe('b');
    expect(t.addHash(hash53(id(60_000)))).toBe('b');
    expect(t.add('not-a-uuid')).toBeUndefined();
    expect(t.add('not-a-uuid')).toBe('c');
    expect(t.saturated).toBe(false);
  });

  it('stops tracking at the limit and says so', () => {
    const t = new EventIdTracker(3);
    t.beginFile('a');
    for (let i = 0; i < 5; i++) t.add(id(i));
    expect(t.saturated).toBe(true);
    expect(t.add(id(0))).toBe('a');
    expect(t.add(id(4))).toBeUndefined();
  });

  it('packIds keeps each ID retrievable and marks records without one', () => {
    const ids = [id(1), null, 'x', id(2)];
    const p = packIds(ids);
    expect(Array.from(p.hashes, (h) => (Number.isNaN(h) ? null : h))).toEqual([hash53(id(1)), null, hash53('x'), hash53(id(2))]);
    const at = (i: number): string => p.text.slice(i ? p.ends[i - 1] : 0, p.ends[i]);
    expect([at(0), at(2), at(3)]).toEqual([id(1), 'x', id(2)]);
  });
});
