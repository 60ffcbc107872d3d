import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { JsonLogger } from '../common/logger';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Transactions } from '../database/transaction';
import { JobQueue } from '../jobs/job-queue';
import { ClientMail } from './client-mail.service';
import { backoffMs, MAX_ATTEMPTS, SENDING_LEASE_MS } from './mail-kinds';
import { isMailAddress } from './mail.service';
import { Claimed, OutboxRepository } from './outbox.repository';

export interface DeliveryReport {
  sent: number;
  retrying: number;
  failed: number;
  held: number;
}

const BATCH = 20;

/**
 * Delivers the outbox over SMTP. Each run claims due messages in a short transaction (row locks,
 * SKIP LOCKED, so two senders never take the same message), commits them as `sending`, talks SMTP
 * with no transaction open (the embedded database has one connection), then records each outcome
 * in a transaction of its own. A failed attempt waits 1, 5, 25, 125 minutes; the fifth fails for good.
 *
 * Delivery is at least once: if the process stops after the SMTP server accepted a message but
 * before `sent` was recorded, the message stays `sending` until its lease (10 minutes) runs out,
 * then is sent again, so the client may get it twice. The other way round (recorded, never sent)
 * cannot happen.
 */
@Injectable()
export class MailSender implements OnApplicationBootstrap, OnModuleDestroy {
  private running: Promise<unknown> = Promise.resolve();
  private transport?: Transporter;
  /** Other features' daily mail (reviews coming due), queued with the reminders. */
  private readonly dailyJobs: Array<() => Promise<number>> = [];
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tx: Transactions,
    private readonly outbox: OutboxRepository,
    private readonly clientMail: ClientMail,
    private readonly logger: JsonLogger,
    jobs: JobQueue,
  ) {
    // Queued with every message and by the clock each minute (retries that came due).
    jobs.handle('mail.deliver', async () => {
      for (let r = await this.deliverDue(); r.sent + r.retrying + r.failed === BATCH && !this.stopped; r = await this.deliverDue());
    });
    jobs.handle('mail.daily', () => this.queueDaily());
  }

  onApplicationBootstrap() {
    if (!this.config.mail.smtpUrl) this.logger.event('warn', 'no SMTP_URL: e-mail is held on the Outbox page', {});
  }

  /** Waits for a run in progress, so the database is not closed under it. */
  async onModuleDestroy() {
    this.stopped = true;
    await this.running.catch(() => undefined);
    this.transport?.close();
  }

  /** A job that queues messages once a day, in its own transaction, before the day's delivery. */
  onDaily(job: () => Promise<number>): void {
    this.dailyJobs.push(job);
  }

  private async queueDaily() {
    const queued = await this.clientMail.queueReminders(this.config.mail.reminderDays);
    if (queued) this.logger.event('info', 'intake reminders queued', { queued });
    for (const job of this.dailyJobs) await job();
    await this.deliverDue();
  }

  /** Sends what is due now. Runs one at a time: a call during a run waits for it, then runs. */
  deliverDue(limit = BATCH): Promise<DeliveryReport> {
    const run = this.running.catch(() => undefined).then(() => this.run(limit));
    this.running = run;
    return run;
  }

  private async run(limit: number): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0, held: 0 };
    if (this.stopped) return report;
    if (!this.config.mail.smtpUrl) {
      report.held = await this.tx.run((tx) => this.outbox.holdDue(tx));
      return report;
    }
    const claimed = await this.tx.run((tx) => this.outbox.claimDue(tx, limit, SENDING_LEASE_MS));
    for (const [i, message] of claimed.entries()) {
      if (this.stopped) {
        // Shutting down: what was claimed but not tried goes back as it was, instead of waiting for its lease.
        await this.tx.run((tx) =>
          this.outbox.release(
            tx,
            claimed.slice(i).map((m) => m.id),
          ),
        );
        break;
      }
      report[await this.deliver(message)]++;
    }
    return report;
  }

  private async deliver(message: Claimed): Promise<'sent' | 'retrying' | 'failed'> {
    let outcome: { messageId: string | null } | { error: string; permanent: boolean };
    if (!isMailAddress(message.toAddress)) {
      outcome = { error: 'The address is not a valid e-mail address, so nothing was sent.', permanent: true };
    } else {
      try {
        const info = await this.smtp().sendMail({
          from: this.config.mail.from,
          to: message.toAddress,
          subject: message.subject,
          text: message.textBody,
          html: message.htmlBody,
        });
        outcome = { messageId: typeof info.messageId === 'string' ? info.messageId : null };
      } catch (error) {
        const code = (error as { responseCode?: unknown }).responseCode;
        // 5xx: the server refused this message for good (no such mailbox); retrying will not help.
        outcome = { error: this.describe(error), permanent: typeof code === 'number' && code >= 500 };
      }
    }
    if ('messageId' in outcome) {
      const { messageId } = outcome;
      await this.tx.run((tx) => this.outbox.markSent(tx, message.id, messageId));
      return 'sent';
    }
    const last = outcome.permanent || message.attempts >= MAX_ATTEMPTS;
    const retryAt = last ? null : new Date(Date.now() + backoffMs(message.attempts));
    const { error } = outcome;
    await this.tx.run((tx) => this.outbox.markAttemptFailed(tx, message.id, error, retryAt));
    this.logger.event(last ? 'error' : 'warn', last ? 'e-mail failed' : 'e-mail attempt failed', {
      outboxId: message.id,
      attempts: message.attempts,
      error,
      ...(retryAt ? { retryAt: retryAt.toISOString() } : {}),
    });
    return last ? 'failed' : 'retrying';
  }

  private smtp(): Transporter {
    this.transport ??= createTransport({
      url: this.config.mail.smtpUrl,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    } as Parameters<typeof createTransport>[0]);
    return this.transport;
  }

  /** What went wrong, short, without the SMTP URL or its password. */
  private describe(error: unknown): string {
    const e = error as { code?: unknown; message?: unknown };
    let text = `${typeof e.code === 'string' ? `${e.code}: ` : ''}${typeof e.message === 'string' ? e.message : String(error)}`;
    const url = this.config.mail.smtpUrl;
    if (url) {
      const secrets = [url];
      try {
        const parsed = new URL(url);
        if (parsed.password) secrets.push(parsed.password, decodeURIComponent(parsed.password));
        if (parsed.username) secrets.push(decodeURIComponent(parsed.username));
      } catch {
        // validated at boot; nothing more to hide
      }
      for (const secret of secrets.filter((s) => s.length >= 3)) text = text.split(secret).join('***');
    }
    return oneLineShort(text);
  }
}

const oneLineShort = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 300);
