import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const PRINTABLE_KINDS = ['agreement', 'intake_summary'] as const;
export type PrintableKind = (typeof PRINTABLE_KINDS)[number];

/** One document printed from the queue: which, by whom and when. Never changed. */
@Entity('printed_items')
@Index('idx_printed_items_record', ['practiceId', 'kind', 'recordId', 'printedAt'])
export class PrintedItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'practice_id' })
  practiceId: string;

  @Column({ type: 'varchar', length: 20 })
  kind: PrintableKind;

  @Column({ type: 'uuid', name: 'record_id' })
  recordId: string;

  /** SHA-256 of the PDF that was printed. */
  @Column({ type: 'char', length: 64, name: 'document_sha256' })
  documentSha256: string;

  @Column({ type: 'uuid', name: 'printed_by_id' })
  printedById: string;

  @Column({ type: 'varchar', length: 120, name: 'printed_by_name' })
  printedByName: string;

  @Column({ type: 'timestamptz', name: 'printed_at' })
  printedAt: Date;
}
