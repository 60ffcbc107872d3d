import { Injectable } from '@nestjs/common';
import { EntityManager, In, LessThan, Not } from 'typeorm';
import { WebhookAttempt } from './entities/webhook-attempt.entity';
import { type DeliveryStatus, WebhookDelivery } from './entities/webhook-delivery.entity';
import type { DeliveryEvent, WebhookPayload } from './webhook-events';

export interface NewDeliveryRow {
  id: string;
  practiceId: string;
  endpointId: string;
  event: DeliveryEvent;
  eventId: string;
  payload: WebhookPayload;
}

export type DeliveryOutcome = Pick<WebhookDelivery, 'status' | 'lastResponseStatus' | 'lastError' | 'nextAttemptAt' | 'deliveredAt'>;

/** Deliveries and their attempts. Staff reads are scoped by practice; the job handler reads by id. */
@Injectable()
export class WebhookDeliveriesRepository {
  /** Inserts the delivery unless this endpoint already has one for the event; true when it was inserted. */
  async createOnce(tx: EntityManager, row: NewDeliveryRow): Promise<boolean> {
    const result = await tx
      .createQueryBuilder()
      .insert()
      .into(WebhookDelivery)
      .values({ ...row, status: 'pending', attempts: 0, nextAttemptAt: new Date() })
      .orIgnore()
      .returning(['id'])
      .execute();
    return (result.raw as unknown[]).length === 1;
  }

  findInPractice(tx: EntityManager, practiceId: string, id: string, lock = false): Promise<WebhookDelivery | null> {
    return tx
      .getRepository(WebhookDelivery)
      .findOne({ where: { practiceId, id }, ...(lock ? { lock: { mode: 'pessimistic_write' } } : {}) });
  }

  /** For the job handler, which acts for no one in particular: the delivery by its id, locked. */
  findForDelivery(tx: EntityManager, id: string): Promise<WebhookDelivery | null> {
    return tx.getRepository(WebhookDelivery).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** An endpoint's latest deliveries, newest first. */
  listForEndpoint(tx: EntityManager, practiceId: string, endpointId: string, limit: number): Promise<WebhookDelivery[]> {
    return tx.getRepository(WebhookDelivery).find({
      where: { practiceId, endpointId },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }

  /** The attempts of these deliveries, oldest first. */
  attemptsOf(tx: EntityManager, deliveryIds: string[]): Promise<WebhookAttempt[]> {
    if (!deliveryIds.length) return Promise.resolve([]);
    return tx.getRepository(WebhookAttempt).find({ where: { deliveryId: In(deliveryIds) }, order: { startedAt: 'ASC', id: 'ASC' } });
  }

  async addAttempt(tx: EntityManager, attempt: Omit<WebhookAttempt, 'id' | 'delivery'>): Promise<void> {
    await tx.getRepository(WebhookAttempt).insert(attempt);
    await tx
      .createQueryBuilder()
      .update(WebhookDelivery)
      .set({ attempts: () => 'attempts + 1' })
      .where('id = :id', { id: attempt.deliveryId })
      .execute();
  }

  /** Deletes deliveries no longer pending that were made before `before` (attempts cascade); how many. */
  async deleteSettledBefore(tx: EntityManager, before: Date): Promise<number> {
    const result = await tx.getRepository(WebhookDelivery).delete({ status: Not('pending'), createdAt: LessThan(before) });
    return result.affected ?? 0;
  }

  /** Records the outcome, unless the delivery has already left `pending` (another run of its job got there first). */
  async settle(tx: EntityManager, id: string, outcome: Partial<DeliveryOutcome>): Promise<void> {
    await tx.getRepository(WebhookDelivery).update({ id, status: 'pending' }, outcome);
  }

  /** Back to pending, for another round of attempts; true when it was failed or skipped. */
  async reopen(tx: EntityManager, practiceId: string, id: string, from: DeliveryStatus[], at: Date): Promise<boolean> {
    const result = await tx
      .getRepository(WebhookDelivery)
      .update({ practiceId, id, status: In(from) }, { status: 'pending', nextAttemptAt: at, deliveredAt: null });
    return result.affected === 1;
  }
}
