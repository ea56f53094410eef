/** The scan before JSON.parse: duplicate keys wherever they are, and the depth and size limits. */
import { describe, expect, it } from 'vitest';
import { checkJsonStructure } from '../../src/validate/json-structure.js';

const wide = (n: number, extra = ''): string => `{${Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(',')}${extra}}`;

describe('checkJsonStructure', () => {
  it('finds a duplicate key with its pointer, at any depth and array index', () => {
    expect(checkJsonStructure('{"Records":[{"a":1},{"b":{"c":1,"c":2}}]}').duplicates).toEqual([{ path: '/Records/1/b/c', message: 'duplicate key "c" (JSON.parse keeps only the last value)' }]);
    expect(checkJsonStructure('{"Records":[],"Records":[]}').duplicates.map((d) => d.path)).toEqual(['/Records']);
  });

  it('does not confuse equal names in different objects, keys with values, or quotes inside strings', () => {
    expect(checkJsonStructure('{"a":{"x":1},"b":{"x":1},"c":"a","d":"\\"a\\":1","e":[{"x":1},{"x":2}]}').duplicates).toEqual([]);
  });

  it('compares decoded names: "a" and "\\u0061" are one key', () => {
    expect(checkJsonStructure('{"\\u0061":1,"a":2}').duplicates.map((d) => d.path)).toEqual(['/a']);
    expect(checkJsonStructure('{"a\\\\":1,"a\\\\":2}').duplicates.map((d) => d.path)).toEqual(['/a\\']);
  });

  it('finds duplicates in wide objects too (hashed past 32 keys)', () => {
    expect(checkJsonStructure(wide(100, ',"k7":0')).duplicates.map((d) => d.path)).toEqual(['/k7']);
    expect(checkJsonStructure(wide(100)).duplicates).toEqual([]);
  });

  it('reports 20 duplicates and counts the rest', () => {
    const many = `{${Array.from({ length: 30 }, () => '"x":1').join(',')}}`;
    const d = checkJsonStructure(many).duplicates;
    expect(d).toHaveLength(21);
    expect(d[20]).toEqual({ path: '', message: '9 more duplicate keys' });
  });

  it('stops at the first value past a limit, with the pointer to it', () => {
    const deep = checkJsonStructure('['.repeat(1000), { maxDepth: 5, maxContainers: 100, maxValues: 100 });
    expect(deep.overLimit).toEqual({ path: '/0/0/0/0/0', message: expect.stringMatching(/^nested more than 5 levels deep/) });
    expect(checkJsonStructure(`[${'[],'.repeat(50)}[]]`, { maxDepth: 5, maxContainers: 10, maxValues: 100 }).overLimit?.message).toMatch(/^more than 10 objects and arrays/);
    expect(checkJsonStructure(`[${'1,'.repeat(50)}1]`, { maxDepth: 5, maxContainers: 10, maxValues: 20 }).overLimit?.message).toMatch(/^more than 20 JSON values/);
    expect(checkJsonStructure('['.repeat(128) + ']'.repeat(128)).overLimit).toBeUndefined();
    expect(checkJsonStructure('['.repeat(129)).overLimit).toBeDefined();
  });

  it('leaves syntax errors to JSON.parse, without throwing', () => {
    for (const t of ['{"a', '{"a":', '}}}]]', '"\\', '{"a":1,"a"', '']) expect(() => checkJsonStructure(t)).not.toThrow();
  });
});
