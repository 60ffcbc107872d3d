import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { JsonLogger } from '../common/logger';
import { ClientErasureService } from './client-erasure.service';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Once a day, removes the agreements kept after an erasure whose retention has run out. Looks
 * a minute after start and then every hour (so a server restarted often still runs it) and skips a day already done.
 */
@Injectable()
export class RetentionSchedule implements OnApplicationBootstrap, OnModuleDestroy {
  private first?: NodeJS.Timeout;
  private timer?: NodeJS.Timeout;
  private lastDay = '';
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly erasure: ClientErasureService,
    private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap() {
    this.first = setTimeout(() => void this.tick(), 60_000);
    this.first.unref();
    this.timer = setInterval(() => void this.tick(), HOUR_MS);
    this.timer.unref();
  }

  async onModuleDestroy() {
    clearTimeout(this.first);
    clearInterval(this.timer);
    await this.running.catch(() => undefined);
  }

  private tick() {
    const today = new Date().toISOString().slice(0, 10);
    if (today === this.lastDay) return;
    this.running = this.erasure
      .purgeDue(today)
      .then((purged) => {
        this.lastDay = today;
        if (purged) this.logger.event('info', 'kept agreements removed at the end of retention', { clients: purged });
      })
      .catch((error: unknown) => this.logger.event('error', 'retention purge failed', { error: String(error) }));
    return this.running;
  }
}
