import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { ROLES, type Role } from '../permissions';
import { Practice } from './practice.entity';

export const USER_STATUSES = ['active', 'deactivated'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** A member of a practice's team: owner, practitioner or front desk. E-mail is unique across Ayni. */
@Entity('users')
@Index('idx_users_practice', ['practiceId'])
export class StaffUser {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'practice_id' })
  practiceId: string;

  @ManyToOne(() => Practice, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practice_id' })
  practice?: Relation<Practice>;

  /** Stored lower-cased. */
  @Column({ type: 'varchar', length: 254, unique: true })
  email: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'text', name: 'password_hash' })
  passwordHash: string;

  @Column({ type: 'enum', enum: ROLES, enumName: 'staff_role' })
  role: Role;

  @Column({ type: 'enum', enum: USER_STATUSES, enumName: 'user_status', default: 'active' })
  status: UserStatus;

  @Column({ type: 'timestamptz', name: 'deactivated_at', nullable: true })
  deactivatedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'last_login_at', nullable: true })
  lastLoginAt: Date | null;

  /**
   * The TOTP secret, encrypted (see mfa/secret-box.ts). Never loaded unless asked for, and never
   * shown once enrolment is confirmed.
   */
  @Column({ type: 'text', name: 'mfa_secret', nullable: true, select: false })
  mfaSecret?: string | null;

  /** When a second factor was confirmed; null means not enrolled. */
  @Column({ type: 'timestamptz', name: 'mfa_enabled_at', nullable: true })
  mfaEnabledAt: Date | null;

  /** The last TOTP time step accepted, so a code is never accepted twice (replay). */
  @Column({ type: 'integer', name: 'mfa_last_step', nullable: true })
  mfaLastStep: number | null;

  /** A secret shown on the set-up page and waiting for its first code; encrypted like mfaSecret. */
  @Column({ type: 'text', name: 'mfa_pending_secret', nullable: true, select: false })
  mfaPendingSecret?: string | null;

  @Column({ type: 'timestamptz', name: 'mfa_pending_at', nullable: true })
  mfaPendingAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
