/**
 * The audit trail (append-only), being heard (reflection status and its thread of rounds), and
 * expectations checks with comments on their findings. Audit events, reflection rounds and comments
 * refuse UPDATE and DELETE (a trigger).
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

const IMMUTABLE = ['audit_events', 'reflection_entries', 'finding_comments'];

export class CreateAlignment1795885483814 implements MigrationInterface {
  name = 'CreateAlignment1795885483814';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "practice_id" uuid NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "action" character varying(60) NOT NULL, "record_kind" character varying(40) NOT NULL, "record_id" uuid NOT NULL, "actor_kind" character varying(10) NOT NULL, "actor_id" uuid, "ip" character varying(64), "user_agent" character varying(300), "data" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_audit_events_record" ON "audit_events"  ("practice_id", "record_kind", "record_id", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."reflection_status" AS ENUM('awaiting_reflection', 'awaiting_client', 'needs_revision', 'heard')`,
    );
    await queryRunner.query(
      `CREATE TABLE "reflections" ("intake_id" uuid NOT NULL, "practice_id" uuid NOT NULL, "status" "public"."reflection_status" NOT NULL, "round" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_dbd96e4cf23c2f3d44384c42b20" PRIMARY KEY ("intake_id"))`,
    );
    await queryRunner.query(`CREATE TYPE "public"."reflection_entry_kind" AS ENUM('reflection', 'response')`);
    await queryRunner.query(
      `CREATE TABLE "reflection_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "practice_id" uuid NOT NULL, "intake_id" uuid NOT NULL, "round" integer NOT NULL, "kind" "public"."reflection_entry_kind" NOT NULL, "author_id" uuid, "content" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a67ca7cbbaec489c9cb374a8e55" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_reflection_entries_round" ON "reflection_entries"  ("intake_id", "round", "kind") `);
    await queryRunner.query(
      `CREATE TABLE "alignment_checks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "practice_id" uuid NOT NULL, "intake_id" uuid NOT NULL, "offering_version_id" uuid NOT NULL, "created_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_67e59fe98863b92a536b5409b5a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_alignment_checks" ON "alignment_checks"  ("intake_id", "offering_version_id") `);
    await queryRunner.query(
      `CREATE TABLE "finding_comments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "practice_id" uuid NOT NULL, "check_id" uuid NOT NULL, "finding_key" character varying(20) NOT NULL, "author_kind" character varying(10) NOT NULL, "author_id" uuid, "author_name" character varying(120) NOT NULL, "text" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3d336e750a4ecc78bbcbcaa6f35" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_finding_comments_check" ON "finding_comments"  ("check_id", "created_at") `);
    await queryRunner.query(
      `ALTER TABLE "reflections" ADD CONSTRAINT "FK_dbd96e4cf23c2f3d44384c42b20" FOREIGN KEY ("intake_id") REFERENCES "intakes"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reflection_entries" ADD CONSTRAINT "FK_bd6b26efdddc95a028391e4c963" FOREIGN KEY ("intake_id") REFERENCES "intakes"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reflection_entries" ADD CONSTRAINT "FK_cbbd7a7165a45955c39063c8b8b" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "alignment_checks" ADD CONSTRAINT "FK_baf13c5b1e885487b16524715cd" FOREIGN KEY ("intake_id") REFERENCES "intakes"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "alignment_checks" ADD CONSTRAINT "FK_1e2305904adf0fe02a7d10f405a" FOREIGN KEY ("offering_version_id") REFERENCES "offering_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "finding_comments" ADD CONSTRAINT "FK_a23a880e415abab9969adcd6101" FOREIGN KEY ("check_id") REFERENCES "alignment_checks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    for (const table of IMMUTABLE) {
      await queryRunner.query(
        `CREATE TRIGGER "${table}_immutable" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "ayni_refuse_change"()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of IMMUTABLE) await queryRunner.query(`DROP TRIGGER "${table}_immutable" ON "${table}"`);
    await queryRunner.query(`ALTER TABLE "finding_comments" DROP CONSTRAINT "FK_a23a880e415abab9969adcd6101"`);
    await queryRunner.query(`ALTER TABLE "alignment_checks" DROP CONSTRAINT "FK_1e2305904adf0fe02a7d10f405a"`);
    await queryRunner.query(`ALTER TABLE "alignment_checks" DROP CONSTRAINT "FK_baf13c5b1e885487b16524715cd"`);
    await queryRunner.query(`ALTER TABLE "reflection_entries" DROP CONSTRAINT "FK_cbbd7a7165a45955c39063c8b8b"`);
    await queryRunner.query(`ALTER TABLE "reflection_entries" DROP CONSTRAINT "FK_bd6b26efdddc95a028391e4c963"`);
    await queryRunner.query(`ALTER TABLE "reflections" DROP CONSTRAINT "FK_dbd96e4cf23c2f3d44384c42b20"`);
    await queryRunner.query(`DROP INDEX "public"."idx_finding_comments_check"`);
    await queryRunner.query(`DROP TABLE "finding_comments"`);
    await queryRunner.query(`DROP INDEX "public"."uq_alignment_checks"`);
    await queryRunner.query(`DROP TABLE "alignment_checks"`);
    await queryRunner.query(`DROP INDEX "public"."uq_reflection_entries_round"`);
    await queryRunner.query(`DROP TABLE "reflection_entries"`);
    await queryRunner.query(`DROP TYPE "public"."reflection_entry_kind"`);
    await queryRunner.query(`DROP TABLE "reflections"`);
    await queryRunner.query(`DROP TYPE "public"."reflection_status"`);
    await queryRunner.query(`DROP INDEX "public"."idx_audit_events_record"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
  }
}
