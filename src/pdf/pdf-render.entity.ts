import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A PDF a web process asked a worker to print (PDF_RENDERING=worker): the page and print options
 * going one way, the PDF coming back, both encrypted (they can hold a client's words). The asking
 * process deletes the row when it has the PDF; `pdf.cleanup` removes what nobody collected.
 */
@Entity('pdf_renders')
@Index('idx_pdf_renders_created', ['createdAt'])
export class PdfRender {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_pdf_renders' })
  id: string;

  @Column({ type: 'text' })
  request: string;

  @Column({ type: 'text', nullable: true })
  result: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  error: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'done_at', nullable: true })
  doneAt: Date | null;
}
