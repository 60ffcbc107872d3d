import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { type Role, ROLES } from '../permissions';
import { Practice } from './practice.entity';
import { StaffUser } from './staff-user.entity';

export const ACCESS_TOKEN_REVOKE_REASONS = ['revoked', 'member_deactivated'] as const;
export type AccessTokenRevokeReason = (typeof ACCESS_TOKEN_REVOKE_REASONS)[number];

/**
 * A personal access token: a staff member's credential for an integration, on the JSON API only,
 * in their practice and with a role no higher than theirs. Only the SHA-256 of the token is kept
 * (it carries 256 random bits), with its first characters to recognise it by.
 */
@Entity('access_tokens')
@Index('idx_access_tokens_practice_user', ['practiceId', 'userId'])
export class AccessToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'practice_id' })
  practiceId: string;

  @ManyToOne(() => Practice, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practice_id', foreignKeyConstraintName: 'FK_access_tokens_practice' })
  practice?: Relation<Practice>;

  /** Whose token it is: requests made with it act as this person. */
  @Column({ type: 'uuid', name: 'user_id' })
  userId: string;

  @ManyToOne(() => StaffUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_access_tokens_user' })
  user?: Relation<StaffUser>;

  /** What it is for, in its owner's words ("Bookkeeping sync"). */
  @Column({ type: 'varchar', length: 80 })
  name: string;

  /** The role requests made with it have: at most its owner's. */
  @Column({ type: 'enum', enum: ROLES, enumName: 'staff_role' })
  role: Role;

  @Column({ type: 'char', length: 64, name: 'token_hash', unique: true })
  tokenHash: string;

  /** The token's first characters (`ayni_pat_` and 8 more), shown in lists to tell tokens apart. */
  @Column({ type: 'varchar', length: 24 })
  prefix: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt: Date;

  /** Updated at most once a minute, so reads do not all become writes. */
  @Column({ type: 'timestamptz', name: 'last_used_at', nullable: true })
  lastUsedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  /** Who revoked it: its owner, or the practice owner (also by deactivating its owner). */
  @Column({ type: 'uuid', name: 'revoked_by_id', nullable: true })
  revokedById: string | null;

  @Column({ type: 'varchar', length: 30, name: 'revoked_reason', nullable: true })
  revokedReason: AccessTokenRevokeReason | null;
}
