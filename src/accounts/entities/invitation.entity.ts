import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { type Role, ROLES } from '../permissions';
import { Practice } from './practice.entity';
import { StaffUser } from './staff-user.entity';

/** A link that lets one person join a practice's team with a given role. Only the token's hash is stored. */
@Entity('invitations')
@Index('idx_invitations_practice', ['practiceId', 'createdAt'])
// At most one live link per person and practice, even when two invitations are sent at once.
@Index('uq_invitations_open', ['practiceId', 'email'], { unique: true, where: '"accepted_at" IS NULL AND "revoked_at" IS NULL' })
export class Invitation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'practice_id' })
  practiceId: string;

  @ManyToOne(() => Practice, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practice_id' })
  practice?: Relation<Practice>;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 120, nullable: true })
  name: string | null;

  @Column({ type: 'enum', enum: ROLES, enumName: 'staff_role' })
  role: Role;

  @Column({ type: 'char', length: 64, name: 'token_hash', unique: true })
  tokenHash: string;

  @Column({ type: 'uuid', name: 'invited_by_id' })
  invitedById: string;

  @ManyToOne(() => StaffUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'invited_by_id' })
  invitedBy?: Relation<StaffUser>;

  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', name: 'accepted_at', nullable: true })
  acceptedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
