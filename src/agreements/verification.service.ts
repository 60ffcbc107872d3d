import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RateLimiter } from '../accounts/rate-limiter.service';
import { PracticesRepository } from '../accounts/repositories/practices.repository';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError } from '../common/errors/domain-error';
import { Transactions } from '../database/transaction';
import { AGREEMENT_STATUS_LABELS } from './agreement-status';
import { normalizeCode, sha256Hex } from './canonical';
import type { Agreement } from './entities/agreement.entity';
import { AgreementsRepository } from './repositories/agreements.repository';

/** Agreements print at well under a megabyte; the public upload is kept small. */
export const MAX_VERIFY_BYTES = 5 * 1024 * 1024;

/** What /verify may say: that a record exists and where it stands, never what it holds. */
export interface Verification {
  found: boolean;
  code?: string;
  practice?: string;
  status?: string;
  proposal?: number;
  clientSignedAt?: Date | null;
  countersignedAt?: Date | null;
  /** For an uploaded file: it is byte for byte a copy Ayni issued. */
  exactCopy?: boolean;
  issuedAt?: Date;
}

/**
 * Public verification of care agreements, by the code printed on them or by the PDF itself. Anyone
 * holding the paper learns whether it matches a signed agreement, which proposal and when it was
 * signed; the page shows nothing clinical and names no client.
 */
@Injectable()
export class VerificationService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly limiter: RateLimiter,
    private readonly tx: Transactions,
    private readonly agreements: AgreementsRepository,
    private readonly practices: PracticesRepository,
  ) {}

  byCode(typed: string, ip: string): Promise<Verification> {
    const code = normalizeCode(typed);
    if (!code) {
      throw new DomainError('VALIDATION_FAILED', 'That does not look like a verification code.', {
        code: 'must be the 16-character code printed on the agreement, like 7PT3-SC4X-8E32-QFHH',
      });
    }
    return this.tx.run(async (tx) => {
      await this.limit(tx, ip);
      const agreement = await this.agreements.findByCode(tx, code);
      return agreement ? this.describe(tx, agreement) : { found: false, code };
    });
  }

  byFile(file: { buffer: Buffer } | undefined, ip: string): Promise<Verification> {
    if (!file?.buffer?.length)
      throw new DomainError('VALIDATION_FAILED', 'Choose the PDF to check.', { file: 'is required: choose the PDF file' });
    if (file.buffer.subarray(0, 5).toString('latin1') !== '%PDF-') {
      throw new DomainError('VALIDATION_FAILED', 'That file is not a PDF.', { file: 'must be a PDF file (the agreement as downloaded)' });
    }
    const sha = sha256Hex(file.buffer);
    return this.tx.run(async (tx) => {
      await this.limit(tx, ip);
      const doc = await this.agreements.findDocumentBySha(tx, sha);
      const agreement = doc && (await this.agreements.findById(tx, doc.agreementId));
      if (!doc || !agreement) return { found: false, exactCopy: false };
      return { ...(await this.describe(tx, agreement)), exactCopy: true, issuedAt: doc.createdAt };
    });
  }

  /** A public page: limited per address, so codes cannot be tried by the thousand. */
  private async limit(tx: EntityManager, ip: string) {
    await this.limiter.take(tx, [
      { scope: 'verify:ip', key: ip, max: this.config.hourlyLimits.verificationsPerIp, windowMinutes: 60, who: 'your network address' },
    ]);
  }

  private async describe(tx: EntityManager, agreement: Agreement): Promise<Verification> {
    const practice = await this.practices.findById(tx, agreement.practiceId);
    const signatures = await this.agreements.signatures(tx, agreement.id);
    return {
      found: true,
      code: agreement.verificationCode ?? undefined,
      practice: practice?.name,
      status: AGREEMENT_STATUS_LABELS[agreement.status],
      proposal: agreement.proposalNumber,
      clientSignedAt: signatures.find((s) => s.role === 'client')?.signedAt ?? null,
      countersignedAt: signatures.find((s) => s.role === 'practitioner')?.signedAt ?? null,
    };
  }
}
