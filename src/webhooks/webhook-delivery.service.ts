import { Inject, Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { JsonLogger } from '../common/logger';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { FieldCipher } from '../crypto/field-cipher';
import { Transactions } from '../database/transaction';
import { JOB_DEFINITIONS } from '../jobs/job-definitions';
import { type JobContext, JobQueue } from '../jobs/job-queue';
import { checkWebhookUrl, ReceiverRefused, type Resolver, resolveReceiver, systemResolver } from './webhook-address';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { DeliveryError, postWebhook } from './webhook-http';
import { openWebhookSecret } from './webhook-sealing';
import { signWebhook } from './webhook-signature';

export const USER_AGENT = 'Ayni-Webhooks/1';
/** How long a settled delivery and its attempts stay listed. */
export const KEEP_DAYS = 90;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type DeliveryResult = 'delivered' | 'already_settled' | 'gone' | 'skipped';

/** An attempt that did not get a 2xx: thrown so the job queue tries again with backoff. */
export class WebhookAttemptFailed extends Error {}

/**
 * Sends deliveries: the `webhook.deliver` job. Idempotent: a delivery that is no longer pending
 * is not sent again, and every attempt is recorded, whoever ran it. No transaction is held open
 * while the receiver is called (one reads and checks, another records the outcome).
 */
@Injectable()
export class WebhookDeliveryService {
  /** Replaced in tests to resolve made-up host names. */
  resolver: Resolver = systemResolver;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tx: Transactions,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly endpoints: WebhookEndpointsRepository,
    private readonly cipher: FieldCipher,
    private readonly logger: JsonLogger,
    jobs: JobQueue,
  ) {
    jobs.handle('webhook.deliver', async (data, job) => {
      await this.deliver(String(data.deliveryId ?? ''), job);
    });
    jobs.handle('webhook.cleanup', async () => {
      const removed = await this.removeOld();
      if (removed) this.logger.event('info', 'old webhook deliveries removed', { removed });
    });
  }

  /** Deliveries settled (delivered, failed or skipped) are kept KEEP_DAYS days, then removed with their attempts. */
  removeOld(now = new Date()): Promise<number> {
    return this.tx.run((tx) => this.deliveries.deleteSettledBefore(tx, new Date(now.getTime() - KEEP_DAYS * 86_400_000)));
  }

  /**
   * One attempt at a delivery. Throws WebhookAttemptFailed when it did not get through (the job
   * is retried); on the job's last attempt the delivery is marked failed first.
   */
  async deliver(deliveryId: string, job: Pick<JobContext, 'retryCount' | 'lastAttempt'>): Promise<DeliveryResult> {
    if (!UUID.test(deliveryId)) return 'gone';
    const claim = await this.tx.run(async (tx) => {
      const delivery = await this.deliveries.findForDelivery(tx, deliveryId);
      if (!delivery) return { kind: 'gone' as const }; // its endpoint was deleted
      if (delivery.status !== 'pending') return { kind: 'already_settled' as const };
      const endpoint = await this.endpoints.findInPractice(tx, delivery.practiceId, delivery.endpointId);
      if (!endpoint?.active) {
        await this.deliveries.settle(tx, deliveryId, {
          status: 'skipped',
          lastError: 'Not sent: the endpoint was turned off before this delivery was due.',
          nextAttemptAt: null,
        });
        return { kind: 'skipped' as const };
      }
      return { kind: 'send' as const, delivery, endpoint };
    });
    if (claim.kind !== 'send') return claim.kind;
    const { delivery, endpoint } = claim;

    const startedAt = new Date();
    const started = performance.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const checked = checkWebhookUrl(endpoint.url, this.config.webhooks.localReceivers);
      if ('problem' in checked) throw new ReceiverRefused(`The URL ${checked.problem}.`);
      const pinned = await resolveReceiver(checked.url, this.config.webhooks.localReceivers, this.resolver).catch((e: unknown) => {
        throw e instanceof ReceiverRefused ? new ReceiverRefused(`Not sent: the URL ${e.message}.`) : e;
      });
      const secret = openWebhookSecret(this.cipher, endpoint.id, endpoint.secret);
      const body = JSON.stringify(delivery.payload);
      const timestamp = Math.floor(Date.now() / 1000);
      status = await postWebhook(
        checked.url,
        pinned,
        {
          'Content-Type': 'application/json',
          'User-Agent': USER_AGENT,
          'Ayni-Webhook-Id': delivery.id,
          'Ayni-Webhook-Event': delivery.event,
          'Ayni-Webhook-Timestamp': String(timestamp),
          'Ayni-Webhook-Signature': signWebhook(secret, timestamp, body),
        },
        body,
      );
      if (status >= 300 && status < 400) error = `The receiver answered ${status}, a redirect: Ayni does not follow redirects.`;
      else if (status < 200 || status >= 300) error = `The receiver answered ${status}.`;
    } catch (e) {
      error = e instanceof ReceiverRefused || e instanceof DeliveryError ? e.message : 'The delivery could not be prepared.';
      if (!(e instanceof ReceiverRefused || e instanceof DeliveryError)) {
        this.logger.event('error', 'webhook delivery error', { deliveryId, error: e instanceof Error ? e.message : String(e) });
      }
    }
    const durationMs = Math.round(performance.now() - started);

    await this.tx.run(async (tx) => {
      // Deleted meanwhile (with its endpoint): nothing left to record on.
      if (!(await this.deliveries.findForDelivery(tx, deliveryId))) return;
      await this.deliveries.addAttempt(tx, {
        deliveryId,
        startedAt,
        durationMs,
        responseStatus: status,
        error: error?.slice(0, 300) ?? null,
      });
      if (error === null) {
        await this.deliveries.settle(tx, deliveryId, {
          status: 'delivered',
          lastResponseStatus: status,
          lastError: null,
          nextAttemptAt: null,
          deliveredAt: new Date(),
        });
      } else {
        await this.deliveries.settle(tx, deliveryId, {
          status: job.lastAttempt ? 'failed' : 'pending',
          lastResponseStatus: status,
          lastError: error.slice(0, 300),
          nextAttemptAt: job.lastAttempt ? null : nextAttempt(job.retryCount),
        });
      }
    });
    if (error !== null) throw new WebhookAttemptFailed(error);
    return 'delivered';
  }
}

/** About when the job queue tries again: its backoff waits retryDelay × 2^retryCount, up to twice that. */
function nextAttempt(retryCount: number): Date {
  const { retryDelay } = JOB_DEFINITIONS['webhook.deliver'];
  return new Date(Date.now() + retryDelay * 2 ** retryCount * 1000);
}
