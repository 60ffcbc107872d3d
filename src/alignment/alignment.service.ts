import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthContext } from '../accounts/auth-context';
import { PracticesRepository } from '../accounts/repositories/practices.repository';
import type { RequestOrigin } from '../accounts/sessions.service';
import { AuditActor } from '../audit/audit-events';
import { AuditService } from '../audit/audit.service';
import { DomainError, notFound } from '../common/errors/domain-error';
import { Transactions } from '../database/transaction';
import { ClientIntakeService } from '../intake/client-intake.service';
import type { Intake } from '../intake/entities/intake.entity';
import { IntakeSubmissionsRepository } from '../intake/repositories/intake-submissions.repository';
import { IntakesRepository } from '../intake/repositories/intakes.repository';
import { OfferingVersionsRepository } from '../offerings/repositories/offering-versions.repository';
import { OfferingsRepository } from '../offerings/repositories/offerings.repository';
import type { AlignmentCheck } from './entities/alignment-check.entity';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages';
import { checkExpectations, Finding } from './expectations';
import { REFLECTION_STATUS_LABELS } from './reflection-status';
import { AlignmentRepository } from './repositories/alignment.repository';
import { ReflectionsRepository } from './repositories/reflections.repository';

export const COMMENT_LIMIT = 2000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface SharedPage {
  check: { id: string; createdAt: Date };
  offering: { id: string; title: string; version: number };
  reflection: { status: string; label: string };
  findings: Array<Finding & { comments: Array<{ author: string; byClient: boolean; text: string; at: Date }> }>;
}

/**
 * The expectations check: one intake beside one published offering version, on a page the
 * practitioner and the client share. Findings are computed from the two immutable records;
 * only the comments on them are stored.
 */
@Injectable()
export class AlignmentService {
  constructor(
    private readonly tx: Transactions,
    private readonly checks: AlignmentRepository,
    private readonly reflections: ReflectionsRepository,
    private readonly intakes: IntakesRepository,
    private readonly submissions: IntakeSubmissionsRepository,
    private readonly offerings: OfferingsRepository,
    private readonly versions: OfferingVersionsRepository,
    private readonly practices: PracticesRepository,
    private readonly clientIntake: ClientIntakeService,
    private readonly audit: AuditService,
  ) {}

  /** Checks this intake against the offering's current published version. */
  check(auth: AuthContext, intakeId: string, offeringId: unknown, origin: RequestOrigin): Promise<AlignmentCheck> {
    return this.tx.run(async (tx) => {
      await this.mustBeSubmitted(tx, auth.practiceId, intakeId);
      if (typeof offeringId !== 'string' || !UUID.test(offeringId)) {
        throw new DomainError('VALIDATION_FAILED', 'Choose one of the practice’s published offerings.', {
          offeringId: 'must be one of the practice’s offerings',
        });
      }
      const offering = await this.offerings.findInPractice(tx, auth.practiceId, offeringId);
      if (!offering || offering.latestVersion === 0 || offering.withdrawnAt) {
        throw new DomainError('NOT_PUBLISHED', 'Only a published offering can be checked: publish it first, or choose another.', {
          offeringId: offering ? 'is not published' : 'is not an offering of this practice',
        });
      }
      const version = (await this.versions.find(tx, auth.practiceId, offeringId, offering.latestVersion))!;
      const check = await this.checks.findOrCreate(tx, {
        practiceId: auth.practiceId,
        intakeId,
        offeringVersionId: version.id,
        createdById: auth.userId,
      });
      await this.audit.record(tx, auth.practiceId, staff(auth, origin), {
        action: 'alignment.checked',
        recordKind: 'intake',
        recordId: intakeId,
        data: { offeringVersionId: version.id },
      });
      return check;
    });
  }

  list(auth: AuthContext, intakeId: string) {
    return this.tx.run(async (tx) => {
      if (!(await this.intakes.findInPractice(tx, auth.practiceId, intakeId))) throw notFound('That intake');
      return (await this.checks.listForIntake(tx, auth.practiceId, intakeId)).map((c) => ({
        id: c.id,
        title: c.offeringVersion!.content.title,
        version: c.offeringVersion!.version,
        createdAt: c.createdAt,
      }));
    });
  }

  /** `readFrom` records the read; null when the page is the answer to a write (a check, a comment). */
  forStaff(auth: AuthContext, intakeId: string, checkId: string, readFrom: RequestOrigin | null): Promise<SharedPage> {
    return this.tx.run(async (tx) => {
      const intake = await this.intakes.findInPractice(tx, auth.practiceId, intakeId);
      if (!intake) throw notFound('That check');
      const page = await this.page(tx, intake, checkId);
      if (readFrom) await this.viewed(tx, intake, checkId, staff(auth, readFrom));
      return page;
    });
  }

  /** The client's view: the same findings, without what is addressed to the practitioner. */
  async forClient(
    token: string,
    checkId: string,
    readFrom: RequestOrigin | null,
    words: { language: Language; locale?: string } = { language: DEFAULT_LANGUAGE },
  ): Promise<SharedPage> {
    const { intake } = await this.clientIntake.live(token);
    const page = await this.tx.run(async (tx) => {
      const page = await this.page(tx, intake, checkId, words);
      if (readFrom) await this.viewed(tx, intake, checkId, { kind: 'client', id: intake.clientId, origin: readFrom });
      return page;
    });
    return { ...page, findings: page.findings.map((f) => ({ ...f, toPractitioner: '', facts: {} })) };
  }

