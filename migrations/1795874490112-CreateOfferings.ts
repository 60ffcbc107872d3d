/** Offerings with their drafts, and immutable published versions (a trigger refuses UPDATE and DELETE). */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOfferings1795874490112 implements MigrationInterface {
  name = 'CreateOfferings1795874490112';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "offerings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "practice_id" uuid NOT NULL, "slug" character varying(80) NOT NULL, "draft" jsonb NOT NULL DEFAULT '{}', "draft_revision" integer NOT NULL DEFAULT '0', "has_unpublished_changes" boolean NOT NULL DEFAULT true, "draft_updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "draft_updated_by_id" uuid NOT NULL, "latest_version" integer NOT NULL DEFAULT '0', "withdrawn_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6d6a2d4bc88776139fc71a60ca6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_offerings_practice_slug" ON "offerings"  ("practice_id", "slug") `);
    await queryRunner.query(
      `CREATE TABLE "offering_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "offering_id" uuid NOT NULL, "practice_id" uuid NOT NULL, "version" integer NOT NULL, "content" jsonb NOT NULL, "providers" jsonb NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL, "published_by_id" uuid NOT NULL, "published_by_name" character varying(120) NOT NULL, CONSTRAINT "PK_efe03396c419824e8b0b4fea79b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_offering_versions_practice" ON "offering_versions"  ("practice_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_offering_versions_number" ON "offering_versions"  ("offering_id", "version") `);
    await queryRunner.query(
      `ALTER TABLE "offerings" ADD CONSTRAINT "FK_f97a6a1b238f8a808b2840b3733" FOREIGN KEY ("practice_id") REFERENCES "practices"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "offering_versions" ADD CONSTRAINT "FK_2dbc37484e73bf7dde6bbd73891" FOREIGN KEY ("offering_id") REFERENCES "offerings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "ayni_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'rows of % are immutable', TG_TABLE_NAME USING ERRCODE = 'restrict_violation'; END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "offering_versions_immutable" BEFORE UPDATE OR DELETE ON "offering_versions" FOR EACH ROW EXECUTE FUNCTION "ayni_refuse_change"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "offering_versions_immutable" ON "offering_versions"`);
    await queryRunner.query(`DROP FUNCTION "ayni_refuse_change"()`);
    await queryRunner.query(`ALTER TABLE "offering_versions" DROP CONSTRAINT "FK_2dbc37484e73bf7dde6bbd73891"`);
    await queryRunner.query(`ALTER TABLE "offerings" DROP CONSTRAINT "FK_f97a6a1b238f8a808b2840b3733"`);
    await queryRunner.query(`DROP INDEX "public"."uq_offering_versions_number"`);
    await queryRunner.query(`DROP INDEX "public"."idx_offering_versions_practice"`);
    await queryRunner.query(`DROP TABLE "offering_versions"`);
    await queryRunner.query(`DROP INDEX "public"."uq_offerings_practice_slug"`);
    await queryRunner.query(`DROP TABLE "offerings"`);
  }
}
