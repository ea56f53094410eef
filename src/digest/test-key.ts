/**
 * The RSA-2048 test key of a seed. The candidate primes are drawn exactly as node-forge 1.x's
 * PRIMEINC key generation draws them, from the seeded stream (keys derived before this module
 * existed came from forge itself, and stay the same); only the primality test differs: trial
 * division by small primes, then node:crypto's `checkPrime` (OpenSSL), instead of forge's pure-JS
 * Miller-Rabin, whose witnesses were Math.random and so never touched the stream. A prime is a
 * prime either way, so the key is the same (ten seeds compared), in 0.04-0.25 s instead of
 * forge's 0.2-4.9 s (2-core VM).
 *
 * forge's procedure (lib/rsa.js, stepKeyPairGenerationState), for p and then q, 1024 bits each:
 * 129 random bytes, the first zeroed, read big-endian; the top bit forced; moved up to the next
 * 30k + 1; then stepped over the residues coprime to 30 (+6, +4, +2, +4, +2, +4, +6, +2) until a
 * probable prime, starting over with new bytes if it outgrows 1024 bits or if p - 1 shares a
 * factor with e. Then p >= q (swapped if not), e coprime to (p - 1)(q - 1) (else both again), and
 * n of exactly 2048 bits (else a new q).
 */
import { checkPrimeSync, createPrivateKey, type KeyObject } from 'node:crypto';
import { Rng } from '../random/rng.js';

const BITS = 2048;
const PRIME_BITS = BITS / 2;
const E = 65537n;
const GCD_30_DELTA = [6n, 4n, 2n, 4n, 2n, 4n, 6n, 2n];

/** The seed's test key (pure: the same seed always gives the same key). */
export function deriveTestKeyObject(seed: string): KeyObject {
  const rng = Rng.for(seed, 'digest-signing-key');
  let p: bigint | null = null;
  let q: bigint | null = null;
  for (;;) {
    while (p === null || q === null) {
      const prime = nextPrime(rng);
      if (p === null) p = prime;
      else q = prime;
    }
    if (p < q) [p, q] = [q, p];
    const phi = (p - 1n) * (q - 1n);
    if (gcd(phi, E) !== 1n) {
      p = q = null;
      continue;
    }
    const n = p * q;
    if (n >> BigInt(BITS - 1) !== 1n) {
      q = null;
      continue;
    }
    const d = modInverse(E, phi);
    const jwk = { kty: 'RSA', n: b64(n), e: b64(E), d: b64(d), p: b64(p), q: b64(q), dp: b64(d % (p - 1n)), dq: b64(d % (q - 1n)), qi: b64(modInverse(q, p)) };
    return createPrivateKey({ key: jwk, format: 'jwk' });
  }
}

/** The next PRIMEINC prime of PRIME_BITS bits whose p - 1 is coprime to e. */
function nextPrime(rng: Rng): bigint {
  const limit = 1n << BigInt(PRIME_BITS);
  for (;;) {
    let num = randomBits(rng) | (limit >> 1n);
    num += 31n - (num % 30n);
    for (let i = 0; num < limit; num += GCD_30_DELTA[i++ % 8]!) {
      if (hasSmallFactor(num) || !checkPrimeSync(num)) continue;
      if (gcd(num - 1n, E) === 1n) return num;
      break;
    }
  }
}

/**
 * Odd primes below 1,000 (the wheel already skips multiples of 2, 3 and 5), in groups whose
 * product stays below 2^53: one BigInt remainder per group, then plain numbers. Most candidates
 * fail here; checkPrime alone spent 0.28 ms on each, with this filter first 0.07 ms on average.
 */
const SMALL_PRIME_GROUPS: Array<{ product: bigint; primes: number[] }> = (() => {
  const primes: number[] = [];
  for (let n = 7; n < 1000; n += 2) if (primes.every((p) => n % p !== 0) && n % 3 !== 0 && n % 5 !== 0) primes.push(n);
  const groups: Array<{ product: bigint; primes: number[] }> = [];
  let group: number[] = [];
  let product = 1;
  for (const p of primes) {
    if (product * p > Number.MAX_SAFE_INTEGER) {
      groups.push({ product: BigInt(product), primes: group });
      group = [];
      product = 1;
    }
    group.push(p);
    product *= p;
  }
  groups.push({ product: BigInt(product), primes: group });
  return groups;
})();

function hasSmallFactor(n: bigint): boolean {
  for (const { product, primes } of SMALL_PRIME_GROUPS) {
    const r = Number(n % product);
    for (const p of primes) if (r % p === 0) return true;
  }
  return false;
}

/** forge's `new BigInteger(1024, rng)`: 129 bytes drawn, the first zeroed (1024 = 128 × 8), big-endian. */
function randomBits(rng: Rng): bigint {
  const bytes = Buffer.alloc(PRIME_BITS / 8 + 1);
  for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(256);
  bytes[0] = 0;
  return BigInt(`0x${bytes.toString('hex')}`);
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** a⁻¹ mod m (a and m coprime), by the extended Euclidean algorithm. */
function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1] = [a % m, m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const k = r0 / r1;
    [r0, r1] = [r1, r0 - k * r1];
    [s0, s1] = [s1, s0 - k * s1];
  }
  return ((s0 % m) + m) % m;
}

/** Unsigned big-endian base64url, as JWK wants. */
function b64(v: bigint): string {
  const hex = v.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex').toString('base64url');
}
