import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OfferingVersion } from '../entities/offering-version.entity';

@Injectable()
export class OfferingVersionsRepository {
  async insert(tx: EntityManager, version: Omit<OfferingVersion, 'id' | 'offering'>): Promise<OfferingVersion> {
    const repo = tx.getRepository(OfferingVersion);
    return repo.save(repo.create(version));
  }

  listForOffering(tx: EntityManager, practiceId: string, offeringId: string): Promise<OfferingVersion[]> {
    return tx.getRepository(OfferingVersion).find({ where: { practiceId, offeringId }, order: { version: 'ASC' } });
  }

  findById(tx: EntityManager, practiceId: string, id: string): Promise<OfferingVersion | null> {
    return tx.getRepository(OfferingVersion).findOne({ where: { practiceId, id } });
  }

  find(tx: EntityManager, practiceId: string, offeringId: string, version: number): Promise<OfferingVersion | null> {
    return tx.getRepository(OfferingVersion).findOne({ where: { practiceId, offeringId, version } });
  }

  /** The newest version of every offering the practice has published and not withdrawn. */
  listPublic(tx: EntityManager, practiceId: string): Promise<OfferingVersion[]> {
    return tx
      .getRepository(OfferingVersion)
      .createQueryBuilder('v')
      .innerJoinAndSelect('v.offering', 'o', 'o.latest_version = v.version AND o.withdrawn_at IS NULL')
      .where('v.practice_id = :practiceId', { practiceId })
      .orderBy('o.created_at', 'ASC')
      .getMany();
  }

  findPublic(tx: EntityManager, practiceId: string, slug: string): Promise<OfferingVersion | null> {
    return tx
      .getRepository(OfferingVersion)
      .createQueryBuilder('v')
      .innerJoinAndSelect('v.offering', 'o', 'o.latest_version = v.version AND o.withdrawn_at IS NULL AND o.slug = :slug', { slug })
      .where('v.practice_id = :practiceId', { practiceId })
      .getOne();
  }
}
