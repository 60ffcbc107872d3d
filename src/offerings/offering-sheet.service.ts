import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthContext } from '../accounts/auth-context';
import type { Practice } from '../accounts/entities/practice.entity';
import { PracticesRepository } from '../accounts/repositories/practices.repository';
import { notFound } from '../common/errors/domain-error';
import { Transactions } from '../database/transaction';
import { t } from '../i18n/catalog';
import { clientLocale, DEFAULT_LANGUAGE, type Language } from '../i18n/languages';
import { PdfService } from '../pdf/pdf.service';
import { paperSize } from '../profiles/locale';
import { PublicProfilesService } from '../profiles/public-profiles.service';
import type { OfferingVersion } from './entities/offering-version.entity';
import { offeringView } from './offering-view';
import { project } from './projections';
import { OfferingVersionsRepository } from './repositories/offering-versions.repository';
import { OfferingsRepository } from './repositories/offerings.repository';

export interface PrintedSheet {
  bytes: Buffer;
  hash: string;
  filename: string;
}

/**
 * "What to expect": a published offering printed for a client to take home. A published version
 * never changes, so each one is printed once and kept (until the practice's profile changes).
 */
@Injectable()
export class OfferingSheetService {
  constructor(
    private readonly tx: Transactions,
    private readonly practices: PracticesRepository,
    private readonly offerings: OfferingsRepository,
    private readonly versions: OfferingVersionsRepository,
    private readonly profiles: PublicProfilesService,
    private readonly pdf: PdfService,
  ) {}

  /** Any version, for the practice's staff. */
  async forStaff(auth: AuthContext, offeringId: string, version: number): Promise<PrintedSheet> {
    const { practice, found } = await this.tx.run(async (tx) => {
      const offering = await this.offerings.findInPractice(tx, auth.practiceId, offeringId);
      const found = offering ? await this.versions.find(tx, auth.practiceId, offeringId, version) : null;
      if (!offering || !found) throw notFound('That version');
      found.offering = offering;
      return { practice: (await this.practices.findById(tx, auth.practiceId))!, found };
    });
    return this.print(practice, found, DEFAULT_LANGUAGE);
  }

  /** The current public version, for anyone, in the public page's language. */
  async forPublic(practiceSlug: string, offeringSlug: string, language: Language = DEFAULT_LANGUAGE): Promise<PrintedSheet> {
    const { practice, found } = await this.tx.run(async (tx) => {
      const practice = await this.practices.findBySlug(tx, practiceSlug);
      const found = practice ? await this.versions.findPublic(tx, practice.id, offeringSlug) : null;
      if (!practice || !found) throw notFound('That offering');
      return { practice, found };
    });
    return this.print(practice, found, language);
  }

  private async print(practice: Practice, version: OfferingVersion, language: Language): Promise<PrintedSheet> {
    const model = await this.tx.run((tx) => this.model(tx, practice, version, language));
    const title = t(language, 'pdf.sheet.title', { offering: version.content.title });
    const { bytes, hash } = await this.pdf.renderOnce(practice.id, 'offering-sheet', model, {
      paper: paperSize(practice.locale),
      language,
      title,
      issuer: practice.name,
    });
    const suffix = language === DEFAULT_LANGUAGE ? '' : `-${language}`;
    return { bytes, hash, filename: `${practice.slug}-${version.offering!.slug}-v${version.version}${suffix}.pdf` };
  }

  private async model(tx: EntityManager, practice: Practice, v: OfferingVersion, language: Language) {
    const c = v.content;
    const locale = clientLocale(language, practice.locale);
    const cards = await this.profiles.printCards(
      tx,
      practice,
      v.providers.map((p) => p.id),
      language,
    );
    return {
      practice: await this.profiles.printPracticeCard(tx, practice),
      version: v.version,
      lang: language,
      publishedOn: new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: practice.timeZone }).format(v.publishedAt),
      providers: v.providers.map((p) => ({ name: p.name, profile: cards.get(p.id) ?? null })),
      view: offeringView(c, project(c.trialPeriod, c.careArc, c.fees.slidingScale), language, locale),
    };
  }
}
