import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { OfferingDraft } from '../offering-content';
import { Offering } from '../entities/offering.entity';

@Injectable()
export class OfferingsRepository {
  create(tx: EntityManager, offering: Pick<Offering, 'practiceId' | 'slug' | 'draft' | 'draftUpdatedById'>): Promise<Offering> {
    const repo = tx.getRepository(Offering);
    return repo.save(
      repo.create({ ...offering, draftUpdatedAt: new Date(), draftRevision: 0, hasUnpublishedChanges: true, latestVersion: 0 }),
    );
  }

  findInPractice(tx: EntityManager, practiceId: string, id: string): Promise<Offering | null> {
    return tx.getRepository(Offering).findOne({ where: { practiceId, id } });
  }

  /** Locks the row for a publication, so two cannot both become version N. */
  findInPracticeForUpdate(tx: EntityManager, practiceId: string, id: string): Promise<Offering | null> {
    return tx
      .getRepository(Offering)
      .createQueryBuilder('o')
      .setLock('pessimistic_write')
      .where('o.practice_id = :practiceId AND o.id = :id', { practiceId, id })
      .getOne();
  }

  listForPractice(tx: EntityManager, practiceId: string): Promise<Offering[]> {
    return tx.getRepository(Offering).find({ where: { practiceId }, order: { createdAt: 'ASC' } });
  }

  slugTaken(tx: EntityManager, practiceId: string, slug: string): Promise<boolean> {
    return tx.getRepository(Offering).exists({ where: { practiceId, slug } });
  }

  async slugsLike(tx: EntityManager, practiceId: string, base: string): Promise<string[]> {
    const rows = await tx
      .getRepository(Offering)
      .createQueryBuilder('o')
      .select('o.slug', 'slug')
      .where('o.practice_id = :practiceId AND (o.slug = :base OR o.slug LIKE :prefix)', { practiceId, base, prefix: `${base}-%` })
      .getRawMany<{ slug: string }>();
    return rows.map((r) => r.slug);
  }

  /** Saves only if nobody saved since `revision` was read; returns whether it did. */
  async saveDraft(
    tx: EntityManager,
    practiceId: string,
    id: string,
    change: { draft: OfferingDraft; revision: number; userId: string; hasUnpublishedChanges: boolean },
  ): Promise<boolean> {
    const result = await tx
      .getRepository(Offering)
      .createQueryBuilder()
      .update()
      .set({
        draft: change.draft,
        draftRevision: () => 'draft_revision + 1',
        draftUpdatedAt: new Date(),
        draftUpdatedById: change.userId,
        hasUnpublishedChanges: change.hasUnpublishedChanges,
      })
      .where('practice_id = :practiceId AND id = :id AND draft_revision = :revision', { practiceId, id, revision: change.revision })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  async markPublished(tx: EntityManager, practiceId: string, id: string, version: number): Promise<void> {
    await tx.getRepository(Offering).update({ practiceId, id }, { latestVersion: version, hasUnpublishedChanges: false });
  }

  async setWithdrawn(tx: EntityManager, practiceId: string, id: string, withdrawn: boolean): Promise<void> {
    await tx.getRepository(Offering).update({ practiceId, id }, { withdrawnAt: withdrawn ? new Date() : null });
  }
}
