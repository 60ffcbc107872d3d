import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { MailStatus } from './mail-kinds';
import { OutboxMessage } from './outbox-message.entity';

export type NewOutboxMessage = Pick<
  OutboxMessage,
  'practiceId' | 'kind' | 'toAddress' | 'subject' | 'textBody' | 'htmlBody' | 'dedupeKey' | 'status' | 'nextAttemptAt'
> &
  Partial<Pick<OutboxMessage, 'lastError'>>;

/** A claimed message: what the sender needs to deliver it. */
export type Claimed = Pick<OutboxMessage, 'id' | 'toAddress' | 'subject' | 'textBody' | 'htmlBody' | 'attempts'>;

/** The client's link (`/i/<43-character token>`), wherever it appears in a body. */
const LINK_PATTERN = '/i/[A-Za-z0-9_-]{43}';

@Injectable()
export class OutboxRepository {
  /** Null when a message for the same event exists already (the unique dedupe key). */
  async insert(tx: EntityManager, message: NewOutboxMessage): Promise<OutboxMessage | null> {
    const result = await tx.createQueryBuilder().insert().into(OutboxMessage).values(message).orIgnore().returning('*').execute();
    const row = (result.raw as Record<string, unknown>[])[0];
    return row ? Object.assign(new OutboxMessage(), fromRow(row)) : null;
  }

  list(tx: EntityManager, practiceId: string, status: MailStatus | undefined, limit: number): Promise<OutboxMessage[]> {
    return tx.getRepository(OutboxMessage).find({
      where: { practiceId, ...(status ? { status } : {}) },
      order: { createdAt: 'DESC' },
      take: limit,
      // Never the bodies: an unsent invitation's body holds the client's link.
      select: {
        id: true,
        kind: true,
        toAddress: true,
        subject: true,
        status: true,
        attempts: true,
        nextAttemptAt: true,
        lastError: true,
        sentAt: true,
        createdAt: true,
      },
    });
  }

  async countByStatus(tx: EntityManager, practiceId: string): Promise<Array<{ status: MailStatus; count: number }>> {
    const rows: Array<{ status: MailStatus; count: string }> = await tx.query(
      'SELECT status, count(*) AS count FROM outbox_messages WHERE practice_id = $1 GROUP BY status',
      [practiceId],
    );
    return rows.map((r) => ({ status: r.status, count: Number(r.count) }));
  }

  findInPractice(tx: EntityManager, practiceId: string, id: string, lock = false): Promise<OutboxMessage | null> {
    return tx.getRepository(OutboxMessage).findOne({ where: { practiceId, id }, ...(lock ? { lock: { mode: 'pessimistic_write' } } : {}) });
  }

  async requeue(tx: EntityManager, id: string): Promise<void> {
    await tx.query(`UPDATE outbox_messages SET status = 'queued', next_attempt_at = now() WHERE id = $1`, [id]);
  }

  /**
   * Takes up to `limit` due messages for this sender: queued ones whose time has come, and `sending`
   * ones whose lease ran out (a sender stopped between sending and recording). Rows another sender
   * holds are skipped; the taken ones are `sending` when this transaction commits.
   */
  async claimDue(tx: EntityManager, limit: number, leaseMs: number): Promise<Claimed[]> {
    const rows: Array<Record<string, unknown>> = await tx.query(
      `SELECT id, to_address, subject, text_body, html_body, attempts FROM outbox_messages
        WHERE status IN ('queued', 'sending') AND next_attempt_at <= now()
        ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id as string);
    await tx.query(
      `UPDATE outbox_messages SET status = 'sending', attempts = attempts + 1,
              next_attempt_at = now() + make_interval(secs => $2) WHERE id = ANY($1::uuid[])`,
      [ids, leaseMs / 1000],
    );
    return rows.map((r) => ({
      id: r.id as string,
      toAddress: r.to_address as string,
      subject: r.subject as string,
      textBody: r.text_body as string,
      htmlBody: r.html_body as string,
      attempts: Number(r.attempts) + 1,
    }));
  }

  /** Claimed but not tried (the sender is stopping): back to queued, the attempt not counted. */
  async release(tx: EntityManager, ids: string[]): Promise<void> {
    await tx.query(
      `UPDATE outbox_messages SET status = 'queued', attempts = attempts - 1, next_attempt_at = now()
        WHERE id = ANY($1::uuid[]) AND status = 'sending'`,
      [ids],
    );
  }

  /** Sent: kept as a record, without the client's link (only its hash is kept anywhere else). */
  async markSent(tx: EntityManager, id: string, messageId: string | null): Promise<void> {
    await tx.query(
      `UPDATE outbox_messages SET status = 'sent', sent_at = now(), message_id = $2, next_attempt_at = NULL, last_error = NULL,
              text_body = regexp_replace(text_body, $3, '/i/(link removed once sent)', 'g'),
              html_body = regexp_replace(html_body, $3, '/i/(link removed once sent)', 'g')
        WHERE id = $1 AND status = 'sending'`,
      [id, messageId?.slice(0, 300) ?? null, LINK_PATTERN],
    );
  }

  /** Another attempt at `retryAt`, or failed for good when `retryAt` is null. */
  async markAttemptFailed(tx: EntityManager, id: string, error: string, retryAt: Date | null): Promise<void> {
    await tx.query(`UPDATE outbox_messages SET status = $2, next_attempt_at = $3, last_error = $4 WHERE id = $1 AND status = 'sending'`, [
      id,
      retryAt ? 'queued' : 'failed',
      retryAt,
      error.slice(0, 300),
    ]);
  }

  /** No mail server configured (any more): what is due waits, visibly, instead of failing. */
  async holdDue(tx: EntityManager): Promise<number> {
    const rows: unknown[] = await tx.query(
      `UPDATE outbox_messages SET status = 'held', next_attempt_at = NULL
        WHERE status IN ('queued', 'sending') AND next_attempt_at <= now() RETURNING id`,
    );
    return Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : rows.length;
  }
}

function fromRow(row: Record<string, unknown>): Partial<OutboxMessage> {
  return {
    id: row.id as string,
    practiceId: row.practice_id as string,
    kind: row.kind as OutboxMessage['kind'],
    toAddress: row.to_address as string,
    subject: row.subject as string,
    textBody: row.text_body as string,
    htmlBody: row.html_body as string,
    status: row.status as MailStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: (row.next_attempt_at as Date | null) ?? null,
    lastError: (row.last_error as string | null) ?? null,
    sentAt: (row.sent_at as Date | null) ?? null,
    messageId: (row.message_id as string | null) ?? null,
    createdAt: row.created_at as Date,
    dedupeKey: row.dedupe_key as string,
  };
}
