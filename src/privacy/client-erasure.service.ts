import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import type { AuthContext } from '../accounts/auth-context';
import { Practice } from '../accounts/entities/practice.entity';
import type { RequestOrigin } from '../accounts/sessions.service';
import { AGREEMENT_STATUS_LABELS } from '../agreements/agreement-status';
import { Agreement } from '../agreements/entities/agreement.entity';
import { staffActor, systemActor } from '../audit/audit-events';
import { AuditService } from '../audit/audit.service';
import { Client } from '../clients/client.entity';
import { calendarDay, longDay, todayIn } from '../common/calendar';
import { DomainError, notFound } from '../common/errors/domain-error';
import { Transactions } from '../database/transaction';
import { Intake } from '../intake/entities/intake.entity';
import { ERASURE_BASES, planErasure, RETENTION_YEARS, type ErasureBasis, type ErasurePlan } from './erasure-plan';

export interface ErasureInput {
  confirm?: unknown;
  basis?: unknown;
}

/** The word staff type to confirm: erasing cannot be undone. */
export const ERASE_CONFIRMATION = 'ERASE';

/**
 * Erasing a client (issue #9, privacy). Their personal data goes: contact details, every intake's
 * answers and submission, reflections, expectations checks, reviews, unsigned agreements, the
 * negotiation comments and the e-mails written to them. Signed agreements whose care has ended stay
 * for the practice's retention period (the practice's legal record), then a daily purge removes
 * them too. The client row stays, without personal data, as the erasure's record, with a
 * `client.erased` event in the audit trail. The audit trail itself keeps its events: they hold ids,
 * times and addresses, never names or answers.
 *
 * The immutable tables let rows go only in a transaction that sets `ayni.erasing` (migration
 * 1795897000000): only this service does.
 */
