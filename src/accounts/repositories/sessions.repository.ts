import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Session } from '../entities/session.entity';

@Injectable()
export class SessionsRepository {
  create(tx: EntityManager, session: Omit<Session, 'id'>): Promise<Session> {
    const repo = tx.getRepository(Session);
    return repo.save(repo.create(session));
  }

  findByTokenHash(tx: EntityManager, tokenHash: string): Promise<Session | null> {
    return tx.getRepository(Session).findOne({ where: { tokenHash }, relations: { user: { practice: true } } });
  }

  async touch(tx: EntityManager, id: string, at: Date): Promise<void> {
    await tx.getRepository(Session).update({ id }, { lastSeenAt: at });
  }

  async update(tx: EntityManager, id: string, changes: Partial<Pick<Session, 'tokenHash' | 'mfaVerifiedAt' | 'reauthenticatedAt'>>) {
    await tx.getRepository(Session).update({ id }, changes);
  }

  async deleteById(tx: EntityManager, id: string): Promise<void> {
    await tx.getRepository(Session).delete({ id });
  }

  async deleteByTokenHash(tx: EntityManager, tokenHash: string): Promise<void> {
    await tx.getRepository(Session).delete({ tokenHash });
  }

  async deleteForUser(tx: EntityManager, practiceId: string, userId: string): Promise<void> {
    await tx.getRepository(Session).delete({ practiceId, userId });
  }

  /** Sessions past their absolute end or idle since `idleSince`: nobody can use them any more. */
  async deleteStale(tx: EntityManager, now: Date, idleSince: Date): Promise<void> {
    await tx
      .getRepository(Session)
      .createQueryBuilder()
      .delete()
      .where('expires_at < :now OR last_seen_at < :idleSince', { now, idleSince })
      .execute();
  }
}
