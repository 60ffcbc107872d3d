import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PracticesRepository } from '../accounts/repositories/practices.repository';
import { RateLimiter } from '../accounts/rate-limiter.service';
import type { RequestOrigin } from '../accounts/sessions.service';
import { AuditService } from '../audit/audit.service';
import { sha256 } from '../accounts/secrets';
import { ClientsRepository } from '../clients/clients.repository';
import { DomainError, notFound } from '../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Transactions } from '../database/transaction';
import { WebhookEvents } from '../webhooks/webhook-events.service';
import { OfferingVersionsRepository } from '../offerings/repositories/offering-versions.repository';
import { allQuestions, checkAnswers } from './answers';
import type { IntakeSubmission } from './entities/intake-submission.entity';
import type { Intake } from './entities/intake.entity';
import { IntakeTemplatesService } from './intake-templates.service';
import { closedLinkError, linkState, newLink, PracticeContact, practiceContact } from './intake-links';
import { nextStatus } from './intake-status';
import { IntakeSubmissionsRepository } from './repositories/intake-submissions.repository';
import { IntakesRepository } from './repositories/intakes.repository';
import { submissionKeyProblem, submissionHash } from './submission-key';
import type { Answers, IntakeTemplateContent } from './template';

export type ResolvedLink =
  | {
      state: 'live';
      intake: Intake;
      content: IntakeTemplateContent;
      practice: PracticeContact;
      submission: IntakeSubmission | null;
    }
  | { state: 'expired' | 'revoked'; practice: PracticeContact }
  | { state: 'unknown' };

export interface SavedDraft {
  revision: number;
  savedAt: Date;
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const CACHED_LINKS = 5000;

const alreadySubmitted = () =>
  new DomainError('INTAKE_ALREADY_SUBMITTED', 'These answers were already submitted, so they can no longer be changed.');

/**
 * The client's side of intake, reached through their link (the token is the only credential):
 * reading the form, saving drafts that never silently overwrite another tab, and submitting once.
 */
@Injectable()
export class ClientIntakeService {
  /** Token hash → what validation needs; a reissued link has a new hash, so entries never go stale. */
  private readonly links = new Map<string, { intakeId: string; practiceId: string; templateVersionId: string }>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly intakes: IntakesRepository,
    private readonly submissions: IntakeSubmissionsRepository,
    private readonly templates: IntakeTemplatesService,
    private readonly practices: PracticesRepository,
    private readonly clients: ClientsRepository,
    private readonly offerings: OfferingVersionsRepository,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditService,
    private readonly webhooks: WebhookEvents,
  ) {}

  resolve(token: string): Promise<ResolvedLink> {
    if (!TOKEN_SHAPE.test(token)) return Promise.resolve({ state: 'unknown' });
    return this.tx.run(async (tx) => {
      const stored = await this.intakes.findByTokenHash(tx, sha256(token));
      if (!stored) return { state: 'unknown' };
      const practice = practiceContact((await this.practices.findById(tx, stored.practiceId))!);
      const state = linkState(stored);
      if (state !== 'live') return { state, practice };
      const intake = { ...stored, answers: this.intakes.answersOf(stored) };
      const version = (await this.templates.findVersion(tx, intake.practiceId, intake.templateVersionId))!;
      const submission = intake.submittedAt ? await this.submissions.findForIntake(tx, intake.id) : null;
      return { state, intake, content: version.content, practice, submission };
    });
  }

  /** The API's reading: a closed link is an error that says how to reach the practice. */
  async live(token: string): Promise<Extract<ResolvedLink, { state: 'live' }>> {
    const resolved = await this.resolve(token);
    if (resolved.state === 'unknown') throw notFound('That intake link');
    if (resolved.state !== 'live') throw closedLinkError(resolved.state, resolved.practice);
    return resolved;
  }

