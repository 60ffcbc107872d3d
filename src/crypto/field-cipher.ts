import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DomainError } from '../common/errors/domain-error';
import type { Keyring } from './keyring';

/**
 * Where a value is stored: its table, its row's id and its field (a column, or a column and a path
 * inside a JSON column). All three are authenticated data, so a ciphertext copied to another row or
 * another field does not open.
 */
export interface FieldContext {
  table: string;
  id: string;
  field: string;
}

/** `enc:v1:<key id>:<iv>:<ciphertext>:<tag>`, base64url: a string, so it fits a text column and a JSON string alike. */
export const SEALED_PREFIX = 'enc:v1:';
const SEALED = /^enc:v1:([A-Za-z0-9_-]{1,32}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]*):([A-Za-z0-9_-]{22})$/;

export type UnreadableReason = 'unknown-key' | 'not-authentic' | 'malformed';

/**
 * A stored value that does not open: never shown as garbage, never replaced. Pages show the message
 * (nothing was changed); the log gets where it is, without content.
 */
export class UnreadableValueError extends DomainError {
  constructor(
    readonly context: FieldContext,
    readonly keyId: string | undefined,
    readonly reason: UnreadableReason,
  ) {
    super(
      'ENCRYPTED_VALUE_UNREADABLE',
      'Part of this record cannot be read: its encrypted text does not open with the keys Ayni has, so it is not shown ' +
        'rather than shown wrong. Nothing was changed. The problem has been logged; please tell the practice.',
    );
    this.logFields = { table: context.table, recordId: context.id, field: context.field, keyId, reason };
  }
}

const aad = (c: FieldContext) => Buffer.from(JSON.stringify(['ayni-field', 1, c.table, c.id, c.field]), 'utf8');

/**
 * AES-256-GCM for the most private free text, at the application layer: encrypts under the current
 * key with a fresh 96-bit IV, decrypts under the key the value names. Values written before
 * encryption (plaintext) are returned as they are, so old rows read until `crypto:rotate` seals them.
 */
export class FieldCipher {
  constructor(private readonly keyring: Keyring) {}

  get currentKeyId(): string {
    return this.keyring.currentKeyId;
  }

  get keyIds(): string[] {
    return [...this.keyring.keys.keys()];
  }

  hasKey(keyId: string): boolean {
    return this.keyring.keys.has(keyId);
  }

  /** Under the current key. */
  encrypt(plain: string, context: FieldContext): string {
    return this.encryptUnder(this.keyring.currentKeyId, plain, context);
  }

  /** Under a given configured key: only for that key's check value. */
  encryptUnder(keyId: string, plain: string, context: FieldContext): string {
    const key = this.keyring.keys.get(keyId);
    if (!key) throw new Error(`No key ${keyId} is configured`);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(aad(context));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const parts = [iv, body, cipher.getAuthTag()].map((b) => b.toString('base64url'));
    return `${SEALED_PREFIX}${keyId}:${parts.join(':')}`;
  }

  /** The plaintext; a value that was never encrypted as it is; UnreadableValueError otherwise (never garbage). */
  decrypt(value: string, context: FieldContext): string {
    if (!isSealed(value)) return value;
    const m = SEALED.exec(value);
    if (!m) throw new UnreadableValueError(context, keyIdOf(value), 'malformed');
    const [, keyId, iv, body, tag] = m;
    const key = this.keyring.keys.get(keyId);
    if (!key) throw new UnreadableValueError(context, keyId, 'unknown-key');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(aad(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new UnreadableValueError(context, keyId, 'not-authentic');
    }
  }
}

export const isSealed = (value: unknown): value is string => typeof value === 'string' && value.startsWith(SEALED_PREFIX);

/** The key id a sealed value names; undefined for plaintext. */
export function keyIdOf(value: string): string | undefined {
  if (!isSealed(value)) return undefined;
  const end = value.indexOf(':', SEALED_PREFIX.length);
  return end > 0 ? value.slice(SEALED_PREFIX.length, end) : undefined;
}
