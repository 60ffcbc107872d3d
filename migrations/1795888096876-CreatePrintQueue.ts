/** What the front desk printed from the queue, by whom and when (append-only). */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePrintQueue1795888096876 implements MigrationInterface {
  name = 'CreatePrintQueue1795888096876';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "printed_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "practice_id" uuid NOT NULL, "kind" character varying(20) NOT NULL, "record_id" uuid NOT NULL, "document_sha256" character(64) NOT NULL, "printed_by_id" uuid NOT NULL, "printed_by_name" character varying(120) NOT NULL, "printed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_688bbbbf5fc58fead8cb782f283" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_printed_items_record" ON "printed_items"  ("practice_id", "kind", "record_id", "printed_at") `,
    );
    await queryRunner.query(
      `CREATE TRIGGER "printed_items_immutable" BEFORE UPDATE OR DELETE ON "printed_items" FOR EACH ROW EXECUTE FUNCTION "ayni_refuse_change"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "printed_items_immutable" ON "printed_items"`);
    await queryRunner.query(`DROP INDEX "public"."idx_printed_items_record"`);
    await queryRunner.query(`DROP TABLE "printed_items"`);
  }
}
