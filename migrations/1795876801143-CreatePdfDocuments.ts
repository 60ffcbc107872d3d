/** Printed documents that cannot change, kept by the hash of template and data. */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePdfDocuments1795876801143 implements MigrationInterface {
  name = 'CreatePdfDocuments1795876801143';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "pdf_documents" ("hash" character(64) NOT NULL, "practice_id" uuid NOT NULL, "document" character varying(60) NOT NULL, "bytes" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c886296d4531ad346d6d6132a41" PRIMARY KEY ("hash"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_pdf_documents_practice" ON "pdf_documents"  ("practice_id") `);
    await queryRunner.query(
      `ALTER TABLE "pdf_documents" ADD CONSTRAINT "FK_3289dbb098b81dace29a4e6803a" FOREIGN KEY ("practice_id") REFERENCES "practices"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "pdf_documents" DROP CONSTRAINT "FK_3289dbb098b81dace29a4e6803a"`);
    await queryRunner.query(`DROP INDEX "public"."idx_pdf_documents_practice"`);
    await queryRunner.query(`DROP TABLE "pdf_documents"`);
  }
}
