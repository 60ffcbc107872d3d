import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthContext } from '../accounts/auth-context';
import { RecordLookups } from '../accounts/record-lookups';
import { ClientMail } from '../mail/client-mail.service';
import { MailSender } from '../mail/mail-sender';
import type { RequestOrigin } from '../accounts/sessions.service';
import { AgreementsService } from '../agreements/agreements.service';
import { IN_EFFECT } from '../agreements/agreement-status';
import { Agreement } from '../agreements/entities/agreement.entity';
import { clientActor, staffActor } from '../audit/audit-events';
import { AuditService } from '../audit/audit.service';
import { PracticesRepository } from '../accounts/repositories/practices.repository';
import { calendarDay, todayIn } from '../common/calendar';
import { addDays } from '../agreements/good-faith-estimate';
import { DomainError, FieldErrors, notFound } from '../common/errors/domain-error';
import { Transactions } from '../database/transaction';
import { WebhookEvents } from '../webhooks/webhook-events.service';
import { FieldCipher } from '../crypto/field-cipher';
import { normalizeAnswer } from '../intake/answers';
import { ClientIntakeService } from '../intake/client-intake.service';
import type { Question } from '../intake/template';
import { IntakeTemplatesService } from '../intake/intake-templates.service';
import { IntakeSubmissionsRepository } from '../intake/repositories/intake-submissions.repository';
import { CHANGES_TERMS, ENDS_AGREEMENT, reviewDates } from './review-schedule';
import { REVIEW_DECISIONS, Review, ReviewAnswers, ReviewDecision } from './review.entity';
import { openReview, sealDecisionText, sealReviewAnswers } from './review-sealing';

const LIMIT = 4000;
const IN_EFFECT_SQL = `(${IN_EFFECT.map((s) => `'${s}'`).join(', ')})`;
/** A review opens to the client, and shows on the staff list, a week before it is due. */
export const OPENS_DAYS_BEFORE = 7;
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/**
 * Reviews of active agreements: scheduled from the agreement's dates (the end of the trial and each
 * phase change), answered by the client through their link, decided by the practitioner. Scheduling
 * happens when reviews are read, so it needs no hook in the agreements' own use cases.
 */
@Injectable()
export class ReviewsService {
  constructor(
    private readonly tx: Transactions,
    private readonly clientIntake: ClientIntakeService,
    private readonly submissions: IntakeSubmissionsRepository,
    private readonly templates: IntakeTemplatesService,
    private readonly clientMail: ClientMail,
    private readonly agreements: AgreementsService,
    private readonly audit: AuditService,
    private readonly practices: PracticesRepository,
    private readonly cipher: FieldCipher,
    private readonly webhooks: WebhookEvents,
    sender: MailSender,
    records: RecordLookups,
  ) {
    sender.onDaily(() => this.queueDueMails());
    records.register('review', 'review', (auth, id) =>
      this.tx.run(async (tx) => !!(await tx.getRepository(Review).findOne({ where: { practiceId: auth.practiceId, id } }))),
    );
  }

  /** Reviews due within the week (in the practice's calendar), overdue first; scheduling any not yet made. */
  due(auth: AuthContext) {
    return this.tx.run(async (tx) => {
      await this.schedule(tx, auth.practiceId);
      const today = await this.today(tx, auth.practiceId);
      const reviews = await tx
        .getRepository(Review)
        .createQueryBuilder('r')
        .innerJoinAndSelect('r.agreement', 'a')
        .where('r.practice_id = :practiceId AND r.decided_at IS NULL AND r.due_date <= :until', {
          practiceId: auth.practiceId,
          until: addDays(today, OPENS_DAYS_BEFORE),
        })
        .andWhere(`a.status IN ${IN_EFFECT_SQL}`)
        .orderBy('r.due_date', 'ASC')
        .getMany();
      return { reviews, today };
    });
  }

