/**
 * Sharding: a delivery window of a unit (account × region) belongs to exactly one of N shards,
 * by a hash of the unit key and window number. Every shard simulates the whole scenario (~1.5 µs
 * per event) but buffers and renders only its windows, so the union of all shards' trees is the
 * unsharded tree byte for byte.
 */
import { hashString, mix32 } from '../random/hash.js';
import { UsageError } from '../errors.js';

export interface Shard {
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1) || !(index >= 0) || index >= count) {
    throw new UsageError(`--shard ${text}: expected i/N with 0 <= i < N, e.g. 0/4`);
  }
  return { index, count };
}

/**
 * `by: 'window'` (default) spreads each unit's windows over the shards. `by: 'unit'` gives a
 * shard whole units (account × region): needed with digests, whose chain runs through every
 * window of a unit, so each chain is written complete by exactly one shard.
 */
export function shardOwner(unitKey: string, by: ShardBy = 'window'): (window: number, shard: Shard) => boolean {
  const h = hashString(`shard/${unitKey}`);
  if (by === 'unit') return (_window, shard) => shard.count === 1 || mix32(h, 0, 1) % shard.count === shard.index;
  return (window, shard) => shard.count === 1 || mix32(h, window, 0) % shard.count === shard.index;
}

export type ShardBy = 'window' | 'unit';
