/**
 * Issue 17 item 1: new-generation key and principal IDs base32-decode to their owner's account
 * (Steele 2020, Be'ery, WithSecure; real records in ../shared/data all do).
 */
import { describe, expect, it } from 'vitest';
import { accountIdAt, accountOfId } from '../../src/random/ids.js';
import { corpus, idsWithOwners } from './corpus.js';

describe('access key and principal IDs', () => {
  it('decode as the public write-ups do (real IDs from unsanitized records)', () => {
    // stelligent-u (2022) and cloud-custodian (2023, 2024) records, copied here with their accountId.
    expect(accountOfId('ASIAUXAYGAAR5RTOHPFD')).toBe('324320755747');
    expect(accountOfId('AROAUXAYGAAR6T7RR6MHZ')).toBe('324320755747');
    expect(accountOfId('AIDAZL6XWCR2GMVVY4IYC')).toBe('644160558196');
    expect(accountOfId('ASIAZTHNIDQRCD53GXGD')).toBe('659775036450');
    // Aidan Steele's example key and Tal Be'ery's decoding of it.
    expect(accountOfId('ASIAY34FZKBOKMUTVV7A')).toBe('609629065308');
    // Old-generation IDs carry no account.
    expect(accountOfId('AKIAIOSFODNN7EXAMPLE')).toBe('');
  });

  it('round-trip for edge accounts, and share 8 characters per account', () => {
    for (const account of ['000000000000', '000000000001', '999999999999', '123456789012', '549755813888']) {
      const a = accountIdAt('ASIA', account, 1, 2, 3, 16);
      const b = accountIdAt('AROA', account, 9, 8, 7, 17);
      expect(a).toMatch(/^ASIA[A-Z2-7]{16}$/);
      expect(b).toMatch(/^AROA[A-Z2-7]{17}$/);
      expect(accountOfId(a)).toBe(account);
      expect(accountOfId(b)).toBe(account);
      expect(a.slice(4, 12)).toBe(b.slice(4, 12));
    }
  });

  it('in every generated record decode to the key owner', async () => {
    const records = await corpus();
    let checked = 0;
    const wrong: string[] = [];
    for (const { source, record } of records) {
      for (const { id, account, where } of idsWithOwners(record)) {
        checked++;
        if (accountOfId(id) !== account && wrong.length < 5) wrong.push(`${source} ${String(record.eventName)} ${where} ${id} -> ${accountOfId(id) || 'old-generation'}, owner ${account}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(10_000);
  });
});
