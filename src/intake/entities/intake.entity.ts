import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Practice } from '../../accounts/entities/practice.entity';
import { Client } from '../../clients/client.entity';
import { Offering } from '../../offerings/entities/offering.entity';
import { INTAKE_STATUSES, type IntakeStatus } from '../intake-status';
import type { Answers } from '../template';
import { IntakeTemplateVersion } from './intake-template-version.entity';

/**
 * One client's intake: the link they answer through (only its hash is stored), the template
 * version they answer, and their draft. The draft's revision guards against two tabs overwriting
 * each other. What they submitted is kept apart, in IntakeSubmission.
 */
@Entity('intakes')
@Index('idx_intakes_practice_status', ['practiceId', 'status', 'createdAt'])
@Index('idx_intakes_client', ['clientId'])
// The inbox's order (practice_id, coalesce(submitted_at, saved_at, created_at) DESC, id DESC) and the trigram index
// on (practice, the name typed into the answers): expressions, created by migration 1795898100000.
@Index('idx_intakes_inbox', { synchronize: false })
@Index('idx_intakes_name_trgm', { synchronize: false })
export class Intake {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'practice_id' })
  practiceId: string;

  @ManyToOne(() => Practice, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practice_id' })
  practice?: Relation<Practice>;

  @Column({ type: 'uuid', name: 'client_id' })
  clientId: string;

  @ManyToOne(() => Client, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id' })
  client?: Relation<Client>;

  @Column({ type: 'uuid', name: 'offering_id', nullable: true })
  offeringId: string | null;

  @ManyToOne(() => Offering, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'offering_id' })
  offering?: Relation<Offering>;

  @Column({ type: 'uuid', name: 'template_version_id' })
  templateVersionId: string;

  @ManyToOne(() => IntakeTemplateVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'template_version_id' })
  templateVersion?: Relation<IntakeTemplateVersion>;

  @Column({ type: 'enum', enum: INTAKE_STATUSES, enumName: 'intake_status', default: 'invited' })
  status: IntakeStatus;

  @Column({ type: 'char', length: 64, name: 'token_hash', unique: true })
  tokenHash: string;

  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'jsonb', default: {} })
  answers: Answers;

  @Column({ type: 'integer', default: 0 })
  revision: number;

  @Column({ type: 'timestamptz', name: 'saved_at', nullable: true })
  savedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'submitted_at', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'reviewed_at', nullable: true })
  reviewedAt: Date | null;

  /** Null when the client started from the public offering page. */
  @Column({ type: 'uuid', name: 'created_by_id', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
