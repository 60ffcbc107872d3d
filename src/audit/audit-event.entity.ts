import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AuditActorKind } from './audit-events';

/**
 * One thing that happened to a record (or one read of it), written in the same transaction as the
 * change or read itself. Append-only: a database trigger refuses UPDATE and DELETE. Hash-chained
 * per practice (see audit-chain.ts): seq numbers a practice's events 1, 2, 3, … and each event
 * holds the hash of the one before.
 */
@Entity('audit_events')
@Index('idx_audit_events_record', ['practiceId', 'recordKind', 'recordId', 'occurredAt'])
@Index('uq_audit_events_seq', ['practiceId', 'seq'], { unique: true })
export class AuditEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'practice_id' })
  practiceId: string;

  /** Its place in the practice's chain: no gaps, no repeats. */
  @Column({ type: 'integer' })
  seq: number;

  /** Milliseconds, as JavaScript keeps them: what is hashed is exactly what is stored. */
  @Column({ type: 'timestamptz', name: 'occurred_at', precision: 3 })
  occurredAt: Date;

  @Column({ type: 'varchar', length: 60 })
  action: string;

  @Column({ type: 'varchar', length: 40, name: 'record_kind' })
  recordKind: string;

  @Column({ type: 'uuid', name: 'record_id' })
  recordId: string;

  @Column({ type: 'varchar', length: 10, name: 'actor_kind' })
  actorKind: AuditActorKind;

  /** The staff member or client; null for the system. */
  @Column({ type: 'uuid', name: 'actor_id', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'varchar', length: 300, name: 'user_agent', nullable: true })
  userAgent: string | null;

  /** What the event needs besides its record: a round number, a status. Never answers or free text. */
  @Column({ type: 'jsonb', default: {} })
  data: Record<string, string | number | boolean | null>;

  /** SHA-256 (hex) of the practice's previous event; 64 zeros for its first. */
  @Column({ type: 'varchar', length: 64, name: 'prev_hash' })
  prevHash: string;

  /** SHA-256 (hex) of this event's canonical serialization, prevHash included. */
  @Column({ type: 'varchar', length: 64 })
  hash: string;
}
