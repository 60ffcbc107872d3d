import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Practice } from '../accounts/entities/practice.entity';
import { PracticesRepository } from '../accounts/repositories/practices.repository';
import { notFound } from '../common/errors/domain-error';
import { Transactions } from '../database/transaction';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages';
import type { Image } from '../media/image.entity';
import { dataUri } from '../media/image-processing';
import { ImagesRepository } from '../media/images.repository';
import { profileCard } from './profile-view';
import { ProfilesRepository } from './profiles.repository';

export type ProfileCard = ReturnType<typeof profileCard>;

/** What the public pages show about a practice and its practitioners, and the pictures they use. */
@Injectable()
export class PublicProfilesService {
  constructor(
    private readonly tx: Transactions,
    private readonly practices: PracticesRepository,
    private readonly profiles: ProfilesRepository,
    private readonly images: ImagesRepository,
  ) {}

  static imageBase = (practiceSlug: string) => `/p/${encodeURIComponent(practiceSlug)}/images`;

  practiceCard(practice: Practice) {
    return {
      name: practice.name,
      slug: practice.slug,
      address: practice.address,
      phone: practice.phone,
      publicEmail: practice.publicEmail,
      openingHours: practice.openingHours,
      timeZone: practice.timeZone,
      locale: practice.locale,
      logoUrl: practice.logoImageId ? `${PublicProfilesService.imageBase(practice.slug)}/${practice.logoImageId}` : null,
    };
  }

  /** Profiles of the practice's active practitioners (all, or those named), by user id, in a stable order. */
  async cards(
    tx: EntityManager,
    practice: Practice,
    userIds?: string[],
    language: Language = DEFAULT_LANGUAGE,
  ): Promise<Map<string, ProfileCard>> {
    const base = PublicProfilesService.imageBase(practice.slug);
    return new Map((await this.profiles.listPublic(tx, practice.id, userIds)).map((p) => [p.userId, profileCard(p, base, language)]));
  }

  /**
   * The same cards for a printed document: pictures travel inside it as data: URIs, because the
   * PDF renderer loads nothing from anywhere.
   */
  async printCards(
    tx: EntityManager,
    practice: Practice,
    userIds: string[],
    language: Language = DEFAULT_LANGUAGE,
  ): Promise<Map<string, ProfileCard>> {
    const cards = new Map<string, ProfileCard>();
    for (const p of await this.profiles.listPublic(tx, practice.id, userIds)) {
      const photo = p.photoImageId ? await this.images.findInPractice(tx, practice.id, p.photoImageId) : null;
      cards.set(p.userId, { ...profileCard(p, '', language), photoUrl: photo ? dataUri(photo) : null });
    }
    return cards;
  }

  async printPracticeCard(tx: EntityManager, practice: Practice) {
    const logo = practice.logoImageId ? await this.images.findInPractice(tx, practice.id, practice.logoImageId) : null;
    return { ...this.practiceCard(practice), logo: logo ? dataUri(logo) : null };
  }

  /** A picture the practice shows publicly (its logo or a practitioner's photo); anything else is not found. */
  async image(practiceSlug: string, imageId: string): Promise<Image> {
    return this.tx.run(async (tx) => {
      const practice = await this.practices.findBySlug(tx, practiceSlug);
      const visible = practice && (await this.profiles.imageIsPublic(tx, practice.id, imageId));
      const image = visible ? await this.images.findInPractice(tx, practice.id, imageId) : null;
      if (!image) throw notFound('That picture');
      return image;
    });
  }
}