  /**
   * Saves some answers of the draft. `replaces` lists questions the input stands for in full
   * (a page's section): those it leaves out are cleared, as an unticked box is. One conditional
   * UPDATE does the work; only when it saves nothing do we look up why.
   */
  async saveDraft(token: string, revision: number, input: Record<string, unknown>, replaces: string[] = []): Promise<SavedDraft> {
    const tokenHash = sha256(token);
    const link = TOKEN_SHAPE.test(token) ? await this.linkFor(tokenHash) : null;
    if (!link) throw notFound('That intake link');
    const content = (await this.templates.findVersion(this.dataSource.manager, link.practiceId, link.templateVersionId))!.content;
    const { answers, problems } = checkAnswers(content, input, false);
    if (Object.keys(problems).length) throw answerProblems(content, problems);
    const clear = [...Object.keys(input), ...replaces].filter((id) => answers[id] === undefined);
    const where = { tokenHash, intakeId: link.intakeId, content };
    const saved = await this.intakes.saveAnswers(this.dataSource.manager, where, revision, answers, [...new Set(clear)]);
    if (saved) return saved;
    throw await this.whyNotSaved(tokenHash);
  }

  /**
   * Submits the draft (with any last answers) exactly once. The intake row is locked, so
   * concurrent attempts queue; the first creates the submission, a replay of the same key and
   * payload gets it back, the same key with another payload is refused.
   */
  async submit(
    token: string,
    input: { revision?: number; answers?: Record<string, unknown> },
    key: string | undefined,
    origin?: RequestOrigin,
  ): Promise<{ submission: IntakeSubmission; replayed: boolean }> {
    const keyProblem = submissionKeyProblem(key);
    if (keyProblem) throw new DomainError('VALIDATION_FAILED', `Idempotency-Key ${keyProblem}.`, { 'Idempotency-Key': keyProblem });
    const requestHash = submissionHash(input);
    if (!TOKEN_SHAPE.test(token)) throw notFound('That intake link');
    return this.tx.run(async (tx) => {
      const intake = await this.intakes.findByTokenHash(tx, sha256(token), true);
      if (!intake) throw notFound('That intake link');
      const state = linkState(intake);
      if (state !== 'live') throw closedLinkError(state, practiceContact((await this.practices.findById(tx, intake.practiceId))!));
      const existing = await this.submissions.findForIntake(tx, intake.id);
      if (existing) {
        if (existing.idempotencyKey !== key) throw alreadySubmitted();
        if (existing.requestHash !== requestHash) {
          throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used to submit different answers.', {
            'Idempotency-Key': 'was already used with a different request',
          });
        }
        return { submission: existing, replayed: true };
      }
      await this.mustBeOpen(tx, intake);
      if (input.revision !== undefined && input.revision !== intake.revision) throw conflict(intake);
      const content = (await this.templates.findVersion(tx, intake.practiceId, intake.templateVersionId))!.content;
      const last = checkAnswers(content, input.answers ?? {}, false);
      if (Object.keys(last.problems).length) throw answerProblems(content, last.problems);
      const cleared = Object.keys(input.answers ?? {}).filter((id) => last.answers[id] === undefined);
      const draft = this.intakes.answersOf(intake);
      const merged = Object.fromEntries(Object.entries({ ...draft, ...last.answers }).filter(([id]) => !cleared.includes(id)));
      const final = checkAnswers(content, merged, true);
      if (Object.keys(final.problems).length) throw answerProblems(content, final.problems, true);
      const submittedAt = new Date();
      const submission = await this.submissions.create(tx, content, {
        practiceId: intake.practiceId,
        intakeId: intake.id,
        templateVersionId: intake.templateVersionId,
        answers: final.answers,
        idempotencyKey: key!,
        requestHash,
        submittedAt,
      });
      await this.intakes.markSubmitted(tx, intake.id, content, final.answers, submittedAt, nextStatus(intake.status, 'submit')!);
      await this.clients.updateContact(tx, intake.practiceId, intake.clientId, contactFrom(final.answers));
      const version = (await this.templates.findVersion(tx, intake.practiceId, intake.templateVersionId))!.version;
      await this.audit.record(
        tx,
        intake.practiceId,
        { kind: 'client', id: intake.clientId, origin },
        { action: 'intake.submitted', recordKind: 'intake', recordId: intake.id, data: { templateVersion: version } },
      );
      await this.webhooks.emit(tx, intake.practiceId, 'intake.submitted', {
        intakeId: intake.id,
        clientId: intake.clientId,
        submissionId: submission.id,
        submittedAt,
      });
      return { submission, replayed: false };
    });
  }

  /** "Start intake" on a public offering page: a new client, a draft and a link, all at once. */
  startFromOffering(practiceSlug: string, offeringSlug: string, ip: string): Promise<string> {
    return this.tx.run(async (tx) => {
      const practice = await this.practices.findBySlug(tx, practiceSlug);
      const offering = practice && (await this.offerings.findPublic(tx, practice.id, offeringSlug));
      if (!practice || !offering) throw notFound('That offering');
      const limit = this.config.hourlyLimits.intakeStartsPerIp;
      await this.limiter.take(tx, [{ scope: 'intake-start:ip', key: ip, max: limit, windowMinutes: 60, who: 'your network address' }]);
      const client = await this.clients.create(tx, { practiceId: practice.id, name: null, email: null, phone: null });
      const version = await this.templates.currentVersion(tx, practice.id);
      const link = newLink();
      await this.intakes.create(tx, {
        practiceId: practice.id,
        clientId: client.id,
        offeringId: offering.offeringId,
        templateVersionId: version.id,
        tokenHash: link.tokenHash,
        expiresAt: link.expiresAt,
        createdById: null,
      });
      return link.token;
    });
  }

  private async linkFor(tokenHash: string) {
    const cached = this.links.get(tokenHash);
    if (cached) return cached;
    const intake = await this.intakes.findByTokenHash(this.dataSource.manager, tokenHash);
    if (!intake) return null;
    const link = { intakeId: intake.id, practiceId: intake.practiceId, templateVersionId: intake.templateVersionId };
    if (this.links.size >= CACHED_LINKS) this.links.delete(this.links.keys().next().value!);
    this.links.set(tokenHash, link);
    return link;
  }

  private async whyNotSaved(tokenHash: string): Promise<DomainError> {
    return this.tx.run(async (tx) => {
      const intake = await this.intakes.findByTokenHash(tx, tokenHash);
      if (!intake) return notFound('That intake link');
      try {
        await this.mustBeOpen(tx, intake);
      } catch (error) {
        return error as DomainError;
      }
      return conflict(intake);
    });
  }

  private async mustBeOpen(tx: EntityManager, intake: Intake) {
    const state = linkState(intake);
    if (state !== 'live') throw closedLinkError(state, practiceContact((await this.practices.findById(tx, intake.practiceId))!));
    if (!nextStatus(intake.status, 'save_draft')) throw alreadySubmitted();
  }
}

function conflict(intake: Intake) {
  return new DomainError(
    'DRAFT_CONFLICT',
    'These answers were changed in another window or on another device since this page was opened. Choose which version to keep.',
    { revision: `is ${intake.revision} now` },
  );
}

function answerProblems(content: IntakeTemplateContent, problems: Record<string, string>, submitting = false) {
  const labels = new Map(allQuestions(content).map((q) => [q.id, q.label]));
  const [id, problem] = Object.entries(problems)[0];
  const count = Object.keys(problems).length;
  const first = `"${labels.get(id) ?? id}" ${problem}`;
  const lead = submitting ? 'Some answers are missing or need a look before you can submit' : 'Some answers need a look';
  return new DomainError('VALIDATION_FAILED', `${lead}: ${first}${count > 1 ? ` (and ${count - 1} more)` : ''}.`, problems);
}

const text = (value: Answers[string]) => (typeof value === 'string' ? value : null);
const contactFrom = (answers: Answers) => ({
  name: text(answers['about.name'])?.slice(0, 120) ?? null,
  email: text(answers['about.email']),
  phone: text(answers['about.phone'])?.slice(0, 40) ?? null,
});
