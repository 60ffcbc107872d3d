import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../config/app-config';

/**
 * Encrypts TOTP secrets at rest with AES-256-GCM. Until Ayni has a general encryption key, the key
 * is derived (HKDF-SHA-256) from SESSION_SECRET; the stored value starts with the id of that key
 * (`s1`) so that a later key can re-encrypt these values and tell them apart. The person's id is
 * authenticated data, so a secret copied onto another person's row does not open.
 */
@Injectable()
export class SecretBox {
  static readonly KEY_ID = 's1';
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.key = Buffer.from(hkdfSync('sha256', config.sessionSecret, 'ayni', 'mfa-secret:v1', 32));
  }

  seal(plain: string, owner: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(owner, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [SecretBox.KEY_ID, iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  /** The secret, or undefined when it was sealed under another key (or altered): never garbage. */
  open(sealed: string, owner: string): string | undefined {
    const [keyId, iv, tag, body] = sealed.split('.');
    if (keyId !== SecretBox.KEY_ID || !iv || !tag || body === undefined) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(owner, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}
