/**
 * Hash-chains the audit trail per practice: every event gets its place in the practice's sequence
 * (seq, unique with the practice, no gaps), the hash of the event before it and its own SHA-256
 * (src/audit/audit-chain.ts). Events already recorded are chained here, oldest first, in
 * TypeScript with the same serialization the app uses (so the result is the same on PostgreSQL
 * and on PGlite, which has no pgcrypto unless it is loaded at start-up). occurred_at keeps
 * milliseconds, as JavaScript does, so what is hashed is exactly what is stored.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';
import { eventHash, GENESIS_HASH } from '../src/audit/audit-chain';

const BATCH = 1000;

interface Row {
  id: string;
  practice_id: string;
  occurred_at: Date;
  action: string;
  record_kind: string;
  record_id: string;
  actor_kind: string;
  actor_id: string | null;
  ip: string | null;
  user_agent: string | null;
  data: Record<string, unknown>;
}

export class ChainAuditEvents1795893000000 implements MigrationInterface {
  name = 'ChainAuditEvents1795893000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Rounds any microseconds away before anything is hashed (TypeORM would also drop and
    // recreate idx_audit_events_record around this; PostgreSQL rebuilds it by itself).
    await queryRunner.query(`ALTER TABLE "audit_events" ALTER COLUMN "occurred_at" TYPE TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "audit_events" ADD "seq" integer`);
    await queryRunner.query(`ALTER TABLE "audit_events" ADD "prev_hash" character varying(64)`);
    await queryRunner.query(`ALTER TABLE "audit_events" ADD "hash" character varying(64)`);
    // The rows are append-only: only this migration may fill the new columns in, once.
    await queryRunner.query(`ALTER TABLE "audit_events" DISABLE TRIGGER "audit_events_immutable"`);
    const practices: Array<{ practice_id: string }> = await queryRunner.query(
      `SELECT DISTINCT "practice_id" FROM "audit_events" ORDER BY "practice_id"`,
    );
    for (const { practice_id } of practices) await chainPractice(queryRunner, practice_id);
    await queryRunner.query(`ALTER TABLE "audit_events" ENABLE TRIGGER "audit_events_immutable"`);
    await queryRunner.query(`ALTER TABLE "audit_events" ALTER COLUMN "seq" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "audit_events" ALTER COLUMN "prev_hash" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "audit_events" ALTER COLUMN "hash" SET NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_audit_events_seq" ON "audit_events"  ("practice_id", "seq") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_audit_events_seq"`);
    await queryRunner.query(`ALTER TABLE "audit_events" DROP COLUMN "hash"`);
    await queryRunner.query(`ALTER TABLE "audit_events" DROP COLUMN "prev_hash"`);
    await queryRunner.query(`ALTER TABLE "audit_events" DROP COLUMN "seq"`);
    await queryRunner.query(`ALTER TABLE "audit_events" ALTER COLUMN "occurred_at" TYPE TIMESTAMP WITH TIME ZONE`);
  }
}

/** One practice's events in the order they were recorded (ties by id), a batch at a time. */
async function chainPractice(queryRunner: QueryRunner, practiceId: string): Promise<void> {
  let seq = 0;
  let prevHash = GENESIS_HASH;
  let after: { at: Date; id: string } | null = null;
  for (;;) {
    const rows: Row[] = await queryRunner.query(
      `SELECT "id", "practice_id", "occurred_at", "action", "record_kind", "record_id", "actor_kind", "actor_id", "ip", "user_agent", "data"
         FROM "audit_events"
        WHERE "practice_id" = $1 AND ($2::timestamptz IS NULL OR ("occurred_at", "id") > ($2::timestamptz, $3::uuid))
        ORDER BY "occurred_at", "id"
        LIMIT ${BATCH}`,
      [practiceId, after?.at ?? null, after?.id ?? null],
    );
    if (!rows.length) return;
    const ids: string[] = [];
    const seqs: number[] = [];
    const prevs: string[] = [];
    const hashes: string[] = [];
    for (const row of rows) {
      seq++;
      const hash = eventHash({
        practiceId: row.practice_id,
        seq,
        occurredAt: row.occurred_at,
        action: row.action,
        recordKind: row.record_kind,
        recordId: row.record_id,
        actorKind: row.actor_kind,
        actorId: row.actor_id,
        ip: row.ip,
        userAgent: row.user_agent,
        data: row.data,
        prevHash,
      });
      ids.push(row.id);
      seqs.push(seq);
      prevs.push(prevHash);
      hashes.push(hash);
      prevHash = hash;
    }
    await queryRunner.query(
      `UPDATE "audit_events" AS e SET "seq" = v.seq, "prev_hash" = v.prev_hash, "hash" = v.hash
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[]) AS v(id, seq, prev_hash, hash)
        WHERE e."id" = v.id`,
      [ids, seqs, prevs, hashes],
    );
    const last = rows[rows.length - 1];
    after = { at: last.occurred_at, id: last.id };
  }
}
