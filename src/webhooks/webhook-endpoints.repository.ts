import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { WebhookEndpoint } from './entities/webhook-endpoint.entity';
import type { WebhookEvent } from './webhook-events';

export type NewEndpointRow = Pick<WebhookEndpoint, 'id' | 'practiceId' | 'url' | 'events' | 'secret' | 'description' | 'createdById'>;

/** Webhook endpoints, always scoped by practice. */
@Injectable()
export class WebhookEndpointsRepository {
  async create(tx: EntityManager, row: NewEndpointRow): Promise<WebhookEndpoint> {
    const repo = tx.getRepository(WebhookEndpoint);
    return repo.save(repo.create({ ...row, active: true, secretRotatedAt: null }));
  }

  findInPractice(tx: EntityManager, practiceId: string, id: string, lock = false): Promise<WebhookEndpoint | null> {
    return tx
      .getRepository(WebhookEndpoint)
      .findOne({ where: { practiceId, id }, ...(lock ? { lock: { mode: 'pessimistic_write' } } : {}) });
  }

  /** Oldest first, so the list reads in the order they were added. */
  list(tx: EntityManager, practiceId: string): Promise<WebhookEndpoint[]> {
    return tx.getRepository(WebhookEndpoint).find({ where: { practiceId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The practice's active endpoints subscribed to the event. */
  subscribedTo(tx: EntityManager, practiceId: string, event: WebhookEvent): Promise<WebhookEndpoint[]> {
    return tx
      .getRepository(WebhookEndpoint)
      .createQueryBuilder('e')
      .where('e.practice_id = :practiceId AND e.active AND :event = ANY(e.events)', { practiceId, event })
      .orderBy('e.created_at', 'ASC')
      .getMany();
  }

  async update(
    tx: EntityManager,
    practiceId: string,
    id: string,
    change: Partial<Pick<WebhookEndpoint, 'events' | 'description' | 'active' | 'secret' | 'secretRotatedAt'>>,
  ): Promise<void> {
    await tx.getRepository(WebhookEndpoint).update({ practiceId, id }, change);
  }

  /** Its deliveries and their attempts go with it. */
  async delete(tx: EntityManager, practiceId: string, id: string): Promise<void> {
    await tx.getRepository(WebhookEndpoint).delete({ practiceId, id });
  }
}
