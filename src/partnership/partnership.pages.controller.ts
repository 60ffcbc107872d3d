import { Controller, Get, Param, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Can, Public } from '../accounts/access.decorators';
import { can } from '../accounts/permissions';
import { AGREEMENT_STATUS_LABELS, AgreementStatus } from '../agreements/agreement-status';
import { IdPipe } from '../common/http/id.pipe';
import { originOf } from '../common/http/origin';
import { t } from '../i18n/catalog';
import { DEFAULT_LANGUAGE, isLanguage } from '../i18n/languages';
import { linkPath } from '../intake/intake-links';
import { partnershipTimeline } from './partnership-timeline';
import { PartnershipService } from './partnership.service';

/** One client's partnership over months: for staff, and for the client through their link. */
@ApiExcludeController()
@Controller()
export class PartnershipPagesController {
  constructor(private readonly partnership: PartnershipService) {}

  @Get('clients/:id')
  @Can('agreements.view', 'client')
  @Render('partnership/show')
  async show(@Param('id', IdPipe) id: string, @Req() req: Request) {
    const { client, facts, erasure } = await this.partnership.forStaff(req.auth!, id, originOf(req));
    return {
      title: `Partnership · ${erasure ? 'Erased client' : (client.name ?? 'New client')}`,
      client,
      erasure,
      canErase: can(req.auth!.role, 'clients.erase'),
      // Exporting everything asks for a fresh confirmation: the link leads through /reauth when needed.
      canExport: can(req.auth!.role, 'intake.read_answers'),
      timeline: partnershipTimeline(facts),
      agreements: facts.agreements.map((a) => ({
        id: a.id,
        title: a.title,
        status: AGREEMENT_STATUS_LABELS[a.status as AgreementStatus],
        amendment: !!a.amendsId,
      })),
    };
  }

  @Public()
  @Get('i/:token/timeline')
  async client(@Param('token') token: string, @Req() req: Request, @Res() res: Response) {
    // The client's language and locale, from their link (ClientLanguageMiddleware).
    const language = isLanguage(res.locals.lang) ? res.locals.lang : DEFAULT_LANGUAGE;
    const facts = await this.partnership.forClient(token, originOf(req), language);
    const locale = typeof res.locals.locale === 'string' ? res.locals.locale : 'en-US';
    res.render('partnership/client', {
      title: t(language, 'partnership.client.title'),
      back: linkPath(token),
      timeline: partnershipTimeline(facts, { language, locale }),
    });
  }
}
