/** Fields are required from the eventVersion that introduced them (facts 1.1), not before. */
import { describe, expect, it } from 'vitest';
import { validateRecord } from '../../src/index.js';
import { glacierRecord } from './helpers.js';

const without = (r: Record<string, unknown>, ...keys: string[]): Record<string, unknown> => Object.fromEntries(Object.entries(r).filter(([k]) => !keys.includes(k)));

describe('fields by eventVersion', () => {
  it('accepts a 1.0 record (2014) without eventID, eventType and recipientAccountId', () => {
    const r = { ...without(glacierRecord(), 'eventID', 'eventType', 'recipientAccountId', 'eventCategory', 'tlsDetails', 'managementEvent'), eventVersion: '1.0' };
    expect(validateRecord(r).errors).toEqual([]);
  });

  it('requires eventID from 1.01, and eventType and recipientAccountId from 1.02', () => {
    const old = without(glacierRecord(), 'eventCategory', 'tlsDetails', 'managementEvent');
    expect(validateRecord({ ...without(old, 'eventID', 'eventType', 'recipientAccountId'), eventVersion: '1.01' }).errors.map((e) => e.path)).toEqual(['/eventID']);
    expect(validateRecord({ ...without(old, 'eventType', 'recipientAccountId'), eventVersion: '1.01' }).valid).toBe(true);
    expect(validateRecord({ ...without(old, 'recipientAccountId'), eventVersion: '1.02' }).errors.map((e) => e.path)).toEqual(['/recipientAccountId']);
    expect(validateRecord(without(glacierRecord(), 'eventType')).errors.map((e) => e.path)).toContain('/eventType');
  });
});
