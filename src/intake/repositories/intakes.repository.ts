import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Intake } from '../entities/intake.entity';
import { INTAKE_STATUSES, IntakeStatus, nextStatus } from '../intake-status';
import { AnswersCipher } from '../sealed-answers';
import type { Answers, IntakeTemplateContent } from '../template';

/** Statuses in which the client may still save, and where a save takes the intake (from the status table). */
const OPEN = INTAKE_STATUSES.filter((s) => nextStatus(s, 'save_draft'));
const AFTER_SAVE = nextStatus('invited', 'save_draft')!;
if (OPEN.some((s) => nextStatus(s, 'save_draft') !== AFTER_SAVE)) throw new Error('Every open status must save into the same one.');

export interface InboxRow {
  id: string;
  status: IntakeStatus;
  clientName: string | null;
  answeredName: string | null;
  email: string | null;
  phone: string | null;
  offeringTitle: string | null;
  createdAt: Date;
  savedAt: Date | null;
  submittedAt: Date | null;
  expiresAt: Date;
  revokedAt: Date | null;
  /** Where being heard stands (the alignment module's table); null before the first reflection. */
  heardStatus: string | null;
}

/** A place in the inbox's order: the row's sort time in microseconds since 1970 (exact) and its id. */
export interface InboxCursor {
  at: string;
  id: string;
}

export interface InboxFilter {
  status?: IntakeStatus;
  search?: string;
  offeringId?: string;
  /** One intake's row, for its detail page. */
  id?: string;
  limit: number;
  offset: number;
  /** Keyset pagination: the rows after this one (then `offset` counts from there). */
  after?: InboxCursor;
}

export interface InboxPage {
  rows: InboxRow[];
  /** Where the next page starts; null on the last page. */
  next: InboxCursor | null;
  /** All the rows the filter matches, when the query found it out anyway (a search does); else undefined. */
  total?: number;
}

/** An erased client's intakes that a kept agreement still points at are empty rows: staff never open them. */
const NOT_ERASED = 'NOT EXISTS (SELECT 1 FROM clients ec WHERE ec.id = i.client_id AND ec.erased_at IS NOT NULL)';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The inbox's order (latest activity first), as idx_intakes_inbox indexes it: keep the two the same. */
const INBOX_ORDER = 'coalesce(i.submitted_at, i.saved_at, i.created_at)';

/**
 * Intakes. The client's own words in the draft are stored encrypted (see sealed-answers.ts): a
 * loaded row's `answers` are as stored, and `answersOf` opens them where they are read.
 */
@Injectable()
export class IntakesRepository {
  constructor(private readonly answers: AnswersCipher) {}

  create(
    tx: EntityManager,
    intake: Pick<Intake, 'practiceId' | 'clientId' | 'offeringId' | 'templateVersionId' | 'tokenHash' | 'expiresAt' | 'createdById'>,
  ): Promise<Intake> {
    const repo = tx.getRepository(Intake);
    return repo.save(repo.create({ ...intake, status: 'invited', answers: {}, revision: 0 }));
  }

  findByTokenHash(tx: EntityManager, tokenHash: string, lock = false): Promise<Intake | null> {
    const query = tx.getRepository(Intake).createQueryBuilder('i').where('i.token_hash = :tokenHash', { tokenHash });
    return (lock ? query.setLock('pessimistic_write') : query).getOne();
  }

  tokenHashExists(tx: EntityManager, tokenHash: string): Promise<boolean> {
    return tx.getRepository(Intake).exists({ where: { tokenHash } });
  }

  findInPractice(tx: EntityManager, practiceId: string, id: string, lock = false): Promise<Intake | null> {
    const query = tx
      .getRepository(Intake)
      .createQueryBuilder('i')
      .where('i.practice_id = :practiceId AND i.id = :id', { practiceId, id })
      .andWhere(NOT_ERASED);
    return (lock ? query.setLock('pessimistic_write') : query).getOne();
  }

  /** The draft's answers in plaintext. */
  answersOf(intake: Pick<Intake, 'id' | 'answers'>): Answers {
    return this.answers.open(intake.answers, 'intakes', intake.id);
  }

