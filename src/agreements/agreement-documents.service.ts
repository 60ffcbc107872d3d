import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthContext } from '../accounts/auth-context';
import { PracticesRepository } from '../accounts/repositories/practices.repository';
import type { RequestOrigin } from '../accounts/sessions.service';
import { type AuditActor, clientActor, staffActor } from '../audit/audit-events';
import { AuditService } from '../audit/audit.service';
import { DomainError, notFound } from '../common/errors/domain-error';
import { Transactions } from '../database/transaction';
import { ClientIntakeService } from '../intake/client-intake.service';
import { t } from '../i18n/catalog';
import { JobQueue } from '../jobs/job-queue';
import { clientLocale, DEFAULT_LANGUAGE, type Language, languageForClient } from '../i18n/languages';
import { PdfService } from '../pdf/pdf.service';
import { paperSize } from '../profiles/locale';
import { PublicProfilesService } from '../profiles/public-profiles.service';
import { agreementPdfModel } from './agreement-pdf-model';
import { TOOK_EFFECT } from './agreement-status';
import { sha256Hex } from './canonical';
import type { Agreement } from './entities/agreement.entity';
import { qrDataUri } from './qr';
import { AgreementsRepository } from './repositories/agreements.repository';

export interface PrintedAgreement {
  bytes: Buffer;
  hash: string;
  filename: string;
}

const ACTIONS: Record<string, string> = {
  'agreement.started': 'Draft started',
  'agreement.proposed': 'Proposed to the client',
  'agreement.changes_requested': 'The client asked for changes',
  'agreement.signed': 'Signed',
  'agreement.activated': 'Made active',
  'agreement.ended': 'Ended',
  'agreement.superseded': 'Superseded by an amendment',
};

/**
 * The agreement as a PDF. Once countersigned, the copy is printed once and kept with its own
 * SHA-256, so a paper copy or a download can be checked on /verify byte for byte.
 */
@Injectable()
export class AgreementDocumentsService {
  constructor(
    private readonly tx: Transactions,
    private readonly agreements: AgreementsRepository,
    private readonly practices: PracticesRepository,
    private readonly profiles: PublicProfilesService,
    private readonly clientIntake: ClientIntakeService,
    private readonly audit: AuditService,
    private readonly pdf: PdfService,
    private readonly jobs: JobQueue,
  ) {
    jobs.handle('agreement.issue', (data) => this.printSigned(String(data.practiceId), String(data.agreementId), String(data.base)));
  }

  /**
   * Right after the countersignature: a worker prints the signed copy and keeps it (job
   * `agreement.issue`), so nobody waits for Chromium. Until then, or if printing keeps failing,
   * the first download prints it instead; either way one copy is kept.
   */
  async issue(auth: AuthContext, id: string, base: string): Promise<void> {
    await this.tx.run((tx) => this.jobs.send(tx, 'agreement.issue', { practiceId: auth.practiceId, agreementId: id, base }));
  }

  private async printSigned(practiceId: string, id: string, base: string): Promise<void> {
    try {
      await this.print((tx) => this.agreements.findInPractice(tx, practiceId, id), base, null);
    } catch (error) {
      // Erased since: nothing to print, nothing to try again.
      if (!(error instanceof DomainError && error.code === 'NOT_FOUND')) throw error;
    }
  }

  /**
   * `readFrom` records the download; null when no one is reading it now (the copy printed right
   * after the countersignature) or the caller records what it was for (the print queue).
   */
  forStaff(auth: AuthContext, id: string, base: string, readFrom: RequestOrigin | null): Promise<PrintedAgreement> {
    return this.print((tx) => this.agreements.findInPractice(tx, auth.practiceId, id), base, readFrom && staffActor(auth, readFrom));
  }

  async forClient(token: string, id: string, base: string, readFrom: RequestOrigin): Promise<PrintedAgreement> {
    const { intake } = await this.clientIntake.live(token);
    return this.print(
      async (tx) => {
        const agreement = await this.agreements.findForIntake(tx, intake.id, id);
        // Between proposals the practitioner is changing it: the client waits for the next proposal.
        return agreement && !['draft', 'changes_requested'].includes(agreement.status) ? agreement : null;
      },
      base,
      clientActor(intake.clientId, readFrom),
    );
  }

