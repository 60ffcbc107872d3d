import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { IntakeSubmission } from '../entities/intake-submission.entity';

@Injectable()
export class IntakeSubmissionsRepository {
  findForIntake(tx: EntityManager, intakeId: string): Promise<IntakeSubmission | null> {
    return tx.getRepository(IntakeSubmission).findOne({ where: { intakeId } });
  }

  create(tx: EntityManager, submission: Omit<IntakeSubmission, 'id' | 'intake' | 'templateVersion'>): Promise<IntakeSubmission> {
    const repo = tx.getRepository(IntakeSubmission);
    return repo.save(repo.create(submission));
  }
}