  private viewed(tx: EntityManager, intake: Intake, checkId: string, actor: AuditActor) {
    return this.audit.record(tx, intake.practiceId, actor, {
      action: 'alignment.viewed',
      recordKind: 'intake',
      recordId: intake.id,
      data: { checkId },
    });
  }

  async clientChecks(token: string) {
    const { intake } = await this.clientIntake.live(token);
    return this.tx.run(async (tx) =>
      (await this.checks.listForIntake(tx, intake.practiceId, intake.id)).map((c) => ({
        id: c.id,
        title: c.offeringVersion!.content.title,
      })),
    );
  }

  commentAsStaff(auth: AuthContext, intakeId: string, checkId: string, findingKey: unknown, text: unknown, origin: RequestOrigin) {
    return this.tx.run(async (tx) => {
      const intake = await this.intakes.findInPractice(tx, auth.practiceId, intakeId);
      if (!intake) throw notFound('That check');
      await this.comment(tx, intake, checkId, findingKey, text, { kind: 'staff', id: auth.userId, origin }, auth.name);
    });
  }

  async commentAsClient(token: string, checkId: string, findingKey: unknown, text: unknown, origin: RequestOrigin) {
    const { intake, submission } = await this.clientIntake.live(token);
    const name = typeof submission?.answers['about.preferred_name'] === 'string' ? submission.answers['about.preferred_name'] : 'You';
    await this.tx.run((tx) => this.comment(tx, intake, checkId, findingKey, text, { kind: 'client', id: intake.clientId, origin }, name));
  }

  private async comment(
    tx: EntityManager,
    intake: Intake,
    checkId: string,
    findingKey: unknown,
    raw: unknown,
    actor: AuditActor,
    name: string,
  ) {
    const page = await this.page(tx, intake, checkId);
    const key = page.findings.find((f) => f.key === findingKey)?.key;
    const text = typeof raw === 'string' ? raw.trim() : '';
    const fields: Record<string, string> = {};
    if (!key) fields.finding = `must be one of ${page.findings.map((f) => f.key).join(', ')}`;
    if (!text) fields.text = 'is empty: write your comment';
    else if ([...text].length > COMMENT_LIMIT) fields.text = `must be at most ${COMMENT_LIMIT} characters`;
    if (Object.keys(fields).length) throw new DomainError('VALIDATION_FAILED', 'The comment needs a look.', fields);
    await this.checks.addComment(tx, {
      practiceId: intake.practiceId,
      checkId,
      findingKey: key!,
      authorKind: actor.kind === 'client' ? 'client' : 'staff',
      authorId: actor.kind === 'client' ? null : actor.id,
      authorName: name.slice(0, 120),
      text,
    });
    await this.audit.record(tx, intake.practiceId, actor, {
      action: 'alignment.commented',
      recordKind: 'intake',
      recordId: intake.id,
      data: { finding: key! },
    });
  }

  /** `words`: the findings' language and locale (the client's); staff read English in the practice's locale. */
  private async page(
    tx: EntityManager,
    intake: Intake,
    checkId: string,
    words: { language: Language; locale?: string } = { language: DEFAULT_LANGUAGE },
  ): Promise<SharedPage> {
    const check = await this.checks.find(tx, intake.practiceId, intake.id, checkId);
    const submission = check && (await this.submissions.findForIntake(tx, intake.id));
    if (!check || !submission) throw notFound('That check');
    const practice = (await this.practices.findById(tx, intake.practiceId))!;
    const version = check.offeringVersion!;
    const comments = await this.checks.comments(tx, check.id);
    const status = (await this.reflections.find(tx, intake.practiceId, intake.id))?.status ?? 'awaiting_reflection';
    return {
      check: { id: check.id, createdAt: check.createdAt },
      offering: { id: version.offeringId, title: version.content.title, version: version.version },
      reflection: { status, label: REFLECTION_STATUS_LABELS[status] },
      findings: checkExpectations(submission.answers, version.content, {
        locale: words.locale ?? practice.locale,
        language: words.language,
      }).map((f) => ({
        ...f,
        comments: comments
          .filter((c) => c.findingKey === f.key)
          .map((c) => ({ author: c.authorName, byClient: c.authorKind === 'client', text: c.text, at: c.createdAt })),
      })),
    };
  }

  private async mustBeSubmitted(tx: EntityManager, practiceId: string, intakeId: string) {
    const intake = await this.intakes.findInPractice(tx, practiceId, intakeId);
    if (!intake) throw notFound('That intake');
    if (!(await this.submissions.existsForIntake(tx, intake.id))) {
      throw new DomainError('INTAKE_NOT_SUBMITTED', 'The client has not submitted this intake yet: there are no expectations to check.');
    }
  }
}

const staff = (auth: AuthContext, origin: RequestOrigin): AuditActor => ({ kind: 'staff', id: auth.userId, origin });
