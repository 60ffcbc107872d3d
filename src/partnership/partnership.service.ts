import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import type { AuthContext } from '../accounts/auth-context';
import { can } from '../accounts/permissions';
import { StaffUser } from '../accounts/entities/staff-user.entity';
import { RecordLookups } from '../accounts/record-lookups';
import type { RequestOrigin } from '../accounts/sessions.service';
import { clientActor, staffActor } from '../audit/audit-events';
import { AuditService } from '../audit/audit.service';
import { PracticesRepository } from '../accounts/repositories/practices.repository';
import { describeAgreementChanges } from '../agreements/agreement-diff';
import { clientLocale, DEFAULT_LANGUAGE, type Language } from '../i18n/languages';
import { IN_EFFECT, TOOK_EFFECT } from '../agreements/agreement-status';
import { Agreement } from '../agreements/entities/agreement.entity';
import { AgreementSignature } from '../agreements/entities/agreement-signature.entity';
import { ReflectionEntry } from '../alignment/entities/reflection-entry.entity';
import type { ResponseContent } from '../alignment/reflection-content';
import { Client } from '../clients/client.entity';
import { calendarDay, longDay } from '../common/calendar';
import { notFound } from '../common/errors/domain-error';
import { Transactions } from '../database/transaction';
import { Intake } from '../intake/entities/intake.entity';
import { ClientIntakeService } from '../intake/client-intake.service';
import { Review } from '../reviews/review.entity';
import { ReviewsService } from '../reviews/reviews.service';
import type { TimelineAgreement, TimelineFacts } from './partnership-timeline';

/**
 * Gathers one client's partnership, from the first invitation to today, as dated facts for the
 * timeline: intakes, the reflection thread, every agreement and amendment, and their reviews.
 */
@Injectable()
export class PartnershipService {
  constructor(
    private readonly tx: Transactions,
    private readonly practices: PracticesRepository,
    private readonly reviews: ReviewsService,
    private readonly clientIntake: ClientIntakeService,
    private readonly audit: AuditService,
    records: RecordLookups,
  ) {
    records.register('client', 'client', (auth, id) =>
      this.tx.run(async (tx) => !!(await tx.getRepository(Client).findOne({ where: { practiceId: auth.practiceId, id } }))),
    );
  }

  /** Staff: any client of their practice. Reading it is recorded. */
  forStaff(auth: AuthContext, clientId: string, readFrom: RequestOrigin) {
    return this.tx.run(async (tx) => {
      const client = await tx.getRepository(Client).findOne({ where: { practiceId: auth.practiceId, id: clientId } });
      if (!client) throw notFound('That client');
      await this.audit.record(tx, auth.practiceId, staffActor(auth, readFrom), {
        action: 'client.timeline_viewed',
        recordKind: 'client',
        recordId: client.id,
      });
      const facts = await this.facts(tx, auth.practiceId, client.id, can(auth.role, 'intake.read_answers'));
      return { client, facts, erasure: await this.erasure(tx, client) };
    });
  }

  /** The record of an erasure, in words: when, by whom, and until when signed agreements are kept. */
  private async erasure(tx: EntityManager, client: Client) {
    if (!client.erasedAt) return null;
    const practice = (await this.practices.findById(tx, client.practiceId))!;
    const by = client.erasedById ? await tx.getRepository(StaffUser).findOne({ where: { id: client.erasedById } }) : null;
    return {
      on: longDay(calendarDay(client.erasedAt, practice.timeZone), practice.locale),
      by: by?.name ?? null,
      retainUntil: client.retainUntil && !client.purgedAt ? longDay(client.retainUntil, practice.locale) : null,
    };
  }

