import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../accounts/auth-context';
import { DomainError, notFound } from '../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Transactions } from '../database/transaction';
import { MAIL_KIND_LABELS, MAIL_STATUS_LABELS, MAIL_STATUSES, MailStatus } from './mail-kinds';
import { isMailAddress, MailService } from './mail.service';
import { OutboxRepository } from './outbox.repository';

export const OUTBOX_PAGE_SIZE = 200;

/** Staff's view of the practice's e-mail: what was sent, what waits, what failed and why; never the bodies (they hold client links). */
@Injectable()
export class OutboxService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tx: Transactions,
    private readonly outbox: OutboxRepository,
    private readonly mail: MailService,
  ) {}

  list(auth: AuthContext, status?: MailStatus) {
    return this.tx.run(async (tx) => {
      const messages = await this.outbox.list(tx, auth.practiceId, status, OUTBOX_PAGE_SIZE);
      const counts = Object.fromEntries(MAIL_STATUSES.map((s) => [s, 0])) as Record<MailStatus, number>;
      for (const c of await this.outbox.countByStatus(tx, auth.practiceId)) counts[c.status] = c.count;
      return {
        configured: !!this.config.mail.smtpUrl,
        counts,
        messages: messages.map((m) => ({
          id: m.id,
          to: m.toAddress,
          subject: m.subject,
          kind: MAIL_KIND_LABELS[m.kind] ?? m.kind,
          status: m.status,
          statusLabel: MAIL_STATUS_LABELS[m.status] ?? m.status,
          attempts: m.attempts,
          nextAttemptAt: m.status === 'queued' ? m.nextAttemptAt : null,
          lastError: m.lastError,
          sentAt: m.sentAt,
          createdAt: m.createdAt,
          retryable: m.status === 'failed' || m.status === 'held',
        })),
      };
    });
  }

  /**
   * "Retry now": a failed or held message is queued again, due at once. Another practice's id is not
   * found; one already sent or on its way is left alone; without a mail server a message stays held.
   */
  retry(auth: AuthContext, id: string): Promise<'queued' | 'unchanged' | 'not_configured'> {
    return this.tx.run(async (tx) => {
      const message = await this.outbox.findInPractice(tx, auth.practiceId, id, true);
      if (!message) throw notFound('That message');
      if (message.status !== 'failed' && message.status !== 'held') return 'unchanged';
      if (!this.config.mail.smtpUrl) return 'not_configured';
      if (!isMailAddress(message.toAddress)) {
        throw new DomainError('VALIDATION_FAILED', 'This message’s address is not a valid e-mail address, so it cannot be sent.', {
          to: 'is not a valid e-mail address',
        });
      }
      await this.outbox.requeue(tx, id);
      await this.mail.deliverSoon(tx);
      return 'queued';
    });
  }
}
