import { Injectable } from '@nestjs/common';
import { EntityManager, In, Not } from 'typeorm';
import { lockName, Transactions } from '../database/transaction';
import { eventHash, GENESIS_HASH, storedText } from './audit-chain';
import { AuditEvent } from './audit-event.entity';
import { READ_ACTIONS, type AuditActor, type AuditEventInput, type AuditReadInput } from './audit-events';

type Pending = Omit<AuditEvent, 'id' | 'seq' | 'prevHash' | 'hash'>;

/**
 * The one place events are recorded. It takes the use case's transaction, so an event exists
 * exactly when the change (or read) it describes was committed.
 *
 * Events are appended to the practice's hash chain when the transaction is about to commit (a
 * Transactions before-commit hook): under a per-practice advisory lock, the practice's last event
 * is read (a new statement after the lock, so under READ COMMITTED it sees every chain commit
 * before it), and the new events follow it with the next seq numbers. Two transactions of one
 * practice therefore append one after the other and never fork the chain; the unique
 * (practice_id, seq) index is the backstop. Taking the lock last means it is held only until the
 * commit, never while this transaction waits for a row another one holds.
 */
@Injectable()
export class AuditService {
  private readonly pending = new WeakMap<EntityManager, Pending[]>();

  constructor(private readonly transactions: Transactions) {
    transactions.onBeforeCommit((tx) => this.flush(tx));
  }

  async record(tx: EntityManager, practiceId: string, actor: AuditActor, event: AuditEventInput | AuditReadInput): Promise<void> {
    const row: Pending = {
      practiceId: practiceId.toLowerCase(),
      occurredAt: new Date(),
      action: event.action,
      recordKind: event.recordKind,
      recordId: event.recordId.toLowerCase(),
      actorKind: actor.kind,
      actorId: actor.id?.toLowerCase() ?? null,
      ip: storedText(actor.origin?.ip, 64),
      userAgent: storedText(actor.origin?.userAgent, 300),
      // A staff member acting through a personal access token: the event says which token.
      data: {
        ...(event.data ?? {}),
        ...(actor.kind === 'staff' && actor.origin?.tokenId ? { via: 'token', tokenId: actor.origin.tokenId.toLowerCase() } : {}),
      } as Pending['data'],
    };
    // A transaction not opened by Transactions.run has no before-commit step: append at once.
    if (!this.transactions.isOpen(tx)) return this.append(tx, [row]);
    const list = this.pending.get(tx) ?? [];
    list.push(row);
    this.pending.set(tx, list);
  }

  /** A record's changes, oldest first (reads are left out: they are for the audit page). */
  forRecord(tx: EntityManager, practiceId: string, recordKind: string, recordId: string): Promise<AuditEvent[]> {
    return tx.getRepository(AuditEvent).find({
      where: { practiceId, recordKind, recordId, action: Not(In(READ_ACTIONS)) },
      order: { seq: 'ASC' },
    });
  }

  private async flush(tx: EntityManager): Promise<void> {
    const rows = this.pending.get(tx);
    if (!rows?.length) return;
    this.pending.delete(tx);
    const practices = [...new Set(rows.map((r) => r.practiceId))].sort();
    // In one order, so two transactions touching the same practices cannot wait on each other.
    for (const practiceId of practices)
      await this.append(
        tx,
        rows.filter((r) => r.practiceId === practiceId),
      );
  }

  /** Appends one practice's events to its chain (one INSERT), under the practice's chain lock. */
  private async append(tx: EntityManager, rows: Pending[]): Promise<void> {
    const practiceId = rows[0].practiceId;
    await lockName(tx, `audit-chain:${practiceId}`);
    const [head] = (await tx.query('SELECT seq, hash FROM audit_events WHERE practice_id = $1 ORDER BY seq DESC LIMIT 1', [
      practiceId,
    ])) as Array<{ seq: number; hash: string }>;
    let seq = head?.seq ?? 0;
    let prevHash = head?.hash ?? GENESIS_HASH;
    const chained = rows.map((row) => {
      seq++;
      const hash = eventHash({ ...row, seq, prevHash });
      const event = { ...row, seq, prevHash, hash };
      prevHash = hash;
      return event;
    });
    await tx.getRepository(AuditEvent).insert(chained);
  }
}
