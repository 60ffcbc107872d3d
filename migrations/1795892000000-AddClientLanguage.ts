/** The language a client's e-mails are written in, where staff set one. */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddClientLanguage1795892000000 implements MigrationInterface {
  name = 'AddClientLanguage1795892000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "clients" ADD "language" character varying(12)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "clients" DROP COLUMN "language"`);
  }
}
