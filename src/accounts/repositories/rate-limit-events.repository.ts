import { Injectable } from '@nestjs/common';
import { EntityManager, LessThan, MoreThan } from 'typeorm';
import { lockName } from '../../database/transaction';
import { RateLimitEvent } from '../entities/rate-limit-event.entity';

@Injectable()
export class RateLimitEventsRepository {
  /** Serialises every counter of (scope, key) until the transaction ends, so concurrent requests count one at a time. */
  lock(tx: EntityManager, scope: string, key: string): Promise<void> {
    return lockName(tx, `rate-limit:${scope}:${key}`);
  }

  /** Times of the most recent events since `since`, newest first, at most `limit` of them. */
  async recent(tx: EntityManager, scope: string, key: string, since: Date, limit: number): Promise<Date[]> {
    const rows = await tx.getRepository(RateLimitEvent).find({
      select: { at: true },
      where: { scope, key, at: MoreThan(since) },
      order: { at: 'DESC' },
      take: limit,
    });
    return rows.map((r) => r.at);
  }

  async record(tx: EntityManager, scope: string, key: string, at: Date): Promise<string> {
    const result = await tx.getRepository(RateLimitEvent).insert({ scope, key, at });
    return String(result.identifiers[0].id);
  }

  async deleteIds(tx: EntityManager, ids: string[]): Promise<void> {
    if (ids.length > 0) await tx.getRepository(RateLimitEvent).delete(ids);
  }

  async clear(tx: EntityManager, scope: string, key: string): Promise<void> {
    await tx.getRepository(RateLimitEvent).delete({ scope, key });
  }

  async prune(tx: EntityManager, before: Date): Promise<void> {
    await tx.getRepository(RateLimitEvent).delete({ at: LessThan(before) });
  }
}
