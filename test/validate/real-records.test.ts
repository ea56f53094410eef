/** Every genuine record in test/fixtures/real-cloudtrail must be accepted, also under --strict. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateFile, validateRecord } from '../../src/validate/index.js';
import { REAL_DIR, realRecords } from './helpers.js';

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
