import { Column, Entity, JoinColumn, ManyToOne, OneToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { Answers } from '../template';
import { IntakeTemplateVersion } from './intake-template-version.entity';
import { Intake } from './intake.entity';

/**
 * What the client submitted, never changed afterwards. The unique intake id is what makes a
 * double click, a retry or ten concurrent requests create exactly one row; the idempotency key
 * and the payload's hash tell a replay (same answer again) from a different request (422).
 */
@Entity('intake_submissions')
export class IntakeSubmission {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'practice_id' })
  practiceId: string;

  @Column({ type: 'uuid', name: 'intake_id' })
  intakeId: string;

  @OneToOne(() => Intake, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'intake_id' })
  intake?: Relation<Intake>;

  @Column({ type: 'uuid', name: 'template_version_id' })
  templateVersionId: string;

  @ManyToOne(() => IntakeTemplateVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'template_version_id' })
  templateVersion?: Relation<IntakeTemplateVersion>;

  @Column({ type: 'jsonb' })
  answers: Answers;

  @Column({ type: 'varchar', length: 200, name: 'idempotency_key' })
  idempotencyKey: string;

  @Column({ type: 'char', length: 64, name: 'request_hash' })
  requestHash: string;

  @Column({ type: 'timestamptz', name: 'submitted_at' })
  submittedAt: Date;
}
