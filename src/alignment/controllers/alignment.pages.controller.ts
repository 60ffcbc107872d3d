import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Can, FormView, Public, ClientLink } from '../../accounts/access.decorators';
import { can } from '../../accounts/permissions';
import { DomainError } from '../../common/errors/domain-error';
import { IdPipe } from '../../common/http/id.pipe';
import { originOf } from '../../common/http/origin';
import { FormContexts } from '../../common/views/form-contexts';
import { linkPath } from '../../intake/intake-links';
import { IntakesService } from '../../intake/intakes.service';
import { AlignmentService, SharedPage } from '../alignment.service';
import { translatedErrors } from '../../agreements/agreement-words';
import { pageLanguage } from '../../agreements/controllers/client-agreements.pages.controller';
import { t } from '../../i18n/catalog';
import { DEFAULT_LANGUAGE, type Language } from '../../i18n/languages';
import { alignmentFieldNames, clientReflectionLabel, levelLabel, momentText } from '../alignment-words';
import { REFLECTION_STATUS_LABELS } from '../reflection-status';
import { ReflectionsService } from '../reflections.service';

/** The shared page for one reader: staff read it in English, the client in the page's language. */
const shared = (page: SharedPage, viewer: 'client' | 'staff', language: Language = DEFAULT_LANGUAGE, locale = 'en-US') => ({
  ...page,
  viewer,
  reflection:
    viewer === 'client' ? { ...page.reflection, label: clientReflectionLabel(language, page.reflection.status) } : page.reflection,
  findings: page.findings.map((f) => ({
    ...f,
    levelLabel: levelLabel(language, f.level),
    sentence: viewer === 'client' ? f.toClient : f.toPractitioner,
    comments: f.comments.map((c) => ({ ...c, shownAt: momentText(c.at, locale) })),
  })),
});

/** Being heard and the expectations check: the practitioner's overview, and the page both sides share. */
@ApiExcludeController()
@Controller()
export class AlignmentPagesController {
  constructor(
    private readonly alignment: AlignmentService,
    private readonly reflections: ReflectionsService,
    private readonly intakes: IntakesService,
    formContexts: FormContexts,
  ) {
    formContexts.register('alignment/overview', (req) => this.overviewModel(req, String(req.params.id)));
    formContexts.register('alignment/shared', async (req) =>
      req.auth
        ? this.staffModel(req, String(req.params.id), String(req.params.checkId))
        : this.clientModel(req, undefined, String(req.params.token), String(req.params.checkId)),
    );
  }

  @Get('intake/:id/alignment')
  @Can('intake.read_answers', 'intake')
  @Render('alignment/overview')
  overview(@Param('id', IdPipe) id: string, @Req() req: Request) {
    return this.overviewModel(req, id);
  }

  @Post('intake/:id/checks')
  @Can('clinical.author', 'intake')
  @FormView('alignment/overview')
  async check(@Param('id', IdPipe) id: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const check = await this.alignment.check(req.auth!, id, typeof body.offeringId === 'string' ? body.offeringId : '', originOf(req));
    res.redirect(303, `/intake/${id}/checks/${check.id}`);
  }

  @Get('intake/:id/checks/:checkId')
  @Can('intake.read_answers', 'intake')
  @Render('alignment/shared')
  sharedForStaff(@Param('id', IdPipe) id: string, @Param('checkId', IdPipe) checkId: string, @Req() req: Request) {
    return this.staffModel(req, id, checkId);
  }

  @Post('intake/:id/checks/:checkId/comments')
  @Can('intake.read_answers', 'intake')
  @FormView('alignment/shared')
  async commentAsStaff(
    @Param('id', IdPipe) id: string,
    @Param('checkId', IdPipe) checkId: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.alignment.commentAsStaff(req.auth!, id, checkId, body.finding, body.text, originOf(req));
    res.redirect(303, `/intake/${id}/checks/${checkId}#finding-${String(body.finding)}`);
  }

  @Public()
  @Get('i/:token/checks/:checkId')
  async sharedForClient(
    @Param('token') token: string,
    @Param('checkId', IdPipe) checkId: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    res.render('alignment/shared', await this.clientModel(req, res, token, checkId));
  }

  @ClientLink()
  @Post('i/:token/checks/:checkId/comments')
  async commentAsClient(
    @Param('token') token: string,
    @Param('checkId', IdPipe) checkId: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    try {
      await this.alignment.commentAsClient(token, checkId, body.finding, body.text, originOf(req));
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') throw error;
      const { language } = pageLanguage(res);
      return res.status(400).render('alignment/shared', {
        ...(await this.clientModel(req, res, token, checkId)),
        values: body,
        ...translatedErrors(language, error.fields, alignmentFieldNames(language)),
      });
    }
    res.redirect(303, `${linkPath(token)}/checks/${checkId}#finding-${String(body.finding)}`);
  }

  private async staffModel(req: Request, id: string, checkId: string) {
    return {
      title: 'Expectations',
      back: `/intake/${id}/alignment`,
      action: `/intake/${id}/checks/${checkId}/comments`,
      ...shared(await this.alignment.forStaff(req.auth!, id, checkId, originOf(req)), 'staff'),
    };
  }

  private async clientModel(req: Request, res: Response | undefined, token: string, checkId: string) {
    const { language, locale } = res ? pageLanguage(res) : { language: DEFAULT_LANGUAGE, locale: 'en-US' };
    return {
      title: t(language, 'alignment.shared.client_title'),
      back: `${linkPath(token)}/heard`,
      action: `${linkPath(token)}/checks/${checkId}/comments`,
      ...shared(await this.alignment.forClient(token, checkId, originOf(req), { language, locale }), 'client', language, locale),
    };
  }

  private async overviewModel(req: Request, id: string) {
    const [thread, checks, detail, offerings] = [
      await this.reflections.forStaff(req.auth!, id, originOf(req)),
      await this.alignment.list(req.auth!, id),
      await this.intakes.detail(req.auth!, id, null),
      await this.intakes.offeringOptions(req.auth!),
    ];
    return {
      title: 'Being heard and expectations',
      id,
      clientName: detail.client.name,
      submitted: !!thread,
      thread,
      statusLabel: thread ? REFLECTION_STATUS_LABELS[thread.status] : undefined,
      canReflect: can(req.auth!.role, 'clinical.author') && thread?.waitingOn === 'practitioner',
      canCheck: can(req.auth!.role, 'clinical.author') && !!thread,
      checks,
      offerings,
    };
  }
}
