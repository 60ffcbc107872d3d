import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A practice's webhook receiver on 127.0.0.1. It records what it gets and answers, per path, the
 * statuses it is told to (then 200); with `holdNext`, it keeps the next request without answering
 * (in `held`), as a receiver that hangs.
 */
export async function startReceiver() {
  const received: Received[] = [];
  const held: Received[] = [];
  const statuses: Record<string, number[]> = {};
  const control = { holdNext: false };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const hit = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      if (control.holdNext) {
        control.holdNext = false;
        held.push(hit);
        return; // never answers: the sender waits until it gives up or dies
      }
      received.push(hit);
      res.writeHead(statuses[hit.path]?.shift() ?? 200, { 'Content-Type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    received,
    held,
    port,
    /** Keep the next request without answering it. */
    holdNext: () => void (control.holdNext = true),
    /** The next answers to requests for `path`. */
    answer: (path: string, ...codes: number[]) => (statuses[path] ??= []).push(...codes),
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
