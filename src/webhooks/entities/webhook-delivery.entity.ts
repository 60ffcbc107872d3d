import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Practice } from '../../accounts/entities/practice.entity';
import type { DeliveryEvent, WebhookPayload } from '../webhook-events';
import { WebhookEndpoint } from './webhook-endpoint.entity';

/** pending: waiting for its first or next attempt; delivered: a 2xx came back; failed: its last attempt failed; skipped: the endpoint was turned off. */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One event for one endpoint, delivered at least once: its payload (ids and links only), its
 * status and the outcome of its last attempt. Each attempt is kept in webhook_attempts.
 */
@Entity('webhook_deliveries')
@Index('uq_webhook_deliveries_event', ['endpointId', 'eventId'], { unique: true })
@Index('idx_webhook_deliveries_endpoint', ['endpointId', 'createdAt'])
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'practice_id' })
  practiceId: string;

  @ManyToOne(() => Practice, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practice_id', foreignKeyConstraintName: 'FK_webhook_deliveries_practice' })
  practice?: Relation<Practice>;

  @Column({ type: 'uuid', name: 'endpoint_id' })
  endpointId: string;

  @ManyToOne(() => WebhookEndpoint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'endpoint_id', foreignKeyConstraintName: 'FK_webhook_deliveries_endpoint' })
  endpoint?: Relation<WebhookEndpoint>;

  @Column({ type: 'varchar', length: 40 })
  event: DeliveryEvent;

  /** The same for every endpoint the event went to (see webhookEventId). */
  @Column({ type: 'uuid', name: 'event_id' })
  eventId: string;

  /** Exactly what is sent (as JSON), signed at each attempt. */
  @Column({ type: 'jsonb' })
  payload: WebhookPayload;

  @Column({ type: 'varchar', length: 12, default: 'pending' })
  status: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'integer', name: 'last_response_status', nullable: true })
  lastResponseStatus: number | null;

  @Column({ type: 'varchar', length: 300, name: 'last_error', nullable: true })
  lastError: string | null;

  /** When the next attempt is due, about (the job queue adds jitter); null once delivered, failed or skipped. */
  @Column({ type: 'timestamptz', name: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ type: 'timestamptz', name: 'delivered_at', nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
