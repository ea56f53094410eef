/**
 * Identifier formats, as CloudTrail and Glacier write them (reference: cloudtrail-glacier-facts.md
 * sections 2.3 and 5.6). Every function takes its randomness as 32-bit words from a caller-chosen
 * source, so the same helpers serve sequential streams (plan compile) and counter hashing (hot loop).
 */
import { mix32 } from './hash.js';
import type { Rng } from './rng.js';

export const BASE32_AWS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const HEX = '0123456789abcdef';

/** Byte-to-hex table: one lookup per byte instead of toString(16) and padding. */
const HEX2: string[] = Array.from({ length: 256 }, (_, i) => HEX[i >>> 4]! + HEX[i & 15]!);

/** Lowercase RFC 4122 version-4 UUID from (key, seq), lanes lane..lane+3. */
export function uuidAt(key: number, seq: number, lane: number): string {
  const a = mix32(key, seq, lane);
  const b = mix32(key, seq, lane + 1);
  const c = mix32(key, seq, lane + 2);
  const d = mix32(key, seq, lane + 3);
  return (
    HEX2[a >>> 24]! + HEX2[(a >>> 16) & 255]! + HEX2[(a >>> 8) & 255]! + HEX2[a & 255]! + '-' +
    HEX2[b >>> 24]! + HEX2[(b >>> 16) & 255]! + '-' +
    HEX2[0x40 | ((b >>> 8) & 15)]! + HEX2[b & 255]! + '-' +
    HEX2[0x80 | ((c >>> 24) & 63)]! + HEX2[(c >>> 16) & 255]! + '-' +
    HEX2[(c >>> 8) & 255]! + HEX2[c & 255]! + HEX2[d >>> 24]! + HEX2[(d >>> 16) & 255]! + HEX2[(d >>> 8) & 255]! + HEX2[d & 255]!
  );
}

/** `length` characters of base64url from (key, seq), 5 characters per 32-bit word (30 bits used). */
export function base64urlAt(key: number, seq: number, lane: number, length: number): string {
  let s = '';
  let w = 0;
  for (let i = 0; i < length; i++) {
    if (i % 5 === 0) w = mix32(key, seq, lane + i / 5);
    s += BASE64URL[w & 63];
    w >>>= 6;
  }
  return s;
}

/** Same idea for any alphabet of up to 64 symbols (rejection-free modulo; bias < 1e-7 for 62). */
export function charsAt(alphabet: string, key: number, seq: number, lane: number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[mix32(key, seq, lane + i) % alphabet.length];
  return s;
}

/** Lowercase hex of `bytes` random bytes from (key, seq). */
export function hexAt(key: number, seq: number, lane: number, bytes: number): string {
  let s = '';
  let w = 0;
  for (let i = 0; i < bytes; i++) {
    if (i % 4 === 0) w = mix32(key, seq, lane + i / 4);
    s += HEX2[w & 255];
    w >>>= 8;
  }
  return s;
}

/** AWS access key id: AKIA/ASIA + 16 base32 characters (20 in all). */
export function accessKeyId(rng: Rng, temporary: boolean): string {
  return (temporary ? 'ASIA' : 'AKIA') + rng.chars(BASE32_AWS, 16);
}

/** IAM unique id: AIDA (user) / AROA (role) + 17 base32 characters (21 in all). */
export function uniqueId(rng: Rng, prefix: 'AIDA' | 'AROA'): string {
  return prefix + rng.chars(BASE32_AWS, 17);
}