  /** The client, through their link: their own partnership with that practice. */
  /** The client's timeline; an amendment's changes are told in `language` (their own, from their link). */
  async forClient(token: string, readFrom: RequestOrigin, language: Language = DEFAULT_LANGUAGE) {
    const { intake } = await this.clientIntake.live(token);
    return this.tx.run(async (tx) => {
      await this.audit.record(tx, intake.practiceId, clientActor(intake.clientId, readFrom), {
        action: 'client.timeline_viewed',
        recordKind: 'client',
        recordId: intake.clientId,
      });
      return this.facts(tx, intake.practiceId, intake.clientId, true, language);
    });
  }

  /** `quoteWords`: false for readers who may not see what the client or practitioner wrote (front desk). */
  private async facts(
    tx: EntityManager,
    practiceId: string,
    clientId: string,
    quoteWords: boolean,
    /** The client's, when they read it; staff read English. */
    language?: Language,
  ): Promise<TimelineFacts> {
    const practice = (await this.practices.findById(tx, practiceId))!;
    // Staff read the changes in English and the practice's locale; a client in their language and locale.
    const changesIn = {
      locale: language ? clientLocale(language, practice.locale) : practice.locale,
      language: language ?? DEFAULT_LANGUAGE,
      textLocale: practice.locale,
      quoteWords,
    };
    const day = (moment: Date) => calendarDay(moment, practice.timeZone);
    await this.reviews.schedule(tx, practiceId);
    const intakes = await tx.getRepository(Intake).find({ where: { practiceId, clientId }, order: { createdAt: 'ASC' } });
    const entries = intakes.length
      ? await tx.getRepository(ReflectionEntry).find({ where: { intakeId: In(intakes.map((i) => i.id)) }, order: { createdAt: 'ASC' } })
      : [];
    const agreements = await tx.getRepository(Agreement).find({ where: { practiceId, clientId }, order: { createdAt: 'ASC' } });
    const ids = agreements.map((a) => a.id);
    const signatures = ids.length ? await tx.getRepository(AgreementSignature).find({ where: { agreementId: In(ids) } }) : [];
    const reviews = ids.length ? await tx.getRepository(Review).find({ where: { agreementId: In(ids) }, order: { dueDate: 'ASC' } }) : [];
    const signedOn = (agreementId: string, role: 'client' | 'practitioner') => {
      const s = signatures.find((x) => x.agreementId === agreementId && x.role === role);
      return s ? day(s.signedAt) : null;
    };
    const byId = new Map(agreements.map((a) => [a.id, a]));
    return {
      today: day(new Date()),
      intakes: intakes.map((i) => ({ invitedOn: day(i.createdAt), submittedOn: i.submittedAt ? day(i.submittedAt) : null })),
      reflections: entries.map((e) => ({
        on: day(e.createdAt),
        round: e.round,
        kind: e.kind === 'reflection' ? 'sent' : (e.content as ResponseContent).verdict,
      })),
      agreements: agreements.map((a): TimelineAgreement => ({
        id: a.id,
        amendsId: a.amendsId,
        status: a.status,
        title: a.content.offering.title,
        startDate: a.content.schedule.startDate,
        phases: a.content.schedule.phases,
        careArc: a.content.careArc ?? null,
        clientSignedOn: signedOn(a.id, 'client'),
        countersignedOn: TOOK_EFFECT.includes(a.status) ? signedOn(a.id, 'practitioner') : null,
        // Once ended, an agreement's row changes no more: its last update is the ending.
        endedOn: a.status === 'ended' ? day(a.updatedAt) : null,
        changes: a.amendsId && byId.has(a.amendsId) ? describeAgreementChanges(byId.get(a.amendsId)!.content, a.content, changesIn) : [],
      })),
      // A review still open on an agreement no longer in effect will not happen: the newer one is reviewed instead.
      reviews: reviews
        .filter((r) => r.answeredAt || r.decidedAt || IN_EFFECT.includes(byId.get(r.agreementId)!.status))
        .map((r) => ({
          label: r.label,
          dueDate: r.dueDate,
          answeredOn: r.answeredAt ? day(r.answeredAt) : null,
          decidedOn: r.decidedAt ? day(r.decidedAt) : null,
          decision: r.decision,
        })),
    };
  }
}
