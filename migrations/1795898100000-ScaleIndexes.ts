/**
 * Indexes for practices with many intakes (issue #11: 1,000,000 intakes across 10,000 practices):
 *  - idx_intakes_inbox: the inbox's order (latest activity first) per practice, so a page of the
 *    inbox, the first or one after a cursor (keyset pagination), is a short index range scan.
 *  - idx_intakes_client: a client's intakes (the name search, a client's timeline and export, erasure).
 *  - idx_clients_erased: the few erased clients of a practice, whose intakes the counts leave out.
 *  - Where PostgreSQL offers pg_trgm and btree_gin (standard contrib extensions; not the embedded
 *    PGlite) and this role may create them: trigram indexes, per practice, on clients' names and on
 *    the name a client typed into their answers, for the inbox's search ("ILIKE '%term%'" within a
 *    practice: one GIN lookup each). Without them the search still works, reading the practice's
 *    intakes instead.
 * The inbox order index includes saved_at, which every autosave changes: autosaves are then no
 * longer HOT updates (README, Performance, measures what that costs).
 * Expression and trigram indexes are declared on the entities with synchronize: false.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

/** Installs an extension if it is not yet and may be; true when it is there to use. Never fails the migration. */
async function extension(queryRunner: QueryRunner, name: 'pg_trgm' | 'btree_gin'): Promise<boolean> {
  const [state] = await queryRunner.query(
    `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = $1) AS installed,
            EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = $1) AS available`,
    [name],
  );
  if (state.installed) return true;
  if (!state.available) return false;
  // A role without the right to create it: the migration goes on without it.
  const guarded = queryRunner.isTransactionActive;
  if (guarded) await queryRunner.query('SAVEPOINT ayni_extension');
  try {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS ${name}`);
    if (guarded) await queryRunner.query('RELEASE SAVEPOINT ayni_extension');
    return true;
  } catch {
    if (guarded) await queryRunner.query('ROLLBACK TO SAVEPOINT ayni_extension');
    return false;
  }
}

export class ScaleIndexes1795898100000 implements MigrationInterface {
  name = 'ScaleIndexes1795898100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "idx_intakes_inbox" ON "intakes" ("practice_id", (coalesce("submitted_at", "saved_at", "created_at")) DESC, "id" DESC)`,
    );
    await queryRunner.query(`CREATE INDEX "idx_intakes_client" ON "intakes" ("client_id") `);
    await queryRunner.query(`CREATE INDEX "idx_clients_erased" ON "clients" ("practice_id") WHERE "erased_at" IS NOT NULL`);
    if ((await extension(queryRunner, 'pg_trgm')) && (await extension(queryRunner, 'btree_gin'))) {
      await queryRunner.query(`CREATE INDEX "idx_clients_name_trgm" ON "clients" USING gin ("practice_id", "name" gin_trgm_ops)`);
      await queryRunner.query(
        `CREATE INDEX "idx_intakes_name_trgm" ON "intakes" USING gin ("practice_id", ("answers" ->> 'about.name') gin_trgm_ops)`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // pg_trgm and btree_gin stay installed: other objects may use them, and they hold no data.
    await queryRunner.query(`DROP INDEX IF EXISTS "public"."idx_intakes_name_trgm"`);
    await queryRunner.query(`DROP INDEX IF EXISTS "public"."idx_clients_name_trgm"`);
    await queryRunner.query(`DROP INDEX "public"."idx_clients_erased"`);
    await queryRunner.query(`DROP INDEX "public"."idx_intakes_client"`);
    await queryRunner.query(`DROP INDEX "public"."idx_intakes_inbox"`);
  }
}
