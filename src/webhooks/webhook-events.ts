import { createHash } from 'node:crypto';

/**
 * The events a practice can subscribe an endpoint to, what each carries, and the one payload
 * shape. Payloads carry ids, the event, times and links to the record in Ayni: never names,
 * answers, stories or e-mail addresses (a receiver that needs more asks the API, with a token).
 */
export const WEBHOOK_EVENTS = ['intake.submitted', 'reflection.confirmed', 'agreement.signed', 'review.due'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** What a delivery is about: a subscribed event, or the test event sent from the page or API. */
export type DeliveryEvent = WebhookEvent | 'ping';

export const WEBHOOK_EVENT_LABELS: Record<WebhookEvent, string> = {
  'intake.submitted': 'A client submitted their intake',
  'reflection.confirmed': 'A client confirmed they were heard',
  'agreement.signed': 'An agreement was signed by both sides and took effect',
  'review.due': 'A review of an agreement comes due',
};

export interface WebhookEventData {
  'intake.submitted': { intakeId: string; clientId: string; submissionId: string; submittedAt: Date };
  'reflection.confirmed': { intakeId: string; clientId: string; round: number; confirmedAt: Date };
  /** Sent when the practitioner countersigns: the moment the agreement takes effect (status `countersigned`). */
  'agreement.signed': {
    agreementId: string;
    intakeId: string;
    clientId: string;
    proposal: number;
    /** The agreement this one amends (and now supersedes), if any. */
    amendsId: string | null;
    signedAt: Date;
  };
  /** A calendar date (2026-12-07) in the practice's calendar. */
  'review.due': { reviewId: string; agreementId: string; clientId: string; dueOn: string };
}

/** What makes one occurrence of each event: emitted twice, it is still delivered once to each endpoint. */
const OCCURRENCE: { [E in WebhookEvent]: (data: WebhookEventData[E]) => string } = {
  'intake.submitted': (d) => d.submissionId,
  'reflection.confirmed': (d) => `${d.intakeId}:${d.round}`,
  'agreement.signed': (d) => d.agreementId,
  'review.due': (d) => `${d.reviewId}:${d.dueOn}`,
};

/** The record's staff page and, where there is one, its API resource, as paths. */
const LINKS: { [E in WebhookEvent]: (data: WebhookEventData[E]) => { page: string; api?: string } } = {
  'intake.submitted': (d) => ({ page: `/intake/${d.intakeId}`, api: `/api/v1/intakes/${d.intakeId}` }),
  'reflection.confirmed': (d) => ({ page: `/intake/${d.intakeId}/reflection`, api: `/api/v1/intakes/${d.intakeId}/reflection` }),
  'agreement.signed': (d) => ({ page: `/agreements/${d.agreementId}`, api: `/api/v1/agreements/${d.agreementId}` }),
  'review.due': (d) => ({ page: `/reviews/${d.reviewId}` }),
};

/** An id for the event that is the same for every endpoint and every time it is emitted (a UUID made from what it is about). */
export function webhookEventId<E extends WebhookEvent>(practiceId: string, event: E, data: WebhookEventData[E]): string {
  const hex = createHash('sha256')
    .update(`ayni-webhook-event:${practiceId}:${event}:${OCCURRENCE[event](data)}`)
    .digest('hex');
  // Shaped as a version-8 (custom) UUID, so it fits a uuid column and reads like the other ids.
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The JSON body of a delivery:
 *
 * ```json
 * {
 *   "id": "event id (the same for every endpoint and redelivery)",
 *   "deliveryId": "the Ayni-Webhook-Id header: dedupe on it",
 *   "event": "intake.submitted",
 *   "occurredAt": "2026-12-07T15:04:05.000Z",
 *   "practiceId": "…",
 *   "data": { "intakeId": "…", "clientId": "…", "submissionId": "…", "submittedAt": "…" },
 *   "links": { "page": "https://ayni.example.org/intake/…", "api": "https://ayni.example.org/api/v1/intakes/…" }
 * }
 * ```
 */
export interface WebhookPayload {
  id: string;
  deliveryId: string;
  event: DeliveryEvent;
  occurredAt: string;
  practiceId: string;
  data: Record<string, string | number | null>;
  links: { page: string; api?: string };
}

/** Dates as ISO strings; everything else as it is (ids, numbers, calendar dates). */
function plain(data: object): Record<string, string | number | null> {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : (v as string | number | null)]));
}

export function eventPayload<E extends WebhookEvent>(
  input: { id: string; deliveryId: string; practiceId: string; occurredAt: Date; baseUrl: string },
  event: E,
  data: WebhookEventData[E],
): WebhookPayload {
  const links = LINKS[event](data);
  return {
    id: input.id,
    deliveryId: input.deliveryId,
    event,
    occurredAt: input.occurredAt.toISOString(),
    practiceId: input.practiceId,
    data: plain(data),
    links: { page: `${input.baseUrl}${links.page}`, ...(links.api ? { api: `${input.baseUrl}${links.api}` } : {}) },
  };
}

/** The test event: no record behind it; its link is the endpoint's page in Ayni. */
export function pingPayload(input: {
  id: string;
  deliveryId: string;
  practiceId: string;
  occurredAt: Date;
  baseUrl: string;
  endpointId: string;
}) {
  return {
    id: input.id,
    deliveryId: input.deliveryId,
    event: 'ping' as const,
    occurredAt: input.occurredAt.toISOString(),
    practiceId: input.practiceId,
    data: { endpointId: input.endpointId },
    links: { page: `${input.baseUrl}/practice/webhooks/${input.endpointId}`, api: `${input.baseUrl}/api/v1/webhooks/${input.endpointId}` },
  } satisfies WebhookPayload;
}