  /** A countersigned agreement's PDF is stored once; every later download gives the same bytes. */
  private async print(
    find: (tx: EntityManager) => Promise<Agreement | null>,
    base: string,
    reader: AuditActor | null,
  ): Promise<PrintedAgreement> {
    const data = await this.tx.run(async (tx) => {
      const agreement = await find(tx);
      if (!agreement) throw notFound('That agreement');
      if (reader) {
        await this.audit.record(tx, agreement.practiceId, reader, {
          action: 'agreement.pdf_downloaded',
          recordKind: 'agreement',
          recordId: agreement.id,
        });
      }
      const stored = TOOK_EFFECT.includes(agreement.status) ? await this.agreements.latestDocument(tx, agreement.id) : null;
      if (stored) return { agreement, stored };
      const practice = (await this.practices.findById(tx, agreement.practiceId))!;
      const card = await this.profiles.printPracticeCard(tx, practice);
      const signatures = await this.agreements.signatures(tx, agreement.id);
      const events = await this.audit.forRecord(tx, agreement.practiceId, 'agreement', agreement.id);
      // The agreement is the client's document: printed in their language now (their choice, else the practice's).
      const [client] = await tx.query('SELECT language FROM clients WHERE id = $1', [agreement.clientId]);
      const language: Language = languageForClient(client?.language, practice.locale);
      return { agreement, stored: null, practice, logo: card.logo ?? null, signatures, events, language };
    });
    const { agreement } = data;
    const filename = `care-agreement-${agreement.verificationCode ?? 'draft'}.pdf`;
    if (data.stored) return { bytes: data.stored.bytes, hash: data.stored.sha256, filename };
    const { practice, signatures, events } = data;
    const language = data.language!;
    const english = language === DEFAULT_LANGUAGE;
    const locale = clientLocale(language, practice!.locale);
    const code = agreement.verificationCode ?? 'DRAFT';
    const verifyUrl = `${base}/verify/${code}`;
    const model = agreementPdfModel({
      content: agreement.content,
      status: agreement.status,
      hash: agreement.contentHash ?? 'not proposed yet',
      code,
      verifyUrl,
      qr: await qrDataUri(verifyUrl),
      locale,
      language,
      practiceLogo: data.logo,
      timeZone: practice!.timeZone,
      signatures: signatures!.map((s) => ({
        role: s.role,
        name: s.typedName,
        method: s.method,
        signedAt: s.signedAt,
        ip: s.ip,
        userAgent: s.userAgent,
        witness: s.witnessName,
      })),
      events: events!.map((e) => ({
        at: e.occurredAt,
        // English reads the labels above; another language translates the recorded action itself.
        action: english ? (ACTIONS[e.action] ?? e.action) : e.action,
        actor:
          e.actorKind === 'client' ? agreement.content.client.name : e.actorKind === 'staff' ? t(language, 'agreements.pdf.staff') : 'Ayni',
        ip: e.ip,
      })),
    });
    const bytes = await this.pdf.render('agreement', model, {
      paper: paperSize(practice!.locale),
      language: locale,
      title: t(language, 'agreements.pdf.title', { name: agreement.content.client.name }),
      documentId: code,
      issuer: practice!.name,
    });
    const hash = sha256Hex(bytes);
    // From the countersignature on, the PDF is issued once and kept.
    if (!TOOK_EFFECT.includes(agreement.status)) return { bytes, hash, filename };
    // Two first downloads at once both render; one copy is kept and both get that one.
    const kept = await this.tx.run(async (tx) => {
      await this.agreements.storeDocument(tx, { practiceId: agreement.practiceId, agreementId: agreement.id, sha256: hash, bytes });
      return (await this.agreements.latestDocument(tx, agreement.id))!;
    });
    return { bytes: kept.bytes, hash: kept.sha256, filename };
  }
}
