import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { IntakeTemplateVersion } from '../entities/intake-template-version.entity';
import { IntakeTemplate } from '../entities/intake-template.entity';
import type { IntakeTemplateContent } from '../template';

const CACHED_VERSIONS = 500;

/** A practice's intake form and its published versions. Versions never change, so they are cached by id. */
@Injectable()
export class IntakeTemplatesRepository {
  private readonly versionCache = new Map<string, IntakeTemplateVersion>();

  findForPractice(tx: EntityManager, practiceId: string, lock = false): Promise<IntakeTemplate | null> {
    const query = tx.getRepository(IntakeTemplate).createQueryBuilder('t').where('t.practice_id = :practiceId', { practiceId });
    return (lock ? query.setLock('pessimistic_write') : query).getOne();
  }

  create(tx: EntityManager, practiceId: string, draft: IntakeTemplateContent): Promise<IntakeTemplate> {
    const repo = tx.getRepository(IntakeTemplate);
    return repo.save(repo.create({ practiceId, draft, draftRevision: 0, hasUnpublishedChanges: true, draftUpdatedAt: new Date() }));
  }

  /** Saves only if nobody saved since `revision` was read; returns whether it did. */
  async saveDraft(tx: EntityManager, t: IntakeTemplate, draft: IntakeTemplateContent, revision: number, hasUnpublishedChanges: boolean) {
    const result = await tx
      .getRepository(IntakeTemplate)
      .createQueryBuilder()
      .update()
      .set({ draft, draftRevision: () => 'draft_revision + 1', draftUpdatedAt: new Date(), hasUnpublishedChanges })
      .where('id = :id AND draft_revision = :revision', { id: t.id, revision })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  async addVersion(tx: EntityManager, t: IntakeTemplate, content: IntakeTemplateContent, publishedById: string | null) {
    const repo = tx.getRepository(IntakeTemplateVersion);
    const version = t.latestVersion + 1;
    const row = await repo.save(
      repo.create({ practiceId: t.practiceId, templateId: t.id, version, content, publishedAt: new Date(), publishedById }),
    );
    await tx.getRepository(IntakeTemplate).update({ id: t.id }, { latestVersion: version, hasUnpublishedChanges: false });
    return row;
  }

  listVersions(tx: EntityManager, templateId: string) {
    return tx
      .getRepository(IntakeTemplateVersion)
      .createQueryBuilder('v')
      .leftJoin('v.publishedBy', 'u')
      .select(['v.id AS id', 'v.version AS version', 'v.published_at AS "publishedAt"', 'u.name AS "publishedByName"'])
      .where('v.template_id = :templateId', { templateId })
      .orderBy('v.version', 'DESC')
      .getRawMany<{ id: string; version: number; publishedAt: Date; publishedByName: string | null }>();
  }

  findVersionByNumber(tx: EntityManager, templateId: string, version: number): Promise<IntakeTemplateVersion | null> {
    return tx.getRepository(IntakeTemplateVersion).findOne({ where: { templateId, version } });
  }

  /** Every question any published version has asked, by id, with its type: ids are never reused for something else. */
  async publishedQuestions(tx: EntityManager, templateId: string): Promise<Map<string, string>> {
    const rows: Array<{ id: string; type: string }> = await tx.query(
      `SELECT DISTINCT q->>'id' AS id, q->>'type' AS type
         FROM intake_template_versions v,
              jsonb_array_elements(v.content->'sections') s,
              jsonb_array_elements(s->'questions') q
        WHERE v.template_id = $1`,
      [templateId],
    );
    return new Map(rows.map((r) => [r.id, r.type]));
  }

  /** A version by id, scoped to its practice. */
  async findVersion(tx: EntityManager, practiceId: string, id: string): Promise<IntakeTemplateVersion | null> {
    let row = this.versionCache.get(id);
    if (!row) {
      const found = await tx.getRepository(IntakeTemplateVersion).findOne({ where: { id } });
      if (!found) return null;
      row = found;
      if (this.versionCache.size >= CACHED_VERSIONS) this.versionCache.delete(this.versionCache.keys().next().value!);
      this.versionCache.set(id, row);
    }
    return row.practiceId === practiceId ? row : null;
  }
}
