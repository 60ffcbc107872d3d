import { randomBytes } from 'node:crypto';
import { parseKeyring } from './keyring';

const b64 = (n = 32) => randomBytes(n).toString('base64');

describe('parseKeyring (ENCRYPTION_KEYS)', () => {
  it('reads id:key entries, the first one current, in base64 or base64url', () => {
    const url = randomBytes(32).toString('base64url');
    const { keyring, problems } = parseKeyring(` k2:${b64()} , k1:${url}`);
    expect(problems).toEqual([]);
    expect(keyring!.currentKeyId).toBe('k2');
    expect([...keyring!.keys.keys()]).toEqual(['k2', 'k1']);
    expect(keyring!.keys.get('k1')).toEqual(Buffer.from(url, 'base64url'));
  });

  it('names every problem once, by entry or key id, and never quotes a key', () => {
    const secret = b64(16);
    const { keyring, problems } = parseKeyring(`k1:${secret},nocolon,bad id:${b64()},k1:${b64()},k3:***,,k4:${b64()}`);
    expect(keyring).toBeUndefined();
    expect(problems).toEqual([
      'ENCRYPTION_KEYS key k1 must be 32 random bytes in base64 (openssl rand -base64 32); it is 16 bytes',
      'ENCRYPTION_KEYS entry 2 must look like id:key, e.g. k1:$(openssl rand -base64 32)',
      'ENCRYPTION_KEYS entry 3: the key id must be 1–32 letters, digits, _ or -',
      'ENCRYPTION_KEYS names the key id k1 twice',
      'ENCRYPTION_KEYS key k3 must be 32 random bytes in base64 (openssl rand -base64 32); it is not base64',
      'ENCRYPTION_KEYS entry 6 is empty (a stray comma?)',
    ]);
    for (const p of problems) expect(p).not.toContain(secret);
  });
});
