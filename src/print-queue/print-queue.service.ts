import { Injectable } from '@nestjs/common';
import { PDFDocument } from 'pdf-lib';
import type { AuthContext } from '../accounts/auth-context';
import { can } from '../accounts/permissions';
import type { RequestOrigin } from '../accounts/sessions.service';
import { staffActor } from '../audit/audit-events';
import { AuditService } from '../audit/audit.service';
import { AgreementDocumentsService } from '../agreements/agreement-documents.service';
import { AGREEMENT_STATUS_LABELS, type AgreementStatus } from '../agreements/agreement-status';
import { sha256Hex } from '../agreements/canonical';
import { DomainError } from '../common/errors/domain-error';
import { Transactions } from '../database/transaction';
import { IntakeSummaryService } from '../intake/intake-summary.service';
import type { PrintableKind } from './printed-item.entity';
import { PrintQueueRepository, QueueRow } from './print-queue.repository';

export const MAX_BATCH = 50;
const KEY = /^(agreement|intake_summary):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

const reasonFor = (row: QueueRow) =>
  row.kind === 'intake_summary'
    ? 'Completed intake summary, for the client’s file'
    : row.status === 'proposed'
      ? 'To sign in person'
      : `${AGREEMENT_STATUS_LABELS[row.status as AgreementStatus]}: a copy for the client`;

/**
 * The front desk's print queue: agreements ready to print (to sign in person, or signed copies for
 * the client) and completed intake summaries. Several are printed as one merged PDF, and each is
 * marked printed, by whom and when. Intake summaries hold the client's story: only roles that may
 * read answers see them here.
 */
@Injectable()
export class PrintQueueService {
  constructor(
    private readonly tx: Transactions,
    private readonly queue: PrintQueueRepository,
    private readonly agreements: AgreementDocumentsService,
    private readonly summaries: IntakeSummaryService,
    private readonly audit: AuditService,
  ) {}

  list(auth: AuthContext, kind?: PrintableKind) {
    return this.tx.run(async (tx) => {
      const rows = [
        ...(kind !== 'intake_summary' ? await this.queue.agreements(tx, auth.practiceId) : []),
        ...(kind !== 'agreement' && can(auth.role, 'intake.read_answers') ? await this.queue.intakeSummaries(tx, auth.practiceId) : []),
      ];
      return rows.map((r) => ({ ...r, key: `${r.kind}:${r.id}`, reason: reasonFor(r) }));
    });
  }

  /** One PDF of the chosen documents, in the order chosen; each is recorded as printed once the merge succeeded. */
  async print(
    auth: AuthContext,
    keys: unknown,
    base: string,
    origin: RequestOrigin,
  ): Promise<{ bytes: Buffer; filename: string; count: number }> {
    const chosen = [...new Set((Array.isArray(keys) ? keys : keys === undefined ? [] : [keys]).map(String))];
    if (!chosen.length)
      throw new DomainError('VALIDATION_FAILED', 'Tick at least one document to print.', { items: 'tick at least one document' });
    if (chosen.length > MAX_BATCH)
      throw new DomainError('VALIDATION_FAILED', `Print at most ${MAX_BATCH} at a time.`, { items: `at most ${MAX_BATCH} at a time` });
    const parsed = chosen.map((key) => KEY.exec(key));
    if (parsed.some((m) => !m))
      throw new DomainError('VALIDATION_FAILED', 'Some ticked items are not in the queue.', { items: 'must be documents from the queue' });
    const waiting = new Set((await this.list(auth)).map((r) => r.key));
    if (chosen.some((key) => !waiting.has(key))) {
      throw new DomainError('VALIDATION_FAILED', 'Some documents are no longer waiting to be printed: reload the queue.', {
        items: 'reload the queue',
      });
    }
    const merged = await PDFDocument.create();
    const printed: Array<{ kind: PrintableKind; recordId: string; sha: string }> = [];
    for (const match of parsed as RegExpExecArray[]) {
      const [, kind, id] = match as unknown as [string, PrintableKind, string];
      // Each document is recorded below as printed, once the merge succeeded.
      const pdf =
        kind === 'agreement' ? await this.agreements.forStaff(auth, id, base, null) : await this.summaries.forStaff(auth, id, null);
      const source = await PDFDocument.load(pdf.bytes);
      for (const page of await merged.copyPages(source, source.getPageIndices())) merged.addPage(page);
      printed.push({ kind, recordId: id, sha: sha256Hex(pdf.bytes) });
    }
    const bytes = Buffer.from(await merged.save());
    const at = new Date();
    await this.tx.run(async (tx) => {
      await this.queue.record(
        tx,
        printed.map((p) => ({
          practiceId: auth.practiceId,
          kind: p.kind,
          recordId: p.recordId,
          documentSha256: p.sha,
          printedById: auth.userId,
          printedByName: auth.name,
          printedAt: at,
        })),
      );
      for (const p of printed) {
        await this.audit.record(
          tx,
          auth.practiceId,
          staffActor(auth, origin),
          p.kind === 'agreement'
            ? { action: 'agreement.printed', recordKind: 'agreement', recordId: p.recordId }
            : { action: 'intake.printed', recordKind: 'intake', recordId: p.recordId },
        );
      }
    });
    return { bytes, filename: `print-batch-${at.toISOString().slice(0, 16).replace(/[:T]/g, '-')}.pdf`, count: printed.length };
  }
}
