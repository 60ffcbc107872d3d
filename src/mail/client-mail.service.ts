import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthContext } from '../accounts/auth-context';
import type { Agreement } from '../agreements/entities/agreement.entity';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Transactions } from '../database/transaction';
import { clientLocale, type Language, languageForClient } from '../i18n/languages';
import type { Intake } from '../intake/entities/intake.entity';
import { linkPath } from '../intake/intake-links';
import { MailService } from './mail.service';
import { MailModel, oneLine } from './mail-templates';

interface Recipient {
  name: string | null;
  email: string | null;
  language: string | null;
}

/**
 * The messages clients receive, each queued inside the use case that causes it. Only the
 * invitation carries the client's link: Ayni keeps a link's hash, never the link, so later messages
 * tell the client to open the link they already have (a new link would stop the old one working).
 * Messages name the practice and how to reach it, never anything the client wrote.
 */
@Injectable()
export class ClientMail {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tx: Transactions,
    private readonly mail: MailService,
  ) {}

  /** Staff typed the address just now: a malformed one is refused. `base`: where links point (PUBLIC_URL by default). */
  async intakeInvitation(tx: EntityManager, intake: Intake, token: string, client: Recipient, base?: string) {
    if (!client.email) return null;
    const practice = await this.practiceModel(tx, intake.practiceId, client.language);
    return this.mail.queue(tx, intake.practiceId, {
      kind: 'intake_invitation',
      to: client.email,
      lang: practice.lang,
      addressFrom: 'input',
      dedupeKey: `intake_invitation:${intake.id}`,
      model: {
        ...practice,
        clientName: clean(client.name),
        link: this.mail.link(linkPath(token), base),
        expiresOn: practice.day(intake.expiresAt),
      },
    });
  }

  async reflectionReady(tx: EntityManager, auth: AuthContext, intakeId: string, round: number) {
    const client = await this.clientOfIntake(tx, auth.practiceId, intakeId);
    if (!client?.email) return null;
    const practice = await this.practiceModel(tx, auth.practiceId, client.language);
    return this.mail.queue(tx, auth.practiceId, {
      kind: 'reflection_ready',
      to: client.email,
      lang: practice.lang,
      dedupeKey: `reflection_ready:${intakeId}:${round}`,
      model: {
        ...practice,
        clientName: clean(client.name),
        practitionerName: clean(auth.name),
      },
    });
  }

  async agreementReady(tx: EntityManager, agreement: Agreement, proposal: number) {
    const client = await this.client(tx, agreement.practiceId, agreement.clientId);
    if (!client?.email) return null;
    const practice = await this.practiceModel(tx, agreement.practiceId, client.language);
    return this.mail.queue(tx, agreement.practiceId, {
      kind: 'agreement_ready',
      to: client.email,
      lang: practice.lang,
      dedupeKey: `agreement_ready:${agreement.id}:${proposal}`,
      model: {
        ...practice,
        clientName: clean(client.name),
        practitionerName: clean(agreement.content.practitioner?.name),
      },
    });
  }

  /**
   * A review planned in an agreement is due. `dueOn` is a calendar date (2026-12-07); `link`, a path
   * under the site, if the review has a page of its own.
   */
  async reviewDue(tx: EntityManager, practiceId: string, review: { id: string; clientId: string; dueOn: string; link?: string }) {
    const client = await this.client(tx, practiceId, review.clientId);
    if (!client?.email) return null;
    const practice = await this.practiceModel(tx, practiceId, client.language);
    return this.mail.queue(tx, practiceId, {
      kind: 'review_due',
      to: client.email,
      lang: practice.lang,
      dedupeKey: `review_due:${review.id}:${review.dueOn}`,
      model: {
        ...practice,
        clientName: clean(client.name),
        dueOn: practice.date(review.dueOn),
        link: review.link ? this.mail.link(review.link) : undefined,
      },
    });
  }

  /**
   * One reminder per intake whose draft has waited `days` days (its link still working). Its own
   * transaction: the sender calls it once a day, outside any use case. Returns how many were queued.
   */
  queueReminders(days = this.config.mail.reminderDays, limit = 500): Promise<number> {
    return this.tx.run(async (tx) => {
      const rows: Array<{
        id: string;
        practice_id: string;
        expires_at: Date;
        name: string | null;
        email: string | null;
        language: string | null;
      }> = await tx.query(
        `SELECT i.id, i.practice_id, i.expires_at, c.language,
                COALESCE(c.name, i.answers->>'about.name') AS name, COALESCE(c.email, i.answers->>'about.email') AS email
           FROM intakes i JOIN clients c ON c.id = i.client_id
          WHERE i.status = 'in_progress' AND i.saved_at < now() - make_interval(days => $1)
            AND i.revoked_at IS NULL AND i.expires_at > now()
            AND NOT EXISTS (SELECT 1 FROM outbox_messages m WHERE m.dedupe_key = 'intake_reminder:' || i.id)
          ORDER BY i.saved_at LIMIT $2`,
        [days, limit],
      );
      let queued = 0;
      for (const row of rows) {
        if (!row.email) continue;
        const practice = await this.practiceModel(tx, row.practice_id, row.language);
        const message = await this.mail.queue(tx, row.practice_id, {
          kind: 'intake_reminder',
          to: row.email,
          lang: practice.lang,
          dedupeKey: `intake_reminder:${row.id}`,
          model: { ...practice, clientName: clean(row.name), expiresOn: practice.day(row.expires_at) },
        });
        if (message) queued++;
      }
      return queued;
    });
  }

  /**
   * The practice as the message names it, and the language the message is written in: the
   * client's own (clients.language), else the practice's default (its locale's language); dates
   * and "or" in that language with the practice's region.
   */
  private async practiceModel(
    tx: EntityManager,
    practiceId: string,
    clientLanguage: string | null = null,
  ): Promise<MailModel & { lang: Language; day: (moment: Date) => string; date: (calendarDate: string) => string }> {
    const [p]: Array<{ name: string; phone: string; public_email: string; time_zone: string; locale: string }> = await tx.query(
      'SELECT name, phone, public_email, time_zone, locale FROM practices WHERE id = $1',
      [practiceId],
    );
    const contact = [p.phone, p.public_email].map((v) => oneLine(v ?? '')).filter(Boolean);
    const lang = languageForClient(clientLanguage, p.locale);
    // The practice's own locale when it is in the client's language (en-GB dates for an English client of a UK practice).
    const locale = clientLocale(lang, p.locale);
    return {
      lang,
      practice: { name: oneLine(p.name) },
      contact: contact.length ? orList(contact, locale) : undefined,
      day: (moment) => writtenDay(moment, locale, p.time_zone),
      // A calendar date is a day already: written as it is, whatever the time zone.
      date: (calendarDate) => writtenDay(new Date(`${calendarDate}T00:00:00Z`), locale, 'UTC'),
    };
  }

  private async clientOfIntake(tx: EntityManager, practiceId: string, intakeId: string): Promise<Recipient | undefined> {
    const [row]: Recipient[] = await tx.query(
      'SELECT c.name, c.email, c.language FROM intakes i JOIN clients c ON c.id = i.client_id WHERE i.id = $1 AND i.practice_id = $2',
      [intakeId, practiceId],
    );
    return row;
  }

  private async client(tx: EntityManager, practiceId: string, clientId: string): Promise<Recipient | undefined> {
    const [row]: Recipient[] = await tx.query('SELECT name, email, language FROM clients WHERE id = $1 AND practice_id = $2', [
      clientId,
      practiceId,
    ]);
    return row;
  }
}

/** "a or b" in the message's language ("a o b"). */
function orList(items: string[], locale: string): string {
  try {
    return new Intl.ListFormat(locale, { type: 'disjunction' }).format(items);
  } catch {
    return items.join(' or ');
  }
}

const clean = (value: string | null | undefined) => (value ? oneLine(value) : null);
/** A calendar day in the practice's time zone and locale, e.g. "December 7, 2026". */
function writtenDay(date: Date, locale: string, timeZone: string): string {
  const options = { day: 'numeric', month: 'long', year: 'numeric' } as const;
  try {
    return date.toLocaleDateString(locale, { ...options, timeZone });
  } catch {
    return date.toLocaleDateString('en-US', { ...options, timeZone: 'UTC' });
  }
}
