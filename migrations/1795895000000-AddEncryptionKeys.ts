import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables whose rows never change, except that crypto:rotate may re-encrypt one column of them. */
const REENCRYPTABLE: Array<[table: string, column: string]> = [
  ['intake_submissions', 'answers'],
  ['reflection_entries', 'content'],
];

/**
 * Encryption at rest: the key check values, and immutability triggers on submissions and
 * reflections that let exactly one thing through: a transaction that has set ayni.reencrypting
 * (only crypto:rotate does) changing nothing but the encrypted column. Kept intake-summary PDFs go:
 * they held the story in plaintext.
 */
export class AddEncryptionKeys1795895000000 implements MigrationInterface {
  name = 'AddEncryptionKeys1795895000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "encryption_keys" ("key_id" character varying(32) NOT NULL, "check_value" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "retired_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_encryption_keys" PRIMARY KEY ("key_id"))`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "ayni_refuse_change_except_reencryption"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'UPDATE' AND current_setting('ayni.reencrypting', true) = 'on'
            AND (to_jsonb(NEW) - TG_ARGV[0]) = (to_jsonb(OLD) - TG_ARGV[0]) THEN
           RETURN NEW;
         END IF;
         RAISE EXCEPTION 'rows of % are immutable', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
       END $$`,
    );
    for (const [table, column] of REENCRYPTABLE) {
      await queryRunner.query(`DROP TRIGGER "${table}_immutable" ON "${table}"`);
      await queryRunner.query(
        `CREATE TRIGGER "${table}_immutable" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "ayni_refuse_change_except_reencryption"('${column}')`,
      );
    }
    // Printed intake summaries are no longer kept (they hold the story in plaintext); they print again when asked for.
    await queryRunner.query(`DELETE FROM "pdf_documents" WHERE "document" = 'intake-summary'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table] of REENCRYPTABLE) {
      await queryRunner.query(`DROP TRIGGER "${table}_immutable" ON "${table}"`);
      await queryRunner.query(
        `CREATE TRIGGER "${table}_immutable" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "ayni_refuse_change"()`,
      );
    }
    await queryRunner.query(`DROP FUNCTION "ayni_refuse_change_except_reencryption"()`);
    await queryRunner.query(`DROP TABLE "encryption_keys"`);
  }
}
