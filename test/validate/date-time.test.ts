/** The fast date-time format must answer exactly as ajv-formats' full date-time does. */
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { describe, expect, it } from 'vitest';
import { dateTime } from '../../src/validate/date-time.js';

const full = fullFormats['date-time'] as { validate: (s: string) => boolean };

describe('fast date-time format', () => {
  it('agrees with ajv-formats on every edge of the CloudTrail shape', () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const y of ['0000', '1900', '1999', '2000', '2024', '2025', '2100', '9999'])
      for (const mo of ['00', '01', '02', '04', '09', '11', '12', '13', '99'])
        for (const d of ['00', '01', '28', '29', '30', '31', '32'])
          for (const h of ['00', '12', '23', '24', '99'])
            for (const mi of ['00', '58', '59', '60'])
              for (const s of ['00', '59', '60', '61', '99']) {
                const text = `${y}-${mo}-${d}T${h}:${mi}:${s}Z`;
                checked++;
                if (dateTime(text) !== full.validate(text)) mismatches.push(text);
              }
    expect(checked).toBeGreaterThan(50_000);
    expect(mismatches).toEqual([]);
  });

  it('agrees on other shapes (handed to ajv-formats)', () => {
    const cases = [
      '2025-03-04T02:14:01Z', '2025-03-04t02:14:01z', '2025-03-04 02:14:01Z', '2025-03-04T02:14:01.123Z', '2025-03-04T02:14:01+01:00',
      '2025-03-04T02:14:01', '2025-3-04T02:14:01Z', '2025-03-04T02:14:0aZ', '20250304T021401Z', '2025-03-04X02:14:01Z', '2025/03/04T02:14:01Z',
      '2025-03-04T02:14:01ZZ', '', 'x', '2025-02-29T00:00:00Z', '2024-02-29T00:00:00Z', '2016-12-31T23:59:60Z', '2016-12-31T23:58:60Z', '٢٠٢٥-03-04T02:14:01Z',
    ];
    for (const c of cases) expect([c, dateTime(c)]).toEqual([c, full.validate(c)]);
  });
});
