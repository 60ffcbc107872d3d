import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthContext } from '../accounts/auth-context';
import { can } from '../accounts/permissions';
import { RecordLookups } from '../accounts/record-lookups';
import { PracticesRepository } from '../accounts/repositories/practices.repository';
import type { RequestOrigin } from '../accounts/sessions.service';
import { checkExpectations } from '../alignment/expectations';
import { Client } from '../clients/client.entity';
import { clientLocale, languageForClient } from '../i18n/languages';
import type { Answers } from '../intake/template';
import type { OfferingContent } from '../offerings/offering-content';
import type { ReflectionContent } from '../alignment/reflection-content';
import { ReflectionsRepository } from '../alignment/repositories/reflections.repository';
import { AuditService } from '../audit/audit.service';
import { type AuditActor, type AuditEventInput, staffActor } from '../audit/audit-events';
import { DomainError, notFound } from '../common/errors/domain-error';
import { Transactions } from '../database/transaction';
import { WebhookEvents } from '../webhooks/webhook-events.service';
import { isRealDate, todayIn } from '../common/calendar';
import { ClientMail } from '../mail/client-mail.service';
import { IntakeSubmissionsRepository } from '../intake/repositories/intake-submissions.repository';
import { IntakesRepository } from '../intake/repositories/intakes.repository';
import { OfferingVersionsRepository } from '../offerings/repositories/offering-versions.repository';
import { OfferingsRepository } from '../offerings/repositories/offerings.repository';
import { describeAgreementChanges, agreementsDiffer } from './agreement-diff';
import { applyDraftEdits, DraftEdits, proposalProblems } from './agreement-drafts';
import { AgreementEvent, nextAgreementStatus, outOfTurn } from './agreement-status';
import { contentHash, verificationCode } from './canonical';
import type { Practice } from '../accounts/entities/practice.entity';
import type { Agreement } from './entities/agreement.entity';
import { AgreementsRepository } from './repositories/agreements.repository';
import { buildAgreementContent, withReviewDate } from './snapshot';
import { addLength } from './good-faith-estimate';
import type { AgreementContent } from './agreement-content';
import { signatureProblems, SignInput } from './signing';

export interface StartInput {
  intakeId?: unknown;
  offeringId?: unknown;
  startDate?: unknown;
  selfPay?: unknown;
  reflectionNote?: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The practitioner's side of care agreements: start one from a submitted intake and a published
 * offering version, complete the draft, propose it (hashed), countersign what the client signed,
 * and move it along its status table. One transaction per use case; every step is audited.
 */
@Injectable()
export class AgreementsService {
  constructor(
    private readonly tx: Transactions,
    private readonly agreements: AgreementsRepository,
    private readonly intakes: IntakesRepository,
    private readonly submissions: IntakeSubmissionsRepository,
    private readonly reflections: ReflectionsRepository,
    private readonly offerings: OfferingsRepository,
    private readonly versions: OfferingVersionsRepository,
    private readonly practices: PracticesRepository,
    private readonly audit: AuditService,
    private readonly mail: ClientMail,
    private readonly webhooks: WebhookEvents,
    records: RecordLookups,
  ) {
    // Front desk may read agreements: trying to change one says so instead of "not found".
    records.register('agreement', 'agreement', (auth, id) =>
      this.tx.run(async (tx) => !!(await this.agreements.findInPractice(tx, auth.practiceId, id))),
    );
  }