  /**
   * One conditional UPDATE: it saves only through a live link, while answers are open, and when
   * nobody saved since `revision`. Being one statement it needs no transaction around it, which
   * keeps autosave cheap; each answer is encrypted on its own, so the jsonb merge still works.
   * Returns null when nothing was saved; the caller finds out why.
   */
  async saveAnswers(
    tx: EntityManager,
    link: { tokenHash: string; intakeId: string; content: IntakeTemplateContent },
    revision: number,
    set: Answers,
    clear: string[],
  ): Promise<{ revision: number; savedAt: Date } | null> {
    const sealed = this.answers.seal(link.content, set, 'intakes', link.intakeId);
    // TypeORM answers an UPDATE … RETURNING with [rows, affected].
    const [rows]: [Array<{ revision: number; saved_at: Date }>, number] = await tx.query(
      `UPDATE intakes
          SET answers = (answers || $3::jsonb) - $4::text[], revision = revision + 1, saved_at = now(), status = $5
        WHERE token_hash = $1 AND revision = $2 AND status = ANY($6::intake_status[])
          AND revoked_at IS NULL AND expires_at > now()
        RETURNING revision, saved_at`,
      [link.tokenHash, revision, JSON.stringify(sealed), clear, AFTER_SAVE, OPEN],
    );
    return rows.length ? { revision: rows[0].revision, savedAt: rows[0].saved_at } : null;
  }

  async markSubmitted(
    tx: EntityManager,
    id: string,
    content: IntakeTemplateContent,
    answers: Answers,
    submittedAt: Date,
    status: IntakeStatus,
  ) {
    await tx
      .getRepository(Intake)
      .createQueryBuilder()
      .update()
      .set({ answers: this.answers.seal(content, answers, 'intakes', id), status, submittedAt, revision: () => 'revision + 1' })
      .where('id = :id', { id })
      .execute();
  }

  async update(
    tx: EntityManager,
    practiceId: string,
    id: string,
    change: Partial<Pick<Intake, 'tokenHash' | 'expiresAt' | 'revokedAt' | 'status' | 'reviewedAt'>>,
  ) {
    await tx.getRepository(Intake).update({ practiceId, id }, change);
  }

  /**
   * One page of the inbox, latest activity first (submitted, else last saved, else invited), in the
   * order of the index idx_intakes_inbox: the first page and the page after a cursor (keyset
   * pagination, `after`) are a short index range scan whatever the practice's size; `offset` still
   * works and costs the rows it skips. A search finds its few matches first (see conditions()), then
   * sorts and counts them.
   */
  async inbox(tx: EntityManager, practiceId: string, filter: InboxFilter): Promise<InboxPage> {
    const params: unknown[] = [practiceId];
    const param = (value: unknown) => `$${params.push(value)}`;
    const conditions = this.conditions(filter, param).map((c) => `AND ${c}`);
    const searching = !!filter.search?.trim();
    const after = filter.after
      ? `WHERE (m.sort_at, m.id) < ('epoch'::timestamptz + ${param(filter.after.at)}::bigint * interval '1 microsecond', ${param(filter.after.id)}::uuid)`
      : '';
    // A search reads a few hundred rows through two index lookups (about a millisecond each), but the
    // planner's estimate can send them to parallel workers, whose start-up then costs 5-10 ms more.
    if (searching) await tx.query('SET LOCAL max_parallel_workers_per_gather = 0');
    // The page's ids first, then its columns. Without a search the inner subquery is flattened: the
    // order, the cursor and the limit reach the scan of idx_intakes_inbox. A search's matches are all
    // sorted, and counted on the way (the window), before the cursor and the limit.
    const found: Array<InboxRow & { sortMicros: string; total: string | null }> = await tx.query(
      `SELECT i.id AS id, i.status AS status, c.name AS "clientName", i.answers->>'about.name' AS "answeredName",
              c.email AS email, c.phone AS phone, o.draft->>'title' AS "offeringTitle",
              i.created_at AS "createdAt", i.saved_at AS "savedAt", i.submitted_at AS "submittedAt",
              i.expires_at AS "expiresAt", i.revoked_at AS "revokedAt", r.status AS "heardStatus",
              (extract(epoch FROM page.sort_at) * 1000000)::bigint::text AS "sortMicros", page.total
         FROM (SELECT m.* FROM (SELECT i.id, ${INBOX_ORDER} AS sort_at, ${searching ? 'count(*) OVER ()' : 'NULL::bigint'} AS total
                                  FROM intakes i
                                 WHERE i.practice_id = $1 AND ${NOT_ERASED} ${conditions.join(' ')}) m
               ${after}
               ORDER BY m.sort_at DESC, m.id DESC
               LIMIT ${param(filter.limit + 1)} OFFSET ${param(filter.offset)}) page
         JOIN intakes i ON i.id = page.id
         JOIN clients c ON c.id = i.client_id
         LEFT JOIN offerings o ON o.id = i.offering_id
         LEFT JOIN reflections r ON r.intake_id = i.id
        ORDER BY page.sort_at DESC, page.id DESC`,
      params,
    );
    const page = found.slice(0, filter.limit);
    const last = page[page.length - 1];
    return {
      rows: page.map(({ sortMicros: _sortMicros, total: _total, ...row }) => row),
      next: found.length > filter.limit && last ? { at: last.sortMicros, id: last.id } : null,
      total: searching && found.length ? Number(found[0].total) : undefined,
    };
  }

