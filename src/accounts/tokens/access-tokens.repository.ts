import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { AccessToken, type AccessTokenRevokeReason } from '../entities/access-token.entity';

export type NewAccessTokenRow = Pick<AccessToken, 'practiceId' | 'userId' | 'name' | 'role' | 'tokenHash' | 'prefix' | 'expiresAt'>;

/** Personal access tokens, always scoped by practice (and by person where it says so). */
@Injectable()
export class AccessTokensRepository {
  async create(tx: EntityManager, row: NewAccessTokenRow): Promise<AccessToken> {
    const repo = tx.getRepository(AccessToken);
    return repo.save(repo.create({ ...row, lastUsedAt: null, revokedAt: null, revokedById: null, revokedReason: null }));
  }

  /** A presented token with its owner and practice: the one lookup that crosses practices, by a 256-bit secret's hash. */
  findByHashWithOwner(tx: EntityManager, tokenHash: string): Promise<AccessToken | null> {
    return tx.getRepository(AccessToken).findOne({ where: { tokenHash }, relations: { user: { practice: true } } });
  }

  findInPractice(tx: EntityManager, practiceId: string, id: string): Promise<AccessToken | null> {
    return tx.getRepository(AccessToken).findOne({ where: { practiceId, id } });
  }

  /** One person's tokens, newest first. */
  listForUser(tx: EntityManager, practiceId: string, userId: string): Promise<AccessToken[]> {
    return tx.getRepository(AccessToken).find({ where: { practiceId, userId }, order: { createdAt: 'DESC' } });
  }

  /** Every token of the practice with its owner's name, newest first (for the owner). */
  listForPractice(tx: EntityManager, practiceId: string): Promise<AccessToken[]> {
    return tx.getRepository(AccessToken).find({ where: { practiceId }, relations: { user: true }, order: { createdAt: 'DESC' } });
  }

  /** Revokes it unless it already was; true when this call revoked it. */
  async revoke(tx: EntityManager, practiceId: string, id: string, by: string, reason: AccessTokenRevokeReason, at: Date): Promise<boolean> {
    const result = await tx
      .getRepository(AccessToken)
      .update({ practiceId, id, revokedAt: IsNull() }, { revokedAt: at, revokedById: by, revokedReason: reason });
    return result.affected === 1;
  }

  /** Revokes every live token of one person; returns the ids it revoked. */
  async revokeAllForUser(
    tx: EntityManager,
    practiceId: string,
    userId: string,
    by: string,
    reason: AccessTokenRevokeReason,
    at: Date,
  ): Promise<string[]> {
    const result = await tx
      .createQueryBuilder()
      .update(AccessToken)
      .set({ revokedAt: at, revokedById: by, revokedReason: reason })
      .where('practice_id = :practiceId AND user_id = :userId AND revoked_at IS NULL', { practiceId, userId })
      .returning(['id'])
      .execute();
    return (result.raw as Array<{ id: string }>).map((r) => r.id);
  }

  /** Marks the first use, once (true only for the request that did it, even when two arrive together). */
  async markFirstUse(tx: EntityManager, id: string, at: Date): Promise<boolean> {
    const result = await tx.getRepository(AccessToken).update({ id, lastUsedAt: IsNull() }, { lastUsedAt: at });
    return result.affected === 1;
  }

  /** Sets last_used_at to `at` unless it was already set since `before` (by this or a concurrent request). */
  async touch(tx: EntityManager, id: string, before: Date, at: Date): Promise<void> {
    await tx
      .createQueryBuilder()
      .update(AccessToken)
      .set({ lastUsedAt: at })
      .where('id = :id AND last_used_at < :before', { id, before })
      .execute();
  }
}
