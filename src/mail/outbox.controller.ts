import { Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Can, FormView } from '../accounts/access.decorators';
import { IdPipe } from '../common/http/id.pipe';
import { FormContexts } from '../common/views/form-contexts';
import { MAIL_STATUS_LABELS, MAIL_STATUSES, MailStatus } from './mail-kinds';
import { OutboxService } from './outbox.service';

const statusOf = (v: unknown): MailStatus | undefined =>
  (MAIL_STATUSES as readonly string[]).includes(String(v)) ? (v as MailStatus) : undefined;

/** The Outbox page: the practice's e-mail and its delivery state, with "Retry now" for what failed or was held. */
@ApiExcludeController()
@Controller('outbox')
export class OutboxController {
  constructor(
    private readonly outbox: OutboxService,
    formContexts: FormContexts,
  ) {
    formContexts.register('outbox/index', (req) => this.model(req, statusOf(req.query.status)));
  }

  @Get()
  @Can('clients.manage_paperwork')
  @Render('outbox/index')
  index(@Req() req: Request, @Query('status') status?: string) {
    return this.model(req, statusOf(status));
  }

  @Post(':id/retry')
  @Can('clients.manage_paperwork')
  @FormView('outbox/index')
  async retry(@Param('id', IdPipe) id: string, @Req() req: Request, @Res() res: Response) {
    const outcome = await this.outbox.retry(req.auth!, id);
    res.redirect(303, `/outbox?retried=${outcome}`);
  }

  private async model(req: Request, status?: MailStatus) {
    const { configured, counts, messages } = await this.outbox.list(req.auth!, status);
    return {
      title: 'Outbox',
      configured,
      messages,
      status: status ?? '',
      retried: typeof req.query.retried === 'string' ? req.query.retried : '',
      filters: MAIL_STATUSES.map((s) => ({ value: s, label: MAIL_STATUS_LABELS[s], count: counts[s], selected: s === status })),
    };
  }
}
