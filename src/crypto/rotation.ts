import type { DataSource, EntityManager } from 'typeorm';
import { FieldCipher, FieldContext, isSealed, keyIdOf, UnreadableValueError } from './field-cipher';
import type { SealedColumn } from './sealed-column';
import { leafContext, mapLeaves } from './sealed-json';

export interface ColumnCounts {
  rows: number;
  rowsChanged: number;
  /** Values moved from an older key to the current one. */
  reencrypted: number;
  /** Values stored before encryption, now encrypted. */
  encryptedPlain: number;
  alreadyCurrent: number;
  /** Values left as they are, by key id: keys not configured. */
  unknownKey: Record<string, number>;
  /** Values whose key is configured but which do not open (altered, or moved to another row). */
  unreadable: Array<{ id: string; field: string; keyId?: string }>;
}

const NIL = '00000000-0000-0000-0000-000000000000';

/**
 * Re-encrypts one column under the current key, a batch of rows per transaction (rows locked, in
 * id order, so the app's own writes wait for the batch and never cross it). Re-running it is how it
 * resumes: values already under the current key are left alone, so a rerun rewrites only what was
 * left. Values it cannot open are counted and left exactly as they are.
 */
export async function rotateColumn(
  dataSource: DataSource,
  cipher: FieldCipher,
  column: SealedColumn,
  batchSize: number,
  progress: (counts: ColumnCounts) => void = () => {},
): Promise<ColumnCounts> {
  const counts: ColumnCounts = {
    rows: 0,
    rowsChanged: 0,
    reencrypted: 0,
    encryptedPlain: 0,
    alreadyCurrent: 0,
    unknownKey: {},
    unreadable: [],
  };
  const context = column.contextSql ? `, ${column.contextSql} AS context` : '';
  const select =
    `SELECT t.id::text AS id, t."${column.column}" AS value${context} FROM "${column.table}" t ` +
    `WHERE t.id > $1::uuid AND t."${column.column}" IS NOT NULL ORDER BY t.id LIMIT $2 FOR UPDATE OF t`;
  const update = `UPDATE "${column.table}" SET "${column.column}" = $2${column.kind === 'json' ? '::jsonb' : ''} WHERE id = $1::uuid`;
  let after = NIL;
  for (;;) {
    const last = await dataSource.transaction(async (tx: EntityManager) => {
      if (column.immutable) await tx.query(`SELECT set_config('ayni.reencrypting', 'on', true)`);
      const rows: Array<{ id: string; value: unknown; context?: unknown }> = await tx.query(select, [after, batchSize]);
      for (const row of rows) {
        const { value, changed } = reseal(cipher, column, row, counts);
        counts.rows++;
        if (!changed) continue;
        counts.rowsChanged++;
        await tx.query(update, [row.id, column.kind === 'json' ? JSON.stringify(value) : value]);
      }
      return rows.length === batchSize ? rows[rows.length - 1].id : null;
    });
    progress(counts);
    if (!last) return counts;
    after = last;
  }
}

function reseal(cipher: FieldCipher, column: SealedColumn, row: { id: string; value: unknown; context?: unknown }, counts: ColumnCounts) {
  let changed = false;
  const place = { table: column.table, id: row.id, column: column.column };
  const contextOf = (path: ReadonlyArray<string | number>): FieldContext =>
    column.kind === 'text' ? { table: column.table, id: row.id, field: column.column } : leafContext(place, path);
  const value = mapLeaves(row.value, [], (text, path) => {
    if (!isSealed(text)) {
      if (!column.seals(path, row.context)) return text;
      counts.encryptedPlain++;
      changed = true;
      return cipher.encrypt(text, contextOf(path));
    }
    const keyId = keyIdOf(text);
    if (keyId === cipher.currentKeyId) {
      counts.alreadyCurrent++;
      return text;
    }
    if (!keyId || !cipher.hasKey(keyId)) {
      counts.unknownKey[keyId ?? '(malformed)'] = (counts.unknownKey[keyId ?? '(malformed)'] ?? 0) + 1;
      return text;
    }
    try {
      const plain = cipher.decrypt(text, contextOf(path));
      counts.reencrypted++;
      changed = true;
      return cipher.encrypt(plain, contextOf(path));
    } catch (error) {
      if (!(error instanceof UnreadableValueError)) throw error;
      counts.unreadable.push({ id: row.id, field: contextOf(path).field, keyId });
      return text;
    }
  });
  return { value, changed };
}

/** Key ids that values still sit under after a rotation (unknown keys and unreadable values). */
export function keysStillInUse(all: ColumnCounts[]): Set<string> {
  const used = new Set<string>();
  for (const c of all) {
    for (const keyId of Object.keys(c.unknownKey)) used.add(keyId);
    for (const u of c.unreadable) if (u.keyId) used.add(u.keyId);
  }
  return used;
}
