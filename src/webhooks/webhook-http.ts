import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { hostOf, type ResolvedAddress } from './webhook-address';

/** The receiver has this long, from connecting to its status line. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** Of the response body, at most this much is read (and nothing of it kept). */
const RESPONSE_READ_LIMIT = 4096;

export class DeliveryError extends Error {}

/**
 * A lookup that answers with the address already checked, whatever the host name: the connection
 * goes where the check said, so a DNS answer that changes in between (rebinding) cannot move it.
 * TLS still checks the certificate against the host name in the URL.
 */
export function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  }) as LookupFunction;
}

/**
 * POSTs one webhook to `pinned`, for `url`. Resolves with the HTTP status of the answer (any
 * status: the caller decides), rejects with a DeliveryError naming what went wrong. Redirects are
 * not followed; the response body is read up to a few KB and dropped.
 */
export function postWebhook(
  url: URL,
  pinned: ResolvedAddress,
  headers: Record<string, string>,
  body: string,
  timeoutMs = DELIVERY_TIMEOUT_MS,
): Promise<number> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    const request = client.request({
      protocol: url.protocol,
      host: hostOf(url),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      agent: false,
      lookup: pinnedLookup(pinned),
    });
    const timer = setTimeout(() => request.destroy(new DeliveryError(`No answer within ${timeoutMs / 1000} s.`)), timeoutMs);
    request.on('response', (response) => {
      settle(() => resolve(response.statusCode ?? 0));
      let read = 0;
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read >= RESPONSE_READ_LIMIT) response.destroy();
      });
      response.on('error', () => {});
      response.on('close', () => clearTimeout(timer));
    });
    request.on('error', (error) => {
      clearTimeout(timer);
      settle(() => reject(error instanceof DeliveryError ? error : new DeliveryError(describe(error))));
    });
    request.end(body);
  });
}

/** A network error in a few words, without anything of the request. */
function describe(error: Error & { code?: string }): string {
  const code = error.code ?? '';
  if (code === 'ECONNREFUSED') return 'The connection was refused.';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'The connection was closed before an answer.';
  if (code === 'ETIMEDOUT' || code === 'ENETUNREACH' || code === 'EHOSTUNREACH') return `The receiver could not be reached (${code}).`;
  if (/CERT|SSL|TLS|SELF_SIGNED/i.test(code)) return `The receiver's TLS certificate was not accepted (${code}).`;
  return `The request failed${code ? ` (${code})` : ''}: ${error.message}`.slice(0, 300);
}
