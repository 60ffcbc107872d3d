import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { StaffUser } from '../../accounts/entities/staff-user.entity';
import type { IntakeTemplateContent } from '../template';
import { IntakeTemplate } from './intake-template.entity';

/** A published intake form. Never updated: every intake keeps the version it was answered on. */
@Entity('intake_template_versions')
@Index('uq_intake_template_versions', ['templateId', 'version'], { unique: true })
export class IntakeTemplateVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'practice_id' })
  practiceId: string;

  @Column({ type: 'uuid', name: 'template_id' })
  templateId: string;

  @ManyToOne(() => IntakeTemplate, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'template_id' })
  template?: Relation<IntakeTemplate>;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'jsonb' })
  content: IntakeTemplateContent;

  @Column({ type: 'timestamptz', name: 'published_at' })
  publishedAt: Date;

  /** Null for the default form a practice starts with. */
  @Column({ type: 'uuid', name: 'published_by_id', nullable: true })
  publishedById: string | null;

  @ManyToOne(() => StaffUser, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'published_by_id' })
  publishedBy?: Relation<StaffUser>;
}
