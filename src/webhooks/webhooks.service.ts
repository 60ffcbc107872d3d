import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { AuthContext } from '../accounts/auth-context';
import { assertRecentReauth } from '../accounts/mfa/reauth';
import { can } from '../accounts/permissions';
import type { RequestOrigin } from '../accounts/sessions.service';
import { staffActor } from '../audit/audit-events';
import { AuditService } from '../audit/audit.service';
import { DomainError, notFound } from '../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { FieldCipher } from '../crypto/field-cipher';
import { Transactions } from '../database/transaction';
import type { WebhookAttempt } from './entities/webhook-attempt.entity';
import type { DeliveryStatus, WebhookDelivery } from './entities/webhook-delivery.entity';
import type { WebhookEndpoint } from './entities/webhook-endpoint.entity';
import { checkWebhookUrl, ReceiverRefused, resolveReceiver } from './webhook-address';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { WEBHOOK_EVENTS, type DeliveryEvent, type WebhookEvent, type WebhookPayload } from './webhook-events';
import { WebhookEvents } from './webhook-events.service';
import { sealWebhookSecret } from './webhook-sealing';
import { newWebhookSecret } from './webhook-signature';

/** How many of an endpoint's latest deliveries are shown. */
export const DELIVERIES_SHOWN = 50;

export interface WebhookEndpointView {
  id: string;
  url: string;
  events: WebhookEvent[];
  description: string;
  active: boolean;
  createdAt: Date;
  createdById: string | null;
  secretRotatedAt: Date | null;
}

export interface WebhookDeliveryView {
  id: string;
  endpointId: string;
  event: DeliveryEvent;
  eventId: string;
  status: DeliveryStatus;
  attempts: number;
  lastResponseStatus: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
  payload: WebhookPayload;
  history: Array<{ startedAt: Date; durationMs: number; responseStatus: number | null; error: string | null }>;
}

export interface NewWebhookInput {
  url: string;
  events: WebhookEvent[];
  description?: string;
}

export interface WebhookChange {
  events?: WebhookEvent[];
  description?: string;
  active?: boolean;
}

/**
 * The owner's webhook endpoints: registered (the URL checked, the secret shown once), changed,
 * deleted, their secret replaced; their deliveries with every attempt; a test event; and sending a
 * failed delivery again. Every change of an endpoint is in the audit trail, in its transaction.
 */
