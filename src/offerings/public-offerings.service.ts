import { Injectable } from '@nestjs/common';
import { PracticesRepository } from '../accounts/repositories/practices.repository';
import { notFound } from '../common/errors/domain-error';
import { Transactions } from '../database/transaction';
import type { ProviderSnapshot } from './entities/offering-version.entity';
import type { OfferingContent } from './offering-content';
import { project, Projections } from './projections';
import { OfferingVersionsRepository } from './repositories/offering-versions.repository';

export interface PublicOffering {
  practice: { name: string; slug: string };
  slug: string;
  version: number;
  publishedAt: Date;
  providers: ProviderSnapshot[];
  content: OfferingContent;
  projections: Projections;
}

/** What anyone may read without logging in: published, not withdrawn offerings. */
@Injectable()
export class PublicOfferingsService {
  constructor(
    private readonly tx: Transactions,
    private readonly practices: PracticesRepository,
    private readonly versions: OfferingVersionsRepository,
  ) {}

  async practice(practiceSlug: string): Promise<{ practice: { name: string; slug: string }; offerings: PublicOffering[] }> {
    return this.tx.run(async (tx) => {
      const practice = await this.practices.findBySlug(tx, practiceSlug);
      if (!practice) throw notFound('That practice');
      const versions = await this.versions.listPublic(tx, practice.id);
      const ref = { name: practice.name, slug: practice.slug };
      return { practice: ref, offerings: versions.map((v) => present(ref, v)) };
    });
  }

  async offering(practiceSlug: string, offeringSlug: string): Promise<PublicOffering> {
    return this.tx.run(async (tx) => {
      const practice = await this.practices.findBySlug(tx, practiceSlug);
      const version = practice ? await this.versions.findPublic(tx, practice.id, offeringSlug) : null;
      if (!practice || !version) throw notFound('That offering');
      return present({ name: practice.name, slug: practice.slug }, version);
    });
  }
}

function present(
  practice: { name: string; slug: string },
  v: { offering?: { slug: string }; version: number; publishedAt: Date; providers: ProviderSnapshot[]; content: OfferingContent },
): PublicOffering {
  const c = v.content;
  return {
    practice,
    slug: v.offering!.slug,
    version: v.version,
    publishedAt: v.publishedAt,
    providers: v.providers,
    content: c,
    projections: project(c.trialPeriod, c.careArc, c.fees.slidingScale),
  };
}
