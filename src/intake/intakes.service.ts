import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthContext } from '../accounts/auth-context';
import { can } from '../accounts/permissions';
import { RecordLookups } from '../accounts/record-lookups';
import type { RequestOrigin } from '../accounts/sessions.service';
import { AuditService } from '../audit/audit.service';
import { ClientsRepository } from '../clients/clients.repository';
import { DomainError, notFound } from '../common/errors/domain-error';
import { ClientMail } from '../mail/client-mail.service';
import { Transactions } from '../database/transaction';
import { OfferingsRepository } from '../offerings/repositories/offerings.repository';
import { AnswerSection, answerSections } from './answers-view';
import type { IntakeSubmission } from './entities/intake-submission.entity';
import type { Intake } from './entities/intake.entity';
import { WAITING_ON, type ReflectionStatus } from '../alignment/reflection-status';
import { IntakeTemplatesService } from './intake-templates.service';
import { DEFAULT_LINK_DAYS, LinkState, linkState, newLink } from './intake-links';
import { INTAKE_STATUSES, IntakeStatus, nextStatus } from './intake-status';
import { IntakeSubmissionsRepository } from './repositories/intake-submissions.repository';
import { InboxCursor, InboxRow, IntakesRepository } from './repositories/intakes.repository';

export interface InviteInput {
  name: string;
  email?: string;
  phone?: string;
  offeringId?: string;
  expiresInDays?: number;
  language?: string;
}

export interface IntakeDetail {
  intake: Intake;
  client: { name: string | null; email: string | null; phone: string | null };
  offeringTitle: string | null;
  link: LinkState;
  waitingOn: 'practitioner' | 'client' | null;
  /** Only for roles that may read answers. */
  answers?: { sections: AnswerSection[]; submitted: boolean; templateVersion: number };
}

export const INBOX_PAGE_SIZE = 50;

const staff = (auth: AuthContext, origin?: RequestOrigin) => ({ kind: 'staff' as const, id: auth.userId, origin });

/** Staff's side of intake: inviting clients, the inbox, reading what a client wrote, links. */
@Injectable()
export class IntakesService {
  constructor(
    private readonly tx: Transactions,
    private readonly intakes: IntakesRepository,
    private readonly submissions: IntakeSubmissionsRepository,
    private readonly clients: ClientsRepository,
    private readonly offerings: OfferingsRepository,
    private readonly templates: IntakeTemplatesService,
    private readonly audit: AuditService,
    private readonly mail: ClientMail,
    records: RecordLookups,
  ) {
    records.register('intake', 'intake', (auth, id) =>
      this.tx.run(async (tx) => !!(await this.intakes.findInPractice(tx, auth.practiceId, id))),
    );
  }

  invite(auth: AuthContext, input: InviteInput): Promise<{ intake: Intake; token: string }> {
    return this.tx.run(async (tx) => {
      if (input.offeringId && !(await this.offerings.findInPractice(tx, auth.practiceId, input.offeringId))) {
        throw new DomainError('VALIDATION_FAILED', 'That offering is not one of this practice’s.', {
          offeringId: 'is not an offering of this practice',
        });
      }
      const client = await this.clients.create(tx, {
        practiceId: auth.practiceId,
        name: input.name,
        email: input.email ?? null,
        language: input.language ?? null,
        phone: input.phone ?? null,
      });
      const version = await this.templates.currentVersion(tx, auth.practiceId);
      const link = newLink(input.expiresInDays ?? DEFAULT_LINK_DAYS);
      const intake = await this.intakes.create(tx, {
        practiceId: auth.practiceId,
        clientId: client.id,
        offeringId: input.offeringId ?? null,
        templateVersionId: version.id,
        tokenHash: link.tokenHash,
        expiresAt: link.expiresAt,
        createdById: auth.userId,
      });
      await this.mail.intakeInvitation(tx, intake, link.token, client);
      return { intake, token: link.token };
    });
  }

