import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { AlignmentCheck } from './alignment-check.entity';

/** A comment on one finding of a check, by the client or a staff member. Never changed. */
@Entity('finding_comments')
@Index('idx_finding_comments_check', ['checkId', 'createdAt'])
export class FindingComment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'practice_id' })
  practiceId: string;

  @Column({ type: 'uuid', name: 'check_id' })
  checkId: string;

  @ManyToOne(() => AlignmentCheck, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'check_id' })
  check?: Relation<AlignmentCheck>;

  @Column({ type: 'varchar', length: 20, name: 'finding_key' })
  findingKey: string;

  @Column({ type: 'varchar', length: 10, name: 'author_kind' })
  authorKind: 'client' | 'staff';

  /** The staff member; null for the client. */
  @Column({ type: 'uuid', name: 'author_id', nullable: true })
  authorId: string | null;

  @Column({ type: 'varchar', length: 120, name: 'author_name' })
  authorName: string;

  @Column({ type: 'text' })
  text: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
