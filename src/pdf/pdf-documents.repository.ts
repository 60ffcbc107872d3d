import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PdfDocument } from './pdf-document.entity';

@Injectable()
export class PdfDocumentsRepository {
  find(tx: EntityManager, practiceId: string, hash: string): Promise<PdfDocument | null> {
    return tx.getRepository(PdfDocument).findOne({ where: { practiceId, hash } });
  }

  /** Two renders of one document at once store it once. */
  async store(tx: EntityManager, doc: Pick<PdfDocument, 'hash' | 'practiceId' | 'document' | 'bytes'>): Promise<void> {
    await tx.createQueryBuilder().insert().into(PdfDocument).values(doc).orIgnore().execute();
  }
}
