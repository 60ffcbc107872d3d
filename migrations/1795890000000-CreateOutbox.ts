/**
 * The e-mail outbox: one row per message, written in the same transaction as the change that
 * causes it. What a message is (practice, kind, recipient, subject, event) never changes once
 * queued; only its delivery state moves, and its body loses the client's link once sent.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

const SEAL_FUNCTION = `CREATE FUNCTION "ayni_outbox_sealed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.practice_id IS DISTINCT FROM OLD.practice_id OR NEW.kind IS DISTINCT FROM OLD.kind
     OR NEW.to_address IS DISTINCT FROM OLD.to_address OR NEW.subject IS DISTINCT FROM OLD.subject
     OR NEW.dedupe_key IS DISTINCT FROM OLD.dedupe_key OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
    RAISE EXCEPTION 'queued messages keep their recipient and subject' USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$`;

export class CreateOutbox1795890000000 implements MigrationInterface {
  name = 'CreateOutbox1795890000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "outbox_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "practice_id" uuid NOT NULL, "kind" character varying(30) NOT NULL, "to_address" character varying(254) NOT NULL, "subject" character varying(300) NOT NULL, "text_body" text NOT NULL, "html_body" text NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'queued', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE, "last_error" character varying(300), "sent_at" TIMESTAMP WITH TIME ZONE, "message_id" character varying(300), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "dedupe_key" character varying(200) NOT NULL, CONSTRAINT "PK_0171348f527c64b137e4d4f5b66" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_outbox_messages_dedupe" ON "outbox_messages"  ("dedupe_key") `);
    await queryRunner.query(`CREATE INDEX "idx_outbox_messages_practice" ON "outbox_messages"  ("practice_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "idx_outbox_messages_due" ON "outbox_messages"  ("status", "next_attempt_at") `);
    await queryRunner.query(
      `ALTER TABLE "outbox_messages" ADD CONSTRAINT "FK_64b6045d57a12ac21597915537f" FOREIGN KEY ("practice_id") REFERENCES "practices"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(SEAL_FUNCTION);
    await queryRunner.query(
      `CREATE TRIGGER "outbox_messages_sealed" BEFORE UPDATE ON "outbox_messages" FOR EACH ROW EXECUTE FUNCTION "ayni_outbox_sealed"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "outbox_messages_sealed" ON "outbox_messages"`);
    await queryRunner.query(`DROP FUNCTION "ayni_outbox_sealed"()`);
    await queryRunner.query(`ALTER TABLE "outbox_messages" DROP CONSTRAINT "FK_64b6045d57a12ac21597915537f"`);
    await queryRunner.query(`DROP INDEX "public"."idx_outbox_messages_due"`);
    await queryRunner.query(`DROP INDEX "public"."idx_outbox_messages_practice"`);
    await queryRunner.query(`DROP INDEX "public"."uq_outbox_messages_dedupe"`);
    await queryRunner.query(`DROP TABLE "outbox_messages"`);
  }
}
