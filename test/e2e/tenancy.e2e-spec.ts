import { addMember, csrfFrom, SignedInClient, signUpPractice, uniqueEmail } from '../factories/accounts';
import { randomUUID } from 'node:crypto';
import { COMPLETE_ANSWERS } from '../factories/intake';
import { exampleDraft } from '../factories/offerings';
import { discoverRoutes } from '../support/routes';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Tenancy: every route is listed here as public, as scoped to the caller's own practice, or as
 * naming a record. Records of another practice answer 404 with no data, for every role.
 * A route the app serves but this table does not list fails the first test.
 */
type Fixture = {
  memberId: string;
  invitationId: string;
  offeringId: string;
  intakeId: string;
  checkId: string;
  agreementId: string;
  messageId: string;
  reviewId: string;
  clientId: string;
  tokenId: string;
  webhookId: string;
  deliveryId: string;
};

const PUBLIC = [
  'GET /',
  'GET /signup',
  'POST /signup',
  'GET /login',
  'POST /login',
  'POST /logout',
  // The code after the password: acts only on this browser's own half-finished log-in (test/e2e/mfa.e2e-spec.ts).
  'GET /login/code',
  'POST /login/code',
  'GET /join/:token',
  'POST /join/:token',
  'GET /health',
  'POST /api/v1/practices',
  'POST /api/v1/auth/login',
  'GET /api/v1/invitations/:token',
  'POST /api/v1/invitations/:token/accept',
  'GET /p/:practiceSlug',
  'GET /p/:practiceSlug/:offeringSlug',
  'GET /api/v1/public/practices/:practiceSlug/offerings',
  'GET /api/v1/public/practices/:practiceSlug/offerings/:offeringSlug',
  'GET /p/:practiceSlug/images/:id',
  'GET /p/:practiceSlug/:offeringSlug/pdf',
  'POST /p/:practiceSlug/:offeringSlug/intake',
  // The client's intake link: the token is the credential (tested in intake-client.e2e-spec).
  'GET /i/:token',
  'POST /i/:token',
  'POST /i/:token/language',
  'POST /i/:token/submit',
  'GET /i/:token/pdf',
  'GET /api/v1/intake-links/:token',
  'PUT /api/v1/intake-links/:token/draft',
  'POST /api/v1/intake-links/:token/submit',
  'GET /i/:token/heard',
  'POST /i/:token/heard',
  'GET /i/:token/checks/:checkId',
  'POST /i/:token/checks/:checkId/comments',
  'GET /api/v1/intake-links/:token/reflection',
  'POST /api/v1/intake-links/:token/reflection/response',
  'GET /api/v1/intake-links/:token/checks',
  'GET /api/v1/intake-links/:token/checks/:checkId',
  'POST /api/v1/intake-links/:token/checks/:checkId/comments',
  'GET /verify',
  'GET /verify/:code',
  'POST /verify',
  'GET /i/:token/agreements',
  'GET /i/:token/agreements/:id',
  'POST /i/:token/agreements/:id/changes',
  'POST /i/:token/agreements/:id/sign',
  'GET /i/:token/agreements/:id/pdf',
  'GET /sign/:token',
  'POST /sign/:token',
  'GET /api/v1/intake-links/:token/agreements',
  'GET /api/v1/intake-links/:token/agreements/:id',
  'POST /api/v1/intake-links/:token/agreements/:id/changes',
  'POST /api/v1/intake-links/:token/agreements/:id/sign',
  'GET /api/v1/verify/:code',
  'GET /i/:token/reviews/:id',
  'POST /i/:token/reviews/:id',
  'GET /i/:token/timeline',
  'GET /i/:token/reviews',
];

/** Routes without a record id: they act on or show the caller's own practice only. */
/** Sensitive acts (exporting or erasing a client) need a fresh re-authentication, and a session. */
const needsReauth = (route: string) => route.endsWith('/export.zip') || route.endsWith('/erase') || route.endsWith('/rotate-secret');

