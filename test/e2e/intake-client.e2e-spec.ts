import { randomUUID } from 'node:crypto';
import { addMember, SignedInClient, signUpPractice } from '../factories/accounts';
import { clientApi, COMPLETE_ANSWERS, FIRST_HALF, inviteClient, SECOND_HALF } from '../factories/intake';
import { startTestApp, TestApp } from '../support/test-app';

describe('intake through the client’s link: drafts, conflicts, one submission', () => {
  let t: TestApp;
  let owner: SignedInClient;
  let practitioner: SignedInClient;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpPractice(t.browser(), { practiceName: 'Riverside Healing Arts' });
    practitioner = await addMember(owner, t.browser(), 'practitioner', 'Dr. Ana Ortiz');
    await owner.agent
      .put('/api/v1/practice')
      .set('X-CSRF-Token', owner.csrfToken)
      .send({
        name: 'Riverside Healing Arts',
        phone: '+1 555 0100',
        publicEmail: 'hello@riverside.example',
        address: '1 River Road',
        openingHours: 'Mon–Fri 9–5',
        timeZone: 'UTC',
        locale: 'en-US',
        currency: 'USD',
      })
      .expect(204);
  });
  afterAll(() => t.close());

  it('half-filled on one device, finished on another, submitted once, read-only afterwards', async () => {
    const { id, token } = await inviteClient(practitioner);
    const phone = clientApi(t.browser(), token);
    const opened = await phone.read().expect(200);
    expect(opened.body).toMatchObject({ status: 'invited', revision: 0, answers: {} });
    expect(opened.body.form.sections.map((s: { id: string }) => s.id)).toEqual([
      'about',
      'story',
      'goals',
      'baseline',
      'support',
      'expectations',
      'consent',
    ]);

    const saved = await phone.save(0, FIRST_HALF).expect(200);
    expect(saved.body.revision).toBe(1);

    // The browser is closed; the link is opened again elsewhere.
    const laptop = clientApi(t.browser(), token);
    const resumed = await laptop.read().expect(200);
    expect(resumed.body).toMatchObject({ status: 'in_progress', revision: 1, answers: FIRST_HALF });
    await laptop.save(1, SECOND_HALF).expect(200);

    const key = randomUUID();
    const first = await laptop.submit(key, { revision: 2 }).expect(201);
    expect(first.body.answers).toEqual(COMPLETE_ANSWERS);
    const again = await laptop.submit(key, { revision: 2 }).expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.submissionId).toBe(first.body.submissionId);

    expect((await laptop.save(3, { 'goals.2': 'Sleep through the night' }).expect(409)).body.code).toBe('INTAKE_ALREADY_SUBMITTED');
    expect((await laptop.submit(randomUUID()).expect(409)).body.code).toBe('INTAKE_ALREADY_SUBMITTED');
    const rows = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM intake_submissions WHERE intake_id = $1', [id]);
    expect(rows[0].n).toBe(1);
    const [client] = await t.sql<{ name: string; email: string }>(
      'SELECT c.name, c.email FROM clients c JOIN intakes i ON i.client_id = c.id WHERE i.id = $1',
      [id],
    );
    expect(client).toEqual({ name: 'Maya Ortiz', email: 'maya@example.org' });
    const events = await t.sql<{ action: string; actor_kind: string; data: object }>(
      'SELECT action, actor_kind, data FROM audit_events WHERE record_id = $1 ORDER BY occurred_at',
      [id],
    );
    expect(events).toEqual([{ action: 'intake.submitted', actor_kind: 'client', data: { templateVersion: 1 } }]);
    // What a client submitted, and the form version they answered, cannot change even by hand.
    await expect(t.sql(`UPDATE intake_submissions SET answers = '{}' WHERE intake_id = $1`, [id])).rejects.toThrow(/immutable/);
    await expect(t.sql('DELETE FROM intake_template_versions')).rejects.toThrow(/immutable/);
  });

  it('ten concurrent identical submissions create one row', async () => {
    const { id, token } = await inviteClient(practitioner);
    const client = clientApi(t.browser(), token);
    await client.save(0, COMPLETE_ANSWERS).expect(200);
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 10 }, () => client.submit(key, { revision: 1 })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.body.submissionId)).size).toBe(1);
    const rows = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM intake_submissions WHERE intake_id = $1', [id]);
    expect(rows[0].n).toBe(1);
  });

  it('the same Idempotency-Key with other answers is refused with 422, and a missing key with 400', async () => {
    const { token } = await inviteClient(practitioner);
    const client = clientApi(t.browser(), token);
    await client.save(0, COMPLETE_ANSWERS).expect(200);
    const missing = await client.submit(undefined).expect(400);
    expect(missing.body.fields).toHaveProperty('Idempotency-Key');
    const key = randomUUID();
    await client.submit(key, { answers: { 'goals.2': 'Walk the dog' } }).expect(201);
    const reused = await client.submit(key, { answers: { 'goals.2': 'Run a marathon' } }).expect(422);
    expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', fields: { 'Idempotency-Key': expect.any(String) } });
  });

  it('two tabs never overwrite each other silently: the stale save gets 409 and the saved version is readable', async () => {
    const { token } = await inviteClient(practitioner);
    const tabA = clientApi(t.browser(), token);
    const tabB = clientApi(t.browser(), token);
    await tabA.save(0, { 'goals.1': 'Sleep better' }).expect(200);
    const stale = await tabB.save(0, { 'goals.1': 'Run again' }).expect(409);
    expect(stale.body).toMatchObject({ code: 'DRAFT_CONFLICT', fields: { revision: 'is 1 now' } });
    const current = await tabB.read().expect(200);
    expect(current.body.answers['goals.1']).toBe('Sleep better');
    // Tab B chooses its own version, knowingly.
    await tabB.save(current.body.revision, { 'goals.1': 'Run again' }).expect(200);
    expect((await tabA.read()).body.answers['goals.1']).toBe('Run again');
  });

  it.each([
    ['an unknown question', { 'about.shoe_size': '42' }, 'about.shoe_size', 'is not a question on this form'],
    ['a choice not offered', { 'expectations.notice_within': 'years' }, 'expectations.notice_within', 'must be one of the choices offered'],
    ['a scale above 10', { 'baseline.sleep': 11 }, 'baseline.sleep', 'must be a whole number from 0 to 10'],
    ['a scale that is not a number', { 'baseline.sleep': 'lots' }, 'baseline.sleep', 'must be a whole number from 0 to 10'],
    ['an impossible date', { 'about.date_of_birth': '1984-02-30' }, 'about.date_of_birth', 'must be a real date, written like 1980-04-23'],
    ['a bad e-mail', { 'about.email': 'maya@' }, 'about.email', 'must be an e-mail address like name@example.com'],
    ['a story over the limit', { 'story.text': 'x'.repeat(20_001) }, 'story.text', 'must be at most 20000 characters (now 20001)'],
  ])('refuses %s by field name and keeps what was saved', async (_what, answers, field, message) => {
    const { token } = await inviteClient(practitioner);
    const client = clientApi(t.browser(), token);
    await client.save(0, { 'goals.1': 'Keep me' }).expect(200);
    const res = await client.save(1, { ...answers, 'goals.2': 'Not saved with a bad answer' }).expect(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', fields: { [field]: message } });
    const after = await client.read().expect(200);
    expect(after.body).toMatchObject({ revision: 1, answers: { 'goals.1': 'Keep me' } });
  });

  it('a story of 20,000 characters is welcome', async () => {
    const { token } = await inviteClient(practitioner);
    await clientApi(t.browser(), token)
      .save(0, { 'story.text': 'ä'.repeat(20_000) })
      .expect(200);
  });

  it('submitting checks every required answer on the server and names the missing ones', async () => {
    const { token } = await inviteClient(practitioner);
    const client = clientApi(t.browser(), token);
    await client.save(0, FIRST_HALF).expect(200);
    const res = await client.submit(randomUUID()).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.fields).sort()).toEqual(Object.keys(SECOND_HALF).sort());
    expect(res.body.fields['consent.privacy']).toBe('is required');
    expect((await client.read()).body.status).toBe('in_progress');
  });

  it('a malformed revision or answers object is a 400 naming the field', async () => {
    const { token } = await inviteClient(practitioner);
    const agent = t.browser();
    const res = await agent.put(`/api/v1/intake-links/${token}/draft`).send({ revision: 'one', answers: [] }).expect(400);
    expect(Object.keys(res.body.fields).sort()).toEqual(['answers', 'revision']);
  });

  it('expired and withdrawn links answer 410 saying how to reach the practice; a new link carries on', async () => {
    const { id, token } = await inviteClient(practitioner);
    const client = clientApi(t.browser(), token);
    await client.save(0, FIRST_HALF).expect(200);

    await t.sql(`UPDATE intakes SET expires_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    const expired = await client.read().expect(410);
    expect(expired.body.code).toBe('LINK_EXPIRED');
    expect(expired.body.message).toContain('+1 555 0100');
    expect((await client.save(1, { 'goals.2': 'x' }).expect(410)).body.code).toBe('LINK_EXPIRED');
    const page = await t.browser().get(`/i/${token}`).expect(410);
    expect(page.text).toContain('This link has expired');
    expect(page.text).toContain('hello@riverside.example');

    const renewed = await practitioner.agent
      .post(`/api/v1/intakes/${id}/link`)
      .set('X-CSRF-Token', practitioner.csrfToken)
      .send({})
      .expect(201);
    const newToken = /\/i\/(.+)$/.exec(renewed.body.link)![1];
    await client.read().expect(404); // the old link is gone, not just expired
    const resumed = await clientApi(t.browser(), newToken).read().expect(200);
    expect(resumed.body.answers).toEqual(FIRST_HALF);

    await practitioner.agent.post(`/api/v1/intakes/${id}/revoke`).set('X-CSRF-Token', practitioner.csrfToken).expect(204);
    const revoked = await clientApi(t.browser(), newToken).read().expect(410);
    expect(revoked.body.code).toBe('LINK_REVOKED');
    const revokedPage = await t.browser().get(`/i/${newToken}`).expect(410);
    expect(revokedPage.text).toContain('This link was withdrawn');
  });

  it('an unknown or malformed link is a 404 page that tells nothing about any practice', async () => {
    for (const token of ['A'.repeat(43), 'short', '../../etc']) {
      const res = await t.browser().get(`/i/${encodeURIComponent(token)}`);
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('Riverside');
    }
  });

  it('autosave answers the same with a staff session in the browser, where the CSRF token is then required', async () => {
    const { token } = await inviteClient(practitioner);
    const path = `/api/v1/intake-links/${token}/draft`;
    const refused = await practitioner.agent
      .put(path)
      .send({ revision: 0, answers: { 'goals.1': 'x' } })
      .expect(403);
    expect(refused.body.code).toBe('CSRF_TOKEN_INVALID');
    const saved = await practitioner.agent
      .put(path)
      .set('X-CSRF-Token', practitioner.csrfToken)
      .send({ revision: 0, answers: { 'goals.1': 'x' } });
    expect(saved.status).toBe(200);
    const lane = await t
      .browser()
      .put(path)
      .send({ revision: 1, answers: { 'goals.1': 'y' } })
      .expect(200);
    expect(Object.keys(lane.body).sort()).toEqual(Object.keys(saved.body).sort());
    // The same refusals on both ways, in the same words.
    for (const agent of [t.browser(), practitioner.agent]) {
      const bad = await agent
        .put(path)
        .set('X-CSRF-Token', practitioner.csrfToken)
        .send({ revision: -1, answers: [], extra: 1 })
        .expect(400);
      expect(bad.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        fields: {
          revision: expect.any(String),
          answers: 'must be an object of question id → answer',
          extra: 'is not a field Ayni accepts here',
        },
      });
      const text = await agent
        .put(path)
        .set('X-CSRF-Token', practitioner.csrfToken)
        .set('Content-Type', 'text/plain')
        .send('revision=2')
        .expect(415);
      expect(text.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      const malformed = await agent
        .put(path)
        .set('X-CSRF-Token', practitioner.csrfToken)
        .set('Content-Type', 'application/json')
        .send('{"revision":')
        .expect(400);
      expect(malformed.body.code).toBe('MALFORMED_JSON');
    }
  });

  it('stores only the link’s hash', async () => {
    const { id, token } = await inviteClient(practitioner);
    const [row] = await t.sql<{ token_hash: string }>('SELECT token_hash FROM intakes WHERE id = $1', [id]);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.token_hash).not.toContain(token);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });
});
