import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Practice } from '../accounts/entities/practice.entity';

/**
 * A person the practice works with. Created by staff when they invite someone to intake, or by the
 * public "Start intake" button (then nameless until the client writes their name). Intake answers
 * about the person fill in what staff did not know.
 */
@Entity('clients')
@Index('idx_clients_practice', ['practiceId', 'createdAt'])
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
}
