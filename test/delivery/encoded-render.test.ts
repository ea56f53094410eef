/**
 * Log files render events straight from a window's encoded bytes (renderEncodedInto), NDJSON
 * from event objects (renderInto), and the string API decodes renderInto's bytes. All three
 * must give the same record for every event: every example scenario's events (failures, null
 * and non-null responses, sessions, cross-account copies, STS and sign-in records) and events
 * whose fragments hold non-ASCII text.
 */
import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { EncodedEvent, EventArena } from '../../src/delivery/event-arena.js';
import { renderWindow } from '../../src/delivery/log-file.js';
import { compilePlan } from '../../src/plan/compile.js';
import { BufferPool, ByteBuilder } from '../../src/render/bytes.js';
import { RecordRenderer } from '../../src/render/record.js';
import { Rng } from '../../src/random/rng.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { SimEvent } from '../../src/sim/event.js';
import { simulate } from '../../src/sim/simulate.js';

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;
const examples = (await readdir(EXAMPLES)).filter((f) => f.endsWith('.scenario.yaml'));

/** Small unpooled buffers: one per rendered record here. */
const SMALL = new BufferPool(0, 4096);

function bytesOf(write: (out: ByteBuilder) => void): string {
  const out = new ByteBuilder(1024, SMALL);
  write(out);
  return out.finish().toString('utf8');
}

/** Each event rendered three ways; returns how many went through the encoded path. */
function expectSameRecords(renderer: RecordRenderer, events: SimEvent[]): number {
  const arena = new EventArena(new BufferPool(0));
  for (const ev of events) arena.add(ev);
  const window = arena.take(events[0]!.unit);
  const cursor = new EncodedEvent();
  let encoded = 0;
  for (let i = 0; i < events.length; i++) {
    const ev = events[i]!;
    const direct = bytesOf((out) => renderer.renderInto(ev, out));
    expect(renderer.render(ev)).toBe(direct);
    const record = JSON.parse(direct) as Record<string, unknown>;
    expect(record.requestParameters).toEqual(JSON.parse(ev.req));
    if (window.readEncoded(i, cursor)) {
      encoded++;
      expect(bytesOf((out) => renderer.renderEncodedInto(cursor, out))).toBe(direct);
    } else {
      expect(window.get(i)).toBe(ev);
    }
  }
  window.release();
  return encoded;
}

/** The quickstart's renderer and a copy of its first plain Glacier event, to vary. */
async function quickstartRenderer(): Promise<{ renderer: RecordRenderer; base: SimEvent }> {
  const { scenario } = await loadScenario(EXAMPLES + 'quickstart.scenario.yaml');
  const plan = compilePlan(scenario, { seed: 5 });
  for (const ev of simulate(plan, { limit: 100 })) if (ev.kind === undefined && ev.copyOf === undefined) return { renderer: new RecordRenderer(plan), base: { ...ev } };
  throw new Error('no plain Glacier event in the first 100');
}

describe('record bytes', () => {
  it.each(examples)('are the same from event objects, encoded windows and the string API: %s', async (file) => {
    const { scenario } = await loadScenario(EXAMPLES + file);
    const plan = compilePlan(scenario, { seed: 5 });
    const renderer = new RecordRenderer(plan, '\n');
    const byUnit = new Map<number, SimEvent[]>();
    for (const ev of simulate(plan, { limit: 3000 })) {
      const list = byUnit.get(ev.unit) ?? [];
      list.push(ev);
      byUnit.set(ev.unit, list);
    }
    let encoded = 0;
    for (const events of byUnit.values()) encoded += expectSameRecords(renderer, events);
    expect(encoded).toBeGreaterThan(0);
  });

  it('copies non-ASCII fragments byte for byte', async () => {
    const { renderer, base } = await quickstartRenderer();
    const events: SimEvent[] = [
      { ...base, seq: 1, req: '{"accountId":"-","vaultName":"v","tags":{"Owner":"Zürich 東京 🚀"}}' },
      { ...base, seq: 2, resp: '{"location":"/ü/東"}', error: ',"errorCode":"AccessDeniedException","errorMessage":"Zugriff verweigert: 東京"' },
      { ...base, seq: 3, resp: 'null', error: '' },
    ];
    expect(expectSameRecords(renderer, events)).toBe(3);
    expect(renderer.render(events[0]!)).toContain('"Owner":"Zürich 東京 🚀"');
  });

  it('writes eventTime as the ISO second of t across seconds, hours and days, in any order', async () => {
    const { renderer, base } = await quickstartRenderer();
    const day = Date.UTC(2025, 2, 4) / 1000;
    // Repeats, a day back and forth, midnight, the last second of a day, a leap day, a new year.
    const times = [day, day, day + 1, day + 3599, day + 3600, day + 86399, day + 86400, day - 1, day + 59, day + 86400 * 3 + 45296,
      Date.UTC(2024, 1, 29, 23, 59, 59) / 1000, Date.UTC(2026, 0, 1) / 1000, day + 43210];
    const rng = Rng.for('times');
    for (let i = 0; i < 200; i++) times.push(day + rng.int(86400 * 400));
    for (const t of times) {
      const record = JSON.parse(renderer.render({ ...base, t })) as { eventTime: string };
      expect(record.eventTime).toBe(new Date(t * 1000).toISOString().replace('.000Z', 'Z'));
    }
  });

  it('orders a log file the same from an encoded window (packed sort) and from shuffled objects (comparator sort)', async () => {
    const { scenario } = await loadScenario(EXAMPLES + 'quickstart.scenario.yaml');
    const plan = compilePlan(scenario, { seed: 9 });
    const renderer = new RecordRenderer(plan);
    const events = [...simulate(plan, { limit: 4000 })].filter((e) => e.unit === 0);
    const arena = new EventArena(new BufferPool(0));
    for (const ev of events) arena.add(ev);
    const shuffled = Rng.for('shuffle').shuffle([...events]);
    const fromArena = [...renderWindow(plan, renderer, 0, 7, arena.take(0))];
    const fromObjects = [...renderWindow(plan, renderer, 0, 7, shuffled)];
    expect(fromArena.length).toBeGreaterThan(0);
    expect(fromObjects.map((f) => f.body.toString())).toEqual(fromArena.map((f) => f.body.toString()));
    // Jittered, not strictly by time, yet every record present once.
    const records = fromArena.flatMap((f) => (JSON.parse(f.body.toString()) as { Records: Array<{ eventID: string }> }).Records);
    expect(new Set(records.map((r) => r.eventID)).size).toBe(events.length);
  });
});
