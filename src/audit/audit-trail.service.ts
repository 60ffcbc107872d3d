import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthContext } from '../accounts/auth-context';
import { DomainError, FieldErrors } from '../common/errors/domain-error';
import { Transactions } from '../database/transaction';
import { CHAIN_BATCH_SQL, chainRowFrom, ChainReport, verifyChain } from './audit-chain';
import type { AuditAction, AuditActorKind, AuditRecordKind } from './audit-events';

export interface AuditFilter {
  /** Calendar days in UTC, both included. */
  from?: string;
  to?: string;
  action?: AuditAction;
  recordKind?: AuditRecordKind;
  /** 'staff', 'client', 'system', or one staff member's id. */
  actor?: string;
  recordId?: string;
}

export interface AuditRow {
  id: string;
  seq: number;
  occurredAt: Date;
  action: string;
  recordKind: string;
  recordId: string;
  actorKind: AuditActorKind;
  actorId: string | null;
  /** Staff only: their name as the team list has it now. */
  actorName: string | null;
  ip: string | null;
  userAgent: string | null;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export const AUDIT_PAGE_SIZE = 50;
const CSV_BATCH = 1000;

const realDate = (v: string) => new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;

/**
 * The owner's view of the audit trail: filtered pages, a CSV of the same filter, and the chain's
 * verification. Always one practice's events, named by the caller's session.
 */
@Injectable()
export class AuditTrailService {
  constructor(private readonly tx: Transactions) {}

  page(auth: AuthContext, filter: AuditFilter, page = 1) {
    const where = this.where(auth.practiceId, filter);
    return this.tx.run(async (tx) => {
      const [{ total }] = (await tx.query(`SELECT count(*)::int AS total FROM audit_events e WHERE ${where.sql}`, where.params)) as Array<{
        total: number;
      }>;
      const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
      const current = Math.min(Math.max(1, page), pages);
      const rows = await this.rows(tx, where, `ORDER BY e.seq DESC LIMIT ${AUDIT_PAGE_SIZE} OFFSET ${(current - 1) * AUDIT_PAGE_SIZE}`);
      return { rows, total, page: current, pages, staff: await this.staff(tx, auth.practiceId) };
    });
  }

  /** Every matching event, newest first, a batch (and a short transaction) at a time. */
  async *all(auth: AuthContext, filter: AuditFilter): AsyncGenerator<AuditRow[]> {
    const where = this.where(auth.practiceId, filter);
    let before: number | null = null;
    for (;;) {
      const bound: number | null = before;
      const batch: AuditRow[] = await this.tx.run((tx) =>
        this.rows(
          tx,
          bound === null ? where : { sql: `${where.sql} AND e.seq < $${where.params.length + 1}`, params: [...where.params, bound] },
          `ORDER BY e.seq DESC LIMIT ${CSV_BATCH}`,
        ),
      );
      if (batch.length) yield batch;
      if (batch.length < CSV_BATCH) return;
      before = batch[batch.length - 1].seq;
    }
  }

  /** Walks the practice's whole chain in seq order, a batch at a time, to the first broken link. */
  verify(practiceId: string): Promise<ChainReport> {
    return verifyChain(practiceId, async (afterSeq, limit) =>
      (await this.tx.run((tx) => tx.query(CHAIN_BATCH_SQL, [practiceId, afterSeq, limit]))).map(chainRowFrom),
    );
  }

  private async rows(tx: EntityManager, where: { sql: string; params: unknown[] }, tail: string): Promise<AuditRow[]> {
    const raw = (await tx.query(
      `SELECT e.id, e.seq, e.occurred_at, e.action, e.record_kind, e.record_id, e.actor_kind, e.actor_id, e.ip, e.user_agent,
              e.data, e.prev_hash, e.hash, u.name AS actor_name
         FROM audit_events e
         LEFT JOIN users u ON e.actor_kind = 'staff' AND u.id = e.actor_id AND u.practice_id = e.practice_id
        WHERE ${where.sql} ${tail}`,
      where.params,
    )) as Array<Record<string, unknown>>;
    return raw.map((r) => ({
      id: String(r.id),
      seq: Number(r.seq),
      occurredAt: r.occurred_at as Date,
      action: String(r.action),
      recordKind: String(r.record_kind),
      recordId: String(r.record_id),
      actorKind: r.actor_kind as AuditActorKind,
      actorId: (r.actor_id as string | null) ?? null,
      actorName: (r.actor_name as string | null) ?? null,
      ip: (r.ip as string | null) ?? null,
      userAgent: (r.user_agent as string | null) ?? null,
      data: (r.data as Record<string, unknown>) ?? {},
      prevHash: String(r.prev_hash),
      hash: String(r.hash),
    }));
  }

  /** The practice's team, to choose an actor from. */
  private staff(tx: EntityManager, practiceId: string): Promise<Array<{ id: string; name: string }>> {
    return tx.query('SELECT id, name FROM users WHERE practice_id = $1 ORDER BY name, id', [practiceId]);
  }

  /** The filter as SQL over `e`, always within the one practice; every value is a parameter. */
  private where(practiceId: string, filter: AuditFilter): { sql: string; params: unknown[] } {
    const problems: FieldErrors = {};
    if (filter.from && !realDate(filter.from)) problems.from = 'must be a date that exists';
    if (filter.to && !realDate(filter.to)) problems.to = 'must be a date that exists';
    if (Object.keys(problems).length) throw new DomainError('VALIDATION_FAILED', 'The filters need a look.', problems);
    const params: unknown[] = [practiceId];
    const clauses = ['e.practice_id = $1'];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      clauses.push(sql(`$${params.length}`));
    };
    if (filter.from) add((n) => `e.occurred_at >= (${n}::date)::timestamp AT TIME ZONE 'UTC'`, filter.from);
    if (filter.to) add((n) => `e.occurred_at < (${n}::date + 1)::timestamp AT TIME ZONE 'UTC'`, filter.to);
    if (filter.action) add((n) => `e.action = ${n}`, filter.action);
    if (filter.recordKind) add((n) => `e.record_kind = ${n}`, filter.recordKind);
    if (filter.recordId) add((n) => `e.record_id = ${n}::uuid`, filter.recordId);
    if (filter.actor === 'staff' || filter.actor === 'client' || filter.actor === 'system') add((n) => `e.actor_kind = ${n}`, filter.actor);
    else if (filter.actor) add((n) => `e.actor_kind = 'staff' AND e.actor_id = ${n}::uuid`, filter.actor);
    return { sql: clauses.join(' AND '), params };
  }
}