  /** A note to each client whose review comes due within three days and who has not answered (once per review). */
  queueDueMails(now = new Date()): Promise<number> {
    return this.tx.run(async (tx) => {
      await this.schedule(tx, null);
      const soon = new Date(now.getTime() + 3 * 86_400_000).toISOString().slice(0, 10);
      const due = await tx
        .getRepository(Review)
        .createQueryBuilder('r')
        .innerJoinAndSelect('r.agreement', 'a')
        .where(`r.answered_at IS NULL AND r.decided_at IS NULL AND r.due_date <= :soon AND a.status IN ${IN_EFFECT_SQL}`, {
          soon,
        })
        .limit(500)
        .getMany();
      let queued = 0;
      for (const r of due) {
        await this.webhooks.emit(tx, r.practiceId, 'review.due', {
          reviewId: r.id,
          agreementId: r.agreementId,
          clientId: r.agreement!.clientId,
          dueOn: r.dueDate,
        });
        if (await this.clientMail.reviewDue(tx, r.practiceId, { id: r.id, clientId: r.agreement!.clientId, dueOn: r.dueDate })) queued++;
      }
      return queued;
    });
  }

  /** One review for the practitioner; reading it is recorded. */
  get(auth: AuthContext, id: string, readFrom: RequestOrigin) {
    // A review that has an id was scheduled already: nothing to schedule before reading it.
    return this.tx.run(async (tx) => {
      const review = await tx.getRepository(Review).findOne({ where: { practiceId: auth.practiceId, id }, relations: { agreement: true } });
      if (!review) throw notFound('That review');
      await this.audit.record(tx, auth.practiceId, staffActor(auth, readFrom), {
        action: 'review.viewed',
        recordKind: 'review',
        recordId: id,
      });
      return { review: openReview(this.cipher, review), ...(await this.before(tx, review.agreement!)) };
    });
  }

  /** The client's view of a review: the questions, as at intake. */
  async forClient(token: string, id: string, readFrom: RequestOrigin) {
    const { intake } = await this.clientIntake.live(token);
    return this.tx.run(async (tx) => {
      const review = await this.clientReview(tx, intake.id, id);
      await this.audit.record(tx, intake.practiceId, clientActor(intake.clientId, readFrom), {
        action: 'review.viewed',
        recordKind: 'review',
        recordId: id,
      });
      return { review: openReview(this.cipher, review), ...(await this.before(tx, review.agreement!)) };
    });
  }

  /** The client's reviews, through their link: those of their agreements in effect, soonest first. */
  async listForClient(token: string) {
    const { intake } = await this.clientIntake.live(token);
    return this.tx.run(async (tx) => {
      await this.schedule(tx, intake.practiceId);
      const reviews = await tx
        .getRepository(Review)
        .createQueryBuilder('r')
        .innerJoinAndSelect('r.agreement', 'a')
        .where('a.intake_id = :intakeId AND a.practice_id = :practiceId', { intakeId: intake.id, practiceId: intake.practiceId })
        .andWhere(`a.status IN ${IN_EFFECT_SQL}`)
        .orderBy('r.due_date', 'ASC')
        .getMany();
      return { reviews, opensBy: addDays(await this.today(tx, intake.practiceId), OPENS_DAYS_BEFORE) };
    });
  }

  async answer(token: string, id: string, body: Record<string, unknown>, origin: RequestOrigin) {
    const { intake } = await this.clientIntake.live(token);
    return this.tx.run(async (tx) => {
      const review = await this.clientReview(tx, intake.id, id, true);
      if (review.answeredAt)
        throw new DomainError('REVIEW_ALREADY_ANSWERED', 'You have already answered this review: your practitioner has your answers.');
      if (!IN_EFFECT.includes(review.agreement!.status))
        throw new DomainError('AGREEMENT_OUT_OF_TURN', 'This agreement is no longer in effect, so there is nothing to review.');
      if (review.dueDate > addDays(await this.today(tx, intake.practiceId), OPENS_DAYS_BEFORE))
        throw new DomainError('REVIEW_NOT_OPEN', 'This review opens a week before it is due: come back then.');
      const { baselineQuestions } = await this.before(tx, review.agreement!);
      const { answers, problems } = checkReviewAnswers(body, review.agreement!.content.story.goals, baselineQuestions);
      if (Object.keys(problems).length) throw new DomainError('VALIDATION_FAILED', 'Some answers need a look.', problems);
      await tx.getRepository(Review).update({ id }, { answers: sealReviewAnswers(this.cipher, id, answers), answeredAt: new Date() });
      await this.audit.record(
        tx,
        intake.practiceId,
        { kind: 'client', id: intake.clientId, origin },
        { action: 'review.answered', recordKind: 'review', recordId: id },
      );
    });
  }

