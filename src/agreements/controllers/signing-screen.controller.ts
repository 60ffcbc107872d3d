import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ClientLink, Public } from '../../accounts/access.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { originOf } from '../../common/http/origin';
import { agreementView } from '../agreement-view';
import { InOfficeSigningService } from '../in-office-signing.service';
import { CONSENT_TEXT } from '../signing';

/** The signing screen on an office device: this one agreement, nothing else of the practice. */
@ApiExcludeController()
@Controller('sign')
export class SigningScreenController {
  constructor(private readonly inOffice: InOfficeSigningService) {}

  @Public()
  @Get(':token')
  async show(@Param('token') token: string, @Req() req: Request, @Res() res: Response) {
    // The device is handed to the client: never with a staff session open behind the screen.
    if (req.auth) return res.status(409).render('agreements/screen-done', { title: 'Log out first', loggedIn: true });
    return this.render(req, res, token);
  }

  @ClientLink()
  @Post(':token')
  @HttpCode(200)
  async sign(@Param('token') token: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    if (req.auth) return res.status(409).render('agreements/screen-done', { title: 'Log out first', loggedIn: true });
    try {
      await this.inOffice.signOnScreen(token, body, originOf(req));
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') throw error;
      return this.render(req, res.status(400), token, { values: body, errors: error.fields });
    }
    res.render('agreements/screen-done', { title: 'Thank you' });
  }

  private async render(req: Request, res: Response, token: string, extra: Record<string, unknown> = {}) {
    const opened = await this.inOffice.screen(token, originOf(req));
    if (!opened || opened.agreement.status !== 'proposed') {
      return res.status(410).render('agreements/screen-done', { title: 'This screen is closed', closed: true });
    }
    res.render('agreements/screen', {
      title: 'Sign your care agreement',
      action: `/sign/${token}`,
      view: agreementView(opened.agreement.content),
      consentText: CONSENT_TEXT,
      ...extra,
    });
  }
}
