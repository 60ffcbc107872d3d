import { Injectable } from '@nestjs/common';
import { EntityManager, Like } from 'typeorm';
import { Practice } from '../entities/practice.entity';

@Injectable()
export class PracticesRepository {
  create(tx: EntityManager, name: string, slug: string): Promise<Practice> {
    return tx.getRepository(Practice).save(tx.getRepository(Practice).create({ name, slug }));
  }

  findById(tx: EntityManager, id: string): Promise<Practice | null> {
    return tx.getRepository(Practice).findOne({ where: { id } });
  }

  async updateProfile(
    tx: EntityManager,
    id: string,
    profile: Pick<Practice, 'name' | 'address' | 'phone' | 'publicEmail' | 'openingHours' | 'timeZone' | 'locale' | 'currency'>,
  ): Promise<void> {
    await tx.getRepository(Practice).update({ id }, profile);
  }

  async setMfaRequired(tx: EntityManager, id: string, required: boolean): Promise<void> {
    await tx.getRepository(Practice).update({ id }, { mfaRequired: required });
  }

  async setLogo(tx: EntityManager, id: string, imageId: string | null): Promise<void> {
    await tx.getRepository(Practice).update({ id }, { logoImageId: imageId });
  }

  findBySlug(tx: EntityManager, slug: string): Promise<Practice | null> {
    return tx.getRepository(Practice).findOne({ where: { slug } });
  }

  /** Slugs already taken that start with `base`, to pick the next free one. */
  async slugsLike(tx: EntityManager, base: string): Promise<string[]> {
    const rows = await tx.getRepository(Practice).find({ select: { slug: true }, where: { slug: Like(`${base}%`) } });
    return rows.map((r) => r.slug);
  }
}
