import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A signed agreement's PDF as it was issued, with its own SHA-256: what /verify matches uploads against. */
@Entity('agreement_documents')
@Index('uq_agreement_documents_sha', ['sha256'], { unique: true })
// One signed copy per agreement: every later download gives exactly these bytes.
@Index('uq_agreement_documents_agreement', ['agreementId'], { unique: true })
export class AgreementDocument {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'practice_id' })
  practiceId: string;

  @Column({ type: 'uuid', name: 'agreement_id' })
  agreementId: string;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'bytea' })
  bytes: Buffer;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
