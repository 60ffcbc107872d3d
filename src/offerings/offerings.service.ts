import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { isDeepStrictEqual } from 'node:util';
import { EntityManager } from 'typeorm';
import type { AuthContext } from '../accounts/auth-context';
import { RecordLookups } from '../accounts/record-lookups';
import { UsersRepository } from '../accounts/repositories/users.repository';
import { nextFreeSlug, slugify } from '../accounts/slug';
import { DomainError, FieldErrors, notFound } from '../common/errors/domain-error';
import { summarize, toFieldErrors } from '../common/errors/validation';
import { lockName, Transactions } from '../database/transaction';
import { isUniqueViolation } from '../database/unique-violation';
import { describeChanges } from './describe';
import { CreateOfferingDto, SaveDraftDto } from './dto/offering-draft.dto';
import type { OfferingVersion } from './entities/offering-version.entity';
import type { Offering } from './entities/offering.entity';
import type { OfferingContent, OfferingDraft } from './offering-content';
import { missingForPublication, ruleProblems, toContent } from './offering-rules';
import { OfferingVersionsRepository } from './repositories/offering-versions.repository';
import { OfferingsRepository } from './repositories/offerings.repository';

export type OfferingStatus = 'draft' | 'published' | 'changed' | 'withdrawn';

export interface OfferingSummary {
  id: string;
  slug: string;
  title: string;
  status: OfferingStatus;
  latestVersion: number;
  draftUpdatedAt: Date;
}

export interface TeamMemberOption {
  id: string;
  name: string;
}

export interface VersionChanges {
  version: number;
  publishedAt: Date;
  publishedByName: string;
  changes: string[];
}

const statusOf = (o: Offering): OfferingStatus =>
  o.withdrawnAt ? 'withdrawn' : o.latestVersion === 0 ? 'draft' : o.hasUnpublishedChanges ? 'changed' : 'published';

/** The offering editor's use cases: drafts that may be incomplete, publication into immutable versions. */
@Injectable()
export class OfferingsService {
  constructor(
    private readonly tx: Transactions,
    private readonly offerings: OfferingsRepository,
    private readonly versions: OfferingVersionsRepository,
    private readonly users: UsersRepository,
    records: RecordLookups,
  ) {
    // Front desk may read offerings: trying to change one says so instead of "not found".
    records.register('offering', 'offering', (auth, id) =>
      this.tx.run(async (tx) => !!(await this.offerings.findInPractice(tx, auth.practiceId, id))),
    );
  }

  list(auth: AuthContext): Promise<OfferingSummary[]> {
    return this.tx.run(async (tx) =>
      (await this.offerings.listForPractice(tx, auth.practiceId)).map((o) => ({
        id: o.id,
        slug: o.slug,
        title: o.draft.title || '(untitled)',
        status: statusOf(o),
        latestVersion: o.latestVersion,
        draftUpdatedAt: o.draftUpdatedAt,
      })),
    );
  }

  async create(auth: AuthContext, input: CreateOfferingDto): Promise<Offering> {
    const slugTaken = () =>
      new DomainError('SLUG_TAKEN', 'Another offering of this practice already uses that address.', {
        slug: 'is already used by another offering of this practice',
      });
    try {
      return await this.tx.runRetrying(
        async (tx) => {
          let slug = input.slug;
          if (slug && (await this.offerings.slugTaken(tx, auth.practiceId, slug))) throw slugTaken();
          if (!slug) {
            const base = slugify(input.title);
            await lockName(tx, `offering-slug:${auth.practiceId}:${base}`);
            slug = nextFreeSlug(base, await this.offerings.slugsLike(tx, auth.practiceId, base));
          }
          const draft: OfferingDraft = {
            title: input.title,
            practitionerIds: auth.role === 'front_desk' ? [] : [auth.userId],
            fees: { currency: 'USD' },
          };
          return this.offerings.create(tx, { practiceId: auth.practiceId, slug, draft, draftUpdatedById: auth.userId });
        },
        (error) => !input.slug && isUniqueViolation(error, 'offerings'),
      );
    } catch (error) {
      if (isUniqueViolation(error, 'offerings')) throw slugTaken();
      throw error;
    }
  }

