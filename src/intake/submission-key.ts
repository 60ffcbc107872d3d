import { createHash } from 'node:crypto';

const KEY_SHAPE = /^[\x21-\x7e]{8,200}$/;

/** Why an Idempotency-Key (or a page's one-time form token) is unusable, or null when it is fine. */
export function submissionKeyProblem(key: string | undefined): string | null {
  if (!key) return 'is required: send a unique value (a UUID) with each new submission, and the same value when you retry';
  return KEY_SHAPE.test(key) ? null : 'must be 8 to 200 visible ASCII characters';
}

/** The same request, whatever the order of its keys, hashes the same. */
export function submissionHash(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
