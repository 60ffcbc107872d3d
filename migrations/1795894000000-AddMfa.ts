import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two-step log-in: a practice setting (on by default, also for practices that existed before), a
 * person's encrypted TOTP secret with the last time step used, hashed one-time recovery codes, and
 * on each session when it passed its second factor and when its person last re-authenticated.
 */
export class AddMfa1795894000000 implements MigrationInterface {
  name = 'AddMfa1795894000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "mfa_recovery_codes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "practice_id" uuid NOT NULL, "user_id" uuid NOT NULL, "code_hash" character(64) NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0076416b1b84361afc3371ba121" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_mfa_recovery_codes_user_hash" ON "mfa_recovery_codes" ("user_id", "code_hash")`);
    await queryRunner.query(`ALTER TABLE "practices" ADD "mfa_required" boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`ALTER TABLE "users" ADD "mfa_secret" text`);
    await queryRunner.query(`ALTER TABLE "users" ADD "mfa_enabled_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "users" ADD "mfa_last_step" integer`);
    await queryRunner.query(`ALTER TABLE "users" ADD "mfa_pending_secret" text`);
    await queryRunner.query(`ALTER TABLE "users" ADD "mfa_pending_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "sessions" ADD "mfa_verified_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "sessions" ADD "reauthenticated_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "mfa_recovery_codes" ADD CONSTRAINT "FK_mfa_recovery_codes_practice" FOREIGN KEY ("practice_id") REFERENCES "practices"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "mfa_recovery_codes" ADD CONSTRAINT "FK_mfa_recovery_codes_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mfa_recovery_codes" DROP CONSTRAINT "FK_mfa_recovery_codes_user"`);
    await queryRunner.query(`ALTER TABLE "mfa_recovery_codes" DROP CONSTRAINT "FK_mfa_recovery_codes_practice"`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP COLUMN "reauthenticated_at"`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP COLUMN "mfa_verified_at"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "mfa_pending_at"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "mfa_pending_secret"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "mfa_last_step"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "mfa_enabled_at"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "mfa_secret"`);
    await queryRunner.query(`ALTER TABLE "practices" DROP COLUMN "mfa_required"`);
    await queryRunner.query(`DROP INDEX "public"."uq_mfa_recovery_codes_user_hash"`);
    await queryRunner.query(`DROP TABLE "mfa_recovery_codes"`);
  }
}
