import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { ZipFile } from 'yazl';
import type { AuthContext } from '../accounts/auth-context';
import type { RequestOrigin } from '../accounts/sessions.service';
import { AgreementDocumentsService } from '../agreements/agreement-documents.service';
import { Agreement } from '../agreements/entities/agreement.entity';
import { AgreementsRepository } from '../agreements/repositories/agreements.repository';
import { AlignmentCheck } from '../alignment/entities/alignment-check.entity';
import { FindingComment } from '../alignment/entities/finding-comment.entity';
import { ReflectionsRepository } from '../alignment/repositories/reflections.repository';
import { staffActor } from '../audit/audit-events';
import { AuditService } from '../audit/audit.service';
import { Client } from '../clients/client.entity';
import { notFound } from '../common/errors/domain-error';
import { FieldCipher } from '../crypto/field-cipher';
import { Transactions } from '../database/transaction';
import { Intake } from '../intake/entities/intake.entity';
import { toQuestionnaireResponse } from '../intake/fhir/questionnaire-response';
import { IntakeExportService, questionnaireUrl } from '../intake/intake-export.service';
import { IntakeSummaryService } from '../intake/intake-summary.service';
import { IntakeTemplatesService } from '../intake/intake-templates.service';
import { IntakeSubmissionsRepository } from '../intake/repositories/intake-submissions.repository';
import { IntakesRepository } from '../intake/repositories/intakes.repository';
import { openReview } from '../reviews/review-sealing';
import { Review } from '../reviews/review.entity';

/** Agreements whose signed PDF is printed once and kept (agreement-documents.service.ts). */
const SEALED = ['countersigned', 'active', 'superseded', 'ended'];

const README = `Everything Ayni holds about one client of this practice, exported on request.

client.json       The client, every intake (the form as it was answered, and the answers,
                  decrypted), the reflection thread on each intake, the expectations checks
                  and their comments, every agreement (its full content and its signatures),
                  and every review (the client's answers and the practitioner's decision).
fhir-bundle.json  The same intakes as a FHIR R4 Bundle of type "collection": a Patient, each
                  Questionnaire (the form) and each QuestionnaireResponse (the answers).
agreements/       Each signed agreement's PDF, byte for byte the copy Ayni keeps. Its
                  SHA-256 can be checked on the practice's /verify page.
intakes/          A summary PDF of each submitted intake, printed for this export.

Dates are ISO 8601 in UTC. Treat this file as health information: keep it private.
`;

export interface ClientExport {
  filename: string;
  zip: ZipFile;
}

/**
 * Everything about one client, as a zip: for the client's right of access and for moving their
 * care elsewhere. The reads and their audit event share one transaction; the PDFs are the kept
 * signed copies and freshly printed intake summaries.
 */
@Injectable()
export class ClientExportService {
  constructor(
    private readonly tx: Transactions,
    private readonly intakes: IntakesRepository,
    private readonly submissions: IntakeSubmissionsRepository,
    private readonly templates: IntakeTemplatesService,
    private readonly intakeExport: IntakeExportService,
    private readonly summaries: IntakeSummaryService,
    private readonly reflections: ReflectionsRepository,
    private readonly agreements: AgreementsRepository,
    private readonly documents: AgreementDocumentsService,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
  ) {}

