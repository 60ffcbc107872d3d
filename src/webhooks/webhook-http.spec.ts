import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeliveryError, postWebhook } from './webhook-http';

/** postWebhook against a local server: pinned address, status as answered, no redirects followed, a time limit. */
describe('postWebhook', () => {
  let server: Server;
  let port: number;
  const seen: Array<{ url?: string; headers: IncomingHttpHeaders; body: string }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() });
        if (req.url === '/silent') return; // never answers
        if (req.url === '/moved') return void res.writeHead(302, { Location: '/elsewhere' }).end();
        if (req.url === '/big') return void res.writeHead(200).end('x'.repeat(1_000_000));
        res.writeHead(req.url === '/fail' ? 500 : 204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const pinned = { address: '127.0.0.1', family: 4 as const };

  it('connects to the pinned address whatever the host name resolves to, and sends the body and headers', async () => {
    // pinned.invalid exists in no DNS: only the pinned address can be reached.
    const status = await postWebhook(new URL(`http://pinned.invalid:${port}/hook?x=1`), pinned, { 'X-Test': 'yes' }, '{"a":1}');
    expect(status).toBe(204);
    const last = seen[seen.length - 1];
    expect(last).toMatchObject({ url: '/hook?x=1', body: '{"a":1}' });
    expect(last.headers).toMatchObject({ host: `pinned.invalid:${port}`, 'x-test': 'yes', 'content-length': '7' });
  });

  it('gives the status as answered, and does not follow a redirect', async () => {
    expect(await postWebhook(new URL(`http://127.0.0.1:${port}/fail`), pinned, {}, '{}')).toBe(500);
    const before = seen.length;
    expect(await postWebhook(new URL(`http://127.0.0.1:${port}/moved`), pinned, {}, '{}')).toBe(302);
    expect(seen.slice(before).map((s) => s.url)).toEqual(['/moved']);
  });

  it('does not wait for a large answer to end', async () => {
    expect(await postWebhook(new URL(`http://127.0.0.1:${port}/big`), pinned, {}, '{}')).toBe(200);
  });

  it('gives up on a receiver that does not answer in time', async () => {
    await expect(postWebhook(new URL(`http://127.0.0.1:${port}/silent`), pinned, {}, '{}', 200)).rejects.toThrow(
      new DeliveryError('No answer within 0.2 s.'),
    );
  });

  it('names a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const unused = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(postWebhook(new URL(`http://127.0.0.1:${unused}/`), pinned, {}, '{}')).rejects.toThrow('The connection was refused.');
  });
});