  start(auth: AuthContext, input: StartInput, origin: RequestOrigin): Promise<Agreement> {
    return this.tx.run(async (tx) => {
      const fields: Record<string, string> = {};
      const intakeId = typeof input.intakeId === 'string' && UUID.test(input.intakeId) ? input.intakeId : null;
      const intake = intakeId ? await this.intakes.findInPractice(tx, auth.practiceId, intakeId) : null;
      if (!intake) throw notFound('That intake');
      const submission = await this.submissions.findForIntake(tx, intake.id);
      if (!submission)
        throw new DomainError(
          'INTAKE_NOT_SUBMITTED',
          'An agreement starts from a submitted intake: the client has not submitted theirs yet.',
        );
      const offeringId = typeof input.offeringId === 'string' && UUID.test(input.offeringId) ? input.offeringId : null;
      const offering = offeringId ? await this.offerings.findInPractice(tx, auth.practiceId, offeringId) : null;
      if (!offering) fields.offeringId = 'must be one of the practice’s offerings';
      else if (offering.latestVersion === 0 || offering.withdrawnAt)
        fields.offeringId = 'is not published: publish it first, or choose another';
      const startDate = isRealDate(input.startDate) ? input.startDate : null;
      if (!startDate) fields.startDate = 'must be a date, written like 2026-12-07';
      const reflection = await this.reflections.find(tx, auth.practiceId, intake.id);
      const heard = reflection?.status === 'heard';
      const note = typeof input.reflectionNote === 'string' ? input.reflectionNote.trim() : '';
      if (!heard && !note) fields.reflectionNote = 'is required: the client has not confirmed what you heard yet, so say why you go ahead';
      if (Object.keys(fields).length) {
        throw new DomainError(
          fields.offeringId?.startsWith('is not published') ? 'NOT_PUBLISHED' : 'VALIDATION_FAILED',
          'The agreement cannot be started like this.',
          fields,
        );
      }
      const version = (await this.versions.find(tx, auth.practiceId, offering!.id, offering!.latestVersion))!;
      const practice = (await this.practices.findById(tx, auth.practiceId))!;
      const entries = reflection ? await this.reflections.entries(tx, auth.practiceId, intake.id) : [];
      const lastReflection = [...entries].reverse().find((e) => e.kind === 'reflection')?.content as ReflectionContent | undefined;
      const content = buildAgreementContent({
        practice: snapshotPractice(practice),
        practitioner: { id: auth.userId, name: auth.name },
        client: { name: typeof submission.answers['about.name'] === 'string' ? submission.answers['about.name'] : 'Client' },
        offeringVersion: { id: version.id, offeringId: version.offeringId, version: version.version, content: version.content },
        answers: submission.answers,
        reflection: lastReflection ?? null,
        reflectionConfirmed: heard,
        reflectionNote: heard ? '' : note,
        findings: await this.expectations(tx, practice, intake.clientId, submission.answers, version.content),
        startDate: startDate!,
        selfPay: input.selfPay === true || input.selfPay === 'on' || input.selfPay === 'true',
      });
      return this.open(tx, auth, origin, {
        practiceId: auth.practiceId,
        intakeId: intake.id,
        clientId: intake.clientId,
        offeringVersionId: version.id,
        practitionerId: auth.userId,
        content,
        amendsId: null,
      });
    });
  }

  /** One agreement for staff; reading it is recorded. */
  get(auth: AuthContext, id: string, readFrom: RequestOrigin) {
    return this.tx.run(async (tx) => {
      const agreement = await this.mustFind(tx, auth, id);
      await this.audit.record(tx, auth.practiceId, staffActor(auth, readFrom), {
        action: 'agreement.viewed',
        recordKind: 'agreement',
        recordId: id,
      });
      const amended = agreement.amendsId ? await this.agreements.findInPractice(tx, auth.practiceId, agreement.amendsId) : null;
      return {
        agreement,
        /** In effect, while the offering has published a newer version since. */
        outdated: (await this.agreements.outdatedIds(tx, auth.practiceId, id)).has(id),
        /** For an amendment: what it changes, in words the client reads before re-signing. */
        // Front desk reads that words changed, not the words: they stay with those who read intake answers.
        changes: amended
          ? describeAgreementChanges(amended.content, agreement.content, undefined, can(auth.role, 'intake.read_answers'))
          : null,
        signatures: await this.agreements.signatures(tx, id),
        comments: await this.agreements.comments(tx, id),
        events: await this.audit.forRecord(tx, auth.practiceId, 'agreement', id),
      };
    });
  }

  list(auth: AuthContext) {
    return this.tx.run(async (tx) => {
      const outdated = await this.agreements.outdatedIds(tx, auth.practiceId);
      return (await this.agreements.list(tx, auth.practiceId)).map((a) => Object.assign(a, { outdated: outdated.has(a.id) }));
    });
  }

