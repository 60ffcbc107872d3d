import { randomUUID } from 'node:crypto';
import { ReviewsService } from '../../src/reviews/reviews.service';
import type { Resolver } from '../../src/webhooks/webhook-address';
import { WebhookAttemptFailed, WebhookDeliveryService } from '../../src/webhooks/webhook-delivery.service';
import { verifyWebhookSignature } from '../../src/webhooks/webhook-signature';
import { addMember, csrfFrom, reauthenticate, type SignedInClient, signUpPractice, staffApi } from '../factories/accounts';
import { countersignedAgreement, daysFromToday, publishedOffering } from '../factories/agreements';
import { clientApi, COMPLETE_ANSWERS, inviteClient } from '../factories/intake';
import { startTestApp, type TestApp } from '../support/test-app';
import { eventually } from '../support/waiting';
import { type Receiver, startReceiver } from '../support/webhook-receiver';

/**
 * Webhooks: the owner registers endpoints (others may not); bad and private URLs are refused
 * naming `url`; events are delivered to a local receiver, signed, with ids and links only;
 * failures are retried and every attempt is kept; another practice sees and resends nothing.
 */

/** A form body, with a list sent as the same name repeated (as a browser sends ticked boxes). */
const form = (fields: Record<string, string | string[]>) =>
  new URLSearchParams(
    Object.entries(fields).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => [name, v])),
  ).toString();

const ALL_EVENTS = ['intake.submitted', 'reflection.confirmed', 'agreement.signed', 'review.due'];