const OWN_PRACTICE = [
  'GET /dashboard',
  'GET /team',
  'GET /team/invite',
  'POST /team/invite',
  'GET /api/v1/team',
  'POST /api/v1/team/invitations',
  'POST /api/v1/auth/logout',
  'GET /api/v1/auth/session',
  'GET /offerings',
  'GET /offerings/new',
  'POST /offerings/new',
  'GET /api/v1/offerings',
  'POST /api/v1/offerings',
  'GET /profile',
  'GET /practice',
  'POST /practice',
  'GET /practice/logo',
  'POST /practice/logo',
  'POST /practice/logo/remove',
  'GET /api/v1/practice',
  'PUT /api/v1/practice',
  'POST /api/v1/practice/logo',
  'DELETE /api/v1/practice/logo',
  'GET /intake',
  'GET /intake/new',
  'POST /intake/new',
  'GET /intake/form',
  'GET /intake/form/questions/new',
  'GET /intake/form/questions/edit',
  'POST /intake/form/questions',
  'GET /intake/form/sections/new',
  'GET /intake/form/sections/:id/edit',
  'POST /intake/form/sections',
  'POST /intake/form/arrange',
  'POST /intake/form/publish',
  'GET /intake/form/versions/:version',
  'GET /api/v1/intake-form',
  'PUT /api/v1/intake-form/draft',
  'POST /api/v1/intake-form/publish',
  'GET /api/v1/intake-form/versions/:version',
  'GET /api/v1/intake-form/versions/:version/fhir',
  'GET /api/v1/intakes',
  'POST /api/v1/intakes',
  'GET /agreements',
  'GET /agreements/new',
  'POST /agreements/new',
  'GET /print-queue',
  'POST /print-queue/print',
  'GET /api/v1/agreements',
  'POST /api/v1/agreements',
  'GET /outbox',
  'GET /reviews',
  // Two-step log-in and re-authentication: the caller's own account, and their own practice's setting.
  'GET /account/security',
  'GET /account/mfa/setup',
  'POST /account/mfa/setup',
  'POST /account/mfa/disable',
  'POST /account/mfa/recovery-codes',
  'GET /reauth',
  'POST /reauth',
  'POST /practice/security',
  'GET /practice/records',
  'POST /practice/records',
  'PUT /api/v1/practice/retention',
  'POST /api/v1/auth/mfa',
  'POST /api/v1/auth/reauth',
  'GET /api/v1/account/mfa',
  'POST /api/v1/account/mfa/enrolment',
  'POST /api/v1/account/mfa/enrolment/confirm',
  'DELETE /api/v1/account/mfa',
  'POST /api/v1/account/mfa/recovery-codes',
  'PUT /api/v1/practice/mfa-policy',
  // The owner's audit trail: only the caller's practice's events (test/e2e/audit.e2e-spec.ts).
  'GET /audit',
  'GET /audit.csv',
  // Access tokens: the caller's own, or (for the owner) their practice's (test/e2e/access-tokens.e2e-spec.ts).
  'GET /account/security/tokens',
  'POST /account/security/tokens',
  'GET /api/v1/account/tokens',
  'POST /api/v1/account/tokens',
  'GET /api/v1/practice/tokens',
  // Webhooks: the owner's endpoints of their own practice (test/e2e/webhooks.e2e-spec.ts).
  'GET /practice/webhooks',
  'POST /practice/webhooks',
  'GET /api/v1/webhooks',
  'POST /api/v1/webhooks',
];

