/** Names drawn at compile time with faker through our seam: roles, sessions, accounts (vaults: vault-names.ts). */
import type { Faker } from '@faker-js/faker';
import type { Rng } from '../random/rng.js';

export function accountId(rng: Rng): string {
  return String(rng.range(1, 9)) + rng.chars('0123456789', 11);
}

export function pascal(name: string): string {
  return name.split(/[^A-Za-z0-9]+/).filter(Boolean).map((p) => p[0]!.toUpperCase() + p.slice(1)).join('');
}

export function emailLike(f: Faker, domain: string): string {
  return `${f.person.firstName().toLowerCase()}.${f.person.lastName().toLowerCase()}@${domain}`.replace(/[^\w+=,.@-]/g, '');
}

export function bucketSuffix(rng: Rng): string {
  return rng.chars('0123456789abcdef', 8);
}
