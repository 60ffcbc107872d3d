import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * How a delivery is signed, and how a receiver checks it. Each delivery carries
 * `Ayni-Webhook-Timestamp: <unix seconds>` and `Ayni-Webhook-Signature: v1=<hex>`, where hex is
 * HMAC-SHA256, keyed with the endpoint's secret (the whole `whsec_…` string, as UTF-8), over
 * `<timestamp>.<raw body>`. The timestamp is signed too, so an old delivery replayed later fails
 * the time check. This file has no dependency on the rest of Ayni: receivers may copy it.
 */

export const SECRET_PREFIX = 'whsec_';
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A new endpoint secret: 256 random bits. */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

function hmac(secret: string, timestamp: string, body: string | Buffer): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
}

/** The `Ayni-Webhook-Signature` value for one request. */
export function signWebhook(secret: string, timestamp: number, body: string | Buffer): string {
  return `v1=${hmac(secret, String(timestamp), body).toString('hex')}`;
}

/**
 * Whether a request really comes from Ayni: the signature header (one or more `v1=<hex>`, comma
 * separated) matches the raw body and the timestamp, and the timestamp is within
 * `toleranceSeconds` of now. Pass the body exactly as received, before any JSON parsing.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | number | undefined,
  body: string | Buffer,
  header: string | undefined,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
  nowSeconds = Date.now() / 1000,
): boolean {
  const stamp = String(timestamp ?? '');
  if (!/^\d{1,12}$/.test(stamp) || typeof header !== 'string') return false;
  if (Math.abs(nowSeconds - Number(stamp)) > toleranceSeconds) return false;
  const expected = hmac(secret, stamp, body);
  return header.split(',').some((part) => {
    const match = /^\s*v1=([0-9a-f]{64})\s*$/i.exec(part);
    return !!match && timingSafeEqual(Buffer.from(match[1], 'hex'), expected);
  });
}
