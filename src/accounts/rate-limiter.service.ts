import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { RateLimitEventsRepository } from './repositories/rate-limit-events.repository';

export interface Limit {
  scope: string;
  key: string;
  max: number;
  windowMinutes: number;
  /** Who is limited, for the message: "this account", "your network address". */
  who: string;
  /** What is counted, for the message; "failed log-ins" for log-in scopes, "attempts" otherwise. */
  what?: string;
}

/**
 * Sliding-window limits kept in PostgreSQL. `take` counts an attempt *before* the work it guards
 * (checking a password, creating an account), under an advisory lock, so requests that arrive
 * together cannot all slip under the limit; `giveBack` undoes it when the attempt turns out fine.
 */
@Injectable()
export class RateLimiter {
  constructor(private readonly events: RateLimitEventsRepository) {}

  async take(tx: EntityManager, limits: Limit[], now = new Date()): Promise<string[]> {
    // Always in the same order, so two requests never wait on each other's locks.
    const ordered = [...limits].sort((a, b) => `${a.scope}:${a.key}`.localeCompare(`${b.scope}:${b.key}`));
    for (const limit of ordered) await this.events.lock(tx, limit.scope, limit.key);
    for (const limit of limits) await this.refuseIfExhausted(tx, limit, now);
    const ids: string[] = [];
    for (const limit of limits) ids.push(await this.events.record(tx, limit.scope, limit.key, now));
    return ids;
  }

  async giveBack(tx: EntityManager, ids: string[]): Promise<void> {
    await this.events.deleteIds(tx, ids);
  }

  async clear(tx: EntityManager, scope: string, key: string): Promise<void> {
    await this.events.clear(tx, scope, key);
  }

  async prune(tx: EntityManager, now = new Date()): Promise<void> {
    await this.events.prune(tx, new Date(now.getTime() - 24 * 3600_000));
  }

  private async refuseIfExhausted(tx: EntityManager, limit: Limit, now: Date) {
    const windowMs = limit.windowMinutes * 60_000;
    const times = await this.events.recent(tx, limit.scope, limit.key, new Date(now.getTime() - windowMs), limit.max);
    if (times.length < limit.max) return;
    // The limit lifts when the max-th most recent event leaves the window.
    const seconds = Math.max(1, Math.ceil((times[limit.max - 1].getTime() + windowMs - now.getTime()) / 1000));
    const minutes = Math.ceil(seconds / 60);
    throw new DomainError(
      'TOO_MANY_ATTEMPTS',
      `Too many ${limit.what ?? (limit.scope.startsWith('login') ? 'failed log-ins' : 'attempts')} from ${limit.who}. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      undefined,
      { 'Retry-After': String(seconds) },
    );
  }
}
