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

/**
 * Identifiers are assembled as bytes in a scratch buffer and read back as one flat string.
 * Appending character by character builds a rope of one node per character (a 138-character
 * archive id: 138 nodes) that every later write has to flatten: 3-5 µs per archive id against
 * 1.3-1.6 µs this way (measured on the 2-core VM, including a utf8 write of the result).
 */
const scratch = Buffer.allocUnsafeSlow(4096);
const codesOf = (alphabet: string): Uint8Array => Uint8Array.from(alphabet, (ch) => ch.charCodeAt(0));
const isAscii = (s: string): boolean => [...s].every((ch) => ch.charCodeAt(0) < 128);
const BASE64URL_CODES = codesOf(BASE64URL);
const HEX_CODES = codesOf(HEX);
/** Byte codes of ASCII alphabets; null for others, which take the slow path. */
const alphabetCodes = new Map<string, Uint8Array | null>();

/** Lowercase RFC 4122 version-4 UUID from (key, seq), lanes lane..lane+3. */
export function uuidAt(key: number, seq: number, lane: number): string {
  writeUuid(scratch, 0, key, seq, lane);
  return scratch.toString('latin1', 0, 36);
}

/** uuidAt's 36 characters written into `to` at `at` (for callers assembling several values into one string). */
export function writeUuid(to: Uint8Array, at: number, key: number, seq: number, lane: number): void {
  const a = mix32(key, seq, lane);
  const b = mix32(key, seq, lane + 1);
  const c = mix32(key, seq, lane + 2);
  const d = mix32(key, seq, lane + 3);
  hexWord(to, at, a);
  to[at + 8] = DASH;
  hexByte(to, at + 9, b >>> 24);
  hexByte(to, at + 11, (b >>> 16) & 255);
  to[at + 13] = DASH;
  hexByte(to, at + 14, 0x40 | ((b >>> 8) & 15));
  hexByte(to, at + 16, b & 255);
  to[at + 18] = DASH;
  hexByte(to, at + 19, 0x80 | ((c >>> 24) & 63));
  hexByte(to, at + 21, (c >>> 16) & 255);
  to[at + 23] = DASH;
  hexByte(to, at + 24, (c >>> 8) & 255);
  hexByte(to, at + 26, c & 255);
  hexWord(to, at + 28, d);
}

const DASH = 45;

function hexByte(to: Uint8Array, at: number, v: number): void {
  to[at] = HEX_CODES[(v >>> 4) & 15]!;
  to[at + 1] = HEX_CODES[v & 15]!;
}

/** The four bytes of w as 8 hex digits, high byte first. */
function hexWord(to: Uint8Array, at: number, w: number): void {
  hexByte(to, at, w >>> 24);
  hexByte(to, at + 2, (w >>> 16) & 255);
  hexByte(to, at + 4, (w >>> 8) & 255);
  hexByte(to, at + 6, w & 255);
}

/** `length` characters of base64url from (key, seq), 5 characters per 32-bit word (30 bits used). */
export function base64urlAt(key: number, seq: number, lane: number, length: number): string {
  writeBase64url(scratch, 0, key, seq, lane, length);
  return scratch.toString('latin1', 0, length);
}

/** base64urlAt's characters written into `to` at `at`. */
export function writeBase64url(to: Uint8Array, at: number, key: number, seq: number, lane: number, length: number): void {
  // Word by word (no modulo and division per character): every record's requestID is 47 of these.
  for (let i = 0, word = lane; i < length; word++) {
    let w = mix32(key, seq, word);
    for (const end = Math.min(i + 5, length); i < end; i++) {
      to[at + i] = BASE64URL_CODES[w & 63]!;
      w >>>= 6;
    }
  }
}

/** Same idea for any alphabet of up to 64 symbols (rejection-free modulo; bias < 1e-7 for 62). */
export function charsAt(alphabet: string, key: number, seq: number, lane: number, length: number): string {
  let codes = alphabetCodes.get(alphabet);
  if (codes === undefined) alphabetCodes.set(alphabet, (codes = isAscii(alphabet) ? codesOf(alphabet) : null));
  if (codes === null) {
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[mix32(key, seq, lane + i) % alphabet.length];
    return s;
  }
  const n = codes.length;
  for (let i = 0; i < length; i++) scratch[i] = codes[mix32(key, seq, lane + i) % n]!;
  return scratch.toString('latin1', 0, length);
}

/** Lowercase hex of `bytes` random bytes from (key, seq). */
export function hexAt(key: number, seq: number, lane: number, bytes: number): string {
  let w = 0;
  for (let i = 0; i < bytes; i++) {
    if (i % 4 === 0) w = mix32(key, seq, lane + i / 4);
    scratch[2 * i] = HEX_CODES[(w >>> 4) & 15]!;
    scratch[2 * i + 1] = HEX_CODES[w & 15]!;
    w >>>= 8;
  }
  return scratch.toString('latin1', 0, 2 * bytes);
}