@Injectable()
export class ClientErasureService {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditService,
  ) {}

  /** What erasing would remove and keep, for the confirmation page. */
  async preview(auth: AuthContext, clientId: string) {
    return this.tx.run(async (tx) => {
      const { client, practice, plan, agreements } = await this.load(tx, auth.practiceId, clientId, false);
      return this.describe(client, practice, plan, agreements);
    });
  }

  async erase(auth: AuthContext, clientId: string, input: ErasureInput, origin: RequestOrigin) {
    return this.tx.run(async (tx) => {
      const { client, plan, agreements } = await this.load(tx, auth.practiceId, clientId, true);
      const basis = this.validate(input);
      if (client.erasedAt) throw new DomainError('CLIENT_ERASED', "This client's personal data has already been erased.");
      if (plan.inCare.length) {
        const names = agreements.filter((a) => plan.inCare.includes(a.id)).map((a) => `"${a.content.offering.title}"`);
        throw new DomainError(
          'CLIENT_IN_CARE',
          `This client is still in care under ${names.join(', ')}. End the agreement first (an agreement signed by the client is countersigned, then ended), then erase.`,
        );
      }
      await tx.query(`SELECT set_config('ayni.erasing', 'on', true)`);
      const practiceId = auth.practiceId;
      const intakeIds = (await tx.getRepository(Intake).find({ select: { id: true }, where: { practiceId, clientId } })).map((i) => i.id);
      const agreementIds = agreements.map((a) => a.id);
      const messagesRemoved = await this.deleteMessages(tx, practiceId, [
        ...intakeIds,
        ...agreementIds,
        ...(await this.reviewIds(tx, agreementIds)),
      ]);
      const reviewsRemoved = await this.deleteWhere(tx, 'reviews', 'agreement_id', agreementIds);
      await this.deleteWhere(tx, 'agreement_comments', 'agreement_id', agreementIds);
      await this.deleteAgreements(tx, plan.remove);

      // Intakes a kept agreement was made from stay as empty rows (the agreement points at them): no answers, link withdrawn.
      const keptIntakes = [...new Set(agreements.filter((a) => plan.keep.includes(a.id)).map((a) => a.intakeId))];
      const removedIntakes = intakeIds.filter((id) => !keptIntakes.includes(id));
      await this.deleteWhere(tx, 'intakes', 'id', removedIntakes);
      for (const table of ['intake_submissions', 'reflection_entries', 'reflections', 'alignment_checks']) {
        await this.deleteWhere(tx, table, 'intake_id', keptIntakes);
      }
      if (keptIntakes.length) {
        await tx.query(`UPDATE intakes SET answers = '{}'::jsonb, revoked_at = coalesce(revoked_at, now()) WHERE id = ANY($1)`, [
          keptIntakes,
        ]);
      }

      const now = new Date();
      await tx.getRepository(Client).update(
        { practiceId, id: clientId },
        {
          name: null,
          email: null,
          phone: null,
          language: null,
          erasedAt: now,
          erasedById: auth.userId,
          retainUntil: plan.retainUntil,
          purgedAt: plan.keep.length ? null : now,
        },
      );
      await this.audit.record(tx, practiceId, staffActor(auth, origin), {
        action: 'client.erased',
        recordKind: 'client',
        recordId: clientId,
        data: {
          basis,
          intakesRemoved: removedIntakes.length,
          agreementsRemoved: plan.remove.length,
          reviewsRemoved,
          messagesRemoved,
          agreementsKept: plan.keep.length,
          retainUntil: plan.retainUntil,
        },
      });
      return { agreementsKept: plan.keep.length, retainUntil: plan.retainUntil };
    });
  }

  /**
   * The end of retention: the kept agreements of erased clients whose day has come are removed,
   * each client in its own transaction. `today` is a UTC day; a practice ahead of UTC waits at
   * most one day more, never less.
   */
  async purgeDue(today = new Date().toISOString().slice(0, 10)): Promise<number> {
    const due = await this.tx.run((tx) =>
      tx
        .getRepository(Client)
        .createQueryBuilder('c')
        .select(['c.id', 'c.practiceId'])
        .where('c.erased_at IS NOT NULL AND c.purged_at IS NULL AND c.retain_until <= :today', { today })
        .getMany(),
    );
    for (const { id, practiceId } of due) {
      await this.tx.run(async (tx) => {
        const client = await tx.getRepository(Client).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!client || client.purgedAt) return;
        await tx.query(`SELECT set_config('ayni.erasing', 'on', true)`);
        const agreementIds = (await tx.getRepository(Agreement).find({ select: { id: true }, where: { practiceId, clientId: id } })).map(
          (a) => a.id,
        );
        await this.deleteWhere(tx, 'reviews', 'agreement_id', agreementIds);
        await this.deleteAgreements(tx, agreementIds);
        await tx.query(`DELETE FROM intakes WHERE practice_id = $1 AND client_id = $2`, [practiceId, id]);
        await tx.getRepository(Client).update({ id }, { purgedAt: new Date() });
        await this.audit.record(tx, practiceId, systemActor, {
          action: 'client.purged',
          recordKind: 'client',
          recordId: id,
          data: { agreementsRemoved: agreementIds.length },
        });
      });
    }
    return due.length;
  }

  async retention(auth: AuthContext): Promise<number> {
    return this.tx.run(async (tx) => (await tx.getRepository(Practice).findOneOrFail({ where: { id: auth.practiceId } })).retentionYears);
  }

  /** The owner's retention setting: years a kept agreement stays after care ended. */
  async setRetention(auth: AuthContext, input: unknown, origin: RequestOrigin): Promise<number> {
    const years = typeof input === 'number' ? input : typeof input === 'string' && /^\s*\d{1,3}\s*$/.test(input) ? Number(input) : NaN;
    if (!Number.isInteger(years) || years < RETENTION_YEARS.min || years > RETENTION_YEARS.max) {
      throw new DomainError('VALIDATION_FAILED', 'Check the retention period.', {
        retentionYears: `must be a whole number of years from ${RETENTION_YEARS.min} to ${RETENTION_YEARS.max}`,
      });
    }
    return this.tx.run(async (tx) => {
      const practice = await tx.getRepository(Practice).findOne({ where: { id: auth.practiceId }, lock: { mode: 'pessimistic_write' } });
      if (!practice) throw notFound('That practice');
      if (practice.retentionYears === years) return years;
      await tx.getRepository(Practice).update({ id: practice.id }, { retentionYears: years });
      await this.audit.record(tx, practice.id, staffActor(auth, origin), {
        action: 'practice.retention_changed',
        recordKind: 'practice',
        recordId: practice.id,
        data: { years, previous: practice.retentionYears },
      });
      return years;
    });
  }

  private validate(input: ErasureInput): ErasureBasis {
    const fields: Record<string, string> = {};
    if (typeof input.confirm !== 'string' || input.confirm.trim().toUpperCase() !== ERASE_CONFIRMATION) {
      fields.confirm = `type ${ERASE_CONFIRMATION} to confirm`;
    }
    if (!ERASURE_BASES.includes(input.basis as ErasureBasis)) fields.basis = `must be one of ${ERASURE_BASES.join(', ')}`;
    if (Object.keys(fields).length) throw new DomainError('VALIDATION_FAILED', 'Check the erasure form.', fields);
    return input.basis as ErasureBasis;
  }

  private async load(tx: EntityManager, practiceId: string, clientId: string, lock: boolean) {
    const client = await tx
      .getRepository(Client)
      .findOne({ where: { practiceId, id: clientId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!client) throw notFound('That client');
    const practice = (await tx.getRepository(Practice).findOne({ where: { id: practiceId } }))!;
    const agreements = await tx.getRepository(Agreement).find({ where: { practiceId, clientId }, order: { createdAt: 'ASC' } });
    const plan = planErasure(
      agreements.map((a) => ({ id: a.id, status: a.status, endedOn: calendarDay(a.updatedAt, practice.timeZone) })),
      practice.retentionYears,
      todayIn(practice.timeZone),
    );
    return { client, practice, plan, agreements };
  }

  private describe(client: Client, practice: Practice, plan: ErasurePlan, agreements: Agreement[]) {
    const listed = (ids: string[]) =>
      agreements
        .filter((a) => ids.includes(a.id))
        .map((a) => ({ id: a.id, title: a.content.offering.title, status: AGREEMENT_STATUS_LABELS[a.status], code: a.verificationCode }));
    return {
      client: { id: client.id, name: client.name, erased: !!client.erasedAt },
      retentionYears: practice.retentionYears,
      inCare: listed(plan.inCare),
      keep: listed(plan.keep),
      removeAgreements: plan.remove.length,
      retainUntil: plan.retainUntil,
      retainUntilText: plan.retainUntil ? longDay(plan.retainUntil, practice.locale) : null,
    };
  }

  private async reviewIds(tx: EntityManager, agreementIds: string[]): Promise<string[]> {
    if (!agreementIds.length) return [];
    const rows: Array<{ id: string }> = await tx.query('SELECT id FROM reviews WHERE agreement_id = ANY($1)', [agreementIds]);
    return rows.map((r) => r.id);
  }

  /** E-mails written to the client: found by the record their dedupe key names (`agreement_ready:<id>:2`). */
  private async deleteMessages(tx: EntityManager, practiceId: string, recordIds: string[]): Promise<number> {
    if (!recordIds.length) return 0;
    const [, count] = await tx.query(`DELETE FROM outbox_messages WHERE practice_id = $1 AND split_part(dedupe_key, ':', 2) = ANY($2)`, [
      practiceId,
      recordIds,
    ]);
    return Number(count) || 0;
  }

  /** An amendment points at the agreement it replaced: the newest go first, so nothing still points at a row being removed. */
  private async deleteAgreements(tx: EntityManager, ids: string[]): Promise<void> {
    if (!ids.length) return;
    for (const table of ['agreement_signatures', 'agreement_documents', 'agreement_scans', 'agreement_comments']) {
      await this.deleteWhere(tx, table, 'agreement_id', ids);
    }
    let left = ids;
    while (left.length) {
      const [gone] = await tx.query(
        `DELETE FROM agreements WHERE id = ANY($1) AND NOT EXISTS (SELECT 1 FROM agreements n WHERE n.amends_id = agreements.id) RETURNING id`,
        [left],
      );
      const removed = new Set((gone as Array<{ id: string }>).map((r) => r.id));
      if (!removed.size) throw new Error('agreements still referenced by an amendment that is kept');
      left = left.filter((id) => !removed.has(id));
    }
  }

  private async deleteWhere(tx: EntityManager, table: string, column: string, ids: string[]): Promise<number> {
    if (!ids.length) return 0;
    const [, count] = await tx.query(`DELETE FROM ${table} WHERE ${column} = ANY($1)`, [ids]);
    return Number(count) || 0;
  }
}