  async export(auth: AuthContext, clientId: string, base: string, origin: RequestOrigin): Promise<ClientExport> {
    const practiceId = auth.practiceId;
    const data = await this.tx.run(async (tx) => {
      const client = await tx.getRepository(Client).findOne({ where: { practiceId, id: clientId } });
      if (!client) throw notFound('That client');
      await this.audit.record(tx, practiceId, staffActor(auth, origin), {
        action: 'client.exported',
        recordKind: 'client',
        recordId: client.id,
      });

      const intakeRows = await tx.getRepository(Intake).find({ where: { practiceId, clientId }, order: { createdAt: 'ASC' } });
      const intakes = [];
      for (const intake of intakeRows) {
        const version = (await this.templates.findVersion(tx, practiceId, intake.templateVersionId))!;
        const submission = intake.submittedAt ? await this.submissions.findForIntake(tx, intake.id) : null;
        const answers = submission?.answers ?? this.intakes.answersOf(intake);
        const entries = await this.reflections.entries(tx, practiceId, intake.id);
        const checks = await tx
          .getRepository(AlignmentCheck)
          .find({ where: { practiceId, intakeId: intake.id }, order: { createdAt: 'ASC' } });
        const comments = checks.length
          ? await tx.getRepository(FindingComment).find({ where: { checkId: In(checks.map((c) => c.id)) } })
          : [];
        intakes.push({ intake, version, submission, answers, entries, checks, comments });
      }

      const agreementRows = await tx.getRepository(Agreement).find({ where: { practiceId, clientId }, order: { createdAt: 'ASC' } });
      const agreements = [];
      for (const agreement of agreementRows) {
        const signatures = await this.agreements.signatures(tx, agreement.id);
        const stored = SEALED.includes(agreement.status) ? await this.agreements.latestDocument(tx, agreement.id) : null;
        agreements.push({ agreement, signatures, stored });
      }
      const ids = agreementRows.map((a) => a.id);
      const reviews = ids.length
        ? (await tx.getRepository(Review).find({ where: { practiceId, agreementId: In(ids) }, order: { dueDate: 'ASC' } })).map((r) =>
            openReview(this.cipher, r),
          )
        : [];
      return { client, intakes, agreements, reviews };
    });

    const { client } = data;
    const json = {
      exportedAt: new Date().toISOString(),
      practice: { id: practiceId, name: auth.practiceName },
      client: {
        id: client.id,
        name: client.name,
        email: client.email,
        phone: client.phone,
        language: client.language,
        createdAt: client.createdAt,
      },
      intakes: data.intakes.map(({ intake, version, submission, answers, entries, checks, comments }) => ({
        id: intake.id,
        status: intake.status,
        createdAt: intake.createdAt,
        savedAt: intake.savedAt,
        submittedAt: submission?.submittedAt ?? null,
        reviewedAt: intake.reviewedAt,
        form: { templateId: version.templateId, version: version.version, publishedAt: version.publishedAt, content: version.content },
        answers,
        reflections: entries.map((e) => ({
          id: e.id,
          round: e.round,
          kind: e.kind,
          author: e.author ? e.author.name : e.kind === 'reflection' ? null : 'client',
          content: e.content,
          createdAt: e.createdAt,
        })),
        expectationsChecks: checks.map((c) => ({
          id: c.id,
          offeringVersionId: c.offeringVersionId,
          createdAt: c.createdAt,
          comments: comments
            .filter((m) => m.checkId === c.id)
            .map((m) => ({ finding: m.findingKey, authorKind: m.authorKind, authorName: m.authorName, text: m.text })),
        })),
      })),
      agreements: data.agreements.map(({ agreement: a, signatures, stored }) => ({
        id: a.id,
        intakeId: a.intakeId,
        amendsId: a.amendsId,
        status: a.status,
        proposalNumber: a.proposalNumber,
        contentHash: a.contentHash,
        verificationCode: a.verificationCode,
        createdAt: a.createdAt,
        updatedAt: a.updatedAt,
        content: a.content,
        signatures: signatures.map((s) => ({
          role: s.role,
          method: s.method,
          typedName: s.typedName,
          consentText: s.consentText,
          contentHash: s.contentHash,
          signedAt: s.signedAt,
          ip: s.ip,
          userAgent: s.userAgent,
          witnessName: s.witnessName,
        })),
        signedPdf: stored ? { file: `agreements/${pdfName(a)}`, sha256: stored.sha256 } : null,
      })),
      reviews: data.reviews.map((r) => ({
        id: r.id,
        agreementId: r.agreementId,
        kind: r.kind,
        label: r.label,
        dueDate: r.dueDate,
        answers: r.answers,
        answeredAt: r.answeredAt,
        decision: r.decision,
        decisionReason: r.decisionReason,
        practitionerNotes: r.practitionerNotes,
        decidedAt: r.decidedAt,
        amendmentId: r.amendmentId,
      })),
    };

    const patientRef = `urn:uuid:${client.id}`;
    const questionnaires = new Map<string, object>();
    const responses: object[] = [];
    for (const { intake, version, submission, answers } of data.intakes) {
      if (!questionnaires.has(version.id))
        questionnaires.set(version.id, this.intakeExport.toFhirQuestionnaire(version, auth.practiceName, base));
      const response = toQuestionnaireResponse(version.content, answers, {
        questionnaireUrl: questionnaireUrl(base, version.templateId),
        version: version.version,
        submissionId: submission?.id ?? intake.id,
        submittedAt: submission?.submittedAt ?? intake.savedAt ?? intake.createdAt,
      });
      responses.push({
        ...response,
        ...(submission ? {} : { status: 'in-progress' }),
        subject: { reference: patientRef, display: client.name ?? undefined },
      });
    }
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      timestamp: json.exportedAt,
      entry: [
        {
          fullUrl: patientRef,
          resource: {
            resourceType: 'Patient',
            id: client.id,
            ...(client.name ? { name: [{ text: client.name }] } : {}),
            telecom: [
              ...(client.email ? [{ system: 'email', value: client.email }] : []),
              ...(client.phone ? [{ system: 'phone', value: client.phone }] : []),
            ],
            ...(client.language
              ? { communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: client.language }] } }] }
              : {}),
          },
        },
        ...[...questionnaires.values()].map((resource) => ({ fullUrl: (resource as { url?: string }).url, resource })),
        ...responses.map((resource) => ({ fullUrl: `urn:uuid:${(resource as { id: string }).id}`, resource })),
      ],
    };

    // The PDFs: the kept signed copies (printed now, and kept, if printing after the countersignature failed) and intake summaries.
    const pdfs: Array<{ name: string; bytes: Buffer }> = [];
    for (const { agreement, stored } of data.agreements) {
      if (!SEALED.includes(agreement.status)) continue;
      const bytes = stored ? stored.bytes : (await this.documents.forStaff(auth, agreement.id, base, null)).bytes;
      pdfs.push({ name: `agreements/${pdfName(agreement)}`, bytes });
    }
    for (const { intake, submission } of data.intakes) {
      if (!submission) continue;
      const summary = await this.summaries.forStaff(auth, intake.id, null);
      pdfs.push({ name: `intakes/${summary.filename}`, bytes: summary.bytes });
    }

    const zip = new ZipFile();
    const mtime = new Date();
    zip.addBuffer(Buffer.from(README), 'README.txt', { mtime });
    zip.addBuffer(Buffer.from(JSON.stringify(json, null, 2)), 'client.json', { mtime });
    zip.addBuffer(Buffer.from(JSON.stringify(bundle, null, 2)), 'fhir-bundle.json', { mtime });
    // PDFs are already compressed.
    for (const pdf of pdfs) zip.addBuffer(pdf.bytes, pdf.name, { mtime, compress: false });
    zip.end();
    const slug =
      (client.name ?? 'client')
        .replace(/[^A-Za-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .toLowerCase() || 'client';
    return { filename: `ayni-export-${slug}-${mtime.toISOString().slice(0, 10)}.zip`, zip };
  }
}

const pdfName = (a: Agreement) => `care-agreement-${a.verificationCode ?? a.id}.pdf`;
