import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Limit, RateLimiter } from './rate-limiter.service';

/**
 * Failed log-ins, limited per account and per IP. Each attempt is counted as a failure before the
 * password is checked and given back when it was right. An unknown e-mail is limited exactly like
 * a known one, so the limit reveals nothing about which accounts exist.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly limiter: RateLimiter,
  ) {}

  private limits(email: string, ip: string): Limit[] {
    const { perAccount, perIp, lockMinutes } = this.config.loginLimits;
    return [
      { scope: 'login:account', key: email, max: perAccount, windowMinutes: lockMinutes, who: 'this account' },
      { scope: 'login:ip', key: ip, max: perIp, windowMinutes: lockMinutes, who: 'your network address' },
    ];
  }

  /** Counts the attempt as failed until `succeeded` says otherwise; refuses when a limit is reached. */
  begin(tx: EntityManager, email: string, ip: string): Promise<string[]> {
    return this.limiter.take(tx, this.limits(email, ip));
  }

  async succeeded(tx: EntityManager, email: string, attempt: string[]): Promise<void> {
    await this.limiter.giveBack(tx, attempt);
    await this.limiter.clear(tx, 'login:account', email);
    await this.limiter.prune(tx);
  }
}
