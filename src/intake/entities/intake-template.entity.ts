import { Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Practice } from '../../accounts/entities/practice.entity';
import type { IntakeTemplateContent } from '../template';

/** A practice's intake form: the working draft the builder edits, and a pointer to its published versions. */
@Entity('intake_templates')
export class IntakeTemplate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** One form per practice (the one-to-one join is unique), created from the default the first time anyone needs it. */
  @Column({ type: 'uuid', name: 'practice_id' })
  practiceId: string;

  @OneToOne(() => Practice, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practice_id' })
  practice?: Relation<Practice>;

  @Column({ type: 'jsonb' })
  draft: IntakeTemplateContent;

  /** Bumped at every save, so two editors cannot silently overwrite each other. */
  @Column({ type: 'integer', name: 'draft_revision', default: 0 })
  draftRevision: number;

  @Column({ type: 'boolean', name: 'has_unpublished_changes', default: false })
  hasUnpublishedChanges: boolean;

  @Column({ type: 'integer', name: 'latest_version', default: 0 })
  latestVersion: number;

  @Column({ type: 'timestamptz', name: 'draft_updated_at' })
  draftUpdatedAt: Date;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
