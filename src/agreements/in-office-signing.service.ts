import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthContext } from '../accounts/auth-context';
import type { RequestOrigin } from '../accounts/sessions.service';
import { clientActor, staffActor } from '../audit/audit-events';
import { AuditService } from '../audit/audit.service';
import { DomainError, notFound } from '../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Transactions } from '../database/transaction';
import { nextAgreementStatus, outOfTurn } from './agreement-status';
import type { Agreement } from './entities/agreement.entity';
import type { SignatureMethod } from './entities/agreement-signature.entity';
import { KIOSK_MINUTES, kioskToken, readKioskToken } from './kiosk-link';
import { AgreementsRepository } from './repositories/agreements.repository';
import { normalizeCode, sha256Hex } from './canonical';
import { CONSENT_TEXT, sameName, signatureProblems } from './signing';

export const MAX_SCAN_BYTES = 10 * 1024 * 1024;

/** By content, not name: a scan is a PDF or a photo. */
function scanTypeOf(bytes: Buffer): string | null {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return null;
}

/**
 * The client signing at the practice: on an office device (a signing screen for this one
 * agreement, opened by staff), or in ink on the printed copy, recorded by staff with a witness.
 */
@Injectable()
export class InOfficeSigningService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tx: Transactions,
    private readonly agreements: AgreementsRepository,
    private readonly audit: AuditService,
  ) {}

  /** A signing screen link for a proposed agreement, valid for a short while. */
  openScreen(auth: AuthContext, id: string): Promise<{ token: string; expires: Date }> {
    return this.tx.run(async (tx) => {
      const agreement = await this.agreements.findInPractice(tx, auth.practiceId, id);
      if (!agreement) throw notFound('That agreement');
      await this.move(tx, agreement);
      const expires = Date.now() + KIOSK_MINUTES * 60_000;
      return {
        token: kioskToken(this.config.sessionSecret, {
          agreementId: id,
          proposal: agreement.proposalNumber,
          staffId: auth.userId,
          expires,
        }),
        expires: new Date(expires),
      };
    });
  }

  /**
   * What the signing screen shows; null when the link is not (or no longer) valid. With `readFrom`,
   * the client reading the proposed agreement on the screen is recorded.
   */
  screen(token: string, readFrom: RequestOrigin | null) {
    const link = readKioskToken(this.config.sessionSecret, token);
    if (!link) return Promise.resolve(null);
    return this.tx.run(async (tx) => {
      const agreement = await this.agreements.findById(tx, link.agreementId);
      if (!agreement || agreement.proposalNumber !== link.proposal) return null;
      if (readFrom && agreement.status === 'proposed') {
        await this.audit.record(tx, agreement.practiceId, clientActor(agreement.clientId, readFrom), {
          action: 'agreement.viewed',
          recordKind: 'agreement',
          recordId: agreement.id,
        });
      }
      return { agreement, staffId: link.staffId };
    });
  }

  async signOnScreen(token: string, input: { typedName?: unknown; consent?: unknown; consentText?: string }, origin: RequestOrigin) {
    const opened = await this.screen(token, null);
    if (!opened)
      throw new DomainError('LINK_EXPIRED', 'This signing screen has expired or was replaced. Please ask the front desk to open it again.');
    return this.tx.run(async (tx) => {
      const agreement = (await this.agreements.findInPractice(tx, opened.agreement.practiceId, opened.agreement.id, true))!;
      if (agreement.proposalNumber !== opened.agreement.proposalNumber)
        throw new DomainError(
          'LINK_EXPIRED',
          'The agreement changed since this screen was opened. Please ask the front desk to open it again.',
        );
      const consentText = input.consentText ?? CONSENT_TEXT;
      const problems = signatureProblems({ ...input, consentText }, agreement.content.client.name, agreement.contentHash!);
      if (Object.keys(problems).length) throw new DomainError('VALIDATION_FAILED', 'The signature needs a look.', problems);
      await this.sign(tx, agreement, 'in_person', String(input.typedName).trim(), opened.staffId, null, origin, consentText);
    });
  }

  /** Signed in ink on the printed copy: staff record it, with who witnessed it. */
  recordPaper(
    auth: AuthContext,
    id: string,
    input: { typedName?: unknown; witnessName?: unknown; code?: unknown },
    scan: { buffer: Buffer } | undefined,
    origin: RequestOrigin,
  ) {
    return this.tx.run(async (tx) => {
      const agreement = await this.agreements.findInPractice(tx, auth.practiceId, id, true);
      if (!agreement) throw notFound('That agreement');
      await this.move(tx, agreement);
      const name = typeof input.typedName === 'string' ? input.typedName.trim() : '';
      const witness = typeof input.witnessName === 'string' ? input.witnessName.trim() : '';
      const problems: Record<string, string> = {};
      if (!sameName(name, agreement.content.client.name))
        problems.typedName = `must be the client’s name as on the agreement (${agreement.content.client.name})`;
      // The paper names the proposal it printed: a signature never lands on a later one.
      const printed = typeof input.code === 'string' ? normalizeCode(input.code) : null;
      if (!printed) problems.code = 'is required: the verification code printed on the signed paper';
      else if (printed !== agreement.verificationCode)
        problems.code = 'is not this proposal’s code: the paper was printed from an earlier version; print the current one and sign again';
      if (!witness) problems.witnessName = 'is required: who saw the client sign';
      else if (witness.length > 120) problems.witnessName = 'must be at most 120 characters';
      const scanType = scan?.buffer?.length ? scanTypeOf(scan.buffer) : null;
      if (scan?.buffer?.length && !scanType) problems.scan = 'must be a PDF, JPEG or PNG file';
      if (Object.keys(problems).length) throw new DomainError('VALIDATION_FAILED', 'The paper signature needs a look.', problems);
      await this.sign(tx, agreement, 'paper', name, auth.userId, witness, origin);
      if (scan && scanType) {
        await this.agreements.addScan(tx, {
          practiceId: auth.practiceId,
          agreementId: id,
          contentType: scanType,
          bytes: scan.buffer,
          sha256: sha256Hex(scan.buffer),
          uploadedById: auth.userId,
        });
      }
    });
  }

  private async sign(
    tx: EntityManager,
    agreement: Agreement,
    method: SignatureMethod,
    name: string,
    staffId: string,
    witness: string | null,
    origin: RequestOrigin,
    /** The statement as the client read it on the screen; the paper carries the English one. */
    consentText = CONSENT_TEXT,
  ) {
    const status = await this.move(tx, agreement);
    await this.agreements.addSignature(tx, {
      practiceId: agreement.practiceId,
      agreementId: agreement.id,
      role: 'client',
      method,
      typedName: name,
      consentText,
      contentHash: agreement.contentHash!,
      signedAt: new Date(),
      ip: origin.ip.slice(0, 64),
      userAgent: origin.userAgent?.slice(0, 300) ?? null,
      staffId,
      witnessName: witness,
    });
    await this.agreements.update(tx, agreement.id, { status });
    await this.audit.record(
      tx,
      agreement.practiceId,
      { kind: method === 'paper' ? 'staff' : 'client', id: method === 'paper' ? staffId : agreement.clientId, origin },
      {
        action: 'agreement.signed',
        recordKind: 'agreement',
        recordId: agreement.id,
        data: { proposal: agreement.proposalNumber, role: 'client', method },
      },
    );
  }

  /** The paper signature's scan; downloading it is recorded. */
  scan(auth: AuthContext, id: string, readFrom: RequestOrigin) {
    return this.tx.run(async (tx) => {
      const scan = await this.agreements.latestScan(tx, auth.practiceId, id);
      if (!scan) throw notFound('A scan of this agreement');
      await this.audit.record(tx, auth.practiceId, staffActor(auth, readFrom), {
        action: 'agreement.scan_downloaded',
        recordKind: 'agreement',
        recordId: id,
      });
      return scan;
    });
  }

  private async move(tx: EntityManager, agreement: Agreement) {
    const to = nextAgreementStatus(agreement.status, 'client_sign');
    if (!to) throw new DomainError('AGREEMENT_OUT_OF_TURN', outOfTurn(agreement.status, 'client_sign'));
    await this.agreements.assertReplacesAgreementInEffect(tx, agreement);
    return to;
  }
}