  /**
   * The offering published a new version: an amendment on it, rebuilt from the client's intake and
   * carrying over what was agreed in words (the choice, reasons, commitments, resolutions), so the
   * client re-consents to exactly what changed.
   */
  reconsent(auth: AuthContext, id: string, origin: RequestOrigin): Promise<Agreement> {
    return this.tx.run(async (tx) => {
      const old = await this.amendable(tx, auth, id, 'Only an agreement in effect can be brought to a new offering version.');
      const current = await this.versions.findById(tx, auth.practiceId, old.offeringVersionId);
      const offering = current && (await this.offerings.findInPractice(tx, auth.practiceId, current.offeringId));
      if (!current || !offering || offering.withdrawnAt || offering.latestVersion <= current.version) {
        throw new DomainError('AGREEMENT_OUT_OF_TURN', 'This agreement already follows the offering’s latest published version.');
      }
      const version = (await this.versions.find(tx, auth.practiceId, offering.id, offering.latestVersion))!;
      const submission = (await this.submissions.findForIntake(tx, old.intakeId))!;
      const practice = (await this.practices.findById(tx, auth.practiceId))!;
      const before = old.content;
      const content = buildAgreementContent({
        practice: snapshotPractice(practice),
        practitioner: before.practitioner,
        client: { name: before.client.name },
        offeringVersion: { id: version.id, offeringId: version.offeringId, version: version.version, content: version.content },
        answers: submission.answers,
        reflection: { story: before.reflection.story, mattersMost: before.reflection.mattersMost, goals: before.reflection.goals },
        reflectionConfirmed: before.reflection.confirmed,
        reflectionNote: before.reflection.note,
        findings: await this.expectations(tx, practice, old.clientId, submission.answers, version.content),
        startDate: before.schedule.startDate,
        selfPay: !!before.goodFaithEstimate,
      });
      content.choice = { ...before.choice };
      // The commitments carried over name the old review date: looking ahead rewrites it.
      content.commitments = { ...before.commitments };
      content.schedule.reviewDate = before.schedule.reviewDate;
      for (const f of content.findings) f.resolution = before.findings.find((b) => b.key === f.key)?.resolution ?? '';
      return this.open(tx, auth, origin, amendmentOf(old, { offeringVersionId: version.id, content: lookAhead(content, practice) }));
    });
  }

  saveDraft(auth: AuthContext, id: string, revision: number, edits: DraftEdits) {
    return this.tx.run(async (tx) => {
      const agreement = await this.mustFind(tx, auth, id, true);
      if (!['draft', 'changes_requested'].includes(agreement.status)) {
        throw new DomainError(
          'AGREEMENT_LOCKED',
          'Only a draft, or an agreement the client sent back, can be changed. For a signed one, start an amendment.',
        );
      }
      if (agreement.revision !== revision)
        throw new DomainError(
          'DRAFT_CONFLICT',
          'Someone else changed this agreement since you opened it. Reload it, then make your changes again.',
        );
      // A changed care arc recomputes the schedule, its money in the practice's locale.
      const practice = (await this.practices.findById(tx, auth.practiceId))!;
      // An amendment looks ahead: its next review cannot be set in the past.
      const earliestReview = agreement.amendsId ? todayIn(practice.timeZone) : undefined;
      const { content, problems } = applyDraftEdits(agreement.content, edits, practice.locale, earliestReview);
      if (Object.keys(problems).length) throw new DomainError('VALIDATION_FAILED', 'Some parts of the agreement need a look.', problems);
      await this.agreements.update(tx, id, { content }, revision);
      return { ...agreement, content, revision: revision + 1 };
    });
  }

  propose(auth: AuthContext, id: string, origin: RequestOrigin) {
    return this.tx.run(async (tx) => {
      const agreement = await this.mustFind(tx, auth, id, true);
      const status = this.move(agreement.status, 'propose');
      await this.agreements.assertReplacesAgreementInEffect(tx, agreement);
      const amended = agreement.amendsId ? await this.agreements.findInPractice(tx, auth.practiceId, agreement.amendsId) : null;
      if (amended && !agreementsDiffer(amended.content, agreement.content)) {
        throw new DomainError(
          'AMENDMENT_UNCHANGED',
          'This amendment changes nothing yet: change the terms, or leave the agreement as it is.',
        );
      }
      const problems = proposalProblems(agreement.content);
      if (Object.keys(problems).length) {
        throw new DomainError(
          'AGREEMENT_INCOMPLETE',
          `Before proposing, complete: ${Object.keys(problems).length} part(s) still empty.`,
          problems,
        );
      }
      const proposal = agreement.proposalNumber + 1;
      // The agreement and proposal are part of what is hashed: two agreements with the same words
      // (an amendment before it changes anything) still get their own fingerprints and codes.
      const hash = contentHash({ agreementId: id, proposal, content: agreement.content });
      await this.agreements.update(tx, id, {
        status,
        contentHash: hash,
        verificationCode: verificationCode(hash),
        proposalNumber: proposal,
      });
      await this.record(tx, auth, origin, { action: 'agreement.proposed', recordKind: 'agreement', recordId: id, data: { proposal } });
      await this.mail.agreementReady(tx, agreement, proposal);
      return { status, hash, proposal };
    });
  }

