import PgBoss from 'pg-boss';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The background job queue (pg-boss 10.4.2, pinned: its tables are created here, never by pg-boss
 * at start, so a pg-boss upgrade that changes them comes with a migration of its own), and the
 * table through which web processes hand PDFs to workers (request and result encrypted).
 */
export class CreateJobQueue1795898000000 implements MigrationInterface {
  name = 'CreateJobQueue1795898000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // pg-boss's plan brings its own BEGIN/COMMIT; this migration already runs in a transaction.
    const plan = PgBoss.getConstructionPlans('pgboss')
      .replace(/^\s*BEGIN;/, '')
      .replace(/COMMIT;\s*$/, '');
    await queryRunner.query(plan);
    await queryRunner.query(
      `CREATE TABLE "pdf_renders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "request" text NOT NULL, "result" text, "error" character varying(300), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "done_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_pdf_renders" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_pdf_renders_created" ON "pdf_renders" ("created_at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_pdf_renders_created"`);
    await queryRunner.query(`DROP TABLE "pdf_renders"`);
    await queryRunner.query(`DROP SCHEMA "pgboss" CASCADE`);
  }
}