  /** A fresh link for the same intake; the old one stops working at once. */
  newLink(auth: AuthContext, id: string, days = DEFAULT_LINK_DAYS, origin?: RequestOrigin): Promise<{ intake: Intake; token: string }> {
    return this.tx.run(async (tx) => {
      const intake = await this.mustFind(tx, auth, id, true);
      // The link opens everything the client wrote: only a role that may read it can be handed a new one.
      if (intake.status !== 'invited' && !can(auth.role, 'intake.read_answers')) {
        throw new DomainError(
          'FORBIDDEN',
          'The client has already written answers, and the link opens them: a practitioner or the owner can send a new link.',
        );
      }
      const link = newLink(days);
      await this.intakes.update(tx, auth.practiceId, id, { tokenHash: link.tokenHash, expiresAt: link.expiresAt, revokedAt: null });
      await this.audit.record(tx, auth.practiceId, staff(auth, origin), {
        action: 'intake.link_created',
        recordKind: 'intake',
        recordId: id,
      });
      return { intake: { ...intake, expiresAt: link.expiresAt, revokedAt: null }, token: link.token };
    });
  }

  revokeLink(auth: AuthContext, id: string, origin?: RequestOrigin): Promise<void> {
    return this.tx.run(async (tx) => {
      const intake = await this.mustFind(tx, auth, id, true);
      if (intake.revokedAt) return;
      await this.intakes.update(tx, auth.practiceId, id, { revokedAt: new Date() });
      await this.audit.record(tx, auth.practiceId, staff(auth, origin), {
        action: 'intake.link_revoked',
        recordKind: 'intake',
        recordId: id,
      });
    });
  }

  markReviewed(auth: AuthContext, id: string, origin?: RequestOrigin): Promise<void> {
    return this.tx.run(async (tx) => {
      const intake = await this.mustFind(tx, auth, id, true);
      if (!(await this.markReviewedIn(tx, auth, intake, origin))) {
        throw new DomainError(
          intake.status === 'reviewed' ? 'INTAKE_ALREADY_REVIEWED' : 'INTAKE_NOT_SUBMITTED',
          intake.status === 'reviewed' ? 'This intake is already marked as reviewed.' : 'The client has not submitted this intake yet.',
        );
      }
    });
  }

  /** Inside another use case's transaction (writing back also means the intake was read); false when the flow does not allow it. */
  async markReviewedIn(tx: EntityManager, auth: AuthContext, intake: Intake, origin?: RequestOrigin): Promise<boolean> {
    const next = nextStatus(intake.status, 'mark_reviewed');
    if (!next) return false;
    await this.intakes.update(tx, auth.practiceId, intake.id, { status: next, reviewedAt: new Date() });
    await this.audit.record(tx, auth.practiceId, staff(auth, origin), {
      action: 'intake.reviewed',
      recordKind: 'intake',
      recordId: intake.id,
    });
    return true;
  }

  /**
   * A page of the inbox, with the counts per status and the offerings to filter by. Pages go by
   * number (`page`), or after the row a cursor names (`after`, the `next` of the page before:
   * keyset pagination, as fast on page 400 as on page 1).
   */
  inbox(auth: AuthContext, filter: { status?: IntakeStatus; search?: string; offeringId?: string; page?: number; after?: string }) {
    const page = Math.max(1, filter.page ?? 1);
    const after = filter.after === undefined ? undefined : decodeCursor(filter.after);
    return this.tx.run(async (tx) => {
      const counts = await this.countsIn(tx, auth);
      const found = await this.intakes.inbox(tx, auth.practiceId, {
        ...filter,
        after,
        limit: INBOX_PAGE_SIZE,
        offset: after ? 0 : (page - 1) * INBOX_PAGE_SIZE,
      });
      // The counts per status hold the total unless a search or an offering narrows the list; a search
      // counts its matches on the way, unless this page is past the last.
      const total =
        found.total ??
        (filter.search?.trim() || filter.offeringId
          ? await this.intakes.countInbox(tx, auth.practiceId, filter)
          : filter.status
            ? counts[filter.status]
            : Object.values(counts).reduce((a, b) => a + b, 0));
      const offerings = await this.offeringOptionsIn(tx, auth);
      return {
        rows: found.rows.map(inboxItem),
        total,
        page,
        pages: Math.max(1, Math.ceil(total / INBOX_PAGE_SIZE)),
        next: found.next ? encodeCursor(found.next) : null,
        counts,
        offerings,
      };
    });
  }

  /** How many intakes are in each status. */
  counts(auth: AuthContext): Promise<Record<IntakeStatus, number>> {
    return this.tx.run((tx) => this.countsIn(tx, auth));
  }

  private async countsIn(tx: EntityManager, auth: AuthContext) {
    const counts = Object.fromEntries(INTAKE_STATUSES.map((s) => [s, 0])) as Record<IntakeStatus, number>;
    for (const c of await this.intakes.countByStatus(tx, auth.practiceId)) counts[c.status] = c.count;
    return counts;
  }

