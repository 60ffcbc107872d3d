/** Practitioner profiles with their licensing, the practice's public profile, and uploaded images. */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateProfiles1795875655982 implements MigrationInterface {
  name = 'CreateProfiles1795875655982';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "images" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "practice_id" uuid NOT NULL, "content_type" character varying(20) NOT NULL, "bytes" bytea NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "sha256" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1fe148074c6a1a91b63cb9ee3c9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_images_practice" ON "images"  ("practice_id") `);
    await queryRunner.query(`CREATE TYPE "public"."license_status" AS ENUM('licensed', 'not_licensed')`);
    await queryRunner.query(
      `CREATE TABLE "practitioner_profiles" ("user_id" uuid NOT NULL, "practice_id" uuid NOT NULL, "display_name" character varying(120) NOT NULL, "credentials" character varying(120) NOT NULL DEFAULT '', "modalities" jsonb NOT NULL DEFAULT '[]', "years_in_practice" integer, "languages" jsonb NOT NULL DEFAULT '[]', "approach" text NOT NULL DEFAULT '', "accepts_new_clients" boolean NOT NULL DEFAULT true, "license_status" "public"."license_status", "license_type" character varying(120), "license_number" character varying(60), "license_issuer" character varying(160), "unlicensed_explanation" text, "photo_image_id" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1f74e9babbc3ba0ff1f4e369740" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(`ALTER TABLE "practices" ADD "address" text NOT NULL DEFAULT ''`);
    await queryRunner.query(`ALTER TABLE "practices" ADD "phone" character varying(40) NOT NULL DEFAULT ''`);
    await queryRunner.query(`ALTER TABLE "practices" ADD "public_email" character varying(254) NOT NULL DEFAULT ''`);
    await queryRunner.query(`ALTER TABLE "practices" ADD "opening_hours" text NOT NULL DEFAULT ''`);
    await queryRunner.query(`ALTER TABLE "practices" ADD "time_zone" character varying(64) NOT NULL DEFAULT 'UTC'`);
    await queryRunner.query(`ALTER TABLE "practices" ADD "locale" character varying(35) NOT NULL DEFAULT 'en-US'`);
    await queryRunner.query(`ALTER TABLE "practices" ADD "currency" character(3) NOT NULL DEFAULT 'USD'`);
    await queryRunner.query(`ALTER TABLE "practices" ADD "logo_image_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "images" ADD CONSTRAINT "FK_6cd61ddee67f2265849a3849bb0" FOREIGN KEY ("practice_id") REFERENCES "practices"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "practitioner_profiles" ADD CONSTRAINT "FK_1f74e9babbc3ba0ff1f4e369740" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "practitioner_profiles" ADD CONSTRAINT "FK_69626d0a61cc823024631a4ec39" FOREIGN KEY ("practice_id") REFERENCES "practices"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "practitioner_profiles" ADD CONSTRAINT "FK_28c94785a1360457631c6c908d1" FOREIGN KEY ("photo_image_id") REFERENCES "images"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "practices" ADD CONSTRAINT "FK_practices_logo" FOREIGN KEY ("logo_image_id") REFERENCES "images"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "practices" DROP CONSTRAINT "FK_practices_logo"`);
    await queryRunner.query(`ALTER TABLE "practitioner_profiles" DROP CONSTRAINT "FK_28c94785a1360457631c6c908d1"`);
    await queryRunner.query(`ALTER TABLE "practitioner_profiles" DROP CONSTRAINT "FK_69626d0a61cc823024631a4ec39"`);
    await queryRunner.query(`ALTER TABLE "practitioner_profiles" DROP CONSTRAINT "FK_1f74e9babbc3ba0ff1f4e369740"`);
    await queryRunner.query(`ALTER TABLE "images" DROP CONSTRAINT "FK_6cd61ddee67f2265849a3849bb0"`);
    await queryRunner.query(`ALTER TABLE "practices" DROP COLUMN "logo_image_id"`);
    await queryRunner.query(`ALTER TABLE "practices" DROP COLUMN "currency"`);
    await queryRunner.query(`ALTER TABLE "practices" DROP COLUMN "locale"`);
    await queryRunner.query(`ALTER TABLE "practices" DROP COLUMN "time_zone"`);
    await queryRunner.query(`ALTER TABLE "practices" DROP COLUMN "opening_hours"`);
    await queryRunner.query(`ALTER TABLE "practices" DROP COLUMN "public_email"`);
    await queryRunner.query(`ALTER TABLE "practices" DROP COLUMN "phone"`);
    await queryRunner.query(`ALTER TABLE "practices" DROP COLUMN "address"`);
    await queryRunner.query(`DROP TABLE "practitioner_profiles"`);
    await queryRunner.query(`DROP TYPE "public"."license_status"`);
    await queryRunner.query(`DROP INDEX "public"."idx_images_practice"`);
    await queryRunner.query(`DROP TABLE "images"`);
  }
}