  /** The practitioner signs what the client signed: the same proposal, the same hash. */
  countersign(auth: AuthContext, id: string, input: SignInput, origin: RequestOrigin) {
    return this.tx.run(async (tx) => {
      const agreement = await this.mustFind(tx, auth, id, true);
      const status = this.move(agreement.status, 'countersign');
      await this.agreements.assertReplacesAgreementInEffect(tx, agreement);
      const named = agreement.content.practitioner;
      if (named.id !== auth.userId) {
        throw new DomainError('FORBIDDEN', `Only ${named.name}, the practitioner named on this agreement, can countersign it.`);
      }
      const problems = signatureProblems(input, named.name, agreement.contentHash!);
      if (Object.keys(problems).length) throw new DomainError('VALIDATION_FAILED', 'The signature needs a look.', problems);
      await this.agreements.addSignature(tx, {
        practiceId: auth.practiceId,
        agreementId: id,
        role: 'practitioner',
        method: 'remote',
        typedName: String(input.typedName).trim(),
        consentText: String(input.consentText),
        contentHash: agreement.contentHash!,
        signedAt: new Date(),
        ip: origin.ip.slice(0, 64),
        userAgent: origin.userAgent?.slice(0, 300) ?? null,
        staffId: auth.userId,
        witnessName: null,
      });
      await this.agreements.update(tx, id, { status });
      await this.record(tx, auth, origin, {
        action: 'agreement.signed',
        recordKind: 'agreement',
        recordId: id,
        data: { proposal: agreement.proposalNumber, role: 'practitioner', method: 'remote' },
      });
      if (agreement.amendsId) await this.supersede(tx, auth, agreement.amendsId, origin);
      await this.webhooks.emit(tx, auth.practiceId, 'agreement.signed', {
        agreementId: id,
        intakeId: agreement.intakeId,
        clientId: agreement.clientId,
        proposal: agreement.proposalNumber,
        amendsId: agreement.amendsId,
        signedAt: new Date(),
      });
      return { status };
    });
  }

  /** A change to a countersigned agreement is a new agreement that supersedes it once countersigned. */
  amend(auth: AuthContext, id: string, origin: RequestOrigin): Promise<Agreement> {
    return this.tx.run((tx) => this.amendWithin(tx, auth, id, origin));
  }

  /** The amendment step inside a larger use case (a review's decision), in its transaction. */
  async amendWithin(tx: EntityManager, auth: AuthContext, id: string, origin: RequestOrigin): Promise<Agreement> {
    const old = await this.amendable(
      tx,
      auth,
      id,
      'Only a countersigned or active agreement can be amended; change a draft or a sent-back one directly.',
    );
    const practice = (await this.practices.findById(tx, auth.practiceId))!;
    return this.open(
      tx,
      auth,
      origin,
      amendmentOf(old, { offeringVersionId: old.offeringVersionId, content: lookAhead(old.content, practice) }),
    );
  }

  /** Active (care has begun) or ended. */
  transition(auth: AuthContext, id: string, event: Extract<AgreementEvent, 'activate' | 'end'>, origin: RequestOrigin) {
    return this.tx.run((tx) => this.transitionWithin(tx, auth, id, event, origin));
  }

  async transitionWithin(
    tx: EntityManager,
    auth: AuthContext,
    id: string,
    event: Extract<AgreementEvent, 'activate' | 'end'>,
    origin: RequestOrigin,
  ) {
    const agreement = await this.mustFind(tx, auth, id, true);
    const status = this.move(agreement.status, event);
    await this.agreements.update(tx, id, { status });
    await this.record(tx, auth, origin, {
      action: event === 'activate' ? 'agreement.activated' : 'agreement.ended',
      recordKind: 'agreement',
      recordId: id,
    });
    return { status };
  }