/** Routes naming a record, with the other practice's record to try. */
const NAMES_A_RECORD: Record<string, (b: Fixture) => string> = {
  'POST /team/invitations/:id/revoke': (b) => b.invitationId,
  'POST /team/members/:id/deactivate': (b) => b.memberId,
  'POST /team/members/:id/reactivate': (b) => b.memberId,
  'POST /api/v1/team/invitations/:id/revoke': (b) => b.invitationId,
  'POST /api/v1/team/members/:id/deactivate': (b) => b.memberId,
  'POST /api/v1/team/members/:id/reactivate': (b) => b.memberId,
  'GET /offerings/:id': (b) => b.offeringId,
  'GET /offerings/:id/edit': (b) => b.offeringId,
  'POST /offerings/:id/edit': (b) => b.offeringId,
  'POST /offerings/:id/publish': (b) => b.offeringId,
  'POST /offerings/:id/withdraw': (b) => b.offeringId,
  'POST /offerings/:id/restore': (b) => b.offeringId,
  'GET /offerings/:id/history': (b) => b.offeringId,
  'GET /offerings/:id/versions/:version': (b) => b.offeringId,
  'GET /offerings/:id/versions/:version/pdf': (b) => b.offeringId,
  'GET /api/v1/offerings/:id': (b) => b.offeringId,
  'PUT /api/v1/offerings/:id/draft': (b) => b.offeringId,
  'POST /api/v1/offerings/:id/publish': (b) => b.offeringId,
  'GET /api/v1/offerings/:id/history': (b) => b.offeringId,
  'GET /api/v1/offerings/:id/versions/:version': (b) => b.offeringId,
  'POST /api/v1/offerings/:id/withdraw': (b) => b.offeringId,
  'POST /api/v1/offerings/:id/restore': (b) => b.offeringId,
  'GET /profiles/:id/edit': (b) => b.memberId,
  'POST /profiles/:id/edit': (b) => b.memberId,
  'GET /profiles/:id/photo': (b) => b.memberId,
  'POST /profiles/:id/photo': (b) => b.memberId,
  'POST /profiles/:id/photo/remove': (b) => b.memberId,
  'GET /api/v1/profiles/:id': (b) => b.memberId,
  'PUT /api/v1/profiles/:id': (b) => b.memberId,
  'POST /api/v1/profiles/:id/photo': (b) => b.memberId,
  'DELETE /api/v1/profiles/:id/photo': (b) => b.memberId,
  'GET /intake/:id': (b) => b.intakeId,
  'GET /intake/:id/pdf': (b) => b.intakeId,
  'POST /intake/:id/link': (b) => b.intakeId,
  'POST /intake/:id/revoke': (b) => b.intakeId,
  'POST /intake/:id/reviewed': (b) => b.intakeId,
  'GET /api/v1/intakes/:id': (b) => b.intakeId,
  'POST /api/v1/intakes/:id/link': (b) => b.intakeId,
  'POST /api/v1/intakes/:id/revoke': (b) => b.intakeId,
  'POST /api/v1/intakes/:id/reviewed': (b) => b.intakeId,
  'GET /api/v1/intakes/:id/export': (b) => b.intakeId,
  'GET /api/v1/intakes/:id/fhir': (b) => b.intakeId,
  'GET /intake/:id/reflection': (b) => b.intakeId,
  'POST /intake/:id/reflection': (b) => b.intakeId,
  'GET /intake/:id/alignment': (b) => b.intakeId,
  'POST /intake/:id/checks': (b) => b.intakeId,
  'GET /intake/:id/checks/:checkId': (b) => b.intakeId,
  'POST /intake/:id/checks/:checkId/comments': (b) => b.intakeId,
  'GET /api/v1/intakes/:id/reflection': (b) => b.intakeId,
  'POST /api/v1/intakes/:id/reflection': (b) => b.intakeId,
  'GET /api/v1/intakes/:id/checks': (b) => b.intakeId,
  'POST /api/v1/intakes/:id/checks': (b) => b.intakeId,
  'GET /api/v1/intakes/:id/checks/:checkId': (b) => b.intakeId,
  'POST /api/v1/intakes/:id/checks/:checkId/comments': (b) => b.intakeId,
  'GET /agreements/:id': (b) => b.agreementId,
  'POST /agreements/:id': (b) => b.agreementId,
  'POST /agreements/:id/propose': (b) => b.agreementId,
  'POST /agreements/:id/countersign': (b) => b.agreementId,
  'POST /agreements/:id/activate': (b) => b.agreementId,
  'POST /agreements/:id/end': (b) => b.agreementId,
  'GET /agreements/:id/pdf': (b) => b.agreementId,
  'POST /agreements/:id/amend': (b) => b.agreementId,
  'POST /agreements/:id/screen': (b) => b.agreementId,
  'POST /agreements/:id/paper': (b) => b.agreementId,
  'GET /agreements/:id/scan': (b) => b.agreementId,
  'POST /outbox/:id/retry': (b) => b.messageId,
  'GET /reviews/:id': (b) => b.reviewId,
  'POST /reviews/:id/decision': (b) => b.reviewId,
  'GET /clients/:id': (b) => b.clientId,
  'GET /clients/:id/export.zip': (b) => b.clientId,
  'GET /api/v1/clients/:id/export.zip': (b) => b.clientId,
  'GET /clients/:id/erase': (b) => b.clientId,
  'POST /clients/:id/erase': (b) => b.clientId,
  'GET /api/v1/clients/:id/erasure': (b) => b.clientId,
  'POST /api/v1/clients/:id/erase': (b) => b.clientId,
  'GET /api/v1/agreements/:id': (b) => b.agreementId,
  'PUT /api/v1/agreements/:id/draft': (b) => b.agreementId,
  'POST /api/v1/agreements/:id/propose': (b) => b.agreementId,
  'POST /api/v1/agreements/:id/countersign': (b) => b.agreementId,
  'POST /api/v1/agreements/:id/activate': (b) => b.agreementId,
  'POST /api/v1/agreements/:id/end': (b) => b.agreementId,
  'POST /api/v1/agreements/:id/amend': (b) => b.agreementId,
  'POST /api/v1/agreements/:id/reconsent': (b) => b.agreementId,
  'POST /agreements/:id/reconsent': (b) => b.agreementId,
  'POST /account/security/tokens/:id/revoke': (b) => b.tokenId,
  'POST /api/v1/account/tokens/:id/revoke': (b) => b.tokenId,
  'GET /practice/webhooks/:id': (b) => b.webhookId,
  'POST /practice/webhooks/:id': (b) => b.webhookId,
  'POST /practice/webhooks/:id/delete': (b) => b.webhookId,
  'POST /practice/webhooks/:id/rotate-secret': (b) => b.webhookId,
  'POST /practice/webhooks/:id/ping': (b) => b.webhookId,
  'POST /practice/webhook-deliveries/:id/redeliver': (b) => b.deliveryId,
  'GET /api/v1/webhooks/:id': (b) => b.webhookId,
  'PATCH /api/v1/webhooks/:id': (b) => b.webhookId,
  'DELETE /api/v1/webhooks/:id': (b) => b.webhookId,
  'POST /api/v1/webhooks/:id/rotate-secret': (b) => b.webhookId,
  'GET /api/v1/webhooks/:id/deliveries': (b) => b.webhookId,
  'POST /api/v1/webhooks/:id/ping': (b) => b.webhookId,
  'POST /api/v1/webhook-deliveries/:id/redeliver': (b) => b.deliveryId,
};