@Injectable()
export class WebhooksService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tx: Transactions,
    private readonly endpoints: WebhookEndpointsRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly events: WebhookEvents,
    private readonly sender: WebhookDeliveryService,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
  ) {}

  async list(auth: AuthContext): Promise<WebhookEndpointView[]> {
    assertOwner(auth);
    return (await this.tx.run((tx) => this.endpoints.list(tx, auth.practiceId))).map(present);
  }

  async get(auth: AuthContext, id: string): Promise<WebhookEndpointView> {
    assertOwner(auth);
    return present(await this.tx.run((tx) => this.mustFind(tx, auth, id)));
  }

  /** Registers an endpoint after checking where its URL leads. The secret is in this answer only. */
  async create(
    auth: AuthContext,
    input: NewWebhookInput,
    origin: RequestOrigin,
  ): Promise<{ secret: string; endpoint: WebhookEndpointView }> {
    assertOwner(auth);
    assertRecentReauth(auth);
    const url = await this.checkedUrl(input.url);
    const events = subscribed(input.events);
    const secret = newWebhookSecret();
    const id = randomUUID();
    const row = await this.tx.run(async (tx) => {
      const created = await this.endpoints.create(tx, {
        id,
        practiceId: auth.practiceId,
        url,
        events,
        secret: sealWebhookSecret(this.cipher, id, secret),
        description: input.description ?? '',
        createdById: auth.userId,
      });
      await this.audit.record(tx, auth.practiceId, staffActor(auth, origin), {
        action: 'webhook.created',
        recordKind: 'webhook_endpoint',
        recordId: id,
        data: { host: new URL(url).host, events: events.join(',') },
      });
      return created;
    });
    return { secret, endpoint: present(row) };
  }

  /** Changes what it receives, its description, or whether it is on. Its URL stays: another URL is another endpoint. */
  async update(auth: AuthContext, id: string, change: WebhookChange, origin: RequestOrigin): Promise<WebhookEndpointView> {
    assertOwner(auth);
    return this.tx.run(async (tx) => {
      // Found first: another practice's id is "not found" whatever the input.
      const endpoint = await this.mustFind(tx, auth, id, true);
      const events = change.events === undefined ? undefined : subscribed(change.events);
      const next = {
        ...(events ? { events } : {}),
        ...(change.description !== undefined ? { description: change.description } : {}),
        ...(change.active !== undefined ? { active: change.active } : {}),
      };
      await this.endpoints.update(tx, auth.practiceId, id, next);
      const updated = { ...endpoint, ...next };
      await this.audit.record(tx, auth.practiceId, staffActor(auth, origin), {
        action: 'webhook.updated',
        recordKind: 'webhook_endpoint',
        recordId: id,
        data: { events: updated.events.join(','), active: updated.active },
      });
      return present(updated);
    });
  }

  /** Deletes the endpoint with its deliveries; deliveries still waiting are never sent. */
  async remove(auth: AuthContext, id: string, origin: RequestOrigin): Promise<void> {
    assertOwner(auth);
    await this.tx.run(async (tx) => {
      const endpoint = await this.mustFind(tx, auth, id, true);
      await this.endpoints.delete(tx, auth.practiceId, id);
      await this.audit.record(tx, auth.practiceId, staffActor(auth, origin), {
        action: 'webhook.deleted',
        recordKind: 'webhook_endpoint',
        recordId: id,
        data: { host: new URL(endpoint.url).host },
      });
    });
  }

  /** A new secret, at once: from now on deliveries (those waiting too) are signed with it. Shown in this answer only. */
  async rotateSecret(auth: AuthContext, id: string, origin: RequestOrigin): Promise<{ secret: string; endpoint: WebhookEndpointView }> {
    assertOwner(auth);
    assertRecentReauth(auth);
    const secret = newWebhookSecret();
    const row = await this.tx.run(async (tx) => {
      const endpoint = await this.mustFind(tx, auth, id, true);
      const change = { secret: sealWebhookSecret(this.cipher, id, secret), secretRotatedAt: new Date() };
      await this.endpoints.update(tx, auth.practiceId, id, change);
      await this.audit.record(tx, auth.practiceId, staffActor(auth, origin), {
        action: 'webhook.secret_rotated',
        recordKind: 'webhook_endpoint',
        recordId: id,
      });
      return { ...endpoint, ...change };
    });
    return { secret, endpoint: present(row) };
  }

  /** The endpoint and its latest deliveries, newest first, each with its attempts. */
  async deliveriesOf(auth: AuthContext, id: string): Promise<{ endpoint: WebhookEndpointView; deliveries: WebhookDeliveryView[] }> {
    assertOwner(auth);
    return this.tx.run(async (tx) => {
      const endpoint = await this.mustFind(tx, auth, id);
      const rows = await this.deliveries.listForEndpoint(tx, auth.practiceId, id, DELIVERIES_SHOWN);
      const attempts = await this.deliveries.attemptsOf(
        tx,
        rows.map((r) => r.id),
      );
      return { endpoint: present(endpoint), deliveries: rows.map((r) => presentDelivery(r, attempts)) };
    });
  }

  /** Queues a test event (`ping`) to the endpoint; it must be on. */
  async ping(auth: AuthContext, id: string): Promise<WebhookDeliveryView> {
    assertOwner(auth);
    return this.tx.run(async (tx) => {
      const endpoint = await this.mustFind(tx, auth, id);
      assertActive(endpoint);
      const deliveryId = await this.events.ping(tx, endpoint);
      return presentDelivery((await this.deliveries.findInPractice(tx, auth.practiceId, deliveryId))!, []);
    });
  }

  /** Sends a failed (or skipped) delivery again, as the same delivery: a new round of attempts. */
  async redeliver(auth: AuthContext, deliveryId: string): Promise<WebhookDeliveryView> {
    assertOwner(auth);
    return this.tx.run(async (tx) => {
      const delivery = await this.deliveries.findInPractice(tx, auth.practiceId, deliveryId, true);
      if (!delivery) throw notFound('That delivery');
      assertActive((await this.endpoints.findInPractice(tx, auth.practiceId, delivery.endpointId))!);
      if (!(await this.deliveries.reopen(tx, auth.practiceId, deliveryId, ['failed', 'skipped'], new Date()))) {
        throw new DomainError(
          'WEBHOOK_DELIVERY_NOT_FAILED',
          delivery.status === 'delivered'
            ? 'This delivery was already delivered: it is not sent again.'
            : 'This delivery is still being attempted: it can be sent again once it has failed.',
        );
      }
      await this.events.resend(tx, deliveryId);
      const reopened = (await this.deliveries.findInPractice(tx, auth.practiceId, deliveryId))!;
      return presentDelivery(reopened, await this.deliveries.attemptsOf(tx, [deliveryId]));
    });
  }

  /** The URL as it will be stored, or 400 naming `url`: the URL itself, then every address its host resolves to. */
  private async checkedUrl(raw: string): Promise<string> {
    const local = this.config.webhooks.localReceivers;
    const checked = checkWebhookUrl(raw, local);
    if ('problem' in checked) throw badUrl(checked.problem);
    try {
      await resolveReceiver(checked.url, local, this.sender.resolver);
    } catch (error) {
      if (error instanceof ReceiverRefused) throw badUrl(error.message);
      throw error;
    }
    return checked.url.href;
  }

  private async mustFind(tx: EntityManager, auth: AuthContext, id: string, lock = false): Promise<WebhookEndpoint> {
    const endpoint = await this.endpoints.findInPractice(tx, auth.practiceId, id, lock);
    if (!endpoint) throw notFound('That webhook endpoint');
    return endpoint;
  }
}

