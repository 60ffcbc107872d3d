import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull, Not } from 'typeorm';
import { MfaRecoveryCode } from '../entities/mfa-recovery-code.entity';
import { StaffUser } from '../entities/staff-user.entity';

/** A person's second factor: the sealed TOTP secret, the last step used, and the recovery codes. */
@Injectable()
export class MfaRepository {
  /** The person with their sealed secrets, which ordinary loads of a user leave out. */
  findWithSecrets(tx: EntityManager, practiceId: string, userId: string): Promise<StaffUser | null> {
    return tx
      .getRepository(StaffUser)
      .createQueryBuilder('u')
      .addSelect(['u.mfaSecret', 'u.mfaPendingSecret'])
      .where('u.id = :userId AND u.practiceId = :practiceId', { userId, practiceId })
      .getOne();
  }

  /** Any one enrolled person's sealed secret, to check at start-up that the key still opens it. */
  async anySealedSecret(tx: EntityManager): Promise<{ userId: string; sealed: string } | undefined> {
    const user = await tx.getRepository(StaffUser).findOne({ select: { id: true, mfaSecret: true }, where: { mfaSecret: Not(IsNull()) } });
    return user?.mfaSecret ? { userId: user.id, sealed: user.mfaSecret } : undefined;
  }

  async setPending(tx: EntityManager, userId: string, sealed: string, at: Date): Promise<void> {
    await tx.getRepository(StaffUser).update({ id: userId }, { mfaPendingSecret: sealed, mfaPendingAt: at });
  }

  async enable(tx: EntityManager, userId: string, sealed: string, step: number, at: Date): Promise<void> {
    await tx
      .getRepository(StaffUser)
      .update({ id: userId }, { mfaSecret: sealed, mfaEnabledAt: at, mfaLastStep: step, mfaPendingSecret: null, mfaPendingAt: null });
  }

  async disable(tx: EntityManager, practiceId: string, userId: string): Promise<void> {
    await tx
      .getRepository(StaffUser)
      .update(
        { id: userId, practiceId },
        { mfaSecret: null, mfaEnabledAt: null, mfaLastStep: null, mfaPendingSecret: null, mfaPendingAt: null },
      );
    await tx.getRepository(MfaRecoveryCode).delete({ userId, practiceId });
  }

  /**
   * Records `step` as used unless it, or a later one, already was. False means the code is being
   * replayed. One conditional UPDATE, so two requests with the same code cannot both pass.
   */
  async useStep(tx: EntityManager, userId: string, step: number): Promise<boolean> {
    const result = await tx
      .createQueryBuilder()
      .update(StaffUser)
      .set({ mfaLastStep: step })
      .where('id = :userId AND (mfa_last_step IS NULL OR mfa_last_step < :step)', { userId, step })
      .execute();
    return result.affected === 1;
  }

  async replaceRecoveryCodes(tx: EntityManager, practiceId: string, userId: string, hashes: string[]): Promise<void> {
    const repo = tx.getRepository(MfaRecoveryCode);
    await repo.delete({ userId, practiceId });
    await repo.insert(hashes.map((codeHash) => ({ practiceId, userId, codeHash, usedAt: null })));
  }

  /** Marks the code used, in one conditional UPDATE (so it works once even when sent twice at once). */
  async spendRecoveryCode(tx: EntityManager, userId: string, codeHash: string): Promise<'spent' | 'already_used' | 'unknown'> {
    const result = await tx
      .createQueryBuilder()
      .update(MfaRecoveryCode)
      .set({ usedAt: () => 'now()' })
      .where('user_id = :userId AND code_hash = :codeHash AND used_at IS NULL', { userId, codeHash })
      .execute();
    if (result.affected === 1) return 'spent';
    return (await tx.getRepository(MfaRecoveryCode).exists({ where: { userId, codeHash } })) ? 'already_used' : 'unknown';
  }

  countUnusedRecoveryCodes(tx: EntityManager, userId: string): Promise<number> {
    return tx.getRepository(MfaRecoveryCode).count({ where: { userId, usedAt: IsNull() } });
  }
}