  /** Everything the editor and the API need about one offering. */
  async get(auth: AuthContext, id: string) {
    return this.tx.run(async (tx) => {
      const offering = await this.mustFind(tx, auth, id);
      const versions = await this.versions.listForOffering(tx, auth.practiceId, id);
      return {
        offering,
        status: statusOf(offering),
        versions: versions.map(({ version, publishedAt, publishedByName }) => ({ version, publishedAt, publishedByName })),
        providers: await this.providerOptions(tx, auth.practiceId),
        missing: { ...ruleProblems(offering.draft), ...missingForPublication(offering.draft) },
      };
    });
  }

  /**
   * Replaces the draft. Shape, ranges and cross-field rules are checked, but not completeness: a
   * draft may be half-written. Nothing is saved when anything is wrong, and a save based on an
   * older revision is refused, so two editors never silently overwrite each other.
   */
  async saveDraft(auth: AuthContext, id: string, input: unknown): Promise<{ revision: number; missing: FieldErrors }> {
    return this.tx.run(async (tx) => {
      // Locked, so a publication cannot slip between reading the latest version and saving.
      const offering = await this.offerings.findInPracticeForUpdate(tx, auth.practiceId, id);
      if (!offering) throw notFound('That offering'); // another practice's id: 404 before anything else
      const { revision, draft } = parseSaveDraft(input);
      const problems = { ...ruleProblems(draft), ...(await this.providerProblems(tx, auth.practiceId, draft)) };
      if (Object.keys(problems).length > 0) throw new DomainError('VALIDATION_FAILED', summarize(problems), problems);
      const latest = offering.latestVersion ? await this.versions.find(tx, auth.practiceId, id, offering.latestVersion) : null;
      const saved = await this.offerings.saveDraft(tx, auth.practiceId, id, {
        draft,
        revision,
        userId: auth.userId,
        hasUnpublishedChanges: !latest || !sameAsPublished(draft, latest.content),
      });
      if (!saved) {
        throw new DomainError(
          'DRAFT_CONFLICT',
          'Someone saved this offering after you opened it, so your changes were not saved. Your changes are still in the form: check them and save again to replace the newer draft.',
        );
      }
      return { revision: offering.draftRevision + 1, missing: missingForPublication(draft) };
    });
  }

  /** Publishes the draft as the next immutable version, or lists everything still missing. */
  async publish(auth: AuthContext, id: string): Promise<OfferingVersion> {
    return this.tx.run(async (tx) => {
      const offering = await this.offerings.findInPracticeForUpdate(tx, auth.practiceId, id);
      if (!offering) throw notFound('That offering');
      const draft = offering.draft;
      const problems = {
        ...ruleProblems(draft),
        ...missingForPublication(draft),
        ...(await this.providerProblems(tx, auth.practiceId, draft)),
      };
      if (Object.keys(problems).length > 0) {
        throw new DomainError(
          'DRAFT_INCOMPLETE',
          `This draft cannot be published yet: ${Object.keys(problems).length} item(s) need attention.`,
          problems,
        );
      }
      if (offering.latestVersion > 0 && !offering.hasUnpublishedChanges) {
        throw new DomainError(
          'NOTHING_TO_PUBLISH',
          `The draft is the same as version ${offering.latestVersion}; there is nothing new to publish.`,
        );
      }
      const content = toContent(draft);
      const names = new Map((await this.providerOptions(tx, auth.practiceId)).map((m) => [m.id, m.name]));
      const version = offering.latestVersion + 1;
      const published = await this.versions.insert(tx, {
        offeringId: id,
        practiceId: auth.practiceId,
        version,
        content,
        providers: content.practitionerIds.map((pid) => ({ id: pid, name: names.get(pid)! })),
        publishedAt: new Date(),
        publishedById: auth.userId,
        publishedByName: auth.name,
      });
      await this.offerings.markPublished(tx, auth.practiceId, id, version);
      return published;
    });
  }

