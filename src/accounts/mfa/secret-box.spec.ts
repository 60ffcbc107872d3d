import type { AppConfig } from '../../config/app-config';
import { SecretBox } from './secret-box';

const box = (sessionSecret: string) => new SecretBox({ sessionSecret } as AppConfig);

describe('SecretBox (AES-256-GCM, key derived from SESSION_SECRET)', () => {
  const a = box('a session secret of at least thirty-two characters');

  it('seals with a key id and a fresh IV each time, and opens what it sealed', () => {
    const sealed = a.seal('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'mfa:user-1');
    expect(sealed).toMatch(/^s1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('JBSWY3DP');
    expect(a.seal('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'mfa:user-1')).not.toBe(sealed);
    expect(a.open(sealed, 'mfa:user-1')).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
  });

  it('never returns garbage: another key, another owner, or an altered value opens to nothing', () => {
    const sealed = a.seal('secret', 'mfa:user-1');
    expect(box('another session secret, also thirty-two characters').open(sealed, 'mfa:user-1')).toBeUndefined();
    expect(a.open(sealed, 'mfa:user-2')).toBeUndefined();
    const [id, iv, tag, body] = sealed.split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(a.open([id, iv, tag, flipped.toString('base64url')].join('.'), 'mfa:user-1')).toBeUndefined();
    expect(a.open(['k9', iv, tag, body].join('.'), 'mfa:user-1')).toBeUndefined();
    expect(a.open('not sealed at all', 'mfa:user-1')).toBeUndefined();
  });
});
