import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Can, ClientLink, FormView, Public } from '../accounts/access.decorators';
import { can } from '../accounts/permissions';
import { isFormRefusal } from '../common/errors/domain-error';
import { IdPipe } from '../common/http/id.pipe';
import { originOf } from '../common/http/origin';
import { FormContexts } from '../common/views/form-contexts';
import { translateMessage, translator } from '../i18n/catalog';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../i18n/languages';
import { linkPath } from '../intake/intake-links';
import { decisionLabel, DECISION_LABELS, reviewLabel } from './review-schedule';
import { baselineComparison, comparisonChart } from './review-view';
import { REVIEW_DECISIONS } from './review.entity';
import { ReviewsService } from './reviews.service';

/** The language of a client's page (ClientLanguageMiddleware sets it from their link). */
const pageLanguage = (res: Response): Language => (isLanguage(res.locals.lang) ? res.locals.lang : DEFAULT_LANGUAGE);

/** Reviews: the due list, the practitioner's review page and decision, and the client's answers. */
@ApiExcludeController()
@Controller()
export class ReviewsPagesController {
  constructor(
    private readonly reviews: ReviewsService,
    formContexts: FormContexts,
  ) {
    formContexts.register('reviews/show', (req) => this.model(req, String(req.params.id)));
  }

  @Get('reviews')
  @Can('agreements.view')
  @Render('reviews/index')
  async index(@Req() req: Request) {
    const { reviews, today } = await this.reviews.due(req.auth!);
    return {
      title: 'Reviews',
      rows: reviews.map((r) => ({
        id: r.id,
        client: r.agreement!.content.client.name,
        label: r.label,
        dueDate: r.dueDate,
        overdue: r.dueDate < today,
        answered: !!r.answeredAt,
      })),
      canOpen: can(req.auth!.role, 'intake.read_answers'),
    };
  }

  @Get('reviews/:id')
  @Can('intake.read_answers', 'review')
  @Render('reviews/show')
  show(@Param('id', IdPipe) id: string, @Req() req: Request) {
    return this.model(req, id);
  }

  /** A decision that changes the terms starts an amendment, which the client re-signs. */
  @Post('reviews/:id/decision')
  @Can('clinical.author', 'review')
  @FormView('reviews/show')
  async decide(@Param('id', IdPipe) id: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const { amendmentId } = await this.reviews.decide(req.auth!, id, body, originOf(req));
    res.redirect(303, amendmentId ? `/agreements/${amendmentId}` : `/reviews/${id}`);
  }

  @Public()
  @Get('i/:token/reviews')
  async clientList(@Param('token') token: string, @Res() res: Response) {
    const { reviews, opensBy } = await this.reviews.listForClient(token);
    const tr = translator(pageLanguage(res));
    res.render('reviews/client-list', {
      title: tr('reviews.list.title'),
      back: linkPath(token),
      rows: reviews.map((r) => {
        const open = !r.answeredAt && !r.decidedAt && r.dueDate <= opensBy;
        return {
          // A review not open yet has nothing to show: it is listed, not linked.
          href: r.answeredAt || r.decidedAt || open ? `${linkPath(token)}/reviews/${r.id}` : null,
          label: reviewLabel(tr, r.label),
          offering: r.agreement!.content.offering.title,
          dueDate: r.dueDate,
          state: r.decidedAt
            ? tr('reviews.state.decided')
            : r.answeredAt
              ? tr('reviews.state.answered')
              : open
                ? tr('reviews.state.open')
                : tr('reviews.state.not_open'),
          open,
        };
      }),
    });
  }

  @Public()
  @Get('i/:token/reviews/:id')
  async client(@Param('token') token: string, @Param('id', IdPipe) id: string, @Req() req: Request, @Res() res: Response) {
    res.render('reviews/client', await this.clientModel(req, pageLanguage(res), token, id));
  }