  /** The offerings an intake can be tied to. */
  offeringOptions(auth: AuthContext) {
    return this.tx.run((tx) => this.offeringOptionsIn(tx, auth));
  }

  private async offeringOptionsIn(tx: EntityManager, auth: AuthContext) {
    const offerings = await this.offerings.listForPractice(tx, auth.practiceId);
    return offerings
      .filter((o) => !o.withdrawnAt)
      .map((o) => ({ id: o.id, title: o.draft.title || '(untitled)', published: o.latestVersion > 0 }));
  }

  /** One intake for staff; `readFrom` (where the person reading is) records the read, null when the page records its own. */
  detail(auth: AuthContext, id: string, readFrom: RequestOrigin | null): Promise<IntakeDetail> {
    return this.tx.run(async (tx) => {
      const intake = await this.mustFind(tx, auth, id);
      const row = (await this.intakes.inbox(tx, auth.practiceId, { id, limit: 1, offset: 0 })).rows[0];
      const detail: IntakeDetail = {
        intake,
        waitingOn: waitingOn(row),
        client: { name: row.clientName ?? row.answeredName, email: row.email, phone: row.phone },
        offeringTitle: row.offeringTitle,
        link: linkState(intake),
      };
      if (can(auth.role, 'intake.read_answers')) {
        const { version, answers } = await this.answered(tx, intake);
        detail.answers = {
          sections: answerSections(version.content, answers),
          submitted: !!intake.submittedAt,
          templateVersion: version.version,
        };
      }
      if (readFrom) {
        await this.audit.record(tx, auth.practiceId, staff(auth, readFrom), {
          action: 'intake.viewed',
          recordKind: 'intake',
          recordId: id,
          data: { answers: !!detail.answers },
        });
      }
      return detail;
    });
  }

  /**
   * What an export needs: the version answered on, the submission (or the draft so far). With
   * `exported`, the export is recorded in the same transaction.
   */
  forExport(auth: AuthContext, id: string, exported: { format: 'json' | 'fhir'; origin: RequestOrigin } | null) {
    return this.tx.run(async (tx) => {
      const intake = await this.mustFind(tx, auth, id);
      const { version, answers, submission } = await this.answered(tx, intake);
      if (exported) {
        await this.audit.record(tx, auth.practiceId, staff(auth, exported.origin), {
          action: 'intake.exported',
          recordKind: 'intake',
          recordId: id,
          data: { format: exported.format },
        });
      }
      return { intake, version, answers, submission };
    });
  }

  private async answered(tx: EntityManager, intake: Intake) {
    const version = (await this.templates.findVersion(tx, intake.practiceId, intake.templateVersionId))!;
    const submission: IntakeSubmission | null = intake.submittedAt ? await this.submissions.findForIntake(tx, intake.id) : null;
    return { version, submission, answers: submission?.answers ?? this.intakes.answersOf(intake) };
  }

  private async mustFind(tx: EntityManager, auth: AuthContext, id: string, lock = false): Promise<Intake> {
    const intake = await this.intakes.findInPractice(tx, auth.practiceId, id, lock);
    if (!intake) throw notFound('That intake');
    return intake;
  }
}

/** Once submitted, someone is expected to act: the practitioner (to write back) or the client (to answer). */
function waitingOn(row: InboxRow): 'practitioner' | 'client' | null {
  if (!row.submittedAt) return null;
  const status = (row.heardStatus ?? 'awaiting_reflection') as ReflectionStatus;
  return WAITING_ON[status] ?? null;
}

/** A cursor as callers see it: opaque, URL-safe. */
const encodeCursor = (cursor: InboxCursor) => Buffer.from(`${cursor.at}.${cursor.id}`).toString('base64url');

function decodeCursor(text: string): InboxCursor {
  const match = /^(-?\d{1,18})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(
    Buffer.from(text, 'base64url').toString('latin1'),
  );
  if (!match)
    throw new DomainError('VALIDATION_FAILED', 'That page of the list does not exist: start again from the first page.', {
      after: 'is not a page of this list',
    });
  return { at: match[1], id: match[2] };
}

function inboxItem(row: InboxRow) {
  return {
    ...row,
    name: row.clientName ?? row.answeredName ?? null,
    link: linkState(row),
    waitingOn: waitingOn(row),
    heard: row.heardStatus === 'heard',
  };
}
