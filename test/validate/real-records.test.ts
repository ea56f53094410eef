/** Every genuine record in test/fixtures/real-cloudtrail must be accepted, also under --strict. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateFile, validateRecord } from '../../src/validate/index.js';
import { MORE_DIR, REAL_DIR, realRecords } from './helpers.js';

const records = realRecords();

describe('real CloudTrail records', () => {
  it('are all there (173 records in 8 files)', () => {
    expect(records.length).toBe(173);
  });

  it.each(records.map((r) => [`${r.file}:${r.line} ${String(r.record.eventSource ?? r.record.eventType)} ${String(r.record.eventName ?? '')}`, r]))('accepts %s', (_name, r) => {
    const res = validateRecord(r.record, { strict: true });
    expect(res.errors).toEqual([]);
    expect(res.valid).toBe(true);
  });

  it('accepts the NDJSON files as files, under --strict', async () => {
    for (const f of ['aws-docs.ndjson', 'otrf-security-datasets.ndjson', 'panther-oss.ndjson']) {
      const res = await validateFile(join(REAL_DIR, f), { strict: true });
      expect(res.reports, f).toEqual([]);
      expect(res.valid).toBe(true);
      expect(res.records).toBeGreaterThan(0);
    }
  });
});

describe('more genuine records (AWS documentation, AWS CLI examples, practitioner captures: test/fixtures/real-cloudtrail-more)', () => {
  const more = realRecords(MORE_DIR);

  it('are all there: 24 records, 11 services, 2014 to 2024', () => {
    expect(more.length).toBe(24);
    expect(new Set(more.map((r) => r.record.eventSource)).size).toBe(11);
    const years = more.map((r) => Number(String(r.record.eventTime).slice(0, 4)));
    expect([Math.min(...years), Math.max(...years)]).toEqual([2014, 2024]);
  });

  /**
   * Real records that break a regularity: accepted all the same, with a warning (an error only
   * under --strict). The GuardDuty guide's CreateThreatIntelSet has an AssumedRole identity whose
   * arn is an IAM user ARN, the shape issue 16 names.
   */
  const regularityBreaks: Record<string, string[]> = {
    '81337b11-e5c8-4f91-b141-deb405625bc9': ['/userIdentity/arn'],
  };

  it.each(more.map((r) => [`${r.file}:${r.line} ${String(r.record.eventSource)} ${String(r.record.eventName)}`, r]))('accepts %s', (_name, r) => {
    const res = validateRecord(r.record);
    expect(res.errors).toEqual([]);
    expect(res.valid).toBe(true);
    const strict = validateRecord(r.record, { strict: true }).errors.map((e) => e.path);
    expect(strict).toEqual(regularityBreaks[String(r.record.eventID)] ?? []);
  });
});