  async version(auth: AuthContext, id: string, version: number): Promise<OfferingVersion> {
    return this.tx.run(async (tx) => {
      await this.mustFind(tx, auth, id);
      const found = await this.versions.find(tx, auth.practiceId, id, version);
      if (!found) throw notFound('That version');
      return found;
    });
  }

  /** Every version with what changed from the one before, newest first. */
  async history(auth: AuthContext, id: string): Promise<{ offering: Offering; versions: VersionChanges[] }> {
    return this.tx.run(async (tx) => {
      const offering = await this.mustFind(tx, auth, id);
      const versions = await this.versions.listForOffering(tx, auth.practiceId, id);
      const names = new Map(versions.flatMap((v) => v.providers.map((p) => [p.id, p.name] as const)));
      const history = versions.map((v, i) => ({
        version: v.version,
        publishedAt: v.publishedAt,
        publishedByName: v.publishedByName,
        changes:
          i === 0
            ? ['First published version']
            : describeChanges(versions[i - 1].content, v.content, (pid) => names.get(pid) ?? 'a former team member'),
      }));
      return { offering, versions: history.reverse() };
    });
  }

  async setWithdrawn(auth: AuthContext, id: string, withdrawn: boolean): Promise<void> {
    await this.tx.run(async (tx) => {
      const offering = await this.mustFind(tx, auth, id);
      if (withdrawn && offering.latestVersion === 0) {
        throw new DomainError('NOT_PUBLISHED', 'This offering has never been published, so there is nothing to withdraw.');
      }
      await this.offerings.setWithdrawn(tx, auth.practiceId, id, withdrawn);
    });
  }

  private async mustFind(tx: EntityManager, auth: AuthContext, id: string): Promise<Offering> {
    const offering = await this.offerings.findInPractice(tx, auth.practiceId, id);
    if (!offering) throw notFound('That offering');
    return offering;
  }

  /** Who can be named as providing care: active owners and practitioners of this practice. */
  private async providerOptions(tx: EntityManager, practiceId: string): Promise<TeamMemberOption[]> {
    return (await this.users.listForPractice(tx, practiceId))
      .filter((u) => u.status === 'active' && u.role !== 'front_desk')
      .map((u) => ({ id: u.id, name: u.name }));
  }

  private async providerProblems(tx: EntityManager, practiceId: string, draft: OfferingDraft): Promise<FieldErrors> {
    if (!draft.practitionerIds?.length) return {};
    const allowed = new Set((await this.providerOptions(tx, practiceId)).map((m) => m.id));
    return draft.practitionerIds.every((pid) => allowed.has(pid))
      ? {}
      : { practitionerIds: 'must be active practitioners of this practice' };
  }
}

/** Validates a save against the DTO; field paths are relative to the draft ("careArc.0.name"). */
export function parseSaveDraft(input: unknown): { revision: number; draft: OfferingDraft } {
  const dto = plainToInstance(SaveDraftDto, input ?? {});
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    const fields = Object.fromEntries(
      Object.entries(toFieldErrors(errors)).map(([path, message]) => [path.replace(/^draft\./, ''), message]),
    );
    throw new DomainError('VALIDATION_FAILED', summarize(fields), fields);
  }
  // Through JSON: drops undefined members and class prototypes before the draft is stored.
  return { revision: dto.revision, draft: JSON.parse(JSON.stringify(dto.draft ?? {})) as OfferingDraft };
}

function sameAsPublished(draft: OfferingDraft, published: OfferingContent): boolean {
  return Object.keys(missingForPublication(draft)).length === 0 && isDeepStrictEqual(toContent(draft), published);
}
