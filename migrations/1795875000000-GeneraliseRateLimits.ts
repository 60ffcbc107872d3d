import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed log-ins become one kind of rate-limited event among several (sign-ups, invitations), and
 * a person can hold at most one live invitation per practice.
 */
export class GeneraliseRateLimits1795875000000 implements MigrationInterface {
  name = 'GeneraliseRateLimits1795875000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "login_failures" RENAME TO "rate_limit_events"`);
    await queryRunner.query(`ALTER SEQUENCE "login_failures_id_seq" RENAME TO "rate_limit_events_id_seq"`);
    await queryRunner.query(`ALTER TABLE "rate_limit_events" RENAME COLUMN "failed_at" TO "at"`);
    await queryRunner.query(`ALTER TABLE "rate_limit_events" ALTER COLUMN "scope" TYPE character varying(40)`);
    await queryRunner.query(`UPDATE "rate_limit_events" SET "scope" = 'login:' || "scope"`);
    await queryRunner.query(`ALTER INDEX "idx_login_failures_lookup" RENAME TO "idx_rate_limit_events_lookup"`);
    await queryRunner.query(`ALTER TABLE "rate_limit_events" RENAME CONSTRAINT "PK_8211e8ec810fd7f976b98ce97a0" TO "PK_rate_limit_events"`);
    await queryRunner.query(
      `UPDATE "invitations" i SET "revoked_at" = now() WHERE "accepted_at" IS NULL AND "revoked_at" IS NULL AND EXISTS (SELECT 1 FROM "invitations" n WHERE n."practice_id" = i."practice_id" AND n."email" = i."email" AND n."accepted_at" IS NULL AND n."revoked_at" IS NULL AND n."created_at" > i."created_at")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_invitations_open" ON "invitations" ("practice_id", "email") WHERE "accepted_at" IS NULL AND "revoked_at" IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "uq_invitations_open"`);
    await queryRunner.query(`ALTER TABLE "rate_limit_events" RENAME CONSTRAINT "PK_rate_limit_events" TO "PK_8211e8ec810fd7f976b98ce97a0"`);
    await queryRunner.query(`ALTER INDEX "idx_rate_limit_events_lookup" RENAME TO "idx_login_failures_lookup"`);
    await queryRunner.query(`DELETE FROM "rate_limit_events" WHERE "scope" NOT LIKE 'login:%'`);
    await queryRunner.query(`UPDATE "rate_limit_events" SET "scope" = substring("scope" from 7)`);
    await queryRunner.query(`ALTER TABLE "rate_limit_events" ALTER COLUMN "scope" TYPE character varying(10)`);
    await queryRunner.query(`ALTER TABLE "rate_limit_events" RENAME COLUMN "at" TO "failed_at"`);
    await queryRunner.query(`ALTER SEQUENCE "rate_limit_events_id_seq" RENAME TO "login_failures_id_seq"`);
    await queryRunner.query(`ALTER TABLE "rate_limit_events" RENAME TO "login_failures"`);
  }
}
