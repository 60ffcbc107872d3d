import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { IntakeSubmission } from '../entities/intake-submission.entity';
import { AnswersCipher } from '../sealed-answers';
import type { IntakeTemplateContent } from '../template';

/** Submissions, with the client's own words encrypted at rest and opened when read. */
@Injectable()
export class IntakeSubmissionsRepository {
  constructor(private readonly answers: AnswersCipher) {}

  async findForIntake(tx: EntityManager, intakeId: string): Promise<IntakeSubmission | null> {
    const found = await tx.getRepository(IntakeSubmission).findOne({ where: { intakeId } });
    if (found) found.answers = this.answers.open(found.answers, 'intake_submissions', found.id);
    return found;
  }

  /** Whether the client has submitted, without opening anything. */
  existsForIntake(tx: EntityManager, intakeId: string): Promise<boolean> {
    return tx.getRepository(IntakeSubmission).exists({ where: { intakeId } });
  }

  /** The id is made here, before the row exists: it is part of what each encrypted answer is bound to. */
  async create(
    tx: EntityManager,
    content: IntakeTemplateContent,
    submission: Omit<IntakeSubmission, 'id' | 'intake' | 'templateVersion'>,
  ): Promise<IntakeSubmission> {
    const repo = tx.getRepository(IntakeSubmission);
    const id = randomUUID();
    const saved = await repo.save(
      repo.create({ ...submission, id, answers: this.answers.seal(content, submission.answers, 'intake_submissions', id) }),
    );
    saved.answers = submission.answers;
    return saved;
  }
}
