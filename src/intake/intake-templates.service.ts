import { Injectable } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import { EntityManager } from 'typeorm';
import type { AuthContext } from '../accounts/auth-context';
import { DomainError, notFound } from '../common/errors/domain-error';
import { lockName, Transactions } from '../database/transaction';
import { DEFAULT_INTAKE } from './default-template';
import type { IntakeTemplateVersion } from './entities/intake-template-version.entity';
import type { IntakeTemplate } from './entities/intake-template.entity';
import { IntakeTemplatesRepository } from './repositories/intake-templates.repository';
import type { IntakeTemplateContent } from './template';
import { templateProblems } from './template-rules';

export interface TemplateVersionSummary {
  id: string;
  version: number;
  publishedAt: Date;
  publishedByName: string | null;
}

export interface TemplateOverview {
  template: IntakeTemplate;
  versions: TemplateVersionSummary[];
}

const conflict = () =>
  new DomainError(
    'DRAFT_CONFLICT',
    'Someone else changed the intake form since you opened it. Reload it to see their changes, then make yours again.',
  );

/**
 * The practice's intake form: a draft the builder edits (always valid, because every edit is
 * checked before it is saved) and immutable published versions that intakes point at.
 */
@Injectable()
export class IntakeTemplatesService {
  constructor(
    private readonly tx: Transactions,
    private readonly templates: IntakeTemplatesRepository,
  ) {}

  /** The practice's form; the default one, published as version 1, the first time anyone needs it. */
  async ensure(tx: EntityManager, practiceId: string): Promise<IntakeTemplate> {
    const found = await this.templates.findForPractice(tx, practiceId);
    if (found) return found;
    await lockName(tx, `intake-template:${practiceId}`);
    const raced = await this.templates.findForPractice(tx, practiceId);
    if (raced) return raced;
    const created = await this.templates.create(tx, practiceId, DEFAULT_INTAKE);
    await this.templates.addVersion(tx, created, DEFAULT_INTAKE, null);
    return { ...created, latestVersion: 1, hasUnpublishedChanges: false };
  }

  /** The version new intakes are answered on. */
  async currentVersion(tx: EntityManager, practiceId: string): Promise<IntakeTemplateVersion> {
    const template = await this.ensure(tx, practiceId);
    return (await this.templates.findVersionByNumber(tx, template.id, template.latestVersion))!;
  }

  findVersion(tx: EntityManager, practiceId: string, id: string): Promise<IntakeTemplateVersion | null> {
    return this.templates.findVersion(tx, practiceId, id);
  }

  overview(auth: AuthContext): Promise<TemplateOverview> {
    return this.tx.run(async (tx) => {
      const template = await this.ensure(tx, auth.practiceId);
      return { template, versions: await this.templates.listVersions(tx, template.id) };
    });
  }

  /** Replaces the whole draft (the API's way). */
  save(auth: AuthContext, revision: number, content: IntakeTemplateContent): Promise<IntakeTemplate> {
    // Plain data, not the validated DTO's class instances: the draft is compared with the published version.
    const plain = JSON.parse(JSON.stringify(content)) as IntakeTemplateContent;
    return this.edit(auth, revision, () => plain);
  }

  /**
   * Applies one builder edit to the draft, checks the whole result and saves it if nobody saved
   * in between. The edit also gets the question ids of every published version, so that a new
   * question never takes over an id that already has answers.
   */
  edit(
    auth: AuthContext,
    revision: number,
    change: (draft: IntakeTemplateContent, publishedIds: string[]) => IntakeTemplateContent,
  ): Promise<IntakeTemplate> {
    return this.tx.run(async (tx) => {
      const template = await this.ensure(tx, auth.practiceId);
      if (template.draftRevision !== revision) throw conflict();
      const latest = await this.templates.findVersionByNumber(tx, template.id, template.latestVersion);
      const published = await this.templates.publishedQuestions(tx, template.id);
      const next = change(template.draft, [...published.keys()]);
      const problems = { ...templateProblems(next), ...retypedProblems(next, published) };
      if (Object.keys(problems).length) {
        const [path, problem] = Object.entries(problems)[0];
        throw new DomainError('VALIDATION_FAILED', `The intake form cannot be saved like this: ${path} ${problem}.`, problems);
      }
      const changed = !latest || !isDeepStrictEqual(latest.content, next);
      if (!(await this.templates.saveDraft(tx, template, next, revision, changed))) throw conflict();
      return { ...template, draft: next, draftRevision: revision + 1, hasUnpublishedChanges: changed, draftUpdatedAt: new Date() };
    });
  }

  publish(auth: AuthContext): Promise<IntakeTemplateVersion> {
    return this.tx.run(async (tx) => {
      await this.ensure(tx, auth.practiceId);
      const template = (await this.templates.findForPractice(tx, auth.practiceId, true))!;
      if (!template.hasUnpublishedChanges) {
        throw new DomainError(
          'NOTHING_TO_PUBLISH',
          `Version ${template.latestVersion} already has every change: there is nothing new to publish.`,
        );
      }
      return this.templates.addVersion(tx, template, template.draft, auth.userId);
    });
  }

  version(auth: AuthContext, version: number): Promise<IntakeTemplateVersion> {
    return this.tx.run(async (tx) => {
      const template = await this.ensure(tx, auth.practiceId);
      const found = await this.templates.findVersionByNumber(tx, template.id, version);
      if (!found) throw notFound('That version of the intake form');
      return found;
    });
  }
}

/** A question id that has answers of one type never comes back as another type: answers are compared by id. */
function retypedProblems(content: IntakeTemplateContent, published: Map<string, string>): Record<string, string> {
  const problems: Record<string, string> = {};
  content.sections.forEach((s, i) =>
    s.questions.forEach((q, j) => {
      const was = published.get(q.id);
      if (was && was !== q.type)
        problems[`sections.${i}.questions.${j}.type`] = `must stay ${was.replace('_', ' ')}: this question id was published as one`;
    }),
  );
  return problems;
}