  /** A new agreement (a draft, or an amendment) and the event that records it. */
  private async open(tx: EntityManager, auth: AuthContext, origin: RequestOrigin, fields: Parameters<AgreementsRepository['create']>[1]) {
    const agreement = await this.agreements.create(tx, fields);
    await this.record(tx, auth, origin, {
      action: 'agreement.started',
      recordKind: 'agreement',
      recordId: agreement.id,
      data: { offeringVersionId: fields.offeringVersionId },
    });
    return agreement;
  }

  /** An agreement in effect with no amendment under way, locked: the one an amendment may replace. */
  private async amendable(tx: EntityManager, auth: AuthContext, id: string, notInEffect: string) {
    const old = await this.mustFind(tx, auth, id, true);
    if (!nextAgreementStatus(old.status, 'supersede')) throw new DomainError('AGREEMENT_OUT_OF_TURN', notInEffect);
    if (await this.agreements.openAmendment(tx, old.id)) {
      throw new DomainError('AGREEMENT_OUT_OF_TURN', 'This agreement already has an amendment under way: continue that one.');
    }
    return old;
  }

  /** The amended agreement gives way once its amendment is countersigned. */
  private async supersede(tx: EntityManager, auth: AuthContext, id: string, origin: RequestOrigin) {
    const old = await this.agreements.findInPractice(tx, auth.practiceId, id, true);
    const next = old && nextAgreementStatus(old.status, 'supersede');
    if (!next) return;
    await this.agreements.update(tx, id, { status: next });
    await this.record(tx, auth, origin, { action: 'agreement.superseded', recordKind: 'agreement', recordId: id });
  }

  private move(from: Agreement['status'], event: AgreementEvent) {
    const to = nextAgreementStatus(from, event);
    if (!to) throw new DomainError('AGREEMENT_OUT_OF_TURN', outOfTurn(from, event));
    return to;
  }

  private async mustFind(tx: EntityManager, auth: AuthContext, id: string, lock = false) {
    const agreement = await this.agreements.findInPractice(tx, auth.practiceId, id, lock);
    if (!agreement) throw notFound('That agreement');
    return agreement;
  }

  /**
   * The expectations check stored in the agreement, in the language of the client who reads and
   * signs it (their own choice, else the practice's default), dates and money in their locale.
   */
  private async expectations(tx: EntityManager, practice: Practice, clientId: string, answers: Answers, offering: OfferingContent) {
    const client = await tx.getRepository(Client).findOne({ where: { id: clientId, practiceId: practice.id } });
    const language = languageForClient(client?.language, practice.locale);
    return checkExpectations(answers, offering, { language, locale: clientLocale(language, practice.locale) });
  }

  private record(tx: EntityManager, auth: AuthContext, origin: RequestOrigin, event: AuditEventInput) {
    const actor: AuditActor = { kind: 'staff', id: auth.userId, origin };
    return this.audit.record(tx, auth.practiceId, actor, event);
  }
}

/** What a snapshot needs of the practice. */
const snapshotPractice = (p: Practice) => ({
  name: p.name,
  address: p.address,
  phone: p.phone,
  email: p.publicEmail,
  locale: p.locale,
  timeZone: p.timeZone,
  currency: p.currency,
});

/**
 * An amendment looks ahead: when the agreed review date has passed (an amendment made at that
 * review, say), the next one comes a trial length from today, in the practice's calendar.
 */
function lookAhead(content: AgreementContent, practice: Practice): AgreementContent {
  const today = todayIn(practice.timeZone);
  if (content.schedule.reviewDate >= today) return structuredClone(content);
  const { length, unit } = content.schedule.trial;
  return withReviewDate(content, addLength(today, length, unit), practice.locale);
}

/** An amendment keeps the parties of the agreement it replaces. */
const amendmentOf = (old: Agreement, change: Pick<Agreement, 'offeringVersionId' | 'content'>) => ({
  practiceId: old.practiceId,
  intakeId: old.intakeId,
  clientId: old.clientId,
  practitionerId: old.practitionerId,
  amendsId: old.id,
  ...change,
});
