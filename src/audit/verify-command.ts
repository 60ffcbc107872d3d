import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../database/data-source-options';
import { startEmbeddedPostgres } from '../database/embedded-postgres';
import { CHAIN_BATCH_SQL, chainRowFrom, ChainReport, verifyChain } from './audit-chain';

type Query = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

/** One line per practice that has events; true when every chain holds. */
export async function verifyAllPractices(query: Query, print: (line: string) => void): Promise<boolean> {
  const practices = await query(
    `SELECT e.practice_id, p.name FROM (SELECT DISTINCT practice_id FROM audit_events) e
       LEFT JOIN practices p ON p.id = e.practice_id ORDER BY p.name NULLS LAST, e.practice_id`,
  );
  let allOk = true;
  for (const { practice_id, name } of practices) {
    const practiceId = String(practice_id);
    const report = await verifyChain(practiceId, async (afterSeq, limit) =>
      (await query(CHAIN_BATCH_SQL, [practiceId, afterSeq, limit])).map(chainRowFrom),
    );
    allOk &&= report.ok;
    print(reportLine(report, typeof name === 'string' ? name : '(practice removed)'));
  }
  if (!practices.length) print('No audit events yet.');
  return allOk;
}

export function reportLine(report: ChainReport, name: string): string {
  const who = `${report.practiceId}  ${name}`;
  if (report.ok) {
    const head = report.head ? `, latest seq ${report.head.seq} hash ${report.head.hash}` : '';
    return `OK      ${who}: ${report.checked} events${head}`;
  }
  const b = report.broken!;
  return `BROKEN  ${who}: first broken link at seq ${b.seq}${b.id ? ` (event ${b.id})` : ''}, ${b.problem}: ${b.detail}`;
}

/**
 * `npm run audit:verify`: opens nothing but a DataSource, on DATABASE_URL or, without it, on the
 * embedded database in DATA_DIR (stop Ayni first: the embedded database serves one process).
 * Exit code 0 when every practice's chain holds, 1 when one is broken, 2 when it cannot check.
 */
export async function runVerifyCommand(env: NodeJS.ProcessEnv, print: (line: string) => void): Promise<number> {
  const url = env.DATABASE_URL?.trim() || undefined;
  const embeddedPath = join(resolve(env.DATA_DIR?.trim() || 'data'), 'pglite');
  if (!url && !existsSync(embeddedPath)) {
    print(`No DATABASE_URL, and no embedded database at ${embeddedPath} (set DATA_DIR to where Ayni keeps its data).`);
    return 2;
  }
  const embedded = url ? undefined : await startEmbeddedPostgres(embeddedPath);
  const dataSource = new DataSource(dataSourceOptions({ url: url ?? embedded!.url, embedded: !!embedded }));
  try {
    await dataSource.initialize();
    print(`Verifying the audit trail on ${url ? 'DATABASE_URL' : `the embedded database in ${embeddedPath}`}…`);
    const ok = await verifyAllPractices((sql, params) => dataSource.query(sql, params), print);
    return ok ? 0 : 1;
  } catch (error) {
    print(`Could not verify: ${(error as Error).message} (has Ayni been started once since the update, to migrate the database?)`);
    return 2;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
  }
}