/** The permission guard refuses others first; this keeps the rule beside the use cases too. */
function assertOwner(auth: AuthContext) {
  if (!can(auth.role, 'webhooks.manage')) throw new DomainError('FORBIDDEN', 'Only the practice owner manages webhooks.');
}

function assertActive(endpoint: WebhookEndpoint) {
  if (!endpoint.active) {
    throw new DomainError('WEBHOOK_ENDPOINT_DISABLED', 'This endpoint is turned off: turn it on first, then send to it.');
  }
}

const badUrl = (problem: string) => {
  const message = `The URL ${problem}.`;
  return new DomainError('VALIDATION_FAILED', `url: ${message}`, { url: message });
};

/** The events in their usual order, each once; at least one. */
function subscribed(events: WebhookEvent[]): WebhookEvent[] {
  const list = WEBHOOK_EVENTS.filter((e) => events.includes(e));
  if (!list.length) {
    const message = 'Choose at least one event to send to this endpoint.';
    throw new DomainError('VALIDATION_FAILED', `events: ${message}`, { events: message });
  }
  return list;
}

function present(row: WebhookEndpoint): WebhookEndpointView {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    description: row.description,
    active: row.active,
    createdAt: row.createdAt,
    createdById: row.createdById,
    secretRotatedAt: row.secretRotatedAt,
  };
}

function presentDelivery(row: WebhookDelivery, attempts: WebhookAttempt[]): WebhookDeliveryView {
  return {
    id: row.id,
    endpointId: row.endpointId,
    event: row.event,
    eventId: row.eventId,
    status: row.status,
    attempts: row.attempts,
    lastResponseStatus: row.lastResponseStatus,
    lastError: row.lastError,
    nextAttemptAt: row.nextAttemptAt,
    deliveredAt: row.deliveredAt,
    createdAt: row.createdAt,
    payload: row.payload,
    history: attempts
      .filter((a) => a.deliveryId === row.id)
      .map((a) => ({ startedAt: a.startedAt, durationMs: a.durationMs, responseStatus: a.responseStatus, error: a.error })),
  };
}
