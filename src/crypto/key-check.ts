import { type FieldCipher, FieldContext, isSealed, keyIdOf, UnreadableValueError } from './field-cipher';
import type { SealedColumn } from './sealed-column';
import { leafContext, mapLeaves } from './sealed-json';

export type Query = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

const CHECK_TEXT = 'Ayni encryption key check v1';
const checkContext = (keyId: string): FieldContext => ({ table: 'encryption_keys', id: keyId, field: 'check_value' });
const SAMPLE_ROWS = 25;

/** The configured keys do not fit the stored data: Ayni refuses to start rather than show garbage or fail later. */
export class EncryptionKeyError extends Error {
  constructor(readonly problems: string[]) {
    super(`Ayni cannot start: the encryption keys do not fit the stored data:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EncryptionKeyError';
  }
}

export interface KeyCheckReport {
  /** Key ids seen for the first time, now registered with a check value. */
  registered: string[];
  /** Values in the sample that do not open though their key is right: damaged or moved, shown as unreadable. */
  damaged: Array<{ table: string; recordId: string; field: string; keyId?: string }>;
}

/** Every (row, field, value) a sealed column holds in `row.value`, with the context it is bound to. */
export function sealedValues(column: SealedColumn, id: string, value: unknown): Array<{ context: FieldContext; value: string }> {
  const found: Array<{ context: FieldContext; value: string }> = [];
  const place = { table: column.table, id, column: column.column };
  mapLeaves(value, [], (text, path) => {
    if (isSealed(text)) {
      const context = column.kind === 'text' ? { table: column.table, id, field: column.column } : leafContext(place, path);
      found.push({ context, value: text });
    }
    return text;
  });
  return found;
}

const missingKey = (keyId: string, where: string) =>
  `Values are stored under the key id ${keyId}${where}, which ENCRYPTION_KEYS does not list. ` +
  `Add ${keyId}:<its key> after the current key, run npm run crypto:rotate, and remove ${keyId} only when it reports none left.`;

/**
 * At start-up (and before crypto:rotate): every configured key must open its stored check value;
 * every key id that data is stored under must be configured (from the check rows, and from a sample
 * of each encrypted column, which also catches a wrong key whose id has no check row yet). Then
 * the configured key ids without a check row get one. Throws EncryptionKeyError naming each key id.
 */
export async function checkEncryptionKeys(query: Query, cipher: FieldCipher, columns: readonly SealedColumn[]): Promise<KeyCheckReport> {
  const problems = new Map<string, string>();
  const rows = await query('SELECT key_id, check_value, retired_at FROM encryption_keys');
  const checked = new Set<string>();
  for (const row of rows) {
    const keyId = String(row.key_id);
    if (!cipher.hasKey(keyId)) {
      if (!row.retired_at) problems.set(keyId, missingKey(keyId, ''));
      continue;
    }
    if (opensCheck(cipher, keyId, String(row.check_value))) checked.add(keyId);
    else problems.set(keyId, wrongKey(keyId, 'its check value in encryption_keys'));
  }

  const damaged: KeyCheckReport['damaged'] = [];
  for (const column of columns) {
    const sample = await query(
      `SELECT t.id::text AS id, t."${column.column}" AS value FROM "${column.table}" t WHERE t."${column.column}" IS NOT NULL LIMIT ${SAMPLE_ROWS}`,
    );
    for (const row of sample) {
      for (const { context, value } of sealedValues(column, String(row.id), row.value)) {
        const keyId = keyIdOf(value);
        if (!keyId || problems.has(keyId)) continue;
        const where = ` (e.g. ${column.table}.${column.column} of ${context.id})`;
        if (!cipher.hasKey(keyId)) {
          problems.set(keyId, missingKey(keyId, where));
          continue;
        }
        try {
          cipher.decrypt(value, context);
        } catch (error) {
          if (!(error instanceof UnreadableValueError)) throw error;
          // With a verified check value the key is right: this one value was altered or moved.
          if (checked.has(keyId)) damaged.push({ table: context.table, recordId: context.id, field: context.field, keyId });
          else problems.set(keyId, wrongKey(keyId, `values stored under it${where}`));
        }
      }
    }
  }
  if (problems.size) throw new EncryptionKeyError([...problems.values()]);

  const registered: string[] = [];
  const known = new Set(rows.map((r) => String(r.key_id)));
  for (const keyId of [cipher.currentKeyId, ...cipher.keyIds.filter((k) => k !== cipher.currentKeyId)]) {
    if (known.has(keyId)) continue;
    await query('INSERT INTO encryption_keys (key_id, check_value) VALUES ($1, $2) ON CONFLICT (key_id) DO NOTHING', [
      keyId,
      cipher.encryptUnder(keyId, CHECK_TEXT, checkContext(keyId)),
    ]);
    // Another instance starting at the same moment with another key under this id wins the insert.
    const [stored] = await query('SELECT check_value FROM encryption_keys WHERE key_id = $1', [keyId]);
    if (!opensCheck(cipher, keyId, String(stored.check_value))) throw new EncryptionKeyError([wrongKey(keyId, 'its check value')]);
    registered.push(keyId);
  }
  // The current key writes from now on, so it is not retired whatever crypto:rotate found before.
  await query('UPDATE encryption_keys SET retired_at = NULL WHERE key_id = $1 AND retired_at IS NOT NULL', [cipher.currentKeyId]);
  return { registered, damaged };
}

function opensCheck(cipher: FieldCipher, keyId: string, value: string): boolean {
  try {
    return keyIdOf(value) === keyId && cipher.decrypt(value, checkContext(keyId)) === CHECK_TEXT;
  } catch {
    return false;
  }
}

const wrongKey = (keyId: string, what: string) =>
  `The key given for ${keyId} in ENCRYPTION_KEYS does not open ${what}: it is not the key Ayni encrypted with under that id. ` +
  `Put back the key that was configured as ${keyId} (a new key needs a new id, e.g. ${keyId}-2).`;
