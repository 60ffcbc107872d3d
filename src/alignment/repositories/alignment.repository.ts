import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AlignmentCheck } from '../entities/alignment-check.entity';
import { FindingComment } from '../entities/finding-comment.entity';

@Injectable()
export class AlignmentRepository {
  /** The check of this intake against this version: the existing one, or a new one. */
  async findOrCreate(tx: EntityManager, check: Pick<AlignmentCheck, 'practiceId' | 'intakeId' | 'offeringVersionId' | 'createdById'>) {
    const repo = tx.getRepository(AlignmentCheck);
    await repo.createQueryBuilder().insert().values(check).orIgnore().execute();
    return (await repo.findOne({ where: { intakeId: check.intakeId, offeringVersionId: check.offeringVersionId } }))!;
  }

  find(tx: EntityManager, practiceId: string, intakeId: string, id: string): Promise<AlignmentCheck | null> {
    return tx.getRepository(AlignmentCheck).findOne({ where: { practiceId, intakeId, id }, relations: { offeringVersion: true } });
  }

  listForIntake(tx: EntityManager, practiceId: string, intakeId: string): Promise<AlignmentCheck[]> {
    return tx
      .getRepository(AlignmentCheck)
      .find({ where: { practiceId, intakeId }, relations: { offeringVersion: true }, order: { createdAt: 'DESC' } });
  }

  comments(tx: EntityManager, checkId: string): Promise<FindingComment[]> {
    return tx.getRepository(FindingComment).find({ where: { checkId }, order: { createdAt: 'ASC' } });
  }

  async addComment(
    tx: EntityManager,
    comment: Pick<FindingComment, 'practiceId' | 'checkId' | 'findingKey' | 'authorKind' | 'authorId' | 'authorName' | 'text'>,
  ) {
    await tx.getRepository(FindingComment).insert(comment);
  }
}
