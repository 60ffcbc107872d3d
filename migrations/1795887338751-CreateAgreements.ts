/**
 * Care agreements, their signatures, the client's change requests and the signed PDFs. Signatures,
 * comments and documents refuse UPDATE and DELETE; an agreement's content, hash and proposal are
 * sealed once the client has signed, and a signed agreement cannot go back or be deleted.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

const IMMUTABLE = ['agreement_signatures', 'agreement_comments', 'agreement_documents'];

const SEAL_FUNCTION = `CREATE FUNCTION "ayni_agreement_sealed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status IN ('client_signed', 'countersigned', 'active', 'superseded', 'ended') THEN
      RAISE EXCEPTION 'signed agreements are immutable' USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN OLD;
  END IF;
  -- What was proposed is what the client reads and may sign: it changes only once they send it back.
  IF OLD.status = 'proposed' AND NEW.content IS DISTINCT FROM OLD.content THEN
    RAISE EXCEPTION 'proposed agreements are immutable' USING ERRCODE = 'restrict_violation';
  END IF;
  IF OLD.status IN ('client_signed', 'countersigned', 'active', 'superseded', 'ended') THEN
    IF NEW.content IS DISTINCT FROM OLD.content OR NEW.content_hash IS DISTINCT FROM OLD.content_hash
       OR NEW.verification_code IS DISTINCT FROM OLD.verification_code OR NEW.proposal_number IS DISTINCT FROM OLD.proposal_number
       OR NEW.offering_version_id IS DISTINCT FROM OLD.offering_version_id OR NEW.intake_id IS DISTINCT FROM OLD.intake_id
       OR NEW.client_id IS DISTINCT FROM OLD.client_id OR NEW.amends_id IS DISTINCT FROM OLD.amends_id
       OR NEW.practitioner_id IS DISTINCT FROM OLD.practitioner_id OR NEW.practice_id IS DISTINCT FROM OLD.practice_id
       OR NEW.created_at IS DISTINCT FROM OLD.created_at
       -- Only forward: signed, countersigned, then active, superseded or ended.
       OR (NEW.status IS DISTINCT FROM OLD.status AND NOT (
            (OLD.status = 'client_signed' AND NEW.status = 'countersigned')
         OR (OLD.status = 'countersigned' AND NEW.status IN ('active', 'superseded', 'ended'))
         OR (OLD.status = 'active' AND NEW.status IN ('superseded', 'ended')))) THEN
      RAISE EXCEPTION 'signed agreements are immutable' USING ERRCODE = 'restrict_violation';
    END IF;
  END IF;
  RETURN NEW;
END $$`;

export class CreateAgreements1795887338751 implements MigrationInterface {
  name = 'CreateAgreements1795887338751';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."agreement_status" AS ENUM('draft', 'proposed', 'changes_requested', 'client_signed', 'countersigned', 'active', 'superseded', 'ended')`,
    );
    await queryRunner.query(
      `CREATE TABLE "agreements" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "practice_id" uuid NOT NULL, "intake_id" uuid NOT NULL, "client_id" uuid NOT NULL, "offering_version_id" uuid NOT NULL, "practitioner_id" uuid NOT NULL, "amends_id" uuid, "status" "public"."agreement_status" NOT NULL DEFAULT 'draft', "content" jsonb NOT NULL, "revision" integer NOT NULL DEFAULT '0', "content_hash" character(64), "verification_code" character varying(19), "proposal_number" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_01532f6c999d44c776e3d1fa4c8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_agreements_code" ON "agreements"  ("verification_code") WHERE "verification_code" IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "idx_agreements_practice_status" ON "agreements"  ("practice_id", "status", "updated_at") `);
    await queryRunner.query(
      `CREATE TABLE "agreement_signatures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "practice_id" uuid NOT NULL, "agreement_id" uuid NOT NULL, "role" character varying(12) NOT NULL, "method" character varying(10) NOT NULL, "typed_name" character varying(120) NOT NULL, "consent_text" text NOT NULL, "content_hash" character(64) NOT NULL, "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ip" character varying(64), "user_agent" character varying(300), "staff_id" uuid, "witness_name" character varying(120), CONSTRAINT "PK_984a05438f47e2b2be99bb192d5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_agreement_signatures_role" ON "agreement_signatures"  ("agreement_id", "role") `);
    await queryRunner.query(
      `CREATE TABLE "agreement_comments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "practice_id" uuid NOT NULL, "agreement_id" uuid NOT NULL, "proposal_number" integer NOT NULL, "text" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_eb975ee3c36d92c41a6e41f0de2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_agreement_comments" ON "agreement_comments"  ("agreement_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "agreement_documents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "practice_id" uuid NOT NULL, "agreement_id" uuid NOT NULL, "sha256" character(64) NOT NULL, "bytes" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7bf4685016ac8726ca2e5e23ffb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_agreement_documents_sha" ON "agreement_documents"  ("sha256") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_agreement_documents_agreement" ON "agreement_documents"  ("agreement_id") `);
    await queryRunner.query(
      `ALTER TABLE "agreements" ADD CONSTRAINT "FK_ee2f6a0e1e6347446b8be5ef560" FOREIGN KEY ("practice_id") REFERENCES "practices"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agreements" ADD CONSTRAINT "FK_8508a4300423c8705849fcfcc25" FOREIGN KEY ("intake_id") REFERENCES "intakes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agreements" ADD CONSTRAINT "FK_16cb069a8dad91c7fce909757e4" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agreements" ADD CONSTRAINT "FK_cf3e2137c971858e4fb9c0d987b" FOREIGN KEY ("offering_version_id") REFERENCES "offering_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agreements" ADD CONSTRAINT "FK_dfa8a7c231a8d19fe8701775d55" FOREIGN KEY ("practitioner_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agreements" ADD CONSTRAINT "FK_d6c911ff1ec901da1f0f6a5c0d1" FOREIGN KEY ("amends_id") REFERENCES "agreements"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agreement_signatures" ADD CONSTRAINT "FK_1fa7067a918fc3a8262b11e3e58" FOREIGN KEY ("agreement_id") REFERENCES "agreements"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    for (const table of IMMUTABLE) {
      await queryRunner.query(
        `CREATE TRIGGER "${table}_immutable" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "ayni_refuse_change"()`,
      );
    }
    await queryRunner.query(SEAL_FUNCTION);
    await queryRunner.query(
      `CREATE TRIGGER "agreements_sealed" BEFORE UPDATE OR DELETE ON "agreements" FOR EACH ROW EXECUTE FUNCTION "ayni_agreement_sealed"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "agreements_sealed" ON "agreements"`);
    await queryRunner.query(`DROP FUNCTION "ayni_agreement_sealed"()`);
    for (const table of IMMUTABLE) await queryRunner.query(`DROP TRIGGER "${table}_immutable" ON "${table}"`);
    await queryRunner.query(`ALTER TABLE "agreement_signatures" DROP CONSTRAINT "FK_1fa7067a918fc3a8262b11e3e58"`);
    await queryRunner.query(`ALTER TABLE "agreements" DROP CONSTRAINT "FK_d6c911ff1ec901da1f0f6a5c0d1"`);
    await queryRunner.query(`ALTER TABLE "agreements" DROP CONSTRAINT "FK_dfa8a7c231a8d19fe8701775d55"`);
    await queryRunner.query(`ALTER TABLE "agreements" DROP CONSTRAINT "FK_cf3e2137c971858e4fb9c0d987b"`);
    await queryRunner.query(`ALTER TABLE "agreements" DROP CONSTRAINT "FK_16cb069a8dad91c7fce909757e4"`);
    await queryRunner.query(`ALTER TABLE "agreements" DROP CONSTRAINT "FK_8508a4300423c8705849fcfcc25"`);
    await queryRunner.query(`ALTER TABLE "agreements" DROP CONSTRAINT "FK_ee2f6a0e1e6347446b8be5ef560"`);
    await queryRunner.query(`DROP INDEX "public"."uq_agreement_documents_agreement"`);
    await queryRunner.query(`DROP INDEX "public"."uq_agreement_documents_sha"`);
    await queryRunner.query(`DROP TABLE "agreement_documents"`);
    await queryRunner.query(`DROP INDEX "public"."idx_agreement_comments"`);
    await queryRunner.query(`DROP TABLE "agreement_comments"`);
    await queryRunner.query(`DROP INDEX "public"."uq_agreement_signatures_role"`);
    await queryRunner.query(`DROP TABLE "agreement_signatures"`);
    await queryRunner.query(`DROP INDEX "public"."idx_agreements_practice_status"`);
    await queryRunner.query(`DROP INDEX "public"."uq_agreements_code"`);
    await queryRunner.query(`DROP TABLE "agreements"`);
    await queryRunner.query(`DROP TYPE "public"."agreement_status"`);
  }
}
