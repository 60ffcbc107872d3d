import { GOOD_PASSWORD, signUpPractice, uniqueEmail } from '../factories/accounts';
import { startTestApp, TestApp } from '../support/test-app';

describe('the JSON API contract: errors, body limits, CSRF, docs, health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT: '16kb' });
  });
  afterAll(() => t.close());

  const signUpBody = () => ({ practiceName: 'Harbor Naturopathic', ownerName: 'Sol', email: uniqueEmail(), password: GOOD_PASSWORD });

  it('names unknown fields in a 400 with the error shape and a correlation id', async () => {
    const res = await t
      .browser()
      .post('/api/v1/practices')
      .set('X-Request-Id', 'trace-abc-123')
      .send({ ...signUpBody(), isAdmin: true })
      .expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'isAdmin: is not a field Ayni accepts here',
      fields: { isAdmin: 'is not a field Ayni accepts here' },
      correlationId: 'trace-abc-123',
    });
    expect(res.headers['x-correlation-id']).toBe('trace-abc-123');
  });

  it('lists every invalid field at once', async () => {
    const res = await t.browser().post('/api/v1/practices').send({ practiceName: 'x', email: 'bad' }).expect(400);
    expect(Object.keys(res.body.fields).sort()).toEqual(['email', 'ownerName', 'password', 'practiceName']);
    expect(res.body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives practices that sign up with one name at once each their own address', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(() =>
        t
          .browser()
          .post('/api/v1/practices')
          .send({ ...signUpBody(), practiceName: 'Same Name Wellness' }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.body.practice.slug)).size).toBe(6);
  });

  it('refuses an oversized body with 413 and saves nothing', async () => {
    const body = { ...signUpBody(), practiceName: 'Big Body Practice', ownerName: 'x'.repeat(20_000) };
    const res = await t.browser().post('/api/v1/practices').send(body).expect(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await t.sql("SELECT 1 FROM practices WHERE name = 'Big Body Practice'")).toHaveLength(0);
  });

  it('refuses malformed JSON with 400 and a body that is not JSON with 415', async () => {
    const bad = await t.browser().post('/api/v1/practices').set('Content-Type', 'application/json').send('{"practiceName": ').expect(400);
    expect(bad.body.code).toBe('MALFORMED_JSON');
    const form = await t.browser().post('/api/v1/auth/login').type('form').send({ email: 'a@b.org', password: 'x' }).expect(415);
    expect(form.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it.each([
    ['an unknown charset', { 'Content-Type': 'application/json; charset=latin1' }, '{}', 415],
    ['an unknown encoding', { 'Content-Type': 'application/json', 'Content-Encoding': 'foo' }, '{}', 415],
    ['a body that is not the gzip it claims', { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, 'not gzip', 400],
  ])('answers a body with %s with a clear %i, never a 500', async (_label, headers, body, status) => {
    const res = await t.browser().post('/api/v1/auth/login').set(headers).send(body);
    expect(res.status).toBe(status);
    expect(res.body.code).toMatch(/UNSUPPORTED_MEDIA_TYPE|MALFORMED_BODY/);
  });

  it('treats /API/ like /api/: JSON only, JSON errors', async () => {
    const res = await t.browser().get('/API/v1/team').expect(401);
    expect(res.body.code).toBe('NOT_AUTHENTICATED');
    expect((await t.browser().post('/API/v1/auth/login').type('form').send({ email: 'a@b.org', password: 'x' })).status).toBe(415);
  });

  it('names an e-mail sent as a list as an invalid e-mail', async () => {
    const res = await t
      .browser()
      .post('/api/v1/auth/login')
      .send({ email: ['a@b.org'], password: 'x' })
      .expect(400);
    expect(res.body.fields.email).toBe('Enter a valid e-mail address, like name@example.com.');
  });

  it('builds links only from a well-formed host and an http(s) scheme', async () => {
    const owner = await signUpPractice(t.browser());
    const res = await owner.agent
      .post('/api/v1/team/invitations')
      .set('X-CSRF-Token', owner.csrfToken)
      .set('Host', 'evil.example/<script>')
      .send({ email: uniqueEmail(), role: 'practitioner' })
      .expect(201);
    expect(res.body.link).toMatch(/^http:\/\/localhost\/join\//);
  });

  it('sends headers that keep private pages out of caches and frames', async () => {
    const owner = await signUpPractice(t.browser());
    const res = await owner.agent.get('/api/v1/team').expect(200);
    expect(res.headers).toMatchObject({
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
    });
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('requires the CSRF header on writes made with a session cookie', async () => {
    const owner = await signUpPractice(t.browser());
    const invite = { email: uniqueEmail(), role: 'practitioner' };
    const missing = await owner.agent.post('/api/v1/team/invitations').send(invite).expect(403);
    expect(missing.body.code).toBe('CSRF_TOKEN_INVALID');
    await owner.agent.post('/api/v1/team/invitations').set('X-CSRF-Token', 'forged').send(invite).expect(403);
    const other = await signUpPractice(t.browser());
    await owner.agent.post('/api/v1/team/invitations').set('X-CSRF-Token', other.csrfToken).send(invite).expect(403);
    expect(await t.sql('SELECT 1 FROM invitations WHERE email = $1', [invite.email])).toHaveLength(0);
    await owner.agent.post('/api/v1/team/invitations').set('X-CSRF-Token', owner.csrfToken).send(invite).expect(201);
  });

  it('reports the session and its CSRF token, and 401 without one', async () => {
    const owner = await signUpPractice(t.browser(), { practiceName: 'Session Check' });
    const res = await owner.agent.get('/api/v1/auth/session').expect(200);
    expect(res.body).toMatchObject({
      user: { email: owner.user.email, role: 'owner' },
      practice: { name: 'Session Check' },
      csrfToken: owner.csrfToken,
    });
    const anonymous = await t.browser().get('/api/v1/auth/session').expect(401);
    expect(anonymous.body.code).toBe('NOT_AUTHENTICATED');
  });

  it('logs out through the API', async () => {
    const owner = await signUpPractice(t.browser());
    await owner.agent.post('/api/v1/auth/logout').set('X-CSRF-Token', owner.csrfToken).expect(204);
    await owner.agent.get('/api/v1/auth/session').expect(401);
  });

  it('never returns password hashes or session tokens', async () => {
    const owner = await signUpPractice(t.browser());
    const team = await owner.agent.get('/api/v1/team').expect(200);
    const text = JSON.stringify(team.body);
    expect(text).not.toMatch(/argon2|password|token/i);
  });

  it('publishes OpenAPI documentation', async () => {
    const spec = await t.browser().get('/api/docs-json').expect(200);
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/practices', '/api/v1/auth/login', '/api/v1/team/invitations', '/health']),
    );
    await t.browser().get('/api/docs').expect(200);
  });

  it('answers an unknown API route with JSON 404', async () => {
    const res = await t.browser().get('/api/v1/nothing-here').expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('reports database and browser readiness on /health', async () => {
    const res = await t.browser().get('/health');
    expect(res.body.details.database).toEqual({ status: 'up', mode: t.config.databaseUrl ? 'postgresql' : 'embedded' });
    expect(res.body.details.browser).toHaveProperty('status');
    expect(res.status).toBe(res.body.details.browser.status === 'up' ? 200 : 503);
  });
});

describe('health when Chromium is missing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ CHROMIUM_PATH: '/nonexistent/chromium' });
  });
  afterAll(() => t.close());

  it('answers 503 naming the problem, while the database is up', async () => {
    const res = await t.browser().get('/health').expect(503);
    expect(res.body.details.database.status).toBe('up');
    expect(res.body.details.browser).toEqual({ status: 'down', message: 'CHROMIUM_PATH /nonexistent/chromium is not an executable file' });
  });
});
