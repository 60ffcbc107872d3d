import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AuditActorKind } from './audit-events';

/**
 * One thing that happened to a record, written in the same transaction as the change itself.
 * Append-only: a database trigger refuses UPDATE and DELETE.
 */
@Entity('audit_events')
@Index('idx_audit_events_record', ['practiceId', 'recordKind', 'recordId', 'occurredAt'])
export class AuditEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'practice_id' })
  practiceId: string;

  @Column({ type: 'timestamptz', name: 'occurred_at' })
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
}
