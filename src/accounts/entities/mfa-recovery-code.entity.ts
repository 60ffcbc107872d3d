import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Practice } from './practice.entity';
import { StaffUser } from './staff-user.entity';

/**
 * One of a person's ten one-time recovery codes. Only the SHA-256 of the code is kept (each code
 * carries 80 random bits, so the hash cannot be reversed by trying codes); `used_at` marks it spent.
 */
@Entity('mfa_recovery_codes')
@Index('uq_mfa_recovery_codes_user_hash', ['userId', 'codeHash'], { unique: true })
export class MfaRecoveryCode {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'practice_id' })
  practiceId: string;

  @ManyToOne(() => Practice, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practice_id', foreignKeyConstraintName: 'FK_mfa_recovery_codes_practice' })
  practice?: Relation<Practice>;

  @Column({ type: 'uuid', name: 'user_id' })
  userId: string;

  @ManyToOne(() => StaffUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_mfa_recovery_codes_user' })
  user?: Relation<StaffUser>;

  @Column({ type: 'char', length: 64, name: 'code_hash' })
  codeHash: string;

  @Column({ type: 'timestamptz', name: 'used_at', nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
