import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The scan of an agreement signed in ink, attached when the paper signature is recorded. Never changed. */
@Entity('agreement_scans')
@Index('idx_agreement_scans', ['agreementId', 'createdAt'])
export class AgreementScan {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'practice_id' })
  practiceId: string;

  @Column({ type: 'uuid', name: 'agreement_id' })
  agreementId: string;

  @Column({ type: 'varchar', length: 40, name: 'content_type' })
  contentType: string;

  @Column({ type: 'bytea' })
  bytes: Buffer;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'uuid', name: 'uploaded_by_id' })
  uploadedById: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
