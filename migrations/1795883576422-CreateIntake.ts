/**
 * Clients, intake forms with immutable published versions, intakes (drafts behind a hashed link)
 * and submissions. Published versions and submissions refuse UPDATE and DELETE (a trigger).
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIntake1795883576422 implements MigrationInterface {
  name = 'CreateIntake1795883576422';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "clients" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "practice_id" uuid NOT NULL, "name" character varying(120), "email" character varying(254), "phone" character varying(40), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f1ab7cf3a5714dbc6bb4e1c28a4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_clients_practice" ON "clients"  ("practice_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "intake_templates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "practice_id" uuid NOT NULL, "draft" jsonb NOT NULL, "draft_revision" integer NOT NULL DEFAULT '0', "has_unpublished_changes" boolean NOT NULL DEFAULT false, "latest_version" integer NOT NULL DEFAULT '0', "draft_updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "REL_8a7d30647f8c274762ddf01fb9" UNIQUE ("practice_id"), CONSTRAINT "PK_ba62351875ecf6447719ed002ae" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "intake_template_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "practice_id" uuid NOT NULL, "template_id" uuid NOT NULL, "version" integer NOT NULL, "content" jsonb NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL, "published_by_id" uuid, CONSTRAINT "PK_bcdd09c37f2ea19ffd9e665d03a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_intake_template_versions" ON "intake_template_versions"  ("template_id", "version") `);
    await queryRunner.query(`CREATE TYPE "public"."intake_status" AS ENUM('invited', 'in_progress', 'submitted', 'reviewed')`);
    await queryRunner.query(
      `CREATE TABLE "intakes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "practice_id" uuid NOT NULL, "client_id" uuid NOT NULL, "offering_id" uuid, "template_version_id" uuid NOT NULL, "status" "public"."intake_status" NOT NULL DEFAULT 'invited', "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "answers" jsonb NOT NULL DEFAULT '{}', "revision" integer NOT NULL DEFAULT '0', "saved_at" TIMESTAMP WITH TIME ZONE, "submitted_at" TIMESTAMP WITH TIME ZONE, "reviewed_at" TIMESTAMP WITH TIME ZONE, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_8f7949c2ef1f2cf95cd63c76dee" UNIQUE ("token_hash"), CONSTRAINT "PK_a90d2ecf82eb04f663a52d34fef" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_intakes_practice_status" ON "intakes"  ("practice_id", "status", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "intake_submissions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "practice_id" uuid NOT NULL, "intake_id" uuid NOT NULL, "template_version_id" uuid NOT NULL, "answers" jsonb NOT NULL, "idempotency_key" character varying(200) NOT NULL, "request_hash" character(64) NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "REL_45e8b8b326b93a1f800a53a28e" UNIQUE ("intake_id"), CONSTRAINT "PK_17598a9705945181d87b93544e0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "clients" ADD CONSTRAINT "FK_208e53e37e86cbdc72006a250a8" FOREIGN KEY ("practice_id") REFERENCES "practices"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "intake_templates" ADD CONSTRAINT "FK_8a7d30647f8c274762ddf01fb91" FOREIGN KEY ("practice_id") REFERENCES "practices"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "intake_template_versions" ADD CONSTRAINT "FK_7c9cff758815bd4b10bcc187c6c" FOREIGN KEY ("template_id") REFERENCES "intake_templates"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "intake_template_versions" ADD CONSTRAINT "FK_60fdfa0e2462c7a4e42f24227b8" FOREIGN KEY ("published_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "intakes" ADD CONSTRAINT "FK_4bb4c1c7cd65248ca5ae230cded" FOREIGN KEY ("practice_id") REFERENCES "practices"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "intakes" ADD CONSTRAINT "FK_ef8eb43a1564c0582c52854c7b6" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "intakes" ADD CONSTRAINT "FK_1393d1e94b34effd90bfaf48ca6" FOREIGN KEY ("offering_id") REFERENCES "offerings"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "intakes" ADD CONSTRAINT "FK_dff0556623095d94b13d417fb50" FOREIGN KEY ("template_version_id") REFERENCES "intake_template_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "intake_submissions" ADD CONSTRAINT "FK_45e8b8b326b93a1f800a53a28ea" FOREIGN KEY ("intake_id") REFERENCES "intakes"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "intake_submissions" ADD CONSTRAINT "FK_76b01d41ca80a5ec1af6743e15b" FOREIGN KEY ("template_version_id") REFERENCES "intake_template_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    for (const table of ['intake_template_versions', 'intake_submissions']) {
      await queryRunner.query(
        `CREATE TRIGGER "${table}_immutable" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "ayni_refuse_change"()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['intake_template_versions', 'intake_submissions']) {
      await queryRunner.query(`DROP TRIGGER "${table}_immutable" ON "${table}"`);
    }
    await queryRunner.query(`ALTER TABLE "intake_submissions" DROP CONSTRAINT "FK_76b01d41ca80a5ec1af6743e15b"`);
    await queryRunner.query(`ALTER TABLE "intake_submissions" DROP CONSTRAINT "FK_45e8b8b326b93a1f800a53a28ea"`);
    await queryRunner.query(`ALTER TABLE "intakes" DROP CONSTRAINT "FK_dff0556623095d94b13d417fb50"`);
    await queryRunner.query(`ALTER TABLE "intakes" DROP CONSTRAINT "FK_1393d1e94b34effd90bfaf48ca6"`);
    await queryRunner.query(`ALTER TABLE "intakes" DROP CONSTRAINT "FK_ef8eb43a1564c0582c52854c7b6"`);
    await queryRunner.query(`ALTER TABLE "intakes" DROP CONSTRAINT "FK_4bb4c1c7cd65248ca5ae230cded"`);
    await queryRunner.query(`ALTER TABLE "intake_template_versions" DROP CONSTRAINT "FK_60fdfa0e2462c7a4e42f24227b8"`);
    await queryRunner.query(`ALTER TABLE "intake_template_versions" DROP CONSTRAINT "FK_7c9cff758815bd4b10bcc187c6c"`);
    await queryRunner.query(`ALTER TABLE "intake_templates" DROP CONSTRAINT "FK_8a7d30647f8c274762ddf01fb91"`);
    await queryRunner.query(`ALTER TABLE "clients" DROP CONSTRAINT "FK_208e53e37e86cbdc72006a250a8"`);
    await queryRunner.query(`DROP TABLE "intake_submissions"`);
    await queryRunner.query(`DROP INDEX "public"."idx_intakes_practice_status"`);
    await queryRunner.query(`DROP TABLE "intakes"`);
    await queryRunner.query(`DROP TYPE "public"."intake_status"`);
    await queryRunner.query(`DROP INDEX "public"."uq_intake_template_versions"`);
    await queryRunner.query(`DROP TABLE "intake_template_versions"`);
    await queryRunner.query(`DROP TABLE "intake_templates"`);
    await queryRunner.query(`DROP INDEX "public"."idx_clients_practice"`);
    await queryRunner.query(`DROP TABLE "clients"`);
  }
}
