import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Can, FormView, Public, ClientLink } from '../../accounts/access.decorators';
import { DomainError, isFormRefusal } from '../../common/errors/domain-error';
import { IdPipe } from '../../common/http/id.pipe';
import { originOf } from '../../common/http/origin';
import { FormContexts } from '../../common/views/form-contexts';
import { linkPath } from '../../intake/intake-links';
import { t } from '../../i18n/catalog';
import { translatedErrors } from '../../agreements/agreement-words';
import { pageLanguage } from '../../agreements/controllers/client-agreements.pages.controller';
import { alignmentFieldNames, clientReflectionLabel, momentText } from '../alignment-words';
import { REFLECTION_STATUS_LABELS } from '../reflection-status';
import { ReflectionsService, Thread } from '../reflections.service';

/** The reflection's latest round as form values, so a revision starts from what was said before. */
function lastReflection(thread: Thread) {
  const last = [...thread.entries].reverse().find((e) => e.kind === 'reflection');
  return last
    ? (last.content as { story: string; mattersMost: string; goals: Record<string, string> })
    : { story: '', mattersMost: '', goals: {} };
}

/** Staff write back what they heard; the client reads it beside their own words and answers. */
@ApiExcludeController()
@Controller()
export class ReflectionsPagesController {
  constructor(
    private readonly reflections: ReflectionsService,
    formContexts: FormContexts,
  ) {
    formContexts.register('alignment/reflect', (req) => this.reflectModel(req, String(req.params.id)));
  }

  @Get('intake/:id/reflection')
  @Can('clinical.author', 'intake')
  @Render('alignment/reflect')
  async reflectForm(@Param('id', IdPipe) id: string, @Req() req: Request) {
    const model = await this.reflectModel(req, id);
    return { ...model, values: lastReflection(model.thread) };
  }

  @Post('intake/:id/reflection')
  @Can('clinical.author', 'intake')
  @FormView('alignment/reflect')
  async reflect(@Param('id', IdPipe) id: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    await this.reflections.reflect(req.auth!, id, body, originOf(req));
    res.redirect(303, `/intake/${id}#heard`);
  }

  /** The client's page: what the practitioner heard, beside their own words. */
  @Public()
  @Get('i/:token/heard')
  async heard(@Param('token') token: string, @Query('sent') sent: string | undefined, @Req() req: Request, @Res() res: Response) {
    const thread = await this.reflections.forClient(token, originOf(req));
    res.render('alignment/heard', { ...this.heardModel(res, token, thread), sent: sent === '1' });
  }

  @ClientLink()
  @Post('i/:token/heard')
  async respond(@Param('token') token: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    try {
      await this.reflections.respond(token, body, originOf(req));
    } catch (error) {
      if (!isFormRefusal(error)) throw error;
      const thread = await this.reflections.forClient(token, originOf(req));
      const { language } = pageLanguage(res);
      return res.status(error.status).render('alignment/heard', {
        ...this.heardModel(res, token, thread),
        values: body,
        ...translatedErrors(language, error.fields, alignmentFieldNames(language, thread?.words.goals)),
        formError: error.fields ? undefined : error.message,
      });
    }
    res.redirect(303, `${linkPath(token)}/heard?sent=1`);
  }

  private async reflectModel(req: Request, id: string) {
    const thread = await this.reflections.forStaff(req.auth!, id, originOf(req));
    if (!thread)
      throw new DomainError('INTAKE_NOT_SUBMITTED', 'The client has not submitted this intake yet: there is nothing to reflect on.');
    return {
      title: 'What I heard',
      id,
      thread,
      statusLabel: REFLECTION_STATUS_LABELS[thread.status],
      canWrite: thread.waitingOn === 'practitioner',
    };
  }

  /** The client's page, in their language: the practitioner's and the client's words stay as written. */
  private heardModel(res: Response, token: string, thread: Thread | null) {
    const { language, locale } = pageLanguage(res);
    const shown = thread && { ...thread, entries: thread.entries.map((e) => ({ ...e, shownAt: momentText(e.at, locale) })) };
    return {
      title: t(language, 'alignment.heard.title'),
      back: linkPath(token),
      action: `${linkPath(token)}/heard`,
      thread: shown,
      latest: shown && [...shown.entries].reverse().find((e) => e.kind === 'reflection'),
      canAnswer: thread?.waitingOn === 'client',
      statusLabel: thread ? clientReflectionLabel(language, thread.status) : undefined,
    };
  }
}
