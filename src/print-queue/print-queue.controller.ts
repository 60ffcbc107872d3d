import { Body, Controller, Get, HttpCode, Inject, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Can, FormView } from '../accounts/access.decorators';
import { baseUrl, originOf } from '../common/http/origin';
import { FormContexts } from '../common/views/form-contexts';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PRINTABLE_KINDS, PrintableKind } from './printed-item.entity';
import { PrintQueueService } from './print-queue.service';

const kindOf = (v: unknown): PrintableKind | undefined =>
  (PRINTABLE_KINDS as readonly string[]).includes(String(v)) ? (v as PrintableKind) : undefined;

@ApiExcludeController()
@Controller('print-queue')
export class PrintQueueController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly printQueue: PrintQueueService,
    formContexts: FormContexts,
  ) {
    formContexts.register('print-queue/index', (req) => this.model(req, kindOf(req.query.kind)));
  }

  @Get()
  @Can('print.manage')
  @Render('print-queue/index')
  index(@Req() req: Request, @Query('kind') kind?: string) {
    return this.model(req, kindOf(kind));
  }

  /** The ticked documents as one PDF to print; they leave the queue once it is made. */
  @Post('print')
  @HttpCode(200)
  @Can('print.manage')
  @FormView('print-queue/index')
  async print(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const { bytes, filename } = await this.printQueue.print(req.auth!, body.items, baseUrl(req, this.config.publicUrl), originOf(req));
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    res.setHeader('Content-Length', String(bytes.length));
    res.end(bytes);
  }

  private async model(req: Request, kind?: PrintableKind) {
    const items = await this.printQueue.list(req.auth!, kind);
    return { title: 'Print queue', items, kind: kind ?? '' };
  }
}
