import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { isEmail } from 'class-validator';
import { EntityManager } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobQueue } from '../jobs/job-queue';
import { PROJECT_ROOT } from '../project-root';
import type { MailKind } from './mail-kinds';
import { MailModel, MailTemplates, RenderedMail } from './mail-templates';
import { OutboxRepository } from './outbox.repository';
import type { OutboxMessage } from './outbox-message.entity';

export interface MailInput {
  kind: MailKind;
  to: string;
  /** The event that causes the message (`reflection_ready:<intakeId>:<round>`): queued once, however often it is replayed. */
  dedupeKey: string;
  model: MailModel;
  /** The client's language where one is known; templates fall back to English. */
  lang?: string;
  /**
   * `input`: the address was typed just now, so a malformed one is refused (400, field `email`).
   * `data`: it comes from stored data (an automatic message), so the message is kept as failed, with the reason.
   */
  addressFrom?: 'input' | 'data';
}

/** What the DTOs accept, and at most 254 characters: one address, no display name, no header tricks. */
export const isMailAddress = (value: string) => value.length <= 254 && !/[\s<>,;"]/.test(value) && isEmail(value);

/**
 * Writes messages to the outbox inside the caller's transaction, so a message exists exactly when
 * the change that causes it was committed. Delivery happens later, in the MailSender.
 */
@Injectable()
export class MailService {
  private readonly templates = new MailTemplates(join(PROJECT_ROOT, 'views', 'mail'));

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxRepository,
    private readonly jobs: JobQueue,
  ) {}

  /** Null when this event already queued its message. */
  async queue(tx: EntityManager, practiceId: string, message: MailInput): Promise<OutboxMessage | null> {
    const to = message.to.trim();
    const valid = isMailAddress(to);
    if (!valid && message.addressFrom === 'input') {
      throw new DomainError('VALIDATION_FAILED', 'The e-mail address is not valid.', {
        email: 'must be an e-mail address like name@example.com',
      });
    }
    const rendered = this.render(message.kind, message.model, message.lang);
    const queued = await this.outbox.insert(tx, {
      practiceId,
      kind: message.kind,
      toAddress: to.replace(/[\x00-\x1f\x7f]/g, '').slice(0, 254),
      subject: rendered.subject,
      textBody: rendered.text,
      htmlBody: rendered.html,
      dedupeKey: message.dedupeKey.slice(0, 200),
      ...(valid
        ? this.config.mail.smtpUrl
          ? { status: 'queued', nextAttemptAt: new Date() }
          : { status: 'held', nextAttemptAt: null }
        : { status: 'failed', nextAttemptAt: null, lastError: 'The address is not a valid e-mail address, so nothing was sent.' }),
    });
    if (queued?.status === 'queued') await this.deliverSoon(tx);
    return queued;
  }

  /** Asks a worker to deliver what is due, once this transaction has committed. */
  deliverSoon(tx: EntityManager): Promise<unknown> {
    return this.jobs.send(tx, 'mail.deliver');
  }

  render(kind: MailKind, model: MailModel, lang = 'en'): RenderedMail {
    return this.templates.render(kind, model, lang);
  }

  /** An absolute link for a message: the caller's base, else PUBLIC_URL (required in production), else this server. */
  link(path: string, base?: string): string {
    const host = ['0.0.0.0', '::'].includes(this.config.host) ? 'localhost' : this.config.host;
    return `${base ?? this.config.publicUrl ?? `http://${host}:${this.config.port}`}${path}`;
  }
}