  /**
   * The practitioner's decision, in one transaction with what it sets in motion: a decision that
   * changes the terms opens an amendment for the client to re-sign; ending or referring out ends
   * the agreement.
   */
  decide(auth: AuthContext, id: string, body: Record<string, unknown>, origin: RequestOrigin) {
    return this.tx.run(async (tx) => {
      const review = await tx
        .getRepository(Review)
        .createQueryBuilder('r')
        .innerJoinAndSelect('r.agreement', 'a')
        .setLock('pessimistic_write', undefined, ['r'])
        .where('r.practice_id = :practiceId AND r.id = :id', { practiceId: auth.practiceId, id })
        .getOne();
      if (!review) throw notFound('That review');
      if (review.decidedAt) throw new DomainError('REVIEW_ALREADY_DECIDED', 'This review is already decided.');
      if (!IN_EFFECT.includes(review.agreement!.status))
        throw new DomainError('AGREEMENT_OUT_OF_TURN', 'This agreement is no longer in effect, so it cannot be reviewed.');
      const decision = REVIEW_DECISIONS.find((d) => d === body.decision) as ReviewDecision | undefined;
      const reason = text(body.reason);
      const notes = text(body.notes);
      const problems: FieldErrors = {};
      if (!decision) problems.decision = `must be one of ${REVIEW_DECISIONS.join(', ')}`;
      if (!reason) problems.reason = 'is required: say why, in a sentence the client can read';
      else if ([...reason].length > LIMIT) problems.reason = `must be at most ${LIMIT} characters`;
      if ([...notes].length > LIMIT) problems.notes = `must be at most ${LIMIT} characters`;
      if (Object.keys(problems).length || !decision) throw new DomainError('VALIDATION_FAILED', 'The decision needs a look.', problems);
      // The amendment looks ahead: its next review comes one trial length from today.
      const amendment = CHANGES_TERMS.has(decision) ? await this.agreements.amendWithin(tx, auth, review.agreementId, origin) : null;
      const ended = ENDS_AGREEMENT.has(decision);
      if (ended) await this.agreements.transitionWithin(tx, auth, review.agreementId, 'end', origin);
      await tx.getRepository(Review).update(
        { id },
        {
          decision,
          decisionReason: sealDecisionText(this.cipher, id, 'decision_reason', reason),
          practitionerNotes: notes ? sealDecisionText(this.cipher, id, 'practitioner_notes', notes) : null,
          decidedAt: new Date(),
          decidedById: auth.userId,
          amendmentId: amendment?.id ?? null,
        },
      );
      await this.audit.record(
        tx,
        auth.practiceId,
        { kind: 'staff', id: auth.userId, origin },
        { action: 'review.decided', recordKind: 'review', recordId: id, data: { decision, amendmentId: amendment?.id ?? null, ended } },
      );
      return { decision, amendmentId: amendment?.id ?? null, ended };
    });
  }

