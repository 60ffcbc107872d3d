import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ClientLink, Public } from '../../accounts/access.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { originOf } from '../../common/http/origin';
import { t } from '../../i18n/catalog';
import { agreementView } from '../agreement-view';
import { translatedErrors } from '../agreement-words';
import { InOfficeSigningService } from '../in-office-signing.service';
import { consentStatement } from '../signing';
import { pageLanguage, signingFieldNames } from './client-agreements.pages.controller';

/** The signing screen on an office device: this one agreement, nothing else of the practice. */
@ApiExcludeController()
@Controller('sign')
export class SigningScreenController {
  constructor(private readonly inOffice: InOfficeSigningService) {}

  @Public()
  @Get(':token')
  async show(@Param('token') token: string, @Req() req: Request, @Res() res: Response) {
    // The device is handed to the client: never with a staff session open behind the screen.
    if (req.auth) return this.loggedIn(res);
    return this.render(req, res, token);
  }

  @ClientLink()
  @Post(':token')
  @HttpCode(200)
  async sign(@Param('token') token: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    if (req.auth) return this.loggedIn(res);
    const { language } = pageLanguage(res);
    try {
      // The statement as shown on the screen, in the client's language: kept with the signature.
      await this.inOffice.signOnScreen(token, { ...body, consentText: consentStatement(language) }, originOf(req));
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') throw error;
      return this.render(req, res.status(400), token, {
        values: body,
        ...translatedErrors(language, error.fields, signingFieldNames(language)),
      });
    }
    res.render('agreements/screen-done', { title: t(language, 'agreements.screen.done_title') });
  }

  private loggedIn(res: Response) {
    // Whoever is logged in reads this in the client's language too: it is the client's screen.
    const { language } = pageLanguage(res);
    return res.status(409).render('agreements/screen-done', { title: t(language, 'agreements.screen.logged_in_title'), loggedIn: true });
  }

  private async render(req: Request, res: Response, token: string, extra: Record<string, unknown> = {}) {
    const opened = await this.inOffice.screen(token, originOf(req));
    const { language, locale } = pageLanguage(res);
    if (!opened || opened.agreement.status !== 'proposed') {
      return res.status(410).render('agreements/screen-done', { title: t(language, 'agreements.screen.closed_title'), closed: true });
    }
    res.render('agreements/screen', {
      title: t(language, 'agreements.screen.title'),
      action: `/sign/${token}`,
      view: agreementView(opened.agreement.content, locale, language),
      consentText: consentStatement(language),
      ...extra,
    });
  }
}
