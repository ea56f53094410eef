/**
 * The window buffer's compact event store gives back events equal to the ones it was given,
 * in emission order: plain events through bytes (including non-ASCII text and events larger
 * than the first chunk), the others as the same objects.
 */
import { describe, expect, it } from 'vitest';
import { EventArena, WindowEvents } from '../../src/delivery/event-arena.js';
import type { SimEvent } from '../../src/sim/event.js';

const plain = (seq: number, extra = ''): SimEvent => ({
  t: 1741046400 + seq, seq, unit: 3, actor: seq % 4, op: seq % 33,
  req: `{"accountId":"-","vaultName":"v-${seq}"${extra}}`, resp: seq % 3 === 0 ? 'null' : `{"checksum":"${seq}"}`,
  error: seq % 5 === 0 ? ',"errorCode":"AccessDenied","errorMessage":"no"' : '',
  session: seq % 2 ? seq : undefined, sessionStart: seq % 2 ? 1741046000 : undefined,
});

describe('EventArena', () => {
  it('round-trips plain and unusual events in order', () => {
    const arena = new EventArena();
    const input: SimEvent[] = [];
    for (let seq = 0; seq < 5000; seq++) {
      let ev = plain(seq);
      if (seq === 7) ev = plain(seq, `,"archiveDescription":"Zürich 東京 ${'x'.repeat(200_000)}"`);
      if (seq % 997 === 0) ev = { ...ev, kind: 'console-login', labels: ['l'], step: 's' };
      input.push(ev);
      arena.add(ev);
    }
    const window = arena.take(3);
    expect(window.length).toBe(input.length);
    expect(window.unusual).toEqual(input.filter((e) => e.kind !== undefined));
    for (let i = 0; i < input.length; i++) {
      expect(window.t(i)).toBe(input[i]!.t);
      expect(window.seq(i)).toBe(input[i]!.seq);
      expect(window.get(i)).toEqual(input[i]);
    }
    expect([...window].length).toBe(input.length);
    window.release();
    expect(arena.size).toBe(0);
  });

  it('moves a closed window to another thread and back unchanged, giving its chunks to the receiver\'s pool', () => {
    const arena = new EventArena();
    const input: SimEvent[] = [];
    for (let seq = 0; seq < 3000; seq++) {
      const ev = seq % 500 === 0 ? { ...plain(seq), kind: 'console-login' as const, labels: ['x'] } : plain(seq);
      input.push(ev);
      arena.add(ev);
    }
    const { message, transfer } = arena.take(3).transfer();
    const given: ArrayBuffer[] = [];
    // structuredClone with a transfer list does what postMessage to a worker does.
    const received = WindowEvents.fromTransfer(structuredClone(message, { transfer }), { give: (ab) => given.push(ab) });
    expect(transfer.every((ab) => ab.byteLength === 0)).toBe(true);
    expect([...received]).toEqual(input);
    received.release();
    expect(given.length).toBeGreaterThan(0);
  });
});
