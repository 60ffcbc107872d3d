import { randomBytes } from 'node:crypto';

/**
 * The keys that encrypt private text at rest: ENCRYPTION_KEYS="k2:base64key,k1:base64key", the
 * first one current (new values are encrypted under it), the others only read. Each stored value
 * names the id of its key, so keys can rotate.
 */
export interface Keyring {
  currentKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
}

export const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** The keyring in ENCRYPTION_KEYS, or one problem per mistake (never quoting a key). */
export function parseKeyring(value: string): { keyring?: Keyring; problems: string[] } {
  const problems: string[] = [];
  const keys = new Map<string, Buffer>();
  const named = new Set<string>();
  const entries = value.split(',').map((e) => e.trim());
  entries.forEach((entry, index) => {
    const where = `entry ${index + 1}`;
    const colon = entry.indexOf(':');
    if (!entry) return problems.push(`ENCRYPTION_KEYS ${where} is empty (a stray comma?)`);
    if (colon < 0) return problems.push(`ENCRYPTION_KEYS ${where} must look like id:key, e.g. k1:$(openssl rand -base64 32)`);
    const id = entry.slice(0, colon).trim();
    const encoded = entry.slice(colon + 1).trim();
    if (!KEY_ID.test(id)) return problems.push(`ENCRYPTION_KEYS ${where}: the key id must be 1–32 letters, digits, _ or -`);
    if (named.has(id)) return problems.push(`ENCRYPTION_KEYS names the key id ${id} twice`);
    named.add(id);
    const key = BASE64.test(encoded) ? Buffer.from(encoded, encoded.includes('-') || encoded.includes('_') ? 'base64url' : 'base64') : null;
    if (!key || key.length !== 32) {
      const got = key ? `it is ${key.length} bytes` : 'it is not base64';
      return problems.push(`ENCRYPTION_KEYS key ${id} must be 32 random bytes in base64 (openssl rand -base64 32); ${got}`);
    }
    keys.set(id, key);
  });
  if (problems.length) return { problems };
  return { keyring: { currentKeyId: entries[0].slice(0, entries[0].indexOf(':')).trim(), keys }, problems };
}

/** A new key as an ENCRYPTION_KEYS entry. */
export const newKeyEntry = (id: string): string => `${id}:${randomBytes(32).toString('base64')}`;
