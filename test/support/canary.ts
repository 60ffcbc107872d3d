import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback HTTP server that only counts what reaches it: any request means something leaked. */
export async function startCanary(): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.end('canary');
  });
  // A bare connection counts too: Chromium must not even open one.
  server.on('connection', (socket) => hits.push(`connection from ${socket.remotePort}`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Markup that tries every way a page can reach out: scripts, frames, images, styles, objects, redirects. */
export function hostilePayloads(canary: string): string[] {
  const targets = [`${canary}/x`, canary.replace('http:', 'https:') + '/x', 'file:///etc/passwd', '\\\\localhost\\share\\x'];
  return targets.flatMap((t) => [
    `<script src="${t}"></script><script>fetch('${t}')</script>`,
    `<iframe src="${t}"></iframe>`,
    `<img src="${t}" srcset="${t} 2x">`,
    `<link rel="stylesheet" href="${t}">`,
    `<style>@import url('${t}'); body { background: url('${t}') }</style>`,
    `<object data="${t}"></object><embed src="${t}">`,
    `<svg><image href="${t}" /></svg>`,
    `<meta http-equiv="refresh" content="0;url=${t}"><base href="${t}">`,
  ]);
}
