import { createHmac } from 'node:crypto';
import { newWebhookSecret, signWebhook, verifyWebhookSignature } from './webhook-signature';

describe('webhook signatures', () => {
  const secret = 'whsec_test-secret';
  const body = '{"id":"e1","event":"ping"}';
  const now = 1_800_000_000;

  it('is HMAC-SHA256 over "<timestamp>.<body>", in hex, marked v1', () => {
    const expected = createHmac('sha256', secret).update(`${now}.${body}`).digest('hex');
    expect(signWebhook(secret, now, body)).toBe(`v1=${expected}`);
  });

  it('verifies a signature made with the same secret, body and timestamp', () => {
    const header = signWebhook(secret, now, body);
    expect(verifyWebhookSignature(secret, String(now), body, header, 300, now)).toBe(true);
    expect(verifyWebhookSignature(secret, now, Buffer.from(body), header, 300, now + 299)).toBe(true);
    // Several signatures (as during a change of secret): one that matches is enough.
    expect(verifyWebhookSignature(secret, now, body, `v1=${'0'.repeat(64)}, ${header}`, 300, now)).toBe(true);
  });

  it.each([
    ['a changed body', { body: body.replace('ping', 'pong') }],
    ['another secret', { secret: 'whsec_other' }],
    ['another timestamp', { timestamp: String(now + 1) }],
    ['an old timestamp', { at: now + 301 }],
    ['a timestamp from the future', { at: now - 301 }],
    ['a malformed timestamp', { timestamp: '1800000000.5' }],
    ['no timestamp', { timestamp: undefined }],
    ['no header', { header: undefined }],
    ['another scheme', { header: signWebhook(secret, now, body).replace('v1=', 'v0=') }],
    ['a truncated signature', { header: signWebhook(secret, now, body).slice(0, 40) }],
  ])('refuses %s', (_label, change: { body?: string; secret?: string; timestamp?: string; at?: number; header?: string }) => {
    const header = 'header' in change ? change.header : signWebhook(secret, now, body);
    const timestamp = 'timestamp' in change ? change.timestamp : String(now);
    expect(verifyWebhookSignature(change.secret ?? secret, timestamp, change.body ?? body, header, 300, change.at ?? now)).toBe(false);
  });

  it('makes 256-bit secrets that differ every time', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});
