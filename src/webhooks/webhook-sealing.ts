import type { FieldCipher } from '../crypto/field-cipher';
import type { SealedColumn } from '../crypto/sealed-column';

/**
 * Endpoint secrets are encrypted at rest: Ayni must read them to sign (so they cannot be hashed
 * like access tokens), and a copy of the database must not be enough to forge deliveries.
 */
export const WEBHOOK_SEALED_COLUMNS: SealedColumn[] = [{ table: 'webhook_endpoints', column: 'secret', kind: 'text', seals: () => true }];

const place = (endpointId: string) => ({ table: 'webhook_endpoints', id: endpointId, field: 'secret' });

export const sealWebhookSecret = (cipher: FieldCipher, endpointId: string, secret: string) => cipher.encrypt(secret, place(endpointId));

export const openWebhookSecret = (cipher: FieldCipher, endpointId: string, sealed: string) => cipher.decrypt(sealed, place(endpointId));
