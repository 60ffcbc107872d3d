/** Scans of agreements signed in ink (append-only). */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAgreementScans1795888487589 implements MigrationInterface {
  name = 'CreateAgreementScans1795888487589';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "agreement_scans" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "practice_id" uuid NOT NULL, "agreement_id" uuid NOT NULL, "content_type" character varying(40) NOT NULL, "bytes" bytea NOT NULL, "sha256" character(64) NOT NULL, "uploaded_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a6954ad26eb1ffafd6a6d566f5f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_agreement_scans" ON "agreement_scans"  ("agreement_id", "created_at") `);
    await queryRunner.query(
      `CREATE TRIGGER "agreement_scans_immutable" BEFORE UPDATE OR DELETE ON "agreement_scans" FOR EACH ROW EXECUTE FUNCTION "ayni_refuse_change"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "agreement_scans_immutable" ON "agreement_scans"`);
    await queryRunner.query(`DROP INDEX "public"."idx_agreement_scans"`);
    await queryRunner.query(`DROP TABLE "agreement_scans"`);
  }
}
