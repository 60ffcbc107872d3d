import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ClientLink, Public } from '../../accounts/access.decorators';
import { isFormRefusal } from '../../common/errors/domain-error';
import { IdPipe } from '../../common/http/id.pipe';
import { baseUrl, originOf } from '../../common/http/origin';
import { sendPdf } from '../../common/http/send-pdf';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { linkPath } from '../../intake/intake-links';
import { AgreementDocumentsService } from '../agreement-documents.service';
import { t } from '../../i18n/catalog';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../../i18n/languages';
import { agreementView } from '../agreement-view';
import { clientStatusLabel, translatedErrors } from '../agreement-words';
import { ClientAgreementsService } from '../client-agreements.service';
import { consentStatement } from '../signing';

/** The page's language and locale, as ClientLanguageMiddleware set them. */
export const pageLanguage = (res: Response): { language: Language; locale: string } => ({
  language: isLanguage(res.locals.lang) ? res.locals.lang : DEFAULT_LANGUAGE,
  locale: typeof res.locals.locale === 'string' ? res.locals.locale : 'en-US',
});

/** The names of the fields a client fills in here, for the summary of problems. */
export const signingFieldNames = (language: Language) => ({
  typedName: t(language, 'agreements.field.typedName'),
  consent: t(language, 'agreements.field.consent'),
  contentHash: t(language, 'agreements.field.contentHash'),
  text: t(language, 'agreements.field.text'),
});

/** The client reads a proposed agreement through their link, asks for changes, or signs it. */
@ApiExcludeController()
@Controller('i/:token/agreements')
export class ClientAgreementsPagesController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly agreements: ClientAgreementsService,
    private readonly documents: AgreementDocumentsService,
  ) {}

  @Public()
  @Get()
  async list(@Param('token') token: string, @Res() res: Response) {
    const rows = await this.agreements.list(token);
    const { language } = pageLanguage(res);
    res.render('agreements/client-list', {
      title: t(language, 'agreements.client_list.title'),
      back: linkPath(token),
      rows: rows.map((a) => ({
        href: `${linkPath(token)}/agreements/${a.id}`,
        offering: a.content.offering.title,
        statusLabel: clientStatusLabel(language, a.status),
      })),
    });
  }

  @Public()
  @Get(':id')
  async show(
    @Param('token') token: string,
    @Param('id', IdPipe) id: string,
    @Query('done') done: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    res.render('agreements/client-show', { ...(await this.model(req, res, token, id)), done });
  }

  @ClientLink()
  @Post(':id/changes')
  async changes(
    @Param('token') token: string,
    @Param('id', IdPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    try {
      await this.agreements.requestChanges(token, id, body.text, originOf(req));
    } catch (error) {
      return this.again(req, res, error, token, id, body);
    }
    res.redirect(303, `${linkPath(token)}/agreements/${id}?done=changes`);
  }

  @ClientLink()
  @Post(':id/sign')
  async sign(
    @Param('token') token: string,
    @Param('id', IdPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    try {
      await this.agreements.sign(
        token,
        id,
        {
          typedName: body.typedName,
          consent: body.consent,
          contentHash: body.contentHash,
          // What the client read and agreed to, in the page's language: kept with the signature.
          consentText: consentStatement(pageLanguage(res).language),
        },
        originOf(req),
      );
    } catch (error) {
      return this.again(req, res, error, token, id, body);
    }
    res.redirect(303, `${linkPath(token)}/agreements/${id}?done=signed`);
  }

  @Public()
  @Get(':id/pdf')
  async pdf(@Param('token') token: string, @Param('id', IdPipe) id: string, @Req() req: Request, @Res() res: Response) {
    sendPdf(req, res, await this.documents.forClient(token, id, baseUrl(req, this.config.publicUrl), originOf(req)), 'private');
  }

  /** The page again, with what was typed and the problem beside it. */
  private async again(req: Request, res: Response, error: unknown, token: string, id: string, values: Record<string, unknown>) {
    if (!isFormRefusal(error)) throw error;
    const { language } = pageLanguage(res);
    res.status(error.status).render('agreements/client-show', {
      ...(await this.model(req, res, token, id)),
      values,
      ...translatedErrors(language, error.fields, signingFieldNames(language)),
      formError: error.fields ? undefined : error.message,
    });
  }

  private async model(req: Request, res: Response, token: string, id: string) {
    const { language, locale } = pageLanguage(res);
    const practiceLocale = typeof res.locals.practiceLocale === 'string' ? res.locals.practiceLocale : undefined;
    const { agreement, signatures, comments, beingChanged, changes } = await this.agreements.get(token, id, originOf(req), {
      locale,
      language,
      practiceLocale,
    });
    return {
      title: t(language, 'agreements.client_show.title'),
      back: linkPath(token),
      base: `${linkPath(token)}/agreements/${id}`,
      agreement,
      view: agreementView(agreement.content, locale, language),
      statusLabel: clientStatusLabel(language, agreement.status),
      canAnswer: agreement.status === 'proposed',
      beingChanged,
      changes,
      signatures,
      comments,
      consentText: consentStatement(language),
    };
  }
}
