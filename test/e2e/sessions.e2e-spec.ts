import { GOOD_PASSWORD, logInApi, signUpPractice, uniqueEmail } from '../factories/accounts';
import { startTestApp, TestApp } from '../support/test-app';

describe('sessions and log-in limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_IP: '8', LOGIN_LOCK_MINUTES: '15' });
  });
  afterAll(() => t.close());

  it('ends a session idle for longer than 30 minutes', async () => {
    const owner = await signUpPractice(t.browser());
    await t.sql("UPDATE sessions SET last_seen_at = now() - interval '29 minutes' WHERE user_id = $1", [owner.user.id]);
    await owner.agent.get('/api/v1/auth/session').expect(200);
    await t.sql("UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE user_id = $1", [owner.user.id]);
    await owner.agent.get('/api/v1/auth/session').expect(401);
    expect(await t.sql('SELECT 1 FROM sessions WHERE user_id = $1', [owner.user.id])).toHaveLength(0);
  });

  it('ends a session 12 hours after log-in however active it is', async () => {
    const owner = await signUpPractice(t.browser());
    await t.sql("UPDATE sessions SET created_at = now() - interval '13 hours', expires_at = now() - interval '1 hour' WHERE user_id = $1", [
      owner.user.id,
    ]);
    const res = await owner.agent.get('/dashboard').expect(303);
    expect(res.headers.location).toBe('/login?next=%2Fdashboard');
  });

  it('refreshes the idle clock when the session is used', async () => {
    const owner = await signUpPractice(t.browser());
    await t.sql("UPDATE sessions SET last_seen_at = now() - interval '10 minutes' WHERE user_id = $1", [owner.user.id]);
    await owner.agent.get('/api/v1/auth/session').expect(200);
    const [row] = await t.sql<{ idle: number }>(
      'SELECT extract(epoch FROM now() - last_seen_at) AS idle FROM sessions WHERE user_id = $1',
      [owner.user.id],
    );
    expect(Number(row.idle)).toBeLessThan(60);
  });

  it('sweeps sessions nobody can use any more when someone logs in', async () => {
    const idle = await signUpPractice(t.browser());
    const ended = await signUpPractice(t.browser());
    const live = await signUpPractice(t.browser());
    await t.sql("UPDATE sessions SET last_seen_at = now() - interval '2 hours' WHERE user_id = $1", [idle.user.id]);
    await t.sql("UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE user_id = $1", [ended.user.id]);
    await logInApi(t.browser(), live);
    const left = await t.sql<{ user_id: string }>('SELECT user_id FROM sessions WHERE user_id = ANY($1)', [
      [idle.user.id, ended.user.id, live.user.id],
    ]);
    expect(left.map((r) => r.user_id)).toEqual([live.user.id, live.user.id]);
  });

  it('stores only a hash of the session cookie', async () => {
    const agent = t.browser();
    const res = await agent
      .post('/api/v1/practices')
      .send({ practiceName: 'Hash Check', ownerName: 'H', email: uniqueEmail(), password: GOOD_PASSWORD })
      .expect(201);
    const token = /ayni_session=([^;]+)/.exec(String(res.headers['set-cookie']))![1];
    const rows = await t.sql<{ token_hash: string }>('SELECT token_hash FROM sessions WHERE user_id = $1', [res.body.user.id]);
    expect(rows[0].token_hash).not.toContain(token);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('locks an account after repeated failures, says when to try again, and counts unknown e-mails the same way', async () => {
    const owner = await signUpPractice(t.browser());
    const attempt = (email: string, password: string) =>
      t.browser().post('/api/v1/auth/login').set('X-Forwarded-For', '203.0.113.7').send({ email, password });
    for (let i = 0; i < 3; i++) expect((await attempt(owner.user.email, 'wrong password here')).status).toBe(401);
    const locked = await attempt(owner.user.email, GOOD_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.message).toBe('Too many failed log-ins from this account. Try again in 15 minutes.');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);

    const ghost = uniqueEmail('ghost');
    for (let i = 0; i < 3; i++) expect((await attempt(ghost, 'wrong password here')).status).toBe(401);
    expect((await attempt(ghost, 'wrong password here')).status).toBe(429);

    // Once the failures leave the window, the right password works again (the code is asked next) and clears the count.
    await t.sql("UPDATE rate_limit_events SET at = at - interval '16 minutes' WHERE key = $1", [owner.user.email]);
    expect((await attempt(owner.user.email, GOOD_PASSWORD)).body.code).toBe('MFA_REQUIRED');
  });

  it('counts attempts that arrive together one at a time, so none slip past the limit', async () => {
    await t.sql('DELETE FROM rate_limit_events');
    const owner = await signUpPractice(t.browser());
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        t.browser().post('/api/v1/auth/login').send({ email: owner.user.email, password: 'wrong password here' }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([401, 401, 401, 429, 429, 429, 429, 429]);
  });

  it('limits failures per IP address across accounts', async () => {
    await t.sql('DELETE FROM rate_limit_events');
    const from = (email: string) => t.browser().post('/api/v1/auth/login').send({ email, password: 'wrong password here' });
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await from(uniqueEmail(`spray${i}`))).status);
    expect(statuses.slice(0, 8)).toEqual(Array(8).fill(401));
    expect(statuses[8]).toBe(429);
    const res = await from(uniqueEmail('another'));
    expect(res.body.message).toMatch(/^Too many failed log-ins from your network address\. Try again in \d+ minutes?\.$/);
  });
});

describe('limits on sign-ups and invitations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SIGNUPS_PER_IP_PER_HOUR: '3', INVITATIONS_PER_PRACTICE_PER_HOUR: '2' });
  });
  afterAll(() => t.close());

  it('limits sign-ups per network address, so nobody can test which e-mails have accounts in bulk', async () => {
    const body = () => ({ practiceName: 'Limited', ownerName: 'L', email: uniqueEmail(), password: GOOD_PASSWORD });
    for (let i = 0; i < 3; i++) await t.browser().post('/api/v1/practices').send(body()).expect(201);
    const res = await t.browser().post('/api/v1/practices').send(body()).expect(429);
    expect(res.body.message).toMatch(/^Too many attempts from your network address\. Try again in \d+ minutes?\.$/);
  });

  it('limits invitations per practice', async () => {
    await t.sql('DELETE FROM rate_limit_events');
    const owner = await signUpPractice(t.browser());
    const invite = () =>
      owner.agent
        .post('/api/v1/team/invitations')
        .set('X-CSRF-Token', owner.csrfToken)
        .send({ email: uniqueEmail(), role: 'practitioner' });
    expect((await invite()).status).toBe(201);
    expect((await invite()).status).toBe(201);
    expect((await invite()).status).toBe(429);
  });
});

describe('cookies behind a TLS-terminating proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'true' });
  });
  afterAll(() => t.close());

  it('marks the session cookie Secure when the request came over HTTPS, and not otherwise', async () => {
    const body = () => ({ practiceName: 'TLS Practice', ownerName: 'T', email: uniqueEmail(), password: GOOD_PASSWORD });
    const https = await t.browser().post('/api/v1/practices').set('X-Forwarded-Proto', 'https').send(body()).expect(201);
    const http = await t.browser().post('/api/v1/practices').send(body()).expect(201);
    expect(String(https.headers['set-cookie'])).toMatch(/ayni_session=[^;]+;.*Secure/);
    expect(String(http.headers['set-cookie'])).not.toMatch(/Secure/);
  });
});
