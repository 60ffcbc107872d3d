import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { StaffUser } from '../../accounts/entities/staff-user.entity';
import { Intake } from '../../intake/entities/intake.entity';
import type { ReflectionContent, ResponseContent } from '../reflection-content';

export const ENTRY_KINDS = ['reflection', 'response'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** One message of the thread: the practitioner's reflection, or the client's answer to it. Never changed. */
@Entity('reflection_entries')
@Index('uq_reflection_entries_round', ['intakeId', 'round', 'kind'], { unique: true })
export class ReflectionEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'practice_id' })
  practiceId: string;

  @Column({ type: 'uuid', name: 'intake_id' })
  intakeId: string;

  @ManyToOne(() => Intake, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'intake_id' })
  intake?: Relation<Intake>;

  @Column({ type: 'integer' })
  round: number;

  @Column({ type: 'enum', enum: ENTRY_KINDS, enumName: 'reflection_entry_kind' })
  kind: EntryKind;

  /** The practitioner who wrote a reflection; null for the client's response. */
  @Column({ type: 'uuid', name: 'author_id', nullable: true })
  authorId: string | null;

  @ManyToOne(() => StaffUser, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'author_id' })
  author?: Relation<StaffUser>;

  @Column({ type: 'jsonb' })
  content: ReflectionContent | ResponseContent;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
