import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { FieldCipher } from '../../crypto/field-cipher';
import { openJson, sealJson } from '../../crypto/sealed-json';
import { ReflectionEntry } from '../entities/reflection-entry.entity';
import { Reflection } from '../entities/reflection.entity';
import { sealsReflectionLeaf } from '../reflection-sealing';

@Injectable()
export class ReflectionsRepository {
  constructor(private readonly cipher: FieldCipher) {}

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

  /** The id is made here: each encrypted text is bound to its entry. */
  async addEntry(tx: EntityManager, entry: Pick<ReflectionEntry, 'practiceId' | 'intakeId' | 'round' | 'kind' | 'authorId' | 'content'>) {
    const repo = tx.getRepository(ReflectionEntry);
    const id = randomUUID();
    const content = sealJson(this.cipher, entry.content, place(id), sealsReflectionLeaf);
    const saved = await repo.save(repo.create({ ...entry, id, content }));
    saved.content = entry.content;
    return saved;
  }

  /** The thread, oldest first, with the authors' names, opened. */
  async entries(tx: EntityManager, practiceId: string, intakeId: string): Promise<ReflectionEntry[]> {
    const entries = await tx.getRepository(ReflectionEntry).find({
      where: { practiceId, intakeId },
      relations: { author: true },
      order: { round: 'ASC', createdAt: 'ASC' },
    });
    for (const e of entries) e.content = openJson(this.cipher, e.content, place(e.id));
    return entries;
  }
}

const place = (id: string) => ({ table: 'reflection_entries', id, column: 'content' });
