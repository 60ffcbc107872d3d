import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Practice } from '../accounts/entities/practice.entity';

/**
 * A person the practice works with. Created by staff when they invite someone to intake, or by the
 * public "Start intake" button (then nameless until the client writes their name). Intake answers
 * about the person fill in what staff did not know.
 */
@Entity('clients')
@Index('idx_clients_practice', ['practiceId', 'createdAt'])
@Index('idx_clients_retain_until', ['retainUntil'])
@Index('idx_clients_erased', ['practiceId'], { where: '"erased_at" IS NOT NULL' })
// A trigram index on (practice, name) for the inbox's search: created by migration 1795898100000 where pg_trgm and btree_gin exist.
@Index('idx_clients_name_trgm', { synchronize: false })
export class Client {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'practice_id' })
  practiceId: string;

  @ManyToOne(() => Practice, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practice_id' })
  practice?: Relation<Practice>;

  @Column({ type: 'varchar', length: 120, nullable: true })
  name: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  phone: string | null;

  /** The language of the client's e-mails ("es"); null: the practice's default, English. */
  @Column({ type: 'varchar', length: 12, nullable: true })
  language: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  /** When the client's personal data was erased (privacy/client-erasure.service.ts), and by whom: the erasure's record. */
  @Column({ type: 'timestamptz', name: 'erased_at', nullable: true })
  erasedAt: Date | null;

  @Column({ type: 'uuid', name: 'erased_by_id', nullable: true })
  erasedById: string | null;

  /** The day the signed agreements kept after an erasure are removed; null when nothing was kept. */
  @Column({ type: 'date', name: 'retain_until', nullable: true })
  retainUntil: string | null;

  /** When the kept agreements were removed at the end of retention (or at once, when nothing was kept). */
  @Column({ type: 'timestamptz', name: 'purged_at', nullable: true })
  purgedAt: Date | null;
}
