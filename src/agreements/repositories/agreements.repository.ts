import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AgreementComment } from '../entities/agreement-comment.entity';
import { AgreementDocument } from '../entities/agreement-document.entity';
import { AgreementScan } from '../entities/agreement-scan.entity';
import { AgreementSignature } from '../entities/agreement-signature.entity';
import { Agreement } from '../entities/agreement.entity';
import { nextAgreementStatus, type AgreementStatus } from '../agreement-status';
import { DomainError } from '../../common/errors/domain-error';

@Injectable()
export class AgreementsRepository {
  /**
   * An amendment can be proposed and signed only while the agreement it would replace is still in
   * effect: once that one has ended (at a review, say), the amendment has nothing left to amend.
   */
  async assertReplacesAgreementInEffect(tx: EntityManager, agreement: Pick<Agreement, 'amendsId'>): Promise<void> {
    if (!agreement.amendsId) return;
    const old = await tx.getRepository(Agreement).findOne({ where: { id: agreement.amendsId }, select: { id: true, status: true } });
    if (!old || !nextAgreementStatus(old.status, 'supersede'))
      throw new DomainError(
        'AGREEMENT_OUT_OF_TURN',
        'The agreement this amendment would replace is no longer in effect, so the amendment can no longer be proposed or signed.',
      );
  }

  create(
    tx: EntityManager,
    agreement: Pick<Agreement, 'practiceId' | 'intakeId' | 'clientId' | 'offeringVersionId' | 'practitionerId' | 'content' | 'amendsId'>,
  ) {
    const repo = tx.getRepository(Agreement);
    return repo.save(repo.create({ ...agreement, status: 'draft', revision: 0, proposalNumber: 0 }));
  }

  findInPractice(tx: EntityManager, practiceId: string, id: string, lock = false): Promise<Agreement | null> {
    const query = tx
      .getRepository(Agreement)
      .createQueryBuilder('a')
      .where('a.practice_id = :practiceId AND a.id = :id', { practiceId, id });
    return (lock ? query.setLock('pessimistic_write') : query).getOne();
  }

  /** An agreement of one intake (the client reaches it through their intake link). */
  findForIntake(tx: EntityManager, intakeId: string, id: string, lock = false): Promise<Agreement | null> {
    const query = tx.getRepository(Agreement).createQueryBuilder('a').where('a.intake_id = :intakeId AND a.id = :id', { intakeId, id });
    return (lock ? query.setLock('pessimistic_write') : query).getOne();
  }

  listForIntake(tx: EntityManager, intakeId: string): Promise<Agreement[]> {
    return tx.getRepository(Agreement).find({ where: { intakeId }, order: { createdAt: 'DESC' } });
  }

  list(tx: EntityManager, practiceId: string, status?: AgreementStatus): Promise<Agreement[]> {
    return tx
      .getRepository(Agreement)
      .find({ where: { practiceId, ...(status ? { status } : {}) }, order: { updatedAt: 'DESC' }, take: 200 });
  }

  /** For /verify (which reveals nothing of the practice's data) and the signing screen (bound to one agreement).*/
  findById(tx: EntityManager, id: string): Promise<Agreement | null> {
    return tx.getRepository(Agreement).findOne({ where: { id } });
  }

  /** An amendment of this agreement not yet signed through: only one at a time. */
  openAmendment(tx: EntityManager, amendsId: string): Promise<Agreement | null> {
    return tx
      .getRepository(Agreement)
      .createQueryBuilder('a')
      .where('a.amends_id = :amendsId AND a.status NOT IN (:...done)', {
        amendsId,
        done: ['countersigned', 'active', 'superseded', 'ended'],
      })
      .getOne();
  }

  /** Agreements in effect whose offering has published a newer version since: candidates for re-consent. */
  async outdatedIds(tx: EntityManager, practiceId: string, onlyId?: string): Promise<Set<string>> {
    const rows: Array<{ id: string }> = await tx.query(
      `SELECT a.id FROM agreements a
         JOIN offering_versions v ON v.id = a.offering_version_id
         JOIN offerings o ON o.id = v.offering_id
        WHERE a.practice_id = $1 AND a.status IN ('countersigned', 'active') AND o.latest_version > v.version AND o.withdrawn_at IS NULL
          AND ($2::uuid IS NULL OR a.id = $2)`,
      [practiceId, onlyId ?? null],
    );
    return new Set(rows.map((r) => r.id));
  }

  findByCode(tx: EntityManager, code: string): Promise<Agreement | null> {
    return tx.getRepository(Agreement).findOne({ where: { verificationCode: code } });
  }

  async update(
    tx: EntityManager,
    id: string,
    change: Partial<Pick<Agreement, 'status' | 'content' | 'contentHash' | 'verificationCode' | 'proposalNumber'>>,
    revision?: number,
  ) {
    const query = tx
      .getRepository(Agreement)
      .createQueryBuilder()
      .update()
      .set({ ...change, revision: () => 'revision + 1' })
      .where('id = :id', { id });
    if (revision !== undefined) query.andWhere('revision = :revision', { revision });
    return ((await query.execute()).affected ?? 0) === 1;
  }

  signatures(tx: EntityManager, agreementId: string): Promise<AgreementSignature[]> {
    return tx.getRepository(AgreementSignature).find({ where: { agreementId }, order: { signedAt: 'ASC' } });
  }

  async addSignature(tx: EntityManager, signature: Omit<AgreementSignature, 'id' | 'agreement'>) {
    await tx.getRepository(AgreementSignature).insert(signature);
  }

  comments(tx: EntityManager, agreementId: string): Promise<AgreementComment[]> {
    return tx.getRepository(AgreementComment).find({ where: { agreementId }, order: { createdAt: 'ASC' } });
  }

  async addComment(tx: EntityManager, comment: Pick<AgreementComment, 'practiceId' | 'agreementId' | 'proposalNumber' | 'text'>) {
    await tx.getRepository(AgreementComment).insert(comment);
  }

  latestDocument(tx: EntityManager, agreementId: string): Promise<AgreementDocument | null> {
    return tx.getRepository(AgreementDocument).findOne({ where: { agreementId }, order: { createdAt: 'DESC' } });
  }

  findDocumentBySha(tx: EntityManager, sha256: string): Promise<AgreementDocument | null> {
    return tx.getRepository(AgreementDocument).findOne({ where: { sha256 } });
  }

  async storeDocument(tx: EntityManager, doc: Pick<AgreementDocument, 'practiceId' | 'agreementId' | 'sha256' | 'bytes'>) {
    await tx.getRepository(AgreementDocument).createQueryBuilder().insert().values(doc).orIgnore().execute();
  }

  async addScan(
    tx: EntityManager,
    scan: Pick<AgreementScan, 'practiceId' | 'agreementId' | 'contentType' | 'bytes' | 'sha256' | 'uploadedById'>,
  ) {
    await tx.getRepository(AgreementScan).insert(scan);
  }

  latestScan(tx: EntityManager, practiceId: string, agreementId: string): Promise<AgreementScan | null> {
    return tx.getRepository(AgreementScan).findOne({ where: { practiceId, agreementId }, order: { createdAt: 'DESC' } });
  }
}
