import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PractitionerProfile } from './entities/practitioner-profile.entity';

@Injectable()
export class ProfilesRepository {
  find(tx: EntityManager, practiceId: string, userId: string): Promise<PractitionerProfile | null> {
    return tx.getRepository(PractitionerProfile).findOne({ where: { practiceId, userId } });
  }

  async save(tx: EntityManager, profile: Partial<PractitionerProfile> & { practiceId: string; userId: string }): Promise<void> {
    await tx.getRepository(PractitionerProfile).save(tx.getRepository(PractitionerProfile).create(profile));
  }

  async setPhoto(tx: EntityManager, practiceId: string, userId: string, imageId: string | null): Promise<void> {
    await tx.getRepository(PractitionerProfile).update({ practiceId, userId }, { photoImageId: imageId });
  }

  /** Profiles of active team members who provide care, in the order they joined. */
  listPublic(tx: EntityManager, practiceId: string, userIds?: string[]): Promise<PractitionerProfile[]> {
    if (userIds?.length === 0) return Promise.resolve([]);
    const query = tx
      .getRepository(PractitionerProfile)
      .createQueryBuilder('p')
      .innerJoin('p.user', 'u', "u.status = 'active' AND u.role <> 'front_desk'")
      .where('p.practice_id = :practiceId', { practiceId });
    if (userIds) query.andWhere('p.user_id IN (:...userIds)', { userIds });
    return query.orderBy('u.created_at', 'ASC').getMany();
  }

  /** Whether an image is shown publicly by this practice (its logo or a profile photo). */
  async imageIsPublic(tx: EntityManager, practiceId: string, imageId: string): Promise<boolean> {
    const [row] = await tx.query(
      `SELECT EXISTS (SELECT 1 FROM practices WHERE id = $1 AND logo_image_id = $2)
           OR EXISTS (SELECT 1 FROM practitioner_profiles WHERE practice_id = $1 AND photo_image_id = $2) AS public`,
      [practiceId, imageId],
    );
    return row?.public === true;
  }
}
