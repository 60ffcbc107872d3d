import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Agreement } from '../agreements/entities/agreement.entity';

export const REVIEW_KINDS = ['trial_end', 'phase_change'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

export const REVIEW_DECISIONS = ['continue', 'intensify', 'lighten', 'maintenance', 'pause', 'end', 'refer'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export interface ReviewAnswers {
  /** Per client goal (its intake question id): progress 0–10 and words. */
  goals: Record<string, { score: number | null; words: string }>;
  /** The intake's baseline questions, asked again with the same ids. */
  baseline: Record<string, number | string | null>;
  working: string;
  notWorking: string;
}

/**
 * A review of an active agreement, scheduled at the end of the trial period and at each phase
 * change: the client answers (goal progress and the same daily-life baseline as at intake), then
 * the practitioner decides how to go on.
 */
@Entity('reviews')
@Index('uq_reviews_when', ['agreementId', 'kind', 'dueDate'], { unique: true })
@Index('idx_reviews_due', ['practiceId', 'dueDate'])
export class Review {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'practice_id' })
  practiceId: string;

  @Column({ type: 'uuid', name: 'agreement_id' })
  agreementId: string;

  @ManyToOne(() => Agreement, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agreement_id', foreignKeyConstraintName: 'FK_reviews_agreement' })
  agreement?: Relation<Agreement>;

  @Column({ type: 'varchar', length: 20 })
  kind: ReviewKind;

  /** What the review marks: the trial's end, or the phase that begins. */
  @Column({ type: 'varchar', length: 120 })
  label: string;

  @Column({ type: 'date', name: 'due_date' })
  dueDate: string;

  @Column({ type: 'jsonb', nullable: true })
  answers: ReviewAnswers | null;

  @Column({ type: 'timestamptz', name: 'answered_at', nullable: true })
  answeredAt: Date | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  decision: ReviewDecision | null;

  @Column({ type: 'text', name: 'decision_reason', nullable: true })
  decisionReason: string | null;

  @Column({ type: 'text', name: 'practitioner_notes', nullable: true })
  practitionerNotes: string | null;

  @Column({ type: 'timestamptz', name: 'decided_at', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'uuid', name: 'decided_by_id', nullable: true })
  decidedById: string | null;

  /** The amendment a decision that changes the terms started. */
  @Column({ type: 'uuid', name: 'amendment_id', nullable: true })
  amendmentId: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
