import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Personal access tokens for integrations: a staff member's token for the JSON API, in their
 * practice and with a role no higher than theirs, kept only as its SHA-256 with a short prefix to
 * recognise it by, until it expires or is revoked.
 */
export class CreateAccessTokens1795896000000 implements MigrationInterface {
  name = 'CreateAccessTokens1795896000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "access_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "practice_id" uuid NOT NULL, "user_id" uuid NOT NULL, "name" character varying(80) NOT NULL, "role" "public"."staff_role" NOT NULL, "token_hash" character(64) NOT NULL, "prefix" character varying(24) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_by_id" uuid, "revoked_reason" character varying(30), CONSTRAINT "UQ_9bbf8c3c1a897742f78d50e729b" UNIQUE ("token_hash"), CONSTRAINT "PK_65140f59763ff994a0252488166" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_access_tokens_practice_user" ON "access_tokens" ("practice_id", "user_id") `);
    await queryRunner.query(
      `ALTER TABLE "access_tokens" ADD CONSTRAINT "FK_access_tokens_practice" FOREIGN KEY ("practice_id") REFERENCES "practices"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "access_tokens" ADD CONSTRAINT "FK_access_tokens_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "access_tokens" DROP CONSTRAINT "FK_access_tokens_user"`);
    await queryRunner.query(`ALTER TABLE "access_tokens" DROP CONSTRAINT "FK_access_tokens_practice"`);
    await queryRunner.query(`DROP INDEX "public"."idx_access_tokens_practice_user"`);
    await queryRunner.query(`DROP TABLE "access_tokens"`);
  }
}
