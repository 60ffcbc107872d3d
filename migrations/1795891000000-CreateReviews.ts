/** Reviews of agreements in effect: scheduled dates, the client's answers and the decision. */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateReviews1795891000000 implements MigrationInterface {
  name = 'CreateReviews1795891000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "reviews" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "practice_id" uuid NOT NULL, "agreement_id" uuid NOT NULL, "kind" character varying(20) NOT NULL, "label" character varying(120) NOT NULL, "due_date" date NOT NULL, "answers" jsonb, "answered_at" TIMESTAMP WITH TIME ZONE, "decision" character varying(20), "decision_reason" text, "practitioner_notes" text, "decided_at" TIMESTAMP WITH TIME ZONE, "decided_by_id" uuid, "amendment_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_231ae565c273ee700b283f15c1d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_reviews_when" ON "reviews" ("agreement_id", "kind", "due_date") `);
    await queryRunner.query(`CREATE INDEX "idx_reviews_due" ON "reviews" ("practice_id", "due_date") `);
    await queryRunner.query(
      `ALTER TABLE "reviews" ADD CONSTRAINT "FK_reviews_agreement" FOREIGN KEY ("agreement_id") REFERENCES "agreements"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reviews" DROP CONSTRAINT "FK_reviews_agreement"`);
    await queryRunner.query(`DROP INDEX "public"."idx_reviews_due"`);
    await queryRunner.query(`DROP INDEX "public"."uq_reviews_when"`);
    await queryRunner.query(`DROP TABLE "reviews"`);
  }
}
