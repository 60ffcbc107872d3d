import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { StaffUser, UserStatus } from '../entities/staff-user.entity';
import type { Role } from '../permissions';

export interface NewUser {
  practiceId: string;
  email: string;
  name: string;
  passwordHash: string;
  role: Role;
}

@Injectable()
export class UsersRepository {
  /** Creating an account signs its person in, so it counts as their first log-in. */
  create(tx: EntityManager, user: NewUser): Promise<StaffUser> {
    const repo = tx.getRepository(StaffUser);
    return repo.save(repo.create({ ...user, lastLoginAt: new Date() }));
  }

  /** Log-in looks across practices: an e-mail belongs to one account in all of Ayni. */
  findByEmail(tx: EntityManager, email: string): Promise<StaffUser | null> {
    return tx.getRepository(StaffUser).findOne({ where: { email }, relations: { practice: true } });
  }

  emailExists(tx: EntityManager, email: string): Promise<boolean> {
    return tx.getRepository(StaffUser).exists({ where: { email } });
  }

  findInPractice(tx: EntityManager, practiceId: string, id: string): Promise<StaffUser | null> {
    return tx.getRepository(StaffUser).findOne({ where: { practiceId, id } });
  }

  listForPractice(tx: EntityManager, practiceId: string): Promise<StaffUser[]> {
    return tx.getRepository(StaffUser).find({ where: { practiceId }, order: { createdAt: 'ASC' } });
  }

  async setStatus(tx: EntityManager, practiceId: string, id: string, status: UserStatus): Promise<void> {
    await tx.getRepository(StaffUser).update({ practiceId, id }, { status, deactivatedAt: status === 'deactivated' ? new Date() : null });
  }

  async recordLogin(tx: EntityManager, id: string): Promise<void> {
    await tx.getRepository(StaffUser).update({ id }, { lastLoginAt: new Date() });
  }
}