describe('tenancy: another practice’s records answer 404, never 403 and never their data', () => {
  let t: TestApp;
  let a: SignedInClient[];
  let bOwner: SignedInClient;
  let b: Fixture;

  beforeAll(async () => {
    t = await startTestApp();
    const aOwner = await signUpPractice(t.browser(), { practiceName: 'Practice Alpha' });
    a = [aOwner, await addMember(aOwner, t.browser(), 'practitioner'), await addMember(aOwner, t.browser(), 'front_desk')];
    bOwner = await signUpPractice(t.browser(), { practiceName: 'Practice Bravo', ownerName: 'Bravo Owner' });
    const bMember = await addMember(bOwner, t.browser(), 'practitioner', 'Bravo Practitioner');
    const invite = await bOwner.agent
      .post('/api/v1/team/invitations')
      .set('X-CSRF-Token', bOwner.csrfToken)
      .send({ email: uniqueEmail('bravo-invitee'), name: 'Bravo Invitee', role: 'front_desk' })
      .expect(201);
    const offering = await bMember.agent
      .post('/api/v1/offerings')
      .set('X-CSRF-Token', bMember.csrfToken)
      .send({ title: 'Bravo Offering' })
      .expect(201);
    await bMember.agent
      .put(`/api/v1/offerings/${offering.body.id}/draft`)
      .set('X-CSRF-Token', bMember.csrfToken)
      .send({ revision: 0, draft: { ...exampleDraft([bMember.user.id]), title: 'Bravo Offering' } })
      .expect(200);
    await bMember.agent.post(`/api/v1/offerings/${offering.body.id}/publish`).set('X-CSRF-Token', bMember.csrfToken).expect(201);
    await bMember.agent
      .put(`/api/v1/profiles/${bMember.user.id}`)
      .set('X-CSRF-Token', bMember.csrfToken)
      .send({ displayName: 'Bravo Practitioner', licenseStatus: 'not_licensed', unlicensedExplanation: 'Bravo training' })
      .expect(204);
    const intake = await bMember.agent
      .post('/api/v1/intakes')
      .set('X-CSRF-Token', bMember.csrfToken)
      .send({ name: 'Bravo Client', email: 'bravo-client@example.org', offeringId: offering.body.id })
      .expect(201);
    // Practice B's client submits, and B's practitioner checks the intake against B's offering.
    const token = /\/i\/(.+)$/.exec(intake.body.link)![1];
    await t.browser().put(`/api/v1/intake-links/${token}/draft`).send({ revision: 0, answers: COMPLETE_ANSWERS }).expect(200);
    await t.browser().post(`/api/v1/intake-links/${token}/submit`).set('Idempotency-Key', randomUUID()).send({}).expect(201);
    const check = await bMember.agent
      .post(`/api/v1/intakes/${intake.body.id}/checks`)
      .set('X-CSRF-Token', bMember.csrfToken)
      .send({ offeringId: offering.body.id })
      .expect(201);
    const newAgreement = await bMember.agent.get(`/agreements/new?intake=${intake.body.id}`).expect(200);
    const agreement = await bMember.agent
      .post('/agreements/new')
      .type('form')
      .send({
        _csrf: csrfFrom(newAgreement.text),
        intakeId: intake.body.id,
        offeringId: offering.body.id,
        startDate: '2026-12-07',
        reflectionNote: 'Bravo note',
      })
      .expect(303);
    // A second agreement of practice B, in effect since October, so it has a review due.
    const bApi = (method: 'post' | 'put', path: string, body?: object) =>
      bMember.agent[method](`/api/v1${path}`).set('X-CSRF-Token', bMember.csrfToken).send(body);
    const inEffect = await bApi('post', '/agreements', {
      intakeId: intake.body.id,
      offeringId: offering.body.id,
      startDate: '2026-10-01',
      reflectionNote: 'B',
    }).expect(201);
    const findings = Object.fromEntries(inEffect.body.content.findings.map((f: { key: string }) => [f.key, 'Agreed.']));
    await bApi('put', `/agreements/${inEffect.body.id}/draft`, { revision: 0, choice: { reasons: 'Bravo reasons' }, findings }).expect(200);
    await bApi('post', `/agreements/${inEffect.body.id}/propose`).expect(201);
    const shown = await t.browser().get(`/api/v1/intake-links/${token}/agreements/${inEffect.body.id}`).expect(200);
    await t
      .browser()
      .post(`/api/v1/intake-links/${token}/agreements/${inEffect.body.id}/sign`)
      .send({ typedName: COMPLETE_ANSWERS['about.name'], consent: true, contentHash: shown.body.contentHash })
      .expect(201);
    await bApi('post', `/agreements/${inEffect.body.id}/countersign`, { typedName: 'Bravo Practitioner', consent: true }).expect(201);
    await bMember.agent.get('/reviews').expect(200); // schedules practice B's reviews
    const [review] = await t.sql<{ id: string }>('SELECT id FROM reviews WHERE agreement_id = $1 LIMIT 1', [inEffect.body.id]);
    // Practice B's client was invited with an e-mail address: the invitation waits in B's outbox.
    const [message] = await t.sql<{ id: string }>('SELECT id FROM outbox_messages WHERE dedupe_key = $1', [
      `intake_invitation:${intake.body.id}`,
    ]);
    // Practice B's owner has an access token (creating one needs a fresh confirmation; a recovery code serves).
    await bOwner.agent
      .post('/api/v1/auth/reauth')
      .set('X-CSRF-Token', bOwner.csrfToken)
      .send({ password: bOwner.password, code: bOwner.mfa!.recoveryCodes[0] })
      .expect(204);
    const bToken = await bOwner.agent
      .post('/api/v1/account/tokens')
      .set('X-CSRF-Token', bOwner.csrfToken)
      .send({ name: 'Bravo integration', role: 'owner', expiresInDays: 30 })
      .expect(201);
    // …and a webhook endpoint with a delivery (a test event; jobs do not run here, so it stays pending).
    const bWebhook = await bOwner.agent
      .post('/api/v1/webhooks')
      .set('X-CSRF-Token', bOwner.csrfToken)
      .send({ url: 'http://127.0.0.1:9/bravo-hook', events: ['intake.submitted'], description: 'Bravo hook' })
      .expect(201);
    const bPing = await bOwner.agent
      .post(`/api/v1/webhooks/${bWebhook.body.endpoint.id}/ping`)
      .set('X-CSRF-Token', bOwner.csrfToken)
      .expect(202);
    b = {
      webhookId: bWebhook.body.endpoint.id,
      deliveryId: bPing.body.delivery.id,
      tokenId: bToken.body.accessToken.id,
      messageId: message.id,
      reviewId: review.id,
      clientId: inEffect.body.clientId,
      agreementId: String(agreement.headers.location).split('/').pop()!,
      memberId: bMember.user.id,
      invitationId: invite.body.invitation.id,
      offeringId: offering.body.id,
      intakeId: intake.body.id,
      checkId: check.body.check.id,
    };
  });
  afterAll(() => t.close());

  it('classifies every route the app serves', () => {
    const served = discoverRoutes(t.app)
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    const classified = [...PUBLIC, ...OWN_PRACTICE, ...Object.keys(NAMES_A_RECORD)].sort();
    expect(served).toEqual(classified);
  });

  const roles = ['owner', 'practitioner', 'front_desk'];
  const cases = Object.keys(NAMES_A_RECORD).flatMap((route) => roles.map((role, i) => [route, role, i] as const));

  it.each(cases)('%s as practice A’s %s with practice B’s id → 404', async (route, _role, index) => {
    const [method, template] = route.split(' ');
    const path = template.replace(':id', NAMES_A_RECORD[route](b)).replace(':version', '1').replace(':checkId', b.checkId);
    const caller = a[index];
    // A sensitive act asks for a fresh confirmation before anything else: give the session one, so the record itself is tried.
    if (needsReauth(route)) await t.sql('UPDATE sessions SET reauthenticated_at = now() WHERE user_id = $1', [caller.user.id]);
    const res = await caller.agent[method.toLowerCase() as 'post'](path)
      .set('X-CSRF-Token', caller.csrfToken)
      .send(
        method === 'PUT'
          ? {
              revision: 1,
              draft: { title: 'Taken over' },
              displayName: 'Taken over',
              licenseStatus: 'not_licensed',
              unlicensedExplanation: 'x',
            }
          : undefined,
      );
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('Bravo');
  });

  it('left practice B’s records unchanged', async () => {
    const [member] = await t.sql<{ status: string }>('SELECT status FROM users WHERE id = $1', [b.memberId]);
    const [invitation] = await t.sql<{ revoked_at: Date | null }>('SELECT revoked_at FROM invitations WHERE id = $1', [b.invitationId]);
    const [offering] = await t.sql<{ draft: { title: string }; latest_version: number; withdrawn_at: Date | null }>(
      'SELECT draft, latest_version, withdrawn_at FROM offerings WHERE id = $1',
      [b.offeringId],
    );
    expect(member.status).toBe('active');
    expect(invitation.revoked_at).toBeNull();
    expect(offering).toEqual({ draft: expect.objectContaining({ title: 'Bravo Offering' }), latest_version: 1, withdrawn_at: null });
    const [profile] = await t.sql<{ display_name: string }>('SELECT display_name FROM practitioner_profiles WHERE user_id = $1', [
      b.memberId,
    ]);
    expect(profile.display_name).toBe('Bravo Practitioner');
    const [intake] = await t.sql<{ status: string; revoked_at: Date | null }>('SELECT status, revoked_at FROM intakes WHERE id = $1', [
      b.intakeId,
    ]);
    expect(intake).toEqual({ status: 'submitted', revoked_at: null });
    expect(await t.sql('SELECT 1 FROM reflection_entries WHERE intake_id = $1', [b.intakeId])).toEqual([]);
    expect(await t.sql('SELECT 1 FROM finding_comments WHERE check_id = $1', [b.checkId])).toEqual([]);
    const [agreement] = await t.sql<{ status: string; revision: number }>('SELECT status, revision FROM agreements WHERE id = $1', [
      b.agreementId,
    ]);
    expect(agreement).toEqual({ status: 'draft', revision: 0 });
    const [message] = await t.sql<{ status: string; attempts: number }>('SELECT status, attempts FROM outbox_messages WHERE id = $1', [
      b.messageId,
    ]);
    expect(message).toEqual({ status: 'held', attempts: 0 });
    const [token] = await t.sql<{ revoked_at: Date | null }>('SELECT revoked_at FROM access_tokens WHERE id = $1', [b.tokenId]);
    expect(token.revoked_at).toBeNull();
    const [webhook] = await t.sql<{ active: boolean; events: string[] }>('SELECT active, events FROM webhook_endpoints WHERE id = $1', [
      b.webhookId,
    ]);
    expect(webhook).toEqual({ active: true, events: ['intake.submitted'] });
    expect(await t.sql('SELECT status, attempts FROM webhook_deliveries WHERE endpoint_id = $1', [b.webhookId])).toEqual([
      { status: 'pending', attempts: 0 },
    ]);
  });

  describe('with practice A’s access tokens', () => {
    // One token of each role, made by practice A's owner: the API routes naming practice B's records answer 404.
    const tokens: string[] = [];
    beforeAll(async () => {
      const aOwner = a[0];
      await aOwner.agent
        .post('/api/v1/auth/reauth')
        .set('X-CSRF-Token', aOwner.csrfToken)
        .send({ password: aOwner.password, code: aOwner.mfa!.recoveryCodes[0] })
        .expect(204);
      for (const role of roles) {
        const res = await aOwner.agent
          .post('/api/v1/account/tokens')
          .set('X-CSRF-Token', aOwner.csrfToken)
          .send({ name: `Alpha ${role}`, role, expiresInDays: 30 })
          .expect(201);
        tokens.push(res.body.token);
      }
    });

    const apiCases = Object.keys(NAMES_A_RECORD)
      .filter((route) => route.split(' ')[1].startsWith('/api/'))
      .flatMap((route) => roles.map((role, i) => [route, role, i] as const));

    it.each(apiCases)('%s with a %s token of practice A and practice B’s id → 404', async (route, _role, index) => {
      const [method, template] = route.split(' ');
      const path = template.replace(':id', NAMES_A_RECORD[route](b)).replace(':version', '1').replace(':checkId', b.checkId);
      const res = await t
        .browser()
        [method.toLowerCase() as 'post'](path)
        .set('Authorization', `Bearer ${tokens[index]}`)
        .send(method === 'PUT' ? { revision: 1, draft: { title: 'Taken over' }, displayName: 'Taken over' } : undefined);
      // Managing tokens, signing and exporting everything are for signed-in sessions only: refused before any record is looked up.
      const sessionOnly = route.includes('/account/tokens/') || route.endsWith('/countersign') || needsReauth(route);
      const expected = sessionOnly ? [403, 'TOKEN_NOT_ACCEPTED'] : [404, 'NOT_FOUND'];
      expect([res.status, res.body.code]).toEqual(expected);
      expect(res.text).not.toContain('Bravo');
    });

    it('left practice B’s records unchanged', async () => {
      const [member] = await t.sql<{ status: string }>('SELECT status FROM users WHERE id = $1', [b.memberId]);
      expect(member.status).toBe('active');
      const [agreement] = await t.sql<{ status: string }>('SELECT status FROM agreements WHERE id = $1', [b.agreementId]);
      expect(agreement.status).toBe('draft');
    });
  });

  it.each(
    OWN_PRACTICE.filter((r) => r.startsWith('GET') && !r.includes(':')).flatMap((route) =>
      roles.map((role, i) => [route, role, i] as const),
    ),
  )('%s as practice A’s %s shows nothing of practice B', async (route, _role, index) => {
    const res = await a[index].agent.get(route.split(' ')[1]);
    expect([200, 303, 403, 404]).toContain(res.status);
    expect(res.text).not.toMatch(/Bravo|bravo-invitee/);
    expect(res.text).not.toContain(bOwner.user.email);
  });

  it('a practice B id that does not exist, or is malformed, answers the same 404', async () => {
    const owner = a[0];
    const missing = await owner.agent
      .post('/api/v1/team/members/00000000-0000-4000-8000-000000000000/deactivate')
      .set('X-CSRF-Token', owner.csrfToken);
    const malformed = await owner.agent.post('/api/v1/team/members/not-an-id/deactivate').set('X-CSRF-Token', owner.csrfToken);
    const foreign = await owner.agent.post(`/api/v1/team/members/${b.memberId}/deactivate`).set('X-CSRF-Token', owner.csrfToken);
    for (const res of [missing, malformed, foreign]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
    // A real id of another practice and an id that exists nowhere cannot be told apart.
    expect(foreign.body.message).toBe(missing.body.message);
  });
});