  @ClientLink()
  @Post('i/:token/reviews/:id')
  async answer(
    @Param('token') token: string,
    @Param('id', IdPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    try {
      await this.reviews.answer(token, id, body, originOf(req));
    } catch (error) {
      if (!isFormRefusal(error)) throw error;
      return res.status(error.status).render('reviews/client', {
        ...(await this.clientModel(req, pageLanguage(res), token, id, body, error.fields)),
        values: body,
        errors: error.fields,
        formError: error.fields ? undefined : error.message,
      });
    }
    res.redirect(303, `${linkPath(token)}/reviews/${id}`);
  }

  private async model(req: Request, id: string) {
    const { review, baselineQuestions, intakeAnswers } = await this.reviews.get(req.auth!, id, originOf(req));
    const rows = baselineComparison(baselineQuestions, intakeAnswers, review.answers);
    return {
      title: `Review · ${review.agreement!.content.client.name}`,
      review,
      client: review.agreement!.content.client.name,
      rows,
      chart: comparisonChart(rows),
      goals: review.agreement!.content.story.goals.map((g) => ({ ...g, progress: review.answers?.goals[g.id] ?? null })),
      decisions: REVIEW_DECISIONS.map((d) => ({ value: d, label: DECISION_LABELS[d] })),
      decisionLabel: review.decision ? DECISION_LABELS[review.decision] : null,
      canDecide: can(req.auth!.role, 'clinical.author') && !review.decidedAt,
      agreementEnded: review.agreement!.status === 'ended',
    };
  }

  /**
   * The client's review page, in their language. `values` and `errors`: what the client sent
   * and what was wrong with it, to show the form again as they left it.
   */
  private async clientModel(
    req: Request,
    language: Language,
    token: string,
    id: string,
    values: Record<string, unknown> = {},
    errors: Record<string, string> = {},
  ) {
    const tr = translator(language);
    const typed = (values.baseline && typeof values.baseline === 'object' ? values.baseline : {}) as Record<string, unknown>;
    const { review, baselineQuestions, intakeAnswers } = await this.reviews.forClient(token, id, originOf(req));
    const rows = baselineComparison(baselineQuestions, intakeAnswers, review.answers);
    const fieldLabels: Record<string, string> = { working: tr('reviews.client.working'), notWorking: tr('reviews.client.not_working') };
    return {
      title: tr('reviews.client.title'),
      back: linkPath(token),
      action: `${linkPath(token)}/reviews/${id}`,
      review,
      label: reviewLabel(tr, review.label),
      answered: !!review.answeredAt,
      decisionLabel: review.decision ? decisionLabel(tr, review.decision) : null,
      amendmentHref: review.amendmentId ? `${linkPath(token)}/agreements/${review.amendmentId}` : null,
      rows,
      chart: comparisonChart(rows),
      // The summary names each question as the client reads it, not by its internal id; the server's words in the page's language.
      summary: Object.entries(errors).map(([path, message]) => {
        const goal = review.agreement!.content.story.goals.find((g) => path === `goals.${g.id}.score`);
        const question = baselineQuestions.find((q) => path === `baseline.${q.id}`);
        const label = goal ? tr('reviews.client.goal_progress', { goal: goal.text }) : (question?.label ?? fieldLabels[path] ?? path);
        const words = translateMessage(language, message);
        return /^[A-Z]/.test(message) ? words : `${label}: ${words}`;
      }),
      goals: review.agreement!.content.story.goals.map((g) => ({ ...g, error: errors[`goals.${g.id}.score`] })),
      questions: baselineQuestions.map((q) => {
        const value = typeof typed[q.id] === 'string' ? (typed[q.id] as string) : '';
        return {
          ...q,
          name: `baseline[${q.id}]`,
          value,
          error: errors[`baseline.${q.id}`],
          isScale: q.type === 'scale',
          isNumber: q.type === 'number',
          points: q.type === 'scale' ? Array.from({ length: 11 }, (_, i) => ({ value: i, checked: value === String(i) })) : [],
        };
      }),
    };
  }
}
