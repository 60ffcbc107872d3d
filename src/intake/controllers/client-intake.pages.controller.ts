import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public, ClientLink } from '../../accounts/access.decorators';
import { originOf } from '../../common/http/origin';
import { randomToken } from '../../accounts/secrets';
import { DomainError, FieldErrors } from '../../common/errors/domain-error';
import { allQuestions, checkAnswers, visibleQuestionIds } from '../answers';
import { answerSections, displayAnswer } from '../answers-view';
import { ClientIntakeService, ResolvedLink } from '../client-intake.service';
import { FormValues, postedAnswers, sectionFields, toFormValues } from '../intake-form-view';
import { linkPath } from '../intake-links';
import { IntakeSummaryService } from '../intake-summary.service';
import { sendPdf } from '../../common/http/send-pdf';
import { t } from '../../i18n/catalog';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../../i18n/languages';

type Live = Extract<ResolvedLink, { state: 'live' }>;

/** The page's language, as ClientLanguageMiddleware set it for this link. */
const languageOf = (res: Response): Language => (isLanguage(res.locals.lang) ? res.locals.lang : DEFAULT_LANGUAGE);

const int = (value: unknown) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : undefined);

/**
 * The client's intake pages, reached only through their link. Everything works without
 * JavaScript: each section is a form with Save draft / Back / Next, the last step is a review
 * with Submit. With JavaScript the same form also autosaves through the API.
 */
@ApiExcludeController()
@Controller('i')
export class ClientIntakePagesController {
  constructor(
    private readonly intake: ClientIntakeService,
    private readonly summaries: IntakeSummaryService,
  ) {}

  @Public()
  @Get(':token')
  async show(
    @Param('token') token: string,
    @Query('step') step: string | undefined,
    @Query('saved') saved: string | undefined,
    @Query('started') started: string | undefined,
    @Res() res: Response,
  ) {
    const link = await this.intake.resolve(token);
    if (link.state !== 'live') return this.closed(res, link);
    if (link.submission) return this.submitted(res, token, link);
    if (step === 'review') return this.review(res, token, link);
    const index = Math.min(Math.max((int(step) ?? 1) - 1, 0), link.content.sections.length - 1);
    return this.section(res, token, link, index, toFormValues(link.intake.answers), {}, { saved: saved === '1', started: started === '1' });
  }

  /** The client's own copy of what they submitted. */
  @Public()
  @Get(':token/pdf')
  async pdf(@Param('token') token: string, @Req() req: Request, @Res() res: Response) {
    sendPdf(req, res, await this.summaries.forClient(token, originOf(req), languageOf(res)), 'private');
  }

