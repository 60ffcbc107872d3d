import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { CleanImage } from './image-processing';
import { Image } from './image.entity';

@Injectable()
export class ImagesRepository {
  async insert(tx: EntityManager, practiceId: string, image: CleanImage): Promise<Image> {
    const repo = tx.getRepository(Image);
    return repo.save(repo.create({ practiceId, ...image }));
  }

  findInPractice(tx: EntityManager, practiceId: string, id: string): Promise<Image | null> {
    return tx.getRepository(Image).findOne({ where: { practiceId, id } });
  }

  async delete(tx: EntityManager, practiceId: string, id: string): Promise<void> {
    await tx.getRepository(Image).delete({ practiceId, id });
  }
}