describe('webhooks (local receivers, jobs running)', () => {
  let t: TestApp;
  let owner: SignedInClient;
  let practitioner: SignedInClient;
  let desk: SignedInClient;
  let other: SignedInClient;
  let receiver: Receiver;

  const create = (who: SignedInClient, body: object) => staffApi(who).post('/webhooks', body);
  /** A re-authentication just now, arranged in the database (each real one uses up a code step of the person's app). */
  const confirmed = (who: SignedInClient) => t.sql('UPDATE sessions SET reauthenticated_at = now() WHERE user_id = $1', [who.user.id]);
  const deliveriesOf = async (who: SignedInClient, endpointId: string) =>
    (await staffApi(who).get(`/webhooks/${endpointId}/deliveries`).expect(200)).body.deliveries as Array<Record<string, any>>;

  beforeAll(async () => {
    t = await startTestApp({ RUN_JOBS: 'true', JOB_POLL_SECONDS: '0.5' });
    owner = await signUpPractice(t.browser(), { practiceName: 'Hook Practice' });
    practitioner = await addMember(owner, t.browser(), 'practitioner', 'Dr. Hook');
    desk = await addMember(owner, t.browser(), 'front_desk', 'Desk Hook');
    other = await signUpPractice(t.browser(), { practiceName: 'Other Practice' });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.close();
  });

  it('lets only the owner register an endpoint, after confirming it is them', async () => {
    const body = { url: receiver.url(), events: ['intake.submitted'] };
    expect((await create(owner, body).expect(403)).body.code).toBe('REAUTH_REQUIRED');
    for (const who of [practitioner, desk]) {
      await reauthenticate(who);
      expect((await create(who, body).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await staffApi(who).get('/webhooks').expect(403)).body.code).toBe('FORBIDDEN');
      expect((await who.agent.get('/practice/webhooks').expect(403)).text).not.toContain('New endpoint');
    }
    await reauthenticate(owner);
    const res = await create(owner, { ...body, description: 'Practice system' }).expect(201);
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(res.body.endpoint).toMatchObject({
      url: receiver.url(),
      events: ['intake.submitted'],
      active: true,
      description: 'Practice system',
    });
    expect(res.body.endpoint).not.toHaveProperty('secret');

    // The secret is encrypted at rest and never listed again.
    const [row] = await t.sql<{ secret: string }>('SELECT secret FROM webhook_endpoints WHERE id = $1', [res.body.endpoint.id]);
    expect(row.secret).toMatch(/^enc:v1:/);
    expect(row.secret).not.toContain(res.body.secret.slice(6));
    const list = await staffApi(owner).get('/webhooks').expect(200);
    expect(list.body.endpoints.map((e: { id: string }) => e.id)).toContain(res.body.endpoint.id);
    expect(JSON.stringify(list.body)).not.toContain(res.body.secret.slice(6));

    const [event] = await t.sql<{ actor_id: string; data: Record<string, unknown> }>(
      "SELECT actor_id, data FROM audit_events WHERE action = 'webhook.created' AND record_id = $1",
      [res.body.endpoint.id],
    );
    expect(event).toEqual({ actor_id: owner.user.id, data: { host: `127.0.0.1:${receiver.port}`, events: 'intake.submitted' } });
  });

  it.each([
    ['an ftp:// URL', { url: 'ftp://127.0.0.1/hook' }, 'url', 'must start with https://'],
    ['a URL with a password', { url: 'https://user:secret@hooks.example.org/x' }, 'url', 'user name or password'],
    ['no scheme', { url: 'hooks.example.org/x' }, 'url', 'must start with https://'],
    ['a host that does not exist', { url: 'https://nowhere.invalid/x' }, 'url', 'cannot find in DNS'],
    ['the unspecified address', { url: 'http://0.0.0.0:4000/x' }, 'url', 'unspecified'],
    ['no events', { url: 'https://hooks.example.org/x', events: [] }, 'events', 'Choose at least one event'],
    ['an unknown event', { url: 'https://hooks.example.org/x', events: ['client.created'] }, 'events', 'Choose at least one event'],
  ])('refuses %s, naming the field', async (_label, change, field, message) => {
    await confirmed(owner);
    const res = await create(owner, { events: ['intake.submitted'], ...change }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.fields)).toEqual([field]);
    expect(res.body.fields[field]).toContain(message);
  });

  it('delivers a signed intake.submitted with ids and links only, and the signature verifies', async () => {
    await confirmed(owner);
    const made = await create(owner, { url: receiver.url('/intakes'), events: ['intake.submitted'] }).expect(201);
    const { secret } = made.body;
    const before = receiver.received.length;
    const { id: intakeId, token } = await inviteClient(desk, { name: 'Maya Ortiz' });
    await clientApi(t.browser(), token).save(0, COMPLETE_ANSWERS).expect(200);
    await clientApi(t.browser(), token).submit(randomUUID()).expect(201);

    const got = await eventually('the delivery', async () => receiver.received.slice(before).find((r) => r.path === '/intakes'));
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['user-agent']).toBe('Ayni-Webhooks/1');
    expect(got.headers['ayni-webhook-event']).toBe('intake.submitted');
    const timestamp = String(got.headers['ayni-webhook-timestamp']);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    const signature = String(got.headers['ayni-webhook-signature']);
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);

    expect(verifyWebhookSignature(secret, timestamp, got.body, signature)).toBe(true);
    expect(verifyWebhookSignature(secret, timestamp, got.body.replace(intakeId, randomUUID()), signature)).toBe(false);
    expect(verifyWebhookSignature(secret, timestamp, got.body, signature, 300, Number(timestamp) + 301)).toBe(false);
    expect(verifyWebhookSignature('whsec_someone-else', timestamp, got.body, signature)).toBe(false);

    const payload = JSON.parse(got.body);
    const [submission] = await t.sql<{ id: string }>('SELECT id FROM intake_submissions WHERE intake_id = $1', [intakeId]);
    const [intake] = await t.sql<{ client_id: string }>('SELECT client_id FROM intakes WHERE id = $1', [intakeId]);
    expect(payload).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      deliveryId: got.headers['ayni-webhook-id'],
      event: 'intake.submitted',
      occurredAt: expect.any(String),
      practiceId: owner.practice.id,
      data: { intakeId, clientId: intake.client_id, submissionId: submission.id, submittedAt: expect.any(String) },
      links: {
        page: expect.stringMatching(new RegExp(`/intake/${intakeId}$`)),
        api: expect.stringMatching(new RegExp(`/api/v1/intakes/${intakeId}$`)),
      },
    });
    // No health information: no name, e-mail, answer or story, anywhere in what was sent.
    for (const value of ['Maya', 'Ortiz', 'maya@example.org', '1984-03-09', 'lower back', 'daughter', 'Carry my']) {
      expect(got.body).not.toContain(value);
      expect(JSON.stringify(got.headers)).not.toContain(value);
    }

    const deliveries = await eventually('the delivery marked delivered', async () => {
      const list = await deliveriesOf(owner, made.body.endpoint.id);
      return list[0]?.status === 'delivered' && list;
    });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({
      id: got.headers['ayni-webhook-id'],
      event: 'intake.submitted',
      attempts: 1,
      lastResponseStatus: 200,
    });
    expect(deliveries[0].history).toEqual([expect.objectContaining({ responseStatus: 200, error: null })]);
  });

  it('sends every kind of event when it happens, each occurrence once', async () => {
    await confirmed(owner);
    const made = await create(owner, { url: receiver.url('/all'), events: ALL_EVENTS }).expect(201);
    const endpointId = made.body.endpoint.id;
    const offeringId = await publishedOffering(practitioner);
    // An agreement in effect since eight weeks ago: its first review is due.
    const { id: agreementId, token, intakeId } = await countersignedAgreement(t, { desk, practitioner }, offeringId, daysFromToday(-56));
    await staffApi(practitioner)
      .post(`/intakes/${intakeId}/reflection`, { story: 'What I heard.', mattersMost: 'What matters.', goals: { 'goals.1': 'A goal.' } })
      .expect(201);
    await t.browser().post(`/api/v1/intake-links/${token}/reflection/response`).send({ verdict: 'confirmed' }).expect(201);
    const reviews = t.app.get(ReviewsService);
    await reviews.queueDueMails();
    await reviews.queueDueMails(); // the daily check again: the review is still due, but already announced

    // One review.due for each of its reviews due within three days.
    const due = await t.sql<{ id: string; due_date: string }>(
      "SELECT id, due_date::text AS due_date FROM reviews WHERE agreement_id = $1 AND due_date <= (now() + interval '3 days')::date ORDER BY due_date",
      [agreementId],
    );
    expect(due.length).toBeGreaterThan(0);
    const expected = 3 + due.length;
    const deliveries = await eventually('a delivery for each event', async () => {
      const list = await deliveriesOf(owner, endpointId);
      return list.length === expected && list.every((d) => d.status === 'delivered') && list;
    });
    const byEvent = Object.fromEntries(deliveries.map((d) => [d.event, d.payload]));
    expect(Object.keys(byEvent).sort()).toEqual([...ALL_EVENTS].sort());
    expect(deliveries.filter((d) => d.event === 'review.due')).toHaveLength(due.length);
    expect(byEvent['agreement.signed'].data).toMatchObject({ agreementId, intakeId, proposal: 1, amendsId: null });
    expect(byEvent['agreement.signed'].links.page).toMatch(new RegExp(`/agreements/${agreementId}$`));
    expect(byEvent['reflection.confirmed'].data).toMatchObject({ intakeId, round: 1 });
    const reviewDue = deliveries.filter((d) => d.event === 'review.due').map((d) => d.payload.data);
    expect(reviewDue.map((d) => `${d.reviewId} ${d.dueOn}`).sort()).toEqual(due.map((r) => `${r.id} ${r.due_date}`).sort());
    expect(byEvent['review.due'].links.page).toMatch(new RegExp(`/reviews/${byEvent['review.due'].data.reviewId}$`));
    const sent = receiver.received.filter((r) => r.path === '/all').map((r) => r.body);
    expect(sent).toHaveLength(expected);
    for (const body of sent) for (const value of ['Maya', 'maya@example.org', 'What I heard', 'A goal']) expect(body).not.toContain(value);
  });

  it('retries a receiver that answers 500, then records both attempts once it answers 200', async () => {
    await confirmed(owner);
    const made = await create(owner, { url: receiver.url('/flaky'), events: ['review.due'] }).expect(201);
    receiver.answer('/flaky', 500);
    const ping = await staffApi(owner).post(`/webhooks/${made.body.endpoint.id}/ping`).expect(202);
    const deliveryId = ping.body.delivery.id;
    expect(ping.body.delivery).toMatchObject({ event: 'ping', status: 'pending', attempts: 0 });

    const failedOnce = await eventually('the first attempt', async () => {
      const [d] = await deliveriesOf(owner, made.body.endpoint.id);
      return d?.attempts === 1 && d;
    });
    expect(failedOnce).toMatchObject({ status: 'pending', lastResponseStatus: 500, lastError: 'The receiver answered 500.' });
    expect(new Date(failedOnce.nextAttemptAt).getTime()).toBeGreaterThan(Date.now());
    // The job queue waits 30 to 60 seconds before the first retry: bring it forward.
    await eventually(
      'the retry to be scheduled',
      async () =>
        (
          await t.sql<{ id: string }>(
            "UPDATE pgboss.job SET start_after = now() WHERE name = 'webhook.deliver' AND state = 'retry' AND data->>'deliveryId' = $1 RETURNING id",
            [deliveryId],
          )
        ).length > 0,
    );
    const delivered = await eventually('the retry', async () => {
      const [d] = await deliveriesOf(owner, made.body.endpoint.id);
      return d?.status === 'delivered' && d;
    });
    expect(delivered).toMatchObject({ attempts: 2, lastResponseStatus: 200, lastError: null, nextAttemptAt: null });
    expect(delivered.history.map((a: { responseStatus: number }) => a.responseStatus)).toEqual([500, 200]);
    const bodies = receiver.received.filter((r) => r.path === '/flaky');
    expect(bodies).toHaveLength(2);
    // The same delivery both times: receivers dedupe on its id.
    expect(bodies.map((r) => r.headers['ayni-webhook-id'])).toEqual([deliveryId, deliveryId]);
    expect(bodies[0].body).toBe(bodies[1].body);
  });

  it('counts a redirect as a failed attempt, without following it', async () => {
    await confirmed(owner);
    const made = await create(owner, { url: receiver.url('/moved'), events: ['review.due'] }).expect(201);
    receiver.answer('/moved', 302);
    await staffApi(owner).post(`/webhooks/${made.body.endpoint.id}/ping`).expect(202);
    const [first] = await eventually('the first attempt', async () => {
      const list = await deliveriesOf(owner, made.body.endpoint.id);
      return list[0]?.attempts === 1 && list;
    });
    expect(first).toMatchObject({ status: 'pending', lastResponseStatus: 302 });
    expect(first.lastError).toContain('Ayni does not follow redirects');
  });

  it('marks a delivery failed after its last attempt, sends it again on request, and never sends a delivered one twice', async () => {
    await confirmed(owner);
    const made = await create(owner, { url: receiver.url('/down'), events: ['review.due'] }).expect(201);
    const endpointId = made.body.endpoint.id;
    receiver.answer('/down', 503, 503);
    const { body } = await staffApi(owner).post(`/webhooks/${endpointId}/ping`).expect(202);
    const deliveryId = body.delivery.id;
    await eventually('the first attempt', async () => (await deliveriesOf(owner, endpointId))[0]?.attempts === 1);
    // Its job waits for a retry; run the last attempt here instead.
    await t.sql("DELETE FROM pgboss.job WHERE name = 'webhook.deliver' AND data->>'deliveryId' = $1", [deliveryId]);
    const sender = t.app.get(WebhookDeliveryService);
    await expect(sender.deliver(deliveryId, { retryCount: 8, lastAttempt: true })).rejects.toBeInstanceOf(WebhookAttemptFailed);
    const [failed] = await deliveriesOf(owner, endpointId);
    expect(failed).toMatchObject({ status: 'failed', attempts: 2, lastResponseStatus: 503, nextAttemptAt: null });

    // Another practice can neither see nor resend it.
    expect((await staffApi(other).post(`/webhook-deliveries/${deliveryId}/redeliver`).expect(404)).body.code).toBe('NOT_FOUND');
    await staffApi(other).get(`/webhooks/${endpointId}/deliveries`).expect(404);
    await staffApi(other).get(`/webhooks/${endpointId}`).expect(404);
    await staffApi(other).post(`/webhooks/${endpointId}/ping`).expect(404);
    await other.agent.patch(`/api/v1/webhooks/${endpointId}`).set('X-CSRF-Token', other.csrfToken).send({ active: false }).expect(404);
    await other.agent.delete(`/api/v1/webhooks/${endpointId}`).set('X-CSRF-Token', other.csrfToken).expect(404);
    expect((await other.agent.get(`/practice/webhooks/${endpointId}`).expect(404)).text).not.toContain('/down');
    expect((await staffApi(other).get('/webhooks').expect(200)).body.endpoints).toEqual([]);

    const again = await staffApi(owner).post(`/webhook-deliveries/${deliveryId}/redeliver`).expect(202);
    expect(again.body.delivery).toMatchObject({ id: deliveryId, status: 'pending' });
    const delivered = await eventually('the redelivery', async () => {
      const [d] = await deliveriesOf(owner, endpointId);
      return d?.status === 'delivered' && d;
    });
    expect(delivered.attempts).toBe(3);
    expect(delivered.history.map((a: { responseStatus: number }) => a.responseStatus)).toEqual([503, 503, 200]);
    const conflict = await staffApi(owner).post(`/webhook-deliveries/${deliveryId}/redeliver`).expect(409);
    expect(conflict.body.code).toBe('WEBHOOK_DELIVERY_NOT_FAILED');
    // A job that runs twice does not send twice.
    await expect(sender.deliver(deliveryId, { retryCount: 0, lastAttempt: false })).resolves.toBe('already_settled');
    expect(receiver.received.filter((r) => r.path === '/down')).toHaveLength(3);
  });

  it('keeps settled deliveries 90 days, with their attempts, and never removes one still being attempted', async () => {
    await confirmed(owner);
    const made = await create(owner, { url: receiver.url('/kept'), events: ['review.due'] }).expect(201);
    const endpointId = made.body.endpoint.id;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await staffApi(owner).post(`/webhooks/${endpointId}/ping`).expect(202)).body.delivery.id);
    await eventually('the deliveries', async () => (await deliveriesOf(owner, endpointId)).every((d) => d.status === 'delivered'));
    const [old, recent, waiting] = ids;
    const ago = (days: number) => new Date(Date.now() - days * 86_400_000);
    await t.sql('UPDATE webhook_deliveries SET created_at = $2 WHERE id = $1', [old, ago(91)]);
    await t.sql('UPDATE webhook_deliveries SET created_at = $2 WHERE id = $1', [recent, ago(89)]);
    await t.sql("UPDATE webhook_deliveries SET created_at = $2, status = 'pending' WHERE id = $1", [waiting, ago(200)]);

    expect(await t.app.get(WebhookDeliveryService).removeOld()).toBe(1);
    const left = await t.sql<{ id: string }>('SELECT id FROM webhook_deliveries WHERE endpoint_id = $1', [endpointId]);
    expect(left.map((d) => d.id).sort()).toEqual([recent, waiting].sort());
    expect(await t.sql('SELECT 1 FROM webhook_attempts WHERE delivery_id = $1', [old])).toEqual([]);
  });

  it('connects to the address it checked, whatever the host name', async () => {
    const sender = t.app.get(WebhookDeliveryService);
    const original = sender.resolver;
    // receiver.test exists in no DNS: only the checked, pinned address can reach the receiver.
    sender.resolver = (async (host: string) =>
      host === 'receiver.test' ? [{ address: '127.0.0.1', family: 4 }] : original(host)) as Resolver;
    try {
      await confirmed(owner);
      const made = await create(owner, { url: `http://receiver.test:${receiver.port}/pinned`, events: ['review.due'] }).expect(201);
      await staffApi(owner).post(`/webhooks/${made.body.endpoint.id}/ping`).expect(202);
      const got = await eventually('the pinned delivery', async () => receiver.received.find((r) => r.path === '/pinned'));
      expect(got.headers.host).toBe(`receiver.test:${receiver.port}`);
    } finally {
      sender.resolver = original;
    }
  });

  it('changes, turns off, replaces the secret of and deletes an endpoint, each recorded', async () => {
    await confirmed(owner);
    const made = await create(owner, { url: receiver.url('/managed'), events: ['intake.submitted'] }).expect(201);
    const id = made.body.endpoint.id;
    const patch = (body: object) => owner.agent.patch(`/api/v1/webhooks/${id}`).set('X-CSRF-Token', owner.csrfToken).send(body);
    expect((await patch({ events: ['agreement.signed', 'intake.submitted'] }).expect(200)).body.endpoint.events).toEqual([
      'intake.submitted',
      'agreement.signed',
    ]);
    expect((await patch({ events: [] }).expect(400)).body.fields).toHaveProperty('events');
    expect((await patch({ url: 'https://elsewhere.example.org' }).expect(400)).body.fields).toHaveProperty('url');
    expect((await patch({ active: 'maybe' }).expect(400)).body.fields).toHaveProperty('active');
    expect((await patch({ active: false, description: 'Paused' }).expect(200)).body.endpoint).toMatchObject({
      active: false,
      description: 'Paused',
    });
    expect((await staffApi(owner).post(`/webhooks/${id}/ping`).expect(409)).body.code).toBe('WEBHOOK_ENDPOINT_DISABLED');
    await patch({ active: true }).expect(200);

    await t.sql('UPDATE sessions SET reauthenticated_at = NULL WHERE user_id = $1', [owner.user.id]);
    expect((await staffApi(owner).post(`/webhooks/${id}/rotate-secret`).expect(403)).body.code).toBe('REAUTH_REQUIRED');
    await reauthenticate(owner);
    const rotated = await staffApi(owner).post(`/webhooks/${id}/rotate-secret`).expect(201);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(made.body.secret);
    await staffApi(owner).post(`/webhooks/${id}/ping`).expect(202);
    const got = await eventually('the ping after rotation', async () => receiver.received.find((r) => r.path === '/managed'));
    const [timestamp, signature] = [String(got.headers['ayni-webhook-timestamp']), String(got.headers['ayni-webhook-signature'])];
    expect(verifyWebhookSignature(rotated.body.secret, timestamp, got.body, signature)).toBe(true);
    expect(verifyWebhookSignature(made.body.secret, timestamp, got.body, signature)).toBe(false);

    await owner.agent.delete(`/api/v1/webhooks/${id}`).set('X-CSRF-Token', owner.csrfToken).expect(204);
    await staffApi(owner).get(`/webhooks/${id}`).expect(404);
    expect(await t.sql('SELECT 1 FROM webhook_deliveries WHERE endpoint_id = $1', [id])).toEqual([]);
    const actions = await t.sql<{ action: string }>('SELECT action FROM audit_events WHERE record_id = $1 ORDER BY seq', [id]);
    expect(actions.map((a) => a.action)).toEqual([
      'webhook.created',
      'webhook.updated',
      'webhook.updated',
      'webhook.updated',
      'webhook.secret_rotated',
      'webhook.deleted',
    ]);
  });

  it('works on the page: register, see the secret once, see deliveries, send again', async () => {
    await t.sql('UPDATE sessions SET reauthenticated_at = NULL WHERE user_id = $1', [owner.user.id]);
    const security = await owner.agent.get('/account/security').expect(200);
    expect(security.text).toContain('href="/practice/webhooks"');
    expect((await desk.agent.get('/account/security').expect(200)).text).not.toContain('href="/practice/webhooks"');
    const stale = await owner.agent.get('/practice/webhooks').expect(200);
    expect(stale.text).toContain('Confirm it is you');
    expect(stale.text).not.toContain('action="/practice/webhooks"');

    await confirmed(owner);
    const page = await owner.agent.get('/practice/webhooks').expect(200);
    const bad = await owner.agent
      .post('/practice/webhooks')
      .type('form')
      .send(form({ _csrf: csrfFrom(page.text), url: 'ftp://example.org/x', 'events[]': 'intake.submitted' }))
      .expect(400);
    expect(bad.text).toContain('must start with https://');
    expect(bad.text).toContain('value="ftp://example.org/x"');
    const created = await owner.agent
      .post('/practice/webhooks')
      .type('form')
      .send(
        form({
          _csrf: csrfFrom(page.text),
          url: receiver.url('/page'),
          'events[]': ['intake.submitted', 'review.due'],
          description: 'From the page',
        }),
      )
      .expect(200);
    const secret = /value="(whsec_[A-Za-z0-9_-]{43})"/.exec(created.text)![1];
    const [row] = await t.sql<{ id: string; events: string[] }>(
      "SELECT id, events FROM webhook_endpoints WHERE description = 'From the page'",
    );
    expect(row.events).toEqual(['intake.submitted', 'review.due']);
    const list = await owner.agent.get('/practice/webhooks').expect(200);
    expect(list.text).toContain(receiver.url('/page'));
    expect(list.text).not.toContain(secret);

    const show = await owner.agent.get(`/practice/webhooks/${row.id}`).expect(200);
    receiver.answer('/page', 500);
    await owner.agent
      .post(`/practice/webhooks/${row.id}/ping`)
      .type('form')
      .send({ _csrf: csrfFrom(show.text) })
      .expect(303);
    await eventually('the test message', async () => (await deliveriesOf(owner, row.id))[0]?.attempts === 1);
    const after = await owner.agent.get(`/practice/webhooks/${row.id}`).expect(200);
    expect(after.text).toContain('The receiver answered 500.');
    expect(after.text).not.toContain(secret);
    // Saving with no event ticked is refused on the form, naming the field.
    const none = await owner.agent
      .post(`/practice/webhooks/${row.id}`)
      .type('form')
      .send(form({ _csrf: csrfFrom(after.text), active: 'on' }))
      .expect(400);
    expect(none.text).toContain('Choose at least one event');
    await owner.agent
      .post(`/practice/webhooks/${row.id}`)
      .type('form')
      .send(form({ _csrf: csrfFrom(after.text), 'events[]': 'review.due', description: 'Edited' }))
      .expect(303);
    const [edited] = await t.sql<{ events: string[]; active: boolean; description: string }>(
      'SELECT events, active, description FROM webhook_endpoints WHERE id = $1',
      [row.id],
    );
    expect(edited).toEqual({ events: ['review.due'], active: false, description: 'Edited' });
  });
});

