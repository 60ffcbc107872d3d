import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { LoginFailureScope } from './entities/login-failure.entity';
import { LoginFailuresRepository } from './repositories/login-failures.repository';

/**
 * Sliding-window limit on failed log-ins, per account and per IP. An unknown e-mail is throttled
 * exactly like a known one, so the limit reveals nothing about which accounts exist.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly failures: LoginFailuresRepository,
  ) {}

  async assertAllowed(tx: EntityManager, email: string, ip: string, now = new Date()): Promise<void> {
    const { perAccount, perIp } = this.config.loginLimits;
    await this.check(tx, 'account', email, perAccount, now, 'this account');
    await this.check(tx, 'ip', ip, perIp, now, 'your network address');
  }

  async recordFailure(tx: EntityManager, email: string, ip: string, now = new Date()): Promise<void> {
    await this.failures.record(tx, [{ scope: 'account', key: email }, { scope: 'ip', key: ip }], now);
    await this.failures.prune(tx, new Date(now.getTime() - 24 * 3600_000));
  }

  async recordSuccess(tx: EntityManager, email: string): Promise<void> {
    await this.failures.clear(tx, 'account', email);
  }

  private async check(tx: EntityManager, scope: LoginFailureScope, key: string, limit: number, now: Date, who: string) {
    const windowMs = this.config.loginLimits.lockMinutes * 60_000;
    const times = await this.failures.recent(tx, scope, key, new Date(now.getTime() - windowMs), limit);
    if (times.length < limit) return;
    // The lock lifts when the limit-th most recent failure leaves the window.
    const liftsAt = times[limit - 1].getTime() + windowMs;
    const seconds = Math.max(1, Math.ceil((liftsAt - now.getTime()) / 1000));
    const minutes = Math.ceil(seconds / 60);
    throw new DomainError(
      'TOO_MANY_ATTEMPTS',
      `Too many failed log-ins from ${who}. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      undefined,
      { 'Retry-After': String(seconds) },
    );
  }
}
