import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthContext } from '../accounts/auth-context';
import { PracticesRepository } from '../accounts/repositories/practices.repository';
import { sha256 } from '../accounts/secrets';
import type { RequestOrigin } from '../accounts/sessions.service';
import { type AuditActor, clientActor, staffActor } from '../audit/audit-events';
import { AuditService } from '../audit/audit.service';
import { DomainError, notFound } from '../common/errors/domain-error';
import { Transactions } from '../database/transaction';
import { t } from '../i18n/catalog';
import { clientLocale, DEFAULT_LANGUAGE, type Language } from '../i18n/languages';
import { PdfService } from '../pdf/pdf.service';
import { paperSize } from '../profiles/locale';
import { PublicProfilesService } from '../profiles/public-profiles.service';
import { allQuestions } from './answers';
import { answerSections, displayAnswer } from './answers-view';
import { BASELINE_AREAS } from './default-template';
import type { IntakeSubmission } from './entities/intake-submission.entity';
import type { Intake } from './entities/intake.entity';
import { IntakeTemplatesService } from './intake-templates.service';
import { linkState } from './intake-links';
import { IntakeSubmissionsRepository } from './repositories/intake-submissions.repository';
import { IntakesRepository } from './repositories/intakes.repository';
import type { Answers, IntakeTemplateContent } from './template';

export interface PrintedSummary {
  bytes: Buffer;
  hash: string;
  filename: string;
}

/** The daily-life baseline as a small table: the scores a later review compares against. */
function baselineRows(content: IntakeTemplateContent, answers: Answers) {
  const byId = new Map(allQuestions(content).map((q) => [q.id, q]));
  return BASELINE_AREAS.flatMap((area) => {
    const scale = byId.get(`baseline.${area}`);
    if (!scale) return [];
    const score = answers[scale.id];
    const words = answers[`baseline.${area}_words`];
    return [
      {
        label: scale.label,
        score: typeof score === 'number' ? score : null,
        width: typeof score === 'number' ? score * 10 : 0,
        words: typeof words === 'string' ? words : '',
      },
    ];
  });
}

function sleepHours(content: IntakeTemplateContent, answers: Answers, locale: string): string | null {
  const q = allQuestions(content).find((x) => x.id === 'baseline.sleep_hours');
  const value = q ? answers[q.id] : undefined;
  if (!q || value === undefined) return null;
  return typeof value === 'number' ? new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value) : displayAnswer(q, value);
}

/**
 * A submitted intake printed for the practitioner's file, or as the client's own copy. It is
 * printed each time and never kept: it holds the story, which Ayni stores only encrypted.
 */
@Injectable()
export class IntakeSummaryService {
  constructor(
    private readonly tx: Transactions,
    private readonly intakes: IntakesRepository,
    private readonly submissions: IntakeSubmissionsRepository,
    private readonly templates: IntakeTemplatesService,
    private readonly practices: PracticesRepository,
    private readonly profiles: PublicProfilesService,
    private readonly pdf: PdfService,
    private readonly audit: AuditService,
  ) {}

  /** `readFrom` records the download; null when the caller records what the PDF was for (the print queue). */
  forStaff(auth: AuthContext, intakeId: string, readFrom: RequestOrigin | null): Promise<PrintedSummary> {
    return this.print(
      (tx) => this.intakes.findInPractice(tx, auth.practiceId, intakeId),
      readFrom && ((tx, intake) => this.downloaded(tx, intake, staffActor(auth, readFrom))),
      DEFAULT_LANGUAGE,
      false,
    );
  }

  /** Through the client's live link, once they have submitted: their own copy, in their language. */
  forClient(token: string, origin: RequestOrigin, language: Language = DEFAULT_LANGUAGE): Promise<PrintedSummary> {
    return this.print(
      async (tx) => {
        const intake = await this.intakes.findByTokenHash(tx, sha256(token));
        return intake && linkState(intake) === 'live' ? intake : null;
      },
      (tx, intake) => this.downloaded(tx, intake, clientActor(intake.clientId, origin)),
      language,
      true,
    );
  }

  private downloaded(tx: EntityManager, intake: Intake, actor: AuditActor) {
    return this.audit.record(tx, intake.practiceId, actor, { action: 'intake.pdf_downloaded', recordKind: 'intake', recordId: intake.id });
  }

  private async print(
    find: (tx: EntityManager) => Promise<Intake | null>,
    read: ((tx: EntityManager, intake: Intake) => Promise<void>) | null,
    language: Language,
    ownCopy: boolean,
  ) {
    const { model, practice, submission } = await this.tx.run(async (tx) => {
      const intake = await find(tx);
      if (!intake) throw notFound('That intake');
      const submission: IntakeSubmission | null = await this.submissions.findForIntake(tx, intake.id);
      if (!submission)
        throw new DomainError('INTAKE_NOT_SUBMITTED', 'The client has not submitted this intake yet, so there is no summary to print.');
      await read?.(tx, intake);
      const practice = (await this.practices.findById(tx, intake.practiceId))!;
      const version = (await this.templates.findVersion(tx, intake.practiceId, submission.templateVersionId))!;
      const answers = submission.answers;
      const locale = clientLocale(language, practice.locale);
      const sections = answerSections(version.content, answers, true, language).filter((s) => s.id !== 'baseline' && s.answers.length > 0);
      const name = typeof answers['about.name'] === 'string' ? answers['about.name'] : t(language, 'pdf.intake.client');
      const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: practice.timeZone });
      const model = {
        practice: await this.profiles.printPracticeCard(tx, practice),
        clientName: name,
        submittedOn: date.format(submission.submittedAt),
        formTitle: version.content.title,
        formVersion: version.version,
        baseline: baselineRows(version.content, answers),
        sleepHours: sleepHours(version.content, answers, locale),
        sections,
        ownCopy,
        lang: language,
      };
      return { model, practice, submission };
    });
    const { bytes, hash } = await this.pdf.renderUnkept('intake-summary', model, {
      paper: paperSize(practice.locale),
      language,
      title: t(language, 'pdf.intake.title', { name: model.clientName }),
      issuer: practice.name,
    });
    return { bytes, hash, filename: `intake-${submission.submittedAt.toISOString().slice(0, 10)}-${submission.id.slice(0, 8)}.pdf` };
  }
}