  /**
   * Reviews for every agreement in effect that has none yet (idempotent: one per kind and date),
   * in one practice, or in all of them (`null`, for the daily mail).
   */
  async schedule(tx: EntityManager, practiceId: string | null) {
    const query = tx
      .getRepository(Agreement)
      .createQueryBuilder('a')
      .innerJoinAndSelect('a.practice', 'p')
      .where(`a.status IN ${IN_EFFECT_SQL}`)
      .andWhere('NOT EXISTS (SELECT 1 FROM reviews r WHERE r.agreement_id = a.id)');
    const agreements = await (practiceId ? query.andWhere('a.practice_id = :practiceId', { practiceId }) : query).getMany();
    for (const a of agreements) {
      // An amendment is reviewed from when it was made on: what came before was reviewed already.
      const from = a.amendsId ? calendarDay(a.createdAt, a.practice!.timeZone) : '';
      const rows = reviewDates(a.content, !!a.amendsId)
        .filter((d) => d.dueDate >= from)
        .map((d) => ({ ...d, practiceId: a.practiceId, agreementId: a.id }));
      if (rows.length) await tx.getRepository(Review).createQueryBuilder().insert().values(rows).orIgnore().execute();
    }
  }

  private async today(tx: EntityManager, practiceId: string): Promise<string> {
    const practice = await this.practices.findById(tx, practiceId);
    return todayIn(practice?.timeZone ?? 'UTC');
  }

  private async clientReview(tx: EntityManager, intakeId: string, id: string, lock = false) {
    const query = tx
      .getRepository(Review)
      .createQueryBuilder('r')
      .innerJoinAndSelect('r.agreement', 'a')
      .where('r.id = :id AND a.intake_id = :intakeId', { id, intakeId });
    const review = await (lock ? query.setLock('pessimistic_write', undefined, ['r']) : query).getOne();
    if (!review) throw notFound('That review');
    return review;
  }

  /** What the client said at intake: the baseline questions and their answers, to set beside now. */
  private async before(tx: EntityManager, agreement: Agreement) {
    const submission = await this.submissions.findForIntake(tx, agreement.intakeId);
    const version = submission && (await this.templates.findVersion(tx, agreement.practiceId, submission.templateVersionId));
    const baselineQuestions = (version?.content.sections.flatMap((s) => s.questions) ?? []).filter((q) => q.id.startsWith('baseline.'));
    return { baselineQuestions, intakeAnswers: submission?.answers ?? {} };
  }
}

export function checkReviewAnswers(
  body: Record<string, unknown>,
  goals: Array<{ id: string; text: string }>,
  baselineQuestions: Question[],
): { answers: ReviewAnswers; problems: FieldErrors } {
  const problems: FieldErrors = {};
  const obj = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const goalInput = obj(body.goals);
  const answers: ReviewAnswers = { goals: {}, baseline: {}, working: text(body.working), notWorking: text(body.notWorking) };
  for (const goal of goals) {
    const g = obj(goalInput[goal.id]);
    const raw = text(g.score);
    const score = raw === '' ? null : Number(raw);
    if (score !== null && !(Number.isInteger(score) && score >= 0 && score <= 10))
      problems[`goals.${goal.id}.score`] = 'must be a whole number from 0 to 10';
    // The same words for every goal, so that they have a translation (locales/*/messages.reviews.json); the page names the goal.
    else if (score === null) problems[`goals.${goal.id}.score`] = 'is required: a number from 0 to 10';
    const words = text(g.words);
    if ([...words].length > LIMIT) problems[`goals.${goal.id}.words`] = `must be at most ${LIMIT} characters`;
    answers.goals[goal.id] = { score, words };
  }
  const baselineInput = obj(body.baseline);
  for (const q of baselineQuestions) {
    const result = normalizeAnswer(q, baselineInput[q.id]);
    if ('problem' in result) problems[`baseline.${q.id}`] = result.problem;
    else if (result.value === null && q.required) problems[`baseline.${q.id}`] = 'is required';
    else answers.baseline[q.id] = result.value as number | string | null;
  }
  for (const field of ['working', 'notWorking'] as const)
    if ([...answers[field]].length > LIMIT) problems[field] = `must be at most ${LIMIT} characters`;
  return { answers, problems };
}
