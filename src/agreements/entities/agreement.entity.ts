import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { Practice } from '../../accounts/entities/practice.entity';
import { StaffUser } from '../../accounts/entities/staff-user.entity';
import { Client } from '../../clients/client.entity';
import { Intake } from '../../intake/entities/intake.entity';
import { OfferingVersion } from '../../offerings/entities/offering-version.entity';
import type { AgreementContent } from '../agreement-content';
import { AGREEMENT_STATUSES, type AgreementStatus } from '../agreement-status';

/**
 * A care agreement: its content (a snapshot, editable only while a draft or sent back), where it
 * stands, and the hash of what was last proposed. Once the client has signed, a database trigger
 * refuses any change to the content or its hash.
 */
@Entity('agreements')
@Index('idx_agreements_practice_status', ['practiceId', 'status', 'updatedAt'])
@Index('uq_agreements_code', ['verificationCode'], { unique: true, where: '"verification_code" IS NOT NULL' })
export class Agreement {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'practice_id' })
  practiceId: string;

  @ManyToOne(() => Practice, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practice_id' })
  practice?: Relation<Practice>;

  @Column({ type: 'uuid', name: 'intake_id' })
  intakeId: string;

  @ManyToOne(() => Intake, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'intake_id' })
  intake?: Relation<Intake>;

  @Column({ type: 'uuid', name: 'client_id' })
  clientId: string;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'client_id' })
  client?: Relation<Client>;

  @Column({ type: 'uuid', name: 'offering_version_id' })
  offeringVersionId: string;

  @ManyToOne(() => OfferingVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'offering_version_id' })
  offeringVersion?: Relation<OfferingVersion>;

  @Column({ type: 'uuid', name: 'practitioner_id' })
  practitionerId: string;

  @ManyToOne(() => StaffUser, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'practitioner_id' })
  practitioner?: Relation<StaffUser>;

  /** The agreement this one amends (and supersedes once it is countersigned). */
  @Column({ type: 'uuid', name: 'amends_id', nullable: true })
  amendsId: string | null;

  @ManyToOne(() => Agreement, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'amends_id' })
  amends?: Relation<Agreement>;

  @Column({ type: 'enum', enum: AGREEMENT_STATUSES, enumName: 'agreement_status', default: 'draft' })
  status: AgreementStatus;

  @Column({ type: 'jsonb' })
  content: AgreementContent;

  /** Bumped at every save of the draft, so two editors never overwrite each other. */
  @Column({ type: 'integer', default: 0 })
  revision: number;

  /** SHA-256 of the canonical content, set at each proposal. */
  @Column({ type: 'char', length: 64, name: 'content_hash', nullable: true })
  contentHash: string | null;

  /** The short code printed for /verify, derived from the hash. */
  @Column({ type: 'varchar', length: 19, name: 'verification_code', nullable: true })
  verificationCode: string | null;

  /** How many times it has been proposed: the client signs proposal N. */
  @Column({ type: 'integer', name: 'proposal_number', default: 0 })
  proposalNumber: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