/** AWS access key id of `accountId`: AKIA/ASIA + 16 base32 characters (20 in all). */
export function accessKeyId(rng: Rng, temporary: boolean, accountId: string): string {
  return accountIdAt(temporary ? 'ASIA' : 'AKIA', accountId, rng.int(0x7fffffff), 0, 0, 16);
}

/** IAM unique id of `accountId`: AIDA (user) / AROA (role) + 17 base32 characters (21 in all). */
export function uniqueId(rng: Rng, prefix: 'AIDA' | 'AROA', accountId: string): string {
  return accountIdAt(prefix, accountId, rng.int(0x7fffffff), 0, 0, 17);
}

/**
 * New-generation IAM identifiers encode their owning account. After the 4-letter prefix, 16
 * base32 characters carry 80 bits: bit 79 marks the generation, bits 78-39 are the 12-digit
 * account ID (40 bits), the rest is random. So every ID of an account shares its 8 characters
 * after the prefix, and any analyst can decode the key's owner: Aidan Steele, "AWS Access Key ID
 * formats" (https://awsteele.com/blog/2020/09/26/aws-access-key-format.html); Tal Be'ery, "A
 * short note on AWS KEY ID" (https://medium.com/@TalBeerySec/a-short-note-on-aws-key-id-f88cc4317489:
 * decode, first 6 bytes & 0x7fffffffff80 >> 7); WithSecure Labs, "A bitwise analysis of AWS
 * access key identifiers" (https://labs.withsecure.com/publications/a-bitwise-analysis-of-aws-access-key-identifiers.html:
 * generation bit, account bits 21-60, and a 3:1 bias towards 1 at bit 92). Real records checked:
 * every unsanitized AKIA/ASIA/AIDA/AROA ID in ../shared/data decodes to its accountId.
 */
export interface AccountIdBits {
  /** The 8 characters every ID of the account shares (generation bit + account bits 39..1). */
  head: string;
  /** The account's lowest bit, the top bit of the 9th character. */
  low: number;
}

const accountBitsCache = new Map<string, AccountIdBits>();

export function accountIdBits(accountId: string): AccountIdBits {
  let bits = accountBitsCache.get(accountId);
  if (bits) return bits;
  // 40-bit account, generation bit on top: 41 bits = 8 characters (40 bits) + 1 bit.
  const n = Number(accountId);
  let head = '';
  // Characters 0..7 hold bits 40..1 of (1 << 40 | account); divide instead of shifting (> 32 bits).
  const value = 2 ** 40 + n;
  for (let i = 0; i < 8; i++) head += BASE32_AWS[Math.floor(value / 2 ** (36 - 5 * i)) % 32];
  bits = { head, low: n % 2 };
  accountBitsCache.set(accountId, bits);
  return bits;
}

/**
 * An ID of `prefix` (AKIA, ASIA, AIDA, AROA, ANPA...) owned by `accountId`, `length` characters
 * after the prefix (16 for access keys, 17 for unique IDs), its random part from (key, seq, lane..lane+1).
 */
export function accountIdAt(prefix: string, accountId: string, key: number, seq: number, lane: number, length: number): string {
  const { head, low } = accountIdBits(accountId);
  const a = mix32(key, seq, lane);
  const b = mix32(key, seq, lane + 1);
  // 9th character: the account's low bit, then 4 random bits.
  let s = prefix + head + BASE32_AWS[(low << 4) | (a & 15)];
  // Characters 9..15 (and a 17th for unique IDs): random, except bit 92 of the ID (the middle bit
  // of the 15th character after the prefix) leans 3:1 towards 1 as WithSecure measured.
  let w = a >>> 4;
  for (let i = 9; i < length; i++) {
    if (i === 14) w = b;
    let c = w & 31;
    w >>>= 5;
    if (i === 14 && b >>> 31 === 1) c |= 4;
    s += BASE32_AWS[c];
  }
  return s;
}

/** The account an ID decodes to ('' for old-generation or malformed IDs); the inverse of accountIdAt. */
export function accountOfId(id: string): string {
  if (id.length < 16) return '';
  let high = 0;
  for (let i = 4; i < 13; i++) {
    const v = BASE32_AWS.indexOf(id[i]!);
    if (v < 0) return '';
    high = high * 32 + v;
  }
  // 45 bits: generation (bit 44), account (bits 43..4), 4 random bits.
  if (high < 2 ** 44) return '';
  return String(Math.floor((high - 2 ** 44) / 16)).padStart(12, '0');
}
