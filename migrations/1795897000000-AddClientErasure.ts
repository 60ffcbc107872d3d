import { MigrationInterface, QueryRunner } from 'typeorm';

/** Immutable tables whose rows an erasure (or the end of retention) may delete, and nothing else may. */
const ERASABLE = ['finding_comments', 'agreement_signatures', 'agreement_comments', 'agreement_documents', 'agreement_scans'];

const REFUSE_EXCEPT_ERASURE = `CREATE FUNCTION "ayni_refuse_change_except_erasure"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('ayni.erasing', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'rows of % are immutable', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$`;

const reencryptionFunction = (
  erasable: boolean,
) => `CREATE OR REPLACE FUNCTION "ayni_refuse_change_except_reencryption"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND current_setting('ayni.reencrypting', true) = 'on'
     AND (to_jsonb(NEW) - TG_ARGV[0]) = (to_jsonb(OLD) - TG_ARGV[0]) THEN
    RETURN NEW;
  END IF;
  ${
    erasable
      ? `IF TG_OP = 'DELETE' AND current_setting('ayni.erasing', true) = 'on' THEN
    RETURN OLD;
  END IF;`
      : ''
  }
  RAISE EXCEPTION 'rows of % are immutable', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$`;

const sealFunction = (erasable: boolean) => `CREATE OR REPLACE FUNCTION "ayni_agreement_sealed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status IN ('client_signed', 'countersigned', 'active', 'superseded', 'ended')
       ${erasable ? `AND current_setting('ayni.erasing', true) IS DISTINCT FROM 'on'` : ''} THEN
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

/**
 * Erasing a client: the practice's retention period, the erasure's record on the client row, and
 * immutability triggers that let one thing through: DELETE in a transaction that has set
 * ayni.erasing (only the erasure and the end-of-retention purge do). The audit trail and offering
 * versions stay fully immutable.
 */
export class AddClientErasure1795897000000 implements MigrationInterface {
  name = 'AddClientErasure1795897000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "practices" ADD "retention_years" integer NOT NULL DEFAULT '7'`);
    await queryRunner.query(`ALTER TABLE "clients" ADD "erased_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "clients" ADD "erased_by_id" uuid`);
    await queryRunner.query(`ALTER TABLE "clients" ADD "retain_until" date`);
    await queryRunner.query(`ALTER TABLE "clients" ADD "purged_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`CREATE INDEX "idx_clients_retain_until" ON "clients" ("retain_until") `);
    await queryRunner.query(REFUSE_EXCEPT_ERASURE);
    for (const table of ERASABLE) {
      await queryRunner.query(`DROP TRIGGER "${table}_immutable" ON "${table}"`);
      await queryRunner.query(
        `CREATE TRIGGER "${table}_immutable" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "ayni_refuse_change_except_erasure"()`,
      );
    }
    await queryRunner.query(reencryptionFunction(true));
    await queryRunner.query(sealFunction(true));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(sealFunction(false));
    await queryRunner.query(reencryptionFunction(false));
    for (const table of ERASABLE) {
      await queryRunner.query(`DROP TRIGGER "${table}_immutable" ON "${table}"`);
      await queryRunner.query(
        `CREATE TRIGGER "${table}_immutable" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "ayni_refuse_change"()`,
      );
    }
    await queryRunner.query(`DROP FUNCTION "ayni_refuse_change_except_erasure"()`);
    await queryRunner.query(`DROP INDEX "public"."idx_clients_retain_until"`);
    for (const column of ['purged_at', 'retain_until', 'erased_by_id', 'erased_at']) {
      await queryRunner.query(`ALTER TABLE "clients" DROP COLUMN "${column}"`);
    }
    await queryRunner.query(`ALTER TABLE "practices" DROP COLUMN "retention_years"`);
  }
}
