import { EntityManager } from 'typeorm';
import { Injectable } from '@nestjs/common';
import type { RequestOrigin } from '../accounts/sessions.service';
import { clientActor } from '../audit/audit-events';
import { AuditService } from '../audit/audit.service';
import { DomainError, notFound } from '../common/errors/domain-error';
import { Transactions } from '../database/transaction';
import { ClientIntakeService } from '../intake/client-intake.service';
import { nextAgreementStatus, outOfTurn } from './agreement-status';
import type { Agreement } from './entities/agreement.entity';
import { describeAgreementChanges } from './agreement-diff';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages';
import { AgreementsRepository } from './repositories/agreements.repository';
import { CONSENT_TEXT, signatureProblems, SignInput } from './signing';

const COMMENT_LIMIT = 4000;

/**
 * The client's side of an agreement, through their intake link: read what was proposed, ask for
 * changes in their own words, or sign it. A draft is never shown to the client.
 */
@Injectable()
export class ClientAgreementsService {
  constructor(
    private readonly tx: Transactions,
    private readonly agreements: AgreementsRepository,
    private readonly clientIntake: ClientIntakeService,
    private readonly audit: AuditService,
  ) {}

  async list(token: string) {
    const { intake } = await this.clientIntake.live(token);
    return this.tx.run(async (tx) => (await this.agreements.listForIntake(tx, intake.id)).filter((a) => a.status !== 'draft'));
  }

  /**
   * The agreement as the client reads it; reading it is recorded. An amendment's changes are told
   * in the client's language and locale (`practiceLocale`: the one its stored text writes dates in).
   */
  async get(
    token: string,
    id: string,
    readFrom: RequestOrigin,
    {
      locale = 'en-US',
      language = DEFAULT_LANGUAGE,
      practiceLocale,
    }: { locale?: string; language?: Language; practiceLocale?: string } = {},
  ) {
    const { intake } = await this.clientIntake.live(token);
    return this.tx.run(async (tx) => {
      const agreement = await this.agreements.findForIntake(tx, intake.id, id);
      if (!agreement || agreement.status === 'draft') throw notFound('That agreement');
      await this.audit.record(tx, agreement.practiceId, clientActor(agreement.clientId, readFrom), {
        action: 'agreement.viewed',
        recordKind: 'agreement',
        recordId: id,
      });
      const amended = agreement.amendsId ? await this.agreements.findForIntake(tx, intake.id, agreement.amendsId) : null;
      return {
        agreement,
        /** For an amendment: what it changes, read before re-signing. */
        changes: amended
          ? describeAgreementChanges(amended.content, agreement.content, { locale, language, textLocale: practiceLocale })
          : null,
        signatures: await this.agreements.signatures(tx, id),
        // While the practitioner changes it, the client sees that, not their work in progress.
        beingChanged: agreement.status === 'changes_requested',
        comments: await this.agreements.comments(tx, id),
        consentText: CONSENT_TEXT,
      };
    });
  }

  async requestChanges(token: string, id: string, text: unknown, origin: RequestOrigin) {
    const { intake } = await this.clientIntake.live(token);
    return this.tx.run(async (tx) => {
      const agreement = await this.mustFind(tx, intake.id, id);
      const status = this.move(agreement, 'request_changes');
      const comment = typeof text === 'string' ? text.trim() : '';
      if (!comment)
        throw new DomainError('VALIDATION_FAILED', 'Say what you would like changed.', {
          text: 'is empty: write what you would like changed',
        });
      if ([...comment].length > COMMENT_LIMIT)
        throw new DomainError('VALIDATION_FAILED', 'That is too long.', { text: `must be at most ${COMMENT_LIMIT} characters` });
      await this.agreements.addComment(tx, {
        practiceId: agreement.practiceId,
        agreementId: id,
        proposalNumber: agreement.proposalNumber,
        text: comment,
      });
      await this.agreements.update(tx, id, { status });
      await this.audit.record(
        tx,
        agreement.practiceId,
        { kind: 'client', id: agreement.clientId, origin },
        { action: 'agreement.changes_requested', recordKind: 'agreement', recordId: id, data: { proposal: agreement.proposalNumber } },
      );
      return { status };
    });
  }

  async sign(token: string, id: string, input: SignInput, origin: RequestOrigin) {
    const { intake } = await this.clientIntake.live(token);
    return this.tx.run(async (tx) => {
      const agreement = await this.mustFind(tx, intake.id, id);
      // The same signature sent twice (a double click, a retry after a lost answer): the first one stands.
      if (agreement.status !== 'proposed' && typeof input.contentHash === 'string') {
        const signed = (await this.agreements.signatures(tx, id)).find((s) => s.role === 'client');
        if (signed && signed.contentHash === input.contentHash) return { status: agreement.status };
      }
      const status = this.move(agreement, 'client_sign');
      await this.agreements.assertReplacesAgreementInEffect(tx, agreement);
      const problems = signatureProblems(
        { ...input, consentText: input.consentText ?? CONSENT_TEXT, contentHash: input.contentHash ?? '' },
        agreement.content.client.name,
        agreement.contentHash!,
      );
      if (Object.keys(problems).length) throw new DomainError('VALIDATION_FAILED', 'Your signature needs a look.', problems);
      await this.agreements.addSignature(tx, {
        practiceId: agreement.practiceId,
        agreementId: id,
        role: 'client',
        method: 'remote',
        typedName: String(input.typedName).trim(),
        // The statement as the client read it, in their language (validated above).
        consentText: typeof input.consentText === 'string' ? input.consentText : CONSENT_TEXT,
        contentHash: agreement.contentHash!,
        signedAt: new Date(),
        ip: origin.ip.slice(0, 64),
        userAgent: origin.userAgent?.slice(0, 300) ?? null,
        staffId: null,
        witnessName: null,
      });
      await this.agreements.update(tx, id, { status });
      await this.audit.record(
        tx,
        agreement.practiceId,
        { kind: 'client', id: agreement.clientId, origin },
        {
          action: 'agreement.signed',
          recordKind: 'agreement',
          recordId: id,
          data: { proposal: agreement.proposalNumber, role: 'client', method: 'remote' },
        },
      );
      return { status };
    });
  }

  private async mustFind(tx: EntityManager, intakeId: string, id: string): Promise<Agreement> {
    const agreement = await this.agreements.findForIntake(tx, intakeId, id, true);
    if (!agreement || agreement.status === 'draft') throw notFound('That agreement');
    return agreement;
  }

  private move(agreement: Agreement, event: 'request_changes' | 'client_sign') {
    const to = nextAgreementStatus(agreement.status, event);
    if (!to) throw new DomainError('AGREEMENT_OUT_OF_TURN', outOfTurn(agreement.status, event));
    return to;
  }
}
