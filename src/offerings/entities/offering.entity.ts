import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Practice } from '../../accounts/entities/practice.entity';
import type { OfferingDraft } from '../offering-content';

/**
 * An offering of a practice: the working draft and a pointer to its published versions.
 * The draft may be incomplete; what clients see is always an immutable OfferingVersion.
 */
@Entity('offerings')
@Index('uq_offerings_practice_slug', ['practiceId', 'slug'], { unique: true })
export class Offering {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'practice_id' })
  practiceId: string;

  @ManyToOne(() => Practice, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practice_id' })
  practice?: Relation<Practice>;

  /** Part of the public address: /p/{practice}/{slug}. Stable across versions. */
  @Column({ type: 'varchar', length: 80 })
  slug: string;

  @Column({ type: 'jsonb', default: {} })
  draft: OfferingDraft;

  /** Bumped at every save, so two editors cannot silently overwrite each other. */
  @Column({ type: 'integer', name: 'draft_revision', default: 0 })
  draftRevision: number;

  /** True when the draft holds changes that no published version has. */
  @Column({ type: 'boolean', name: 'has_unpublished_changes', default: true })
  hasUnpublishedChanges: boolean;

  @Column({ type: 'timestamptz', name: 'draft_updated_at' })
  draftUpdatedAt: Date;

  @Column({ type: 'uuid', name: 'draft_updated_by_id' })
  draftUpdatedById: string;

  /** 0 until the first publication. */
  @Column({ type: 'integer', name: 'latest_version', default: 0 })
  latestVersion: number;

  /** Withdrawn offerings vanish from the public pages; their versions stay readable for agreements. */
  @Column({ type: 'timestamptz', name: 'withdrawn_at', nullable: true })
  withdrawnAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
