import { Injectable } from '@nestjs/common';
import { EntityManager, LessThan, MoreThan } from 'typeorm';
import { LoginFailure, LoginFailureScope } from '../entities/login-failure.entity';

@Injectable()
export class LoginFailuresRepository {
  /** Times of the most recent failures since `since`, newest first, at most `limit` of them. */
  async recent(tx: EntityManager, scope: LoginFailureScope, key: string, since: Date, limit: number): Promise<Date[]> {
    const rows = await tx.getRepository(LoginFailure).find({
      select: { failedAt: true },
      where: { scope, key, failedAt: MoreThan(since) },
      order: { failedAt: 'DESC' },
      take: limit,
    });
    return rows.map((r) => r.failedAt);
  }

  async record(tx: EntityManager, entries: Array<{ scope: LoginFailureScope; key: string }>, at: Date): Promise<void> {
    await tx.getRepository(LoginFailure).insert(entries.map((e) => ({ ...e, failedAt: at })));
  }

  async clear(tx: EntityManager, scope: LoginFailureScope, key: string): Promise<void> {
    await tx.getRepository(LoginFailure).delete({ scope, key });
  }

  async prune(tx: EntityManager, before: Date): Promise<void> {
    await tx.getRepository(LoginFailure).delete({ failedAt: LessThan(before) });
  }
}
