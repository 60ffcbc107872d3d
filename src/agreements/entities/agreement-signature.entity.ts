import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Agreement } from './agreement.entity';

export const SIGNATURE_METHODS = ['remote', 'in_person', 'paper'] as const;
export type SignatureMethod = (typeof SIGNATURE_METHODS)[number];

/**
 * One party's signature on one proposal (its content hash): the name they typed, the consent
 * they ticked, when and from where. A paper signature records who witnessed it. Never changed.
 */
@Entity('agreement_signatures')
@Index('uq_agreement_signatures_role', ['agreementId', 'role'], { unique: true })
export class AgreementSignature {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'practice_id' })
  practiceId: string;

  @Column({ type: 'uuid', name: 'agreement_id' })
  agreementId: string;

  @ManyToOne(() => Agreement, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agreement_id' })
  agreement?: Relation<Agreement>;

  @Column({ type: 'varchar', length: 12 })
  role: 'client' | 'practitioner';

  @Column({ type: 'varchar', length: 10 })
  method: SignatureMethod;

  @Column({ type: 'varchar', length: 120, name: 'typed_name' })
  typedName: string;

  @Column({ type: 'text', name: 'consent_text' })
  consentText: string;

  @Column({ type: 'char', length: 64, name: 'content_hash' })
  contentHash: string;

  @Column({ type: 'timestamptz', name: 'signed_at' })
  signedAt: Date;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'varchar', length: 300, name: 'user_agent', nullable: true })
  userAgent: string | null;

  /** The staff member who countersigned, opened the in-person screen, or recorded the paper copy. */
  @Column({ type: 'uuid', name: 'staff_id', nullable: true })
  staffId: string | null;

  @Column({ type: 'varchar', length: 120, name: 'witness_name', nullable: true })
  witnessName: string | null;
}