  /** How many intakes the inbox's filters match (all pages). */
  async countInbox(tx: EntityManager, practiceId: string, filter: Omit<InboxFilter, 'limit' | 'offset' | 'after'>): Promise<number> {
    const params: unknown[] = [practiceId];
    const param = (value: unknown) => `$${params.push(value)}`;
    const conditions = this.conditions(filter, param);
    const [row]: Array<{ count: number }> = await tx.query(
      `SELECT count(*)::int AS count FROM intakes i WHERE i.practice_id = $1 AND ${NOT_ERASED} ${conditions.map((f) => `AND ${f}`).join(' ')}`,
      params,
    );
    return row.count;
  }

  /**
   * The inbox's filters as SQL conditions on intakes i. A search matches the client's name or the
   * name the client typed into their answers. With 3 characters or more it looks both up within the
   * practice (trigram indexes where PostgreSQL has pg_trgm and btree_gin, see migration
   * 1795898100000); a shorter term has no trigram to look up and is matched row by row.
   */
  private conditions(filter: Pick<InboxFilter, 'status' | 'id' | 'offeringId' | 'search'>, param: (value: unknown) => string): string[] {
    const conditions: string[] = [];
    if (filter.status) conditions.push(`i.status = ${param(filter.status)}::intake_status`);
    if (filter.id) conditions.push(`i.id = ${param(filter.id)}::uuid`);
    if (filter.offeringId) conditions.push(`i.offering_id = ${param(filter.offeringId)}::uuid`);
    const term = filter.search?.trim();
    if (term) {
      const pattern = param(`%${escapeLike(term)}%`);
      conditions.push(
        term.length >= 3
          ? `i.id IN (SELECT si.id FROM clients sc JOIN intakes si ON si.client_id = sc.id WHERE sc.practice_id = $1 AND sc.name ILIKE ${pattern}
                      UNION ALL
                      SELECT si.id FROM intakes si WHERE si.practice_id = $1 AND si.answers->>'about.name' ILIKE ${pattern})`
          : `(EXISTS (SELECT 1 FROM clients sc WHERE sc.id = i.client_id AND sc.name ILIKE ${pattern}) OR i.answers->>'about.name' ILIKE ${pattern})`,
      );
    }
    return conditions;
  }

  /**
   * How many of the practice's intakes are in each status, erased clients' left out: all of the
   * practice's counted from idx_intakes_practice_status alone (an index-only scan), minus those of
   * its erased clients (idx_clients_erased), which are few.
   */
  countByStatus(tx: EntityManager, practiceId: string): Promise<Array<{ status: IntakeStatus; count: number }>> {
    return tx.query(
      `SELECT s.status, (s.count - coalesce(e.count, 0))::int AS count
         FROM (SELECT i.status, count(*) AS count FROM intakes i WHERE i.practice_id = $1 GROUP BY i.status) s
         LEFT JOIN (SELECT i.status, count(*) AS count
                      FROM clients ec JOIN intakes i ON i.client_id = ec.id
                     WHERE ec.practice_id = $1 AND ec.erased_at IS NOT NULL AND i.practice_id = $1
                     GROUP BY i.status) e ON e.status = s.status`,
      [practiceId],
    );
  }
}