  /** Save draft, Back or Next: saves the section's answers, then goes where the client asked. */
  @ClientLink()
  @Post(':token')
  async save(@Param('token') token: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const link = await this.intake.resolve(token);
    if (link.state !== 'live') return this.closed(res, link);
    if (link.submission) return res.redirect(303, linkPath(token));
    const sections = link.content.sections;
    const index = Math.min(Math.max((int(body.step) ?? 1) - 1, 0), sections.length - 1);
    const section = sections[index];
    const posted = postedAnswers(section, body);
    try {
      await this.intake.saveDraft(
        token,
        int(body.revision) ?? -1,
        posted,
        section.questions.map((q) => q.id),
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // A question of this section that was not posted was left empty (an unticked box): show it empty.
      const values = { ...toFormValues(link.intake.answers), ...Object.fromEntries(section.questions.map((q) => [q.id, ''])), ...posted };
      if (error.code === 'DRAFT_CONFLICT') return this.conflict(res, token, index, posted);
      if (error.code === 'VALIDATION_FAILED') {
        // The list under it names each answer; the lead says how many, in the client's language.
        const count = Object.keys(error.fields ?? {}).length;
        const formError = count ? t(languageOf(res), 'intake.fill.problems', { count }) : error.message;
        return this.section(res.status(400), token, link, index, values, error.fields ?? {}, { formError });
      }
      return this.closed(res.status(error.status), {
        state: 'error',
        code: error.code,
        message: error.message,
        practice: 'practice' in link ? link.practice : undefined,
      });
    }
    const go = String(body.go ?? 'save');
    const target =
      go === 'next'
        ? index + 1 < sections.length
          ? `?step=${index + 2}`
          : '?step=review'
        : go === 'back'
          ? `?step=${Math.max(index, 1)}`
          : `?step=${index + 1}&saved=1`;
    res.redirect(303, `${linkPath(token)}${target}`);
  }

  @ClientLink()
  @Post(':token/submit')
  async submit(@Param('token') token: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const link = await this.intake.resolve(token);
    if (link.state !== 'live') return this.closed(res, link);
    try {
      await this.intake.submit(
        token,
        { revision: int(body.revision) },
        typeof body.submissionKey === 'string' ? body.submissionKey : undefined,
        originOf(req),
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // A second click after the first one went through: the client only needs to see that it did.
      if (error.code === 'INTAKE_ALREADY_SUBMITTED') return res.redirect(303, linkPath(token));
      if (error.code === 'DRAFT_CONFLICT') {
        return this.review(res.status(409), token, link, t(languageOf(res), 'intake.review.changed'));
      }
      if (error.code === 'VALIDATION_FAILED')
        return this.review(res.status(400), token, link, t(languageOf(res), 'intake.review.missing'), error.fields);
      throw error;
    }
    res.redirect(303, linkPath(token));
  }

  private section(
    res: Response,
    token: string,
    link: Live,
    index: number,
    values: FormValues,
    errors: FieldErrors,
    extra: Record<string, unknown>,
  ) {
    const language = languageOf(res);
    const { section, fields } = sectionFields(link.content, index, values, link.intake.answers, errors, language);
    const count = link.content.sections.length;
    res.render('intake/fill', {
      title: t(language, 'intake.title.fill', { section: section.title, practice: link.practice.name }),
      scripts: ['/assets/js/intake.js'],
      practice: link.practice,
      formTitle: link.content.title,
      token,
      action: linkPath(token),
      apiUrl: `/api/v1/intake-links/${token}`,
      revision: link.intake.revision,
      savedAt: link.intake.savedAt,
      step: index + 1,
      count,
      isFirst: index === 0,
      steps: link.content.sections.map((s, i) => ({ title: s.title, number: i + 1, current: i === index })),
      section,
      fields,
      errors: Object.keys(errors).length ? errors : undefined,
      errorList: Object.entries(errors).map(([id, message]) => ({
        href: `#${fields.find((f) => f.id === id)?.inputId ?? ''}`,
        label: fields.find((f) => f.id === id)?.label ?? id,
        message,
      })),
      ...extra,
    });
  }

  private review(res: Response, token: string, link: Live, formError?: string, fields?: FieldErrors) {
    const { problems } = checkAnswers(link.content, link.intake.answers, true);
    // What would not be sent (a question its show-if now hides) is not shown either.
    const visible = visibleQuestionIds(link.content, link.intake.answers);
    const all = { ...problems, ...(fields ?? {}) };
    const byId = new Map(allQuestions(link.content).map((q) => [q.id, q]));
    const language = languageOf(res);
    const stepOf = (id: string) => link.content.sections.findIndex((s) => s.questions.some((q) => q.id === id)) + 1;
    res.render('intake/review', {
      title: t(language, 'intake.title.review', { practice: link.practice.name }),
      practice: link.practice,
      formTitle: link.content.title,
      action: `${linkPath(token)}/submit`,
      back: `${linkPath(token)}?step=${link.content.sections.length}`,
      revision: link.intake.revision,
      submissionKey: randomToken(),
      sections: link.content.sections.map((s, i) => ({
        title: s.title,
        edit: `${linkPath(token)}?step=${i + 1}`,
        answers: s.questions
          .filter((q) => link.intake.answers[q.id] !== undefined && visible.has(q.id))
          .map((q) => ({ label: q.label, text: displayAnswer(q, link.intake.answers[q.id], language), long: q.type === 'long_text' })),
      })),
      problems: Object.entries(all).map(([id, message]) => ({
        label: byId.get(id)?.label ?? id,
        message,
        edit: `${linkPath(token)}?step=${stepOf(id) || 1}`,
      })),
      formError,
    });
  }

  private submitted(res: Response, token: string, link: Live) {
    const language = languageOf(res);
    res.render('intake/submitted', {
      pdfUrl: `${linkPath(token)}/pdf`,
      heardUrl: `${linkPath(token)}/heard`,
      agreementsUrl: `${linkPath(token)}/agreements`,
      reviewsUrl: `${linkPath(token)}/reviews`,
      timelineUrl: `${linkPath(token)}/timeline`,
      title: t(language, 'intake.title.submitted', { practice: link.practice.name }),
      practice: link.practice,
      formTitle: link.content.title,
      submittedAt: link.submission!.submittedAt,
      sections: answerSections(link.content, link.submission!.answers, false, language),
    });
  }

  /** Both versions of the section side by side; the client keeps theirs or takes the saved one. */
  private async conflict(res: Response, token: string, index: number, posted: Record<string, string | string[]>) {
    const fresh = await this.intake.resolve(token);
    if (fresh.state !== 'live' || fresh.submission) return res.redirect(303, linkPath(token));
    const section = fresh.content.sections[index];
    const saved = toFormValues(fresh.intake.answers);
    const language = languageOf(res);
    res.status(409).render('intake/conflict', {
      title: t(language, 'intake.title.conflict', { practice: fresh.practice.name }),
      practice: fresh.practice,
      action: linkPath(token),
      step: index + 1,
      revision: fresh.intake.revision,
      useSaved: `${linkPath(token)}?step=${index + 1}`,
      rows: section.questions.map((q) => {
        const mine = posted[q.id];
        const theirs = saved[q.id];
        const show = (v: string | string[] | undefined) =>
          v === undefined || v === '' || (Array.isArray(v) && !v.length)
            ? ''
            : displayAnswer(q, Array.isArray(v) ? v : q.type === 'yes_no' ? v === 'yes' : v, language);
        return { label: q.label, mine: show(mine), saved: show(theirs), differs: show(mine) !== show(theirs) };
      }),
      hidden: Object.entries(posted).flatMap(([id, v]) => (Array.isArray(v) ? v : [v]).map((value) => ({ name: `a[${id}]`, value }))),
    });
  }

  private closed(
    res: Response,
    link: Exclude<ResolvedLink, { state: 'live' }> | { state: 'error'; code: string; message: string; practice?: Live['practice'] },
  ) {
    const status = link.state === 'unknown' ? 404 : link.state === 'error' ? res.statusCode : 410;
    // A link that ran out or was withdrawn while the page was open reads like one found so.
    const expired = link.state === 'expired' || (link.state === 'error' && link.code === 'LINK_EXPIRED');
    const revoked = link.state === 'revoked' || (link.state === 'error' && link.code === 'LINK_REVOKED');
    res.status(status).render('intake/closed', {
      title: t(languageOf(res), link.state === 'unknown' ? 'intake.title.not_found' : 'intake.title.closed'),
      unknown: link.state === 'unknown',
      expired,
      revoked,
      message: link.state === 'error' && !expired && !revoked ? link.message : undefined,
      practice: 'practice' in link ? link.practice : undefined,
    });
  }
}
