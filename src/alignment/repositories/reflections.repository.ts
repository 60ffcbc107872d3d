import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ReflectionEntry } from '../entities/reflection-entry.entity';
import { Reflection } from '../entities/reflection.entity';

@Injectable()
export class ReflectionsRepository {
  find(tx: EntityManager, practiceId: string, intakeId: string, lock = false): Promise<Reflection | null> {
    const query = tx
      .getRepository(Reflection)
      .createQueryBuilder('r')
      .where('r.practice_id = :practiceId AND r.intake_id = :intakeId', { practiceId, intakeId });
    return (lock ? query.setLock('pessimistic_write') : query).getOne();
  }

  async save(tx: EntityManager, reflection: Pick<Reflection, 'intakeId' | 'practiceId' | 'status' | 'round'>): Promise<void> {
    await tx.getRepository(Reflection).save(reflection);
  }

  addEntry(tx: EntityManager, entry: Pick<ReflectionEntry, 'practiceId' | 'intakeId' | 'round' | 'kind' | 'authorId' | 'content'>) {
    const repo = tx.getRepository(ReflectionEntry);
    return repo.save(repo.create(entry));
  }

  /** The thread, oldest first, with the authors' names. */
  entries(tx: EntityManager, practiceId: string, intakeId: string): Promise<ReflectionEntry[]> {
    return tx.getRepository(ReflectionEntry).find({
      where: { practiceId, intakeId },
      relations: { author: true },
      order: { round: 'ASC', createdAt: 'ASC' },
    });
  }
}
