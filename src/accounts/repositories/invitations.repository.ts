import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { Invitation } from '../entities/invitation.entity';

@Injectable()
export class InvitationsRepository {
  create(tx: EntityManager, invitation: Omit<Invitation, 'id' | 'createdAt' | 'acceptedAt' | 'revokedAt'>): Promise<Invitation> {
    const repo = tx.getRepository(Invitation);
    return repo.save(repo.create({ ...invitation, acceptedAt: null, revokedAt: null }));
  }

  /** Locks the row: two people opening the same link at once cannot both join. */
  findByTokenHashForUpdate(tx: EntityManager, tokenHash: string): Promise<Invitation | null> {
    return tx
      .getRepository(Invitation)
      .createQueryBuilder('i')
      .setLock('pessimistic_write')
      .where('i.token_hash = :tokenHash', { tokenHash })
      .getOne();
  }

  findByTokenHash(tx: EntityManager, tokenHash: string): Promise<Invitation | null> {
    return tx.getRepository(Invitation).findOne({ where: { tokenHash }, relations: { practice: true } });
  }

  tokenHashExists(tx: EntityManager, tokenHash: string): Promise<boolean> {
    return tx.getRepository(Invitation).exists({ where: { tokenHash } });
  }

  findInPracticeForUpdate(tx: EntityManager, practiceId: string, id: string): Promise<Invitation | null> {
    return tx
      .getRepository(Invitation)
      .createQueryBuilder('i')
      .setLock('pessimistic_write')
      .where('i.practice_id = :practiceId AND i.id = :id', { practiceId, id })
      .getOne();
  }

  /** Open invitations: neither accepted nor revoked (expired ones included, so the owner sees them). */
  listOpen(tx: EntityManager, practiceId: string): Promise<Invitation[]> {
    return tx
      .getRepository(Invitation)
      .find({ where: { practiceId, acceptedAt: IsNull(), revokedAt: IsNull() }, order: { createdAt: 'DESC' } });
  }

  async revokeOpenFor(tx: EntityManager, practiceId: string, email: string): Promise<void> {
    await tx.getRepository(Invitation).update({ practiceId, email, acceptedAt: IsNull(), revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async markRevoked(tx: EntityManager, practiceId: string, id: string): Promise<void> {
    await tx.getRepository(Invitation).update({ practiceId, id }, { revokedAt: new Date() });
  }

  async markAccepted(tx: EntityManager, id: string): Promise<void> {
    await tx.getRepository(Invitation).update({ id }, { acceptedAt: new Date() });
  }
}
