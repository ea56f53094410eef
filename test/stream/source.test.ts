/** The rate calibration of `stream --rate`: its cost must not grow with the rate. */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { measureScale, PROBE_RATE } from '../../src/stream/source.js';
import { TINY } from './helpers.js';

describe('stream rate calibration', () => {
  it('counts events at no more than PROBE_RATE a simulated second and scales that count to higher rates', async () => {
    const { scenario } = await loadScenario(TINY);
    const options = { start: Date.parse('2025-03-04T00:00:00Z') / 1000, speed: 1 };
    const atProbe = await measureScale(scenario, options, PROBE_RATE);
    // Counting at the rate itself would simulate 5 s at 1,000,000 events a second (~15 s here)
    // and give a scale that is not exactly proportional.
    const above = await measureScale(scenario, options, PROBE_RATE * 100);
    expect(above / atProbe).toBeCloseTo(100, 9);
    // Below the probe rate the count is taken at the rate itself, over a longer window.
    const below = await measureScale(scenario, options, PROBE_RATE / 100);
    expect(below).toBeGreaterThan(0);
    expect(Math.abs((below * 100) / atProbe - 1)).toBeGreaterThan(1e-9);
  });
});
