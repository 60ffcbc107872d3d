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

export interface InboxFilter {
  status?: IntakeStatus;
  search?: string;
  offeringId?: string;
  /** One intake's row, for its detail page. */
  id?: string;
  limit: number;
  offset: number;
}

/** An erased client's intakes that a kept agreement still points at are empty rows: staff never open them. */
const NOT_ERASED = 'NOT EXISTS (SELECT 1 FROM clients ec WHERE ec.id = i.client_id AND ec.erased_at IS NOT NULL)';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

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

  async inbox(tx: EntityManager, practiceId: string, filter: InboxFilter): Promise<{ rows: InboxRow[]; total: number }> {
    const query = tx
      .getRepository(Intake)
      .createQueryBuilder('i')
      .innerJoin('i.client', 'c')
      .leftJoin('i.offering', 'o')
      .leftJoin('reflections', 'r', 'r.intake_id = i.id')
      .where('i.practice_id = :practiceId', { practiceId })
      .andWhere('c.erased_at IS NULL');
    if (filter.status) query.andWhere('i.status = :status', { status: filter.status });
    if (filter.id) query.andWhere('i.id = :id', { id: filter.id });
    if (filter.offeringId) query.andWhere('i.offering_id = :offeringId', { offeringId: filter.offeringId });
    if (filter.search) {
      query.andWhere(`(coalesce(c.name, '') || ' ' || coalesce(i.answers->>'about.name', '')) ILIKE :search`, {
        search: `%${escapeLike(filter.search)}%`,
      });
    }
    const total = await query.getCount();
    const rows = await query
      .select([
        'i.id AS id',
        'i.status AS status',
        'c.name AS "clientName"',
        `i.answers->>'about.name' AS "answeredName"`,
        'c.email AS email',
        'c.phone AS phone',
        `o.draft->>'title' AS "offeringTitle"`,
        'i.created_at AS "createdAt"',
        'i.saved_at AS "savedAt"',
        'i.submitted_at AS "submittedAt"',
        'i.expires_at AS "expiresAt"',
        'i.revoked_at AS "revokedAt"',
        'r.status AS "heardStatus"',
      ])
      .orderBy('coalesce(i.submitted_at, i.saved_at, i.created_at)', 'DESC')
      .addOrderBy('i.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .getRawMany<InboxRow>();
    return { rows, total };
  }

  countByStatus(tx: EntityManager, practiceId: string) {
    return tx
      .getRepository(Intake)
      .createQueryBuilder('i')
      .select(['i.status AS status', 'count(*)::int AS count'])
      .where('i.practice_id = :practiceId', { practiceId })
      .andWhere(NOT_ERASED)
      .groupBy('i.status')
      .getRawMany<{ status: IntakeStatus; count: number }>();
  }
}
