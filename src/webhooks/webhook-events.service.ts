import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobQueue } from '../jobs/job-queue';
import type { WebhookEndpoint } from './entities/webhook-endpoint.entity';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import {
  type DeliveryEvent,
  eventPayload,
  pingPayload,
  type WebhookEvent,
  type WebhookEventData,
  webhookEventId,
  type WebhookPayload,
} from './webhook-events';

/**
 * Where features announce events. Called inside the use case's transaction: one delivery per
 * active endpoint subscribed to the event, each with its `webhook.deliver` job, so deliveries exist
 * exactly when the change they announce was committed, and are sent after it.
 */
@Injectable()
export class WebhookEvents {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly endpoints: WebhookEndpointsRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly jobs: JobQueue,
  ) {}

  /**
   * Queues the event for every endpoint of the practice that wants it. The same occurrence emitted
   * again (a daily check that finds a review still due) is not queued twice. Returns how many were queued.
   */
  async emit<E extends WebhookEvent>(tx: EntityManager, practiceId: string, event: E, data: WebhookEventData[E]): Promise<number> {
    const endpoints = await this.endpoints.subscribedTo(tx, practiceId, event);
    if (!endpoints.length) return 0;
    const id = webhookEventId(practiceId, event, data);
    const occurredAt = new Date();
    let queued = 0;
    for (const endpoint of endpoints) {
      const made = await this.queue(tx, endpoint, event, id, (deliveryId) =>
        eventPayload({ id, deliveryId, practiceId, occurredAt, baseUrl: this.baseUrl() }, event, data),
      );
      if (made) queued++;
    }
    return queued;
  }

  /** The test event for one endpoint (a fresh event each time). Returns the delivery's id. */
  async ping(tx: EntityManager, endpoint: WebhookEndpoint): Promise<string> {
    const id = randomUUID();
    const payload = (deliveryId: string) =>
      pingPayload({
        id,
        deliveryId,
        practiceId: endpoint.practiceId,
        occurredAt: new Date(),
        baseUrl: this.baseUrl(),
        endpointId: endpoint.id,
      });
    let deliveryId = '';
    await this.queue(tx, endpoint, 'ping', id, (made) => payload((deliveryId = made)));
    return deliveryId;
  }

  /** Sends the delivery's job again (a redelivery), in the caller's transaction. */
  async resend(tx: EntityManager, deliveryId: string): Promise<void> {
    await this.jobs.send(tx, 'webhook.deliver', { deliveryId });
  }

  private async queue(
    tx: EntityManager,
    endpoint: WebhookEndpoint,
    event: DeliveryEvent,
    eventId: string,
    payload: (deliveryId: string) => WebhookPayload,
  ): Promise<boolean> {
    const deliveryId = randomUUID();
    const row = { id: deliveryId, practiceId: endpoint.practiceId, endpointId: endpoint.id, event, eventId, payload: payload(deliveryId) };
    if (!(await this.deliveries.createOnce(tx, row))) return false;
    await this.jobs.send(tx, 'webhook.deliver', { deliveryId });
    return true;
  }

  /** Links in payloads point at Ayni's own pages (PUBLIC_URL, required in production). */
  private baseUrl(): string {
    const host = ['0.0.0.0', '::'].includes(this.config.host) ? 'localhost' : this.config.host;
    return this.config.publicUrl ?? `http://${host}:${this.config.port}`;
  }
}
