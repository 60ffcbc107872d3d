import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from '../database/data-source-options';
import { startEmbeddedPostgres } from '../database/embedded-postgres';
import { FieldCipher } from './field-cipher';
import { checkEncryptionKeys, EncryptionKeyError } from './key-check';
import { ColumnCounts, keysStillInUse, rotateColumn } from './rotation';
import type { SealedColumn } from './sealed-column';
import { SEALED_COLUMNS } from './sealed-columns';

const DEFAULT_BATCH = 200;

/**
 * Re-encrypts every encrypted value (and any value stored before encryption) under the current
 * key, column by column, then marks the key ids no value is left under as retired, so they may
 * leave ENCRYPTION_KEYS. Returns true when nothing was left behind.
 */
export async function rotateAll(
  dataSource: DataSource,
  cipher: FieldCipher,
  print: (line: string) => void,
  options: { batchSize?: number; columns?: readonly SealedColumn[] } = {},
): Promise<{ ok: boolean; counts: Record<string, ColumnCounts>; retired: string[] }> {
  const query = (sql: string, params?: unknown[]) => dataSource.query(sql, params);
  const columns = options.columns ?? SEALED_COLUMNS;
  await checkEncryptionKeys(query, cipher, columns);
  print(`Re-encrypting under the current key ${cipher.currentKeyId}…`);
  const counts: Record<string, ColumnCounts> = {};
  for (const column of columns) {
    const name = `${column.table}.${column.column}`;
    counts[name] = await rotateColumn(dataSource, cipher, column, options.batchSize ?? DEFAULT_BATCH, (c) => {
      if (c.rows && c.rows % 5000 < (options.batchSize ?? DEFAULT_BATCH)) print(`  ${name}: ${c.rows} rows so far…`);
    });
    print(columnLine(name, counts[name]));
  }
  const inUse = keysStillInUse(Object.values(counts));
  const retired: string[] = [];
  for (const row of await query('SELECT key_id FROM encryption_keys WHERE retired_at IS NULL ORDER BY key_id')) {
    const keyId = String(row.key_id);
    if (keyId === cipher.currentKeyId || inUse.has(keyId)) continue;
    await query('UPDATE encryption_keys SET retired_at = now() WHERE key_id = $1 AND retired_at IS NULL', [keyId]);
    retired.push(keyId);
  }
  for (const keyId of retired) print(`Key ${keyId}: no value is stored under it any more; it may be removed from ENCRYPTION_KEYS.`);
  for (const keyId of inUse) print(`Key ${keyId}: values are still stored under it (see above); keep it until they are dealt with.`);
  const ok = Object.values(counts).every((c) => !Object.keys(c.unknownKey).length && !c.unreadable.length);
  print(ok ? `Done: everything encrypted is under ${cipher.currentKeyId}.` : 'Done, with values left as they were (see above).');
  return { ok, counts, retired };
}

function columnLine(name: string, c: ColumnCounts): string {
  const parts = [
    `${c.rows} rows, ${c.rowsChanged} rewritten`,
    `${c.reencrypted} values re-encrypted`,
    `${c.encryptedPlain} plaintext values encrypted`,
    `${c.alreadyCurrent} already current`,
  ];
  const unknown = Object.entries(c.unknownKey).map(([k, n]) => `${n} under unknown key ${k}`);
  const lines = [`${name}: ${[...parts, ...unknown].join(', ')}`];
  if (c.unreadable.length) lines.push(`  ${c.unreadable.length} values do not open with their key (left as they are):`);
  for (const u of c.unreadable.slice(0, 20)) lines.push(`    ${u.id} ${u.field} (key ${u.keyId})`);
  if (c.unreadable.length > 20) lines.push(`    … and ${c.unreadable.length - 20} more`);
  return lines.join('\n');
}

/**
 * `npm run crypto:rotate`: reads ENCRYPTION_KEYS (and the rest of the configuration) as Ayni does,
 * opens nothing but a DataSource, on DATABASE_URL or the embedded database in DATA_DIR (stop Ayni
 * first: the embedded database serves one process). Exit code 0 when done with nothing left
 * behind, 1 when values were left (unknown keys, unreadable values), 2 when it could not run.
 */
export async function runRotateCommand(env: NodeJS.ProcessEnv, print: (line: string) => void): Promise<number> {
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    print((error as Error).message);
    return 2;
  }
  const batch = Number(env.CRYPTO_ROTATE_BATCH ?? DEFAULT_BATCH);
  if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) {
    print('CRYPTO_ROTATE_BATCH must be a whole number from 1 to 10000.');
    return 2;
  }
  if (!config.databaseUrl && !existsSync(config.embeddedDbPath)) {
    print(`No DATABASE_URL, and no embedded database at ${config.embeddedDbPath} (set DATA_DIR to where Ayni keeps its data).`);
    return 2;
  }
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.embeddedDbPath);
  const dataSource = new DataSource(dataSourceOptions({ url: config.databaseUrl ?? embedded!.url, embedded: !!embedded }));
  try {
    await dataSource.initialize();
    if (await dataSource.showMigrations()) {
      print('The database is not migrated to this version of Ayni: start Ayni once (it migrates), stop it, then rotate.');
      return 2;
    }
    print(`Rotating encryption keys on ${config.databaseUrl ? 'DATABASE_URL' : `the embedded database in ${config.embeddedDbPath}`}.`);
    const { ok } = await rotateAll(dataSource, new FieldCipher(config.encryption), print, { batchSize: batch });
    return ok ? 0 : 1;
  } catch (error) {
    print(
      error instanceof EncryptionKeyError
        ? error.message.replace('Ayni cannot start', 'Cannot rotate')
        : `Could not rotate: ${(error as Error).message}`,
    );
    return 2;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
  }
}
