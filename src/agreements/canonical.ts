import { createHash } from 'node:crypto';

/**
 * Canonical JSON: keys sorted at every level, no whitespace, numbers and strings as JSON writes
 * them, undefined left out. The same content always gives the same bytes, so its SHA-256 can be
 * printed on paper and checked later.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonical JSON holds finite numbers only');
    return JSON.stringify(value ?? null);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

export const contentHash = (content: unknown): string => sha256Hex(canonicalJson(content));

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A short code for /verify, printed on the paper: 16 characters of Crockford base32 (80 bits of
 * the hash), in groups of four so it can be typed. Not a secret: it only finds the record, and
 * the page shows nothing clinical.
 */
export function verificationCode(hashHex: string): string {
  const bytes = Buffer.from(hashHex.slice(0, 20), 'hex');
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.match(/.{4}/g)!.join('-');
}

/** A typed code, forgiving of case, spaces, dashes and the letters people confuse with digits. */
export function normalizeCode(typed: string): string | null {
  const cleaned = typed.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (!/^[0-9A-HJKMNP-TV-Z]{16}$/.test(cleaned)) return null;
  return cleaned.match(/.{4}/g)!.join('-');
}
