/** Names drawn at compile time with faker through our seam: vaults, roles, sessions, accounts. */
import type { Faker } from '@faker-js/faker';
import type { Rng } from '../random/rng.js';

const VAULT_PATTERNS: Array<(f: Faker, year: number) => string> = [
  (f, y) => `${f.word.noun()}-archive-${y}`,
  (f) => `${f.commerce.department().toLowerCase()}-backups`,
  (f, y) => `${f.word.adjective()}-${f.word.noun()}-${y}`,
  (f) => `db-snapshots-${f.word.noun()}`,
  (f, y) => `legal-hold-${y}`,
  (f) => `media-${f.word.noun()}-raw`,
  (f, y) => `${f.word.noun()}_logs_${y}`,
  (f) => `${f.company.buzzNoun().toLowerCase()}-cold-storage`,
];

export function vaultName(f: Faker, rng: Rng, year: number): string {
  const raw = rng.pick(VAULT_PATTERNS)(f, year - rng.int(6));
  return raw.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 255);
}

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
