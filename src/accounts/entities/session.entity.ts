import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Practice } from './practice.entity';
import { StaffUser } from './staff-user.entity';

/** A server-side login session. The cookie holds a random token; only its SHA-256 is stored. */
@Entity('sessions')
@Index('idx_sessions_user', ['userId'])
export class Session {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'char', length: 64, name: 'token_hash', unique: true })
  tokenHash: string;

  @Column({ type: 'uuid', name: 'user_id' })
  userId: string;

  @ManyToOne(() => StaffUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<StaffUser>;

  @Column({ type: 'uuid', name: 'practice_id' })
  practiceId: string;

  @ManyToOne(() => Practice, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practice_id', foreignKeyConstraintName: 'FK_sessions_practice' })
  practice?: Relation<Practice>;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'last_seen_at' })
  lastSeenAt: Date;

  /** The absolute end of the session, whatever the activity. */
  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt: Date;

  /** When this session passed its second factor (or confirmed enrolment); null means not (yet). */
  @Column({ type: 'timestamptz', name: 'mfa_verified_at', nullable: true })
  mfaVerifiedAt: Date | null;

  /** When the person last confirmed who they are (password, and code when enrolled) for a sensitive act. */
  @Column({ type: 'timestamptz', name: 'reauthenticated_at', nullable: true })
  reauthenticatedAt: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'varchar', length: 256, name: 'user_agent', nullable: true })
  userAgent: string | null;
}
