import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Practice } from '../accounts/entities/practice.entity';

/**
 * A printed document that cannot change (a published offering, later a submitted intake or a
 * signed agreement), kept by the hash of its template version and data: asked for again, it is
 * served from here without touching Chromium.
 */
@Entity('pdf_documents')
@Index('idx_pdf_documents_practice', ['practiceId'])
export class PdfDocument {
  @PrimaryColumn({ type: 'char', length: 64 })
  hash: string;

  @Column({ type: 'uuid', name: 'practice_id' })
  practiceId: string;

  @ManyToOne(() => Practice, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practice_id' })
  practice?: Relation<Practice>;

  @Column({ type: 'varchar', length: 60 })
  document: string;

  @Column({ type: 'bytea' })
  bytes: Buffer;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
