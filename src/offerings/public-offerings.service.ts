import { Injectable } from '@nestjs/common';
import { PracticesRepository } from '../accounts/repositories/practices.repository';
import { notFound } from '../common/errors/domain-error';
import { Transactions } from '../database/transaction';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages';
import { ProfileCard, PublicProfilesService } from '../profiles/public-profiles.service';
import type { ProviderSnapshot } from './entities/offering-version.entity';
import type { OfferingContent } from './offering-content';
import { project, Projections } from './projections';
import { OfferingVersionsRepository } from './repositories/offering-versions.repository';

type PracticeCard = ReturnType<PublicProfilesService['practiceCard']>;

export interface PublicOffering {
  practice: PracticeCard;
  slug: string;
  version: number;
  publishedAt: Date;
  /** Who provides it: the names as published, with each person's current profile when they have one. */
  providers: Array<{ name: string; profile: ProfileCard | null }>;
  /** Everything a client needs; not the billing identifiers (NPI, TIN) nor staff ids. */
  content: Omit<OfferingContent, 'estimate' | 'practitionerIds'>;
  projections: Projections;
}

/** What anyone may read without logging in: published, not withdrawn offerings. */
@Injectable()
export class PublicOfferingsService {
  constructor(
    private readonly tx: Transactions,
    private readonly practices: PracticesRepository,
    private readonly versions: OfferingVersionsRepository,
    private readonly profiles: PublicProfilesService,
  ) {}

  /** `language`: the words of the practitioners' cards (the public page's language). */
  async practice(
    practiceSlug: string,
    language: Language = DEFAULT_LANGUAGE,
  ): Promise<{ practice: PracticeCard; practitioners: ProfileCard[]; offerings: PublicOffering[] }> {
    return this.tx.run(async (tx) => {
      const practice = await this.practices.findBySlug(tx, practiceSlug);
      if (!practice) throw notFound('That practice');
      const versions = await this.versions.listPublic(tx, practice.id);
      const practitioners = await this.profiles.cards(tx, practice, undefined, language);
      const card = this.profiles.practiceCard(practice);
      return {
        practice: card,
        practitioners: [...practitioners.values()],
        offerings: versions.map((v) => present(card, v, practitioners)),
      };
    });
  }

  async offering(practiceSlug: string, offeringSlug: string, language: Language = DEFAULT_LANGUAGE): Promise<PublicOffering> {
    return this.tx.run(async (tx) => {
      const practice = await this.practices.findBySlug(tx, practiceSlug);
      const version = practice ? await this.versions.findPublic(tx, practice.id, offeringSlug) : null;
      if (!practice || !version) throw notFound('That offering');
      const cards = await this.profiles.cards(
        tx,
        practice,
        version.providers.map((p) => p.id),
        language,
      );
      return present(this.profiles.practiceCard(practice), version, cards);
    });
  }
}

function present(
  practice: PracticeCard,
  v: { offering?: { slug: string }; version: number; publishedAt: Date; providers: ProviderSnapshot[]; content: OfferingContent },
  cards: Map<string, ProfileCard>,
): PublicOffering {
  const { estimate: _billing, practitionerIds: _ids, ...c } = v.content;
  return {
    practice,
    slug: v.offering!.slug,
    version: v.version,
    publishedAt: v.publishedAt,
    providers: v.providers.map((p) => ({ name: p.name, profile: cards.get(p.id) ?? null })),
    content: c,
    projections: project(c.trialPeriod, c.careArc, c.fees.slidingScale),
  };
}
