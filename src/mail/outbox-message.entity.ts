import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Practice } from '../accounts/entities/practice.entity';
import type { MailKind, MailStatus } from './mail-kinds';

/**
 * One e-mail, written in the same transaction as the change that causes it, then delivered by the
 * MailSender. Never deleted by Ayni: what was (or could not be) sent stays visible on the Outbox page.
 */
@Entity('outbox_messages')
@Index('idx_outbox_messages_due', ['status', 'nextAttemptAt'])
@Index('idx_outbox_messages_practice', ['practiceId', 'createdAt'])
@Index('uq_outbox_messages_dedupe', ['dedupeKey'], { unique: true })
export class OutboxMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'practice_id' })
  practiceId: string;

  @ManyToOne(() => Practice, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practice_id' })
  practice?: Relation<Practice>;

  @Column({ type: 'varchar', length: 30 })
  kind: MailKind;

  @Column({ type: 'varchar', length: 254, name: 'to_address' })
  toAddress: string;

  @Column({ type: 'varchar', length: 300 })
  subject: string;

  @Column({ type: 'text', name: 'text_body' })
  textBody: string;

  @Column({ type: 'text', name: 'html_body' })
  htmlBody: string;

  @Column({ type: 'varchar', length: 10, default: 'queued' })
  status: MailStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** When the sender should next look at it: a retry's time, or (while `sending`) when its lease runs out. */
  @Column({ type: 'timestamptz', name: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null;

  /** Short, and never the SMTP credentials. */
  @Column({ type: 'varchar', length: 300, name: 'last_error', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', name: 'sent_at', nullable: true })
  sentAt: Date | null;

  /** The Message-ID the SMTP server accepted. */
  @Column({ type: 'varchar', length: 300, name: 'message_id', nullable: true })
  messageId: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  /** The event that caused it (`reflection_ready:<intakeId>:<round>`): the same event never queues twice. */
  @Column({ type: 'varchar', length: 200, name: 'dedupe_key' })
  dedupeKey: string;
}
