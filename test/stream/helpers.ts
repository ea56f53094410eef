/** Shared bits of the stream tests: record checks and a local HTTP receiver. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { validateRecord } from '../../src/validate/index.js';

export const TINY = new URL('../fixtures/scenarios/tiny.scenario.yaml', import.meta.url).pathname;

/** Every line is a CloudTrail record the validator accepts; returns the parsed records. */
export function expectValidRecords(text: string): Array<Record<string, unknown>> {
  expect(text.endsWith('\n') || text === '').toBe(true);
  const records = text.split('\n').slice(0, -1).map((l) => JSON.parse(l) as Record<string, unknown>);
  for (const r of records) {
    const result = validateRecord(r);
    expect(result.errors, JSON.stringify(r).slice(0, 300)).toEqual([]);
  }
  return records;
}

export interface Receiver {
  url: string;
  bodies: string[];
  requests: number;
  close(): Promise<void>;
}

/** node:http server on 127.0.0.1 that records POST bodies; `respond` may fail or delay some requests. */
export async function startReceiver(respond: (n: number, req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean> = () => false): Promise<Receiver> {
  const r: Receiver = { url: '', bodies: [], requests: 0, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const n = r.requests++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (await respond(n, req, res)) return;
      r.bodies.push(Buffer.concat(chunks).toString());
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ingest`;
  r.close = () => new Promise<void>((ok) => {
    server.closeAllConnections();
    server.close(() => ok());
  });
  return r;
}