describe('webhooks with production address rules', () => {
  let t: TestApp;
  let owner: SignedInClient;
  const dns: Record<string, string[]> = { 'hooks.example.org': ['93.184.216.34'], 'rebind.example.org': ['93.184.216.34', '10.0.0.7'] };

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_LOCAL_RECEIVERS: 'false' });
    t.app.get(WebhookDeliveryService).resolver = async (host) => {
      const addresses = host === 'localhost' ? ['127.0.0.1'] : dns[host];
      if (!addresses) throw new Error('ENOTFOUND');
      return addresses.map((address) => ({ address, family: 4 as const }));
    };
    owner = await signUpPractice(t.browser(), { practiceName: 'Strict Practice' });
    await reauthenticate(owner);
  });
  afterAll(() => t?.close());

  const create = (url: string) => staffApi(owner).post('/webhooks', { url, events: ['intake.submitted'] });

  it.each([
    ['http://hooks.example.org/x', 'must start with https://'],
    ['https://127.0.0.1/x', 'loopback'],
    ['https://localhost/x', 'resolves to a loopback address'],
    ['https://10.0.0.5/x', 'private network'],
    ['https://192.168.1.20/x', 'private network'],
    ['https://169.254.169.254/latest/meta-data', 'link-local'],
    ['https://100.64.1.1/x', 'carrier-grade NAT'],
    ['https://[::1]/x', 'loopback'],
    ['https://[fd00::5]/x', 'unique local'],
    ['https://[::ffff:192.168.0.1]/x', 'private network'],
    ['https://224.0.0.1/x', 'multicast'],
    ['https://rebind.example.org/x', 'resolves to a private network address'],
  ])('refuses %s, naming url', async (url, message) => {
    const res = await create(url).expect(400);
    expect(Object.keys(res.body.fields)).toEqual(['url']);
    expect(res.body.fields.url).toContain(message);
  });

  it('checks the address again at every delivery, and skips an endpoint turned off', async () => {
    const made = await create('https://hooks.example.org/ayni').expect(201);
    const id = made.body.endpoint.id;
    const sender = t.app.get(WebhookDeliveryService);
    // Its DNS now answers with a private address (rebinding): nothing is sent, the attempt says why.
    dns['hooks.example.org'] = ['192.168.0.10'];
    const ping = await staffApi(owner).post(`/webhooks/${id}/ping`).expect(202);
    await expect(sender.deliver(ping.body.delivery.id, { retryCount: 0, lastAttempt: false })).rejects.toThrow(
      'resolves to a private network address',
    );
    const [delivery] = (await staffApi(owner).get(`/webhooks/${id}/deliveries`).expect(200)).body.deliveries;
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastResponseStatus: null });
    expect(delivery.history).toEqual([
      expect.objectContaining({ responseStatus: null, error: expect.stringContaining('private network') }),
    ]);

    // Turned off before its next attempt: marked as not sent, and not sent.
    await owner.agent.patch(`/api/v1/webhooks/${id}`).set('X-CSRF-Token', owner.csrfToken).send({ active: false }).expect(200);
    await expect(sender.deliver(ping.body.delivery.id, { retryCount: 1, lastAttempt: false })).resolves.toBe('skipped');
    const [skipped] = (await staffApi(owner).get(`/webhooks/${id}/deliveries`).expect(200)).body.deliveries;
    expect(skipped).toMatchObject({ status: 'skipped', attempts: 1 });
    expect(skipped.lastError).toContain('turned off');
  });
});
