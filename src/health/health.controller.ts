import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { Public } from '../accounts/access.decorators';
import { PdfService } from '../pdf/pdf.service';
import { Lifecycle } from './lifecycle';

/** Readiness of this process, the database and the headless browser that prints documents. No data, no secrets. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly dataSource: DataSource,
    private readonly pdf: PdfService,
    private readonly lifecycle: Lifecycle,
  ) {}

  @Public()
  @Get()
  @HealthCheck()
  async check(@Res({ passthrough: true }) res: Response) {
    try {
      return await this.health.check([() => this.serving(), () => this.database(), () => this.chromium()]);
    } catch (error) {
      // Terminus reports "down" as an exception; answer 503 with its report rather than an error page.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      res.status(503);
      return error.getResponse();
    }
  }

  private serving() {
    const session = this.indicator.check('server');
    return this.lifecycle.stopping ? session.down({ message: 'Stopping: finishing the requests in flight.' }) : session.up();
  }

  private async database() {
    const session = this.indicator.check('database');
    try {
      await this.dataSource.query('SELECT 1');
      return session.up({ mode: this.dataSource.options.extra?.max === 1 ? 'embedded' : 'postgresql' });
    } catch {
      // The driver's message can name hosts and users; /health is public.
      return session.down({ message: 'The database does not answer.' });
    }
  }

  private async chromium() {
    const session = this.indicator.check('browser');
    const status = await this.pdf.health();
    return status.ready ? session.up({ detail: status.detail }) : session.down({ message: status.detail });
  }
}
