import { createHash, randomBytes } from 'node:crypto';
import { addMember, csrfFrom, SignedInClient, signUpPractice, totpCode } from '../factories/accounts';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Personal access tokens: created (after re-authenticating) and shown once, kept as a hash with a
 * prefix; used on the API only, with the token's role, without CSRF; refused with a clear code
 * when expired, revoked or unknown, and limited per address; listed and revoked by their owner,
 * and by the practice owner for everyone; revoked when their owner is deactivated; and never
 * accepted where only a signed-in session may act.
 */
const WRONG_TOKENS_PER_HOUR = 5;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const madeUpToken = () => `ayni_pat_${randomBytes(32).toString('base64url')}`;

describe('personal access tokens', () => {
  let t: TestApp;
  let owner: SignedInClient;
  let practitioner: SignedInClient;
  let desk: SignedInClient;

  /** Confirms the person again (password, and a code when they use two-step log-in), as token creation requires. */
  async function reauth(c: SignedInClient) {
    const body = c.mfa ? { password: c.password, code: await totpCode(c) } : { password: c.password };
    await c.agent.post('/api/v1/auth/reauth').set('X-CSRF-Token', c.csrfToken).send(body).expect(204);
  }

  const create = (c: SignedInClient, body: Record<string, unknown>) =>
    c.agent.post('/api/v1/account/tokens').set('X-CSRF-Token', c.csrfToken).send(body);

  async function tokenFor(c: SignedInClient, role: string, name = `${role} token`): Promise<{ token: string; id: string }> {
    const res = await create(c, { name, role, expiresInDays: 30 }).expect(201);
    return { token: res.body.token, id: res.body.accessToken.id };
  }

  /** A request from an integration: no cookie, only the token. */
  const bearer = (token: string) => {
    const agent = t.browser();
    return {
      get: (path: string) => agent.get(path).set('Authorization', `Bearer ${token}`),
      post: (path: string) => agent.post(path).set('Authorization', `Bearer ${token}`),
      del: (path: string) => agent.delete(path).set('Authorization', `Bearer ${token}`),
    };
  };

  const events = (action: string) =>
    t.sql<{ actor_id: string; record_id: string; data: Record<string, unknown> }>(
      'SELECT actor_id, record_id, data FROM audit_events WHERE action = $1 ORDER BY occurred_at, seq',
      [action],
    );

  beforeAll(async () => {
    t = await startTestApp({ WRONG_TOKENS_PER_IP_PER_HOUR: String(WRONG_TOKENS_PER_HOUR) });
    owner = await signUpPractice(t.browser(), { practiceName: 'Token Practice' });
    practitioner = await addMember(owner, t.browser(), 'practitioner', 'Pat Tokens');
    desk = await addMember(owner, t.browser(), 'front_desk', 'Frankie Tokens');
    for (const c of [owner, practitioner, desk]) await reauth(c);
  });
  // Every test starts with a clean count of refused tokens from this address.
  beforeEach(() => t.sql("DELETE FROM rate_limit_events WHERE scope = 'token-miss:ip'"));
  afterAll(() => t.close());

  it('shows a new token once and keeps only its SHA-256 and a short prefix', async () => {
    const res = await create(owner, { name: 'Bookkeeping sync', role: 'practitioner', expiresInDays: 30 }).expect(201);
    const { token, accessToken } = res.body;
    expect(token).toMatch(/^ayni_pat_[A-Za-z0-9_-]{43}$/);
    expect(accessToken).toMatchObject({ name: 'Bookkeeping sync', role: 'practitioner', status: 'active', lastUsedAt: null });
    expect(accessToken.prefix).toBe(token.slice(0, 17));
    expect(new Date(accessToken.expiresAt).getTime() - Date.now()).toBeGreaterThan(29.9 * 24 * 3600_000);
    expect(new Date(accessToken.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(30 * 24 * 3600_000);

    const [row] = await t.sql<Record<string, unknown>>('SELECT * FROM access_tokens WHERE id = $1', [accessToken.id]);
    expect(row.token_hash).toBe(sha256(token));
    expect(JSON.stringify(row)).not.toContain(token.slice(17));
    const list = await owner.agent.get('/api/v1/account/tokens').expect(200);
    expect(list.body.tokens.map((x: { id: string }) => x.id)).toContain(accessToken.id);
    expect(JSON.stringify(list.body)).not.toContain(token.slice(17));

    const [created] = (await events('access_token.created')).filter((e) => e.data.tokenId === accessToken.id);
    expect(created).toMatchObject({ actor_id: owner.user.id, record_id: owner.user.id, data: { role: 'practitioner', expiresInDays: 30 } });
  });

  it('needs a recent re-authentication to create one, on the API and on the page', async () => {
    const fresh = await addMember(owner, t.browser(), 'front_desk', 'Not Yet Confirmed');
    const api = await create(fresh, { name: 'x', role: 'front_desk', expiresInDays: 30 }).expect(403);
    expect(api.body.code).toBe('REAUTH_REQUIRED');
    const page = await fresh.agent.get('/account/security/tokens').expect(200);
    expect(page.text).toContain('Confirm it is you');
    expect(page.text).not.toContain('action="/account/security/tokens"');
    const post = await fresh.agent
      .post('/account/security/tokens')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), name: 'x', role: 'front_desk', expiresInDays: '30' })
      .expect(303);
    expect(post.headers.location).toMatch(/^\/reauth\?next=/);
    expect(await t.sql('SELECT 1 FROM access_tokens WHERE user_id = $1', [fresh.user.id])).toEqual([]);
  });

  it('gives a token at most its creator’s role, and checks its name and expiry, naming the field', async () => {
    for (const [who, role] of [
      [practitioner, 'owner'],
      [desk, 'practitioner'],
      [desk, 'owner'],
    ] as const) {
      const res = await create(who, { name: 'Too strong', role, expiresInDays: 30 }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.body.fields)).toEqual(['role']);
    }
    expect((await create(owner, { name: 'x', role: 'owner', expiresInDays: 366 }).expect(400)).body.fields).toHaveProperty('expiresInDays');
    expect((await create(owner, { name: 'x', role: 'owner', expiresInDays: 0 }).expect(400)).body.fields).toHaveProperty('expiresInDays');
    expect((await create(owner, { name: ' ', role: 'owner', expiresInDays: 30 }).expect(400)).body.fields).toHaveProperty('name');
    expect((await create(owner, { name: 'x', role: 'admin', expiresInDays: 30 }).expect(400)).body.fields).toHaveProperty('role');
    // Each may give their own role or a lower one.
    await create(practitioner, { name: 'Own role', role: 'practitioner', expiresInDays: 365 }).expect(201);
    await create(desk, { name: 'Own role', role: 'front_desk', expiresInDays: 1 }).expect(201);
  });

  it('acts on the API as its owner with the token’s role, without a CSRF token', async () => {
    // The owner's front-desk token cannot do practitioner (or owner) things.
    const frontDesk = bearer((await tokenFor(owner, 'front_desk')).token);
    const who = await frontDesk.get('/api/v1/auth/session').expect(200);
    expect(who.body).toMatchObject({ user: { id: owner.user.id, role: 'front_desk' }, practice: { id: owner.practice.id }, via: 'token' });
    expect(who.body.csrfToken).toBeNull();
    await frontDesk.get('/api/v1/offerings').expect(200);
    expect((await frontDesk.post('/api/v1/offerings').send({ title: 'Not allowed' }).expect(403)).body.code).toBe('FORBIDDEN');
    await frontDesk.post('/api/v1/team/invitations').send({ email: 'x@example.org', role: 'front_desk' }).expect(403);

    // A practitioner token of the owner's writes without X-CSRF-Token: the header is its own proof.
    const asPractitioner = bearer((await tokenFor(owner, 'practitioner')).token);
    const offering = await asPractitioner.post('/api/v1/offerings').send({ title: 'Made by an integration' }).expect(201);
    const [row] = await t.sql<{ practice_id: string }>('SELECT practice_id FROM offerings WHERE id = $1', [offering.body.id]);
    expect(row.practice_id).toBe(owner.practice.id);
    await asPractitioner.get('/api/v1/team').expect(200);
    await asPractitioner.post('/api/v1/team/invitations').send({ email: 'x@example.org', role: 'front_desk' }).expect(403);
  });

  it('names the token in the audit trail beside the person who used it', async () => {
    const { token, id } = await tokenFor(desk, 'front_desk', 'Intake robot');
    const api = bearer(token);
    const intake = await api.post('/api/v1/intakes').send({ name: 'Robin Token' }).expect(201);
    await api.post(`/api/v1/intakes/${intake.body.id}/link`).send({}).expect(201);
    const [event] = await t.sql<{ actor_kind: string; actor_id: string; data: Record<string, unknown> }>(
      "SELECT actor_kind, actor_id, data FROM audit_events WHERE action = 'intake.link_created' AND record_id = $1",
      [intake.body.id],
    );
    expect(event).toEqual({ actor_kind: 'staff', actor_id: desk.user.id, data: { via: 'token', tokenId: id } });
    const firstUse = (await events('access_token.first_used')).filter((e) => e.data.tokenId === id);
    expect(firstUse).toHaveLength(1);
    // The owner's audit page shows it, and the chain still verifies.
    const page = await owner.agent.get('/audit').query({ record: intake.body.id }).expect(200);
    expect(page.text).toContain(`tokenId: ${id}`);
    expect((await owner.agent.get('/audit').query({ verify: '1' }).expect(200)).text).toContain('Verified');
  });

  it('is never accepted on pages', async () => {
    const { token } = await tokenFor(owner, 'owner');
    for (const path of ['/dashboard', '/account/security/tokens', '/offerings', '/audit']) {
      const res = await t.browser().get(path).set('Authorization', `Bearer ${token}`);
      expect([path, res.status, res.headers.location]).toEqual([path, 303, `/login?next=${encodeURIComponent(path)}`]);
    }
    const page = await t.browser().post('/offerings/new').set('Authorization', `Bearer ${token}`).type('form').send({ title: 'Sneaky' });
    expect(page.status).toBeGreaterThanOrEqual(400);
    expect(await t.sql("SELECT 1 FROM offerings WHERE draft->>'title' = 'Sneaky'")).toEqual([]);
  });

  it('refuses a request that carries both a session cookie and a token', async () => {
    const { token } = await tokenFor(owner, 'owner');
    const res = await owner.agent.get('/api/v1/offerings').set('Authorization', `Bearer ${token}`).expect(400);
    expect(res.body.code).toBe('CREDENTIALS_AMBIGUOUS');
    const write = await owner.agent
      .post('/api/v1/offerings')
      .set('X-CSRF-Token', owner.csrfToken)
      .set('Authorization', `Bearer ${token}`)
      .send({ title: 'Two credentials' })
      .expect(400);
    expect(write.body.code).toBe('CREDENTIALS_AMBIGUOUS');
    // Each alone still works.
    await owner.agent.get('/api/v1/offerings').expect(200);
    await bearer(token).get('/api/v1/offerings').expect(200);
  });

  it('refuses unknown, malformed, expired and revoked tokens with their own codes', async () => {
    const expectRefused = async (token: string, code: string) => {
      const res = await bearer(token).get('/api/v1/offerings').expect(401);
      expect(res.body.code).toBe(code);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="ayni", error="invalid_token"');
      expect(JSON.stringify(res.body)).not.toContain('Token Practice');
    };
    await expectRefused(madeUpToken(), 'TOKEN_INVALID');
    await expectRefused('not-a-token', 'TOKEN_INVALID');
    const empty = await t.browser().get('/api/v1/offerings').set('Authorization', 'Bearer').expect(401);
    expect(empty.body.code).toBe('TOKEN_INVALID');

    const expired = await tokenFor(practitioner, 'practitioner');
    await t.sql("UPDATE access_tokens SET expires_at = now() - interval '1 second' WHERE id = $1", [expired.id]);
    await expectRefused(expired.token, 'TOKEN_EXPIRED');
    const refused = (await events('access_token.refused')).filter((e) => e.data.tokenId === expired.id);
    expect(refused).toEqual([
      { actor_id: practitioner.user.id, record_id: practitioner.user.id, data: { tokenId: expired.id, reason: 'expired' } },
    ]);

    const revoked = await tokenFor(practitioner, 'practitioner');
    await bearer(revoked.token).get('/api/v1/offerings').expect(200);
    await practitioner.agent.post(`/api/v1/account/tokens/${revoked.id}/revoke`).set('X-CSRF-Token', practitioner.csrfToken).expect(204);
    await expectRefused(revoked.token, 'TOKEN_REVOKED');
    await t.sql("DELETE FROM rate_limit_events WHERE scope = 'token-miss:ip'");
    // Refused on public API routes too: a bad credential is never silently ignored.
    expect((await bearer(revoked.token).get('/api/v1/public/practices/none/offerings').expect(401)).body.code).toBe('TOKEN_REVOKED');
    // Another scheme in the header (a proxy's Basic auth) is not a token and is left alone.
    await owner.agent.get('/api/v1/offerings').set('Authorization', 'Basic dXNlcjpwYXNz').expect(200);
  });

  it('limits refused tokens per address; a working token is never held back by it', async () => {
    const { token } = await tokenFor(owner, 'front_desk');
    for (let i = 0; i < WRONG_TOKENS_PER_HOUR; i++) {
      expect((await bearer(madeUpToken()).get('/api/v1/offerings')).body.code).toBe('TOKEN_INVALID');
    }
    const limited = await bearer(madeUpToken()).get('/api/v1/offerings').expect(429);
    expect(limited.body.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await bearer(token).get('/api/v1/offerings').expect(200);
  });

  it('lets the practice owner see and revoke everyone’s tokens, and no one else', async () => {
    const theirs = await tokenFor(practitioner, 'front_desk', 'Practitioner’s sync');
    const ownersOwn = await tokenFor(owner, 'owner', 'Owner’s own');
    const all = await owner.agent.get('/api/v1/practice/tokens').expect(200);
    expect(all.body.tokens).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: theirs.id, name: 'Practitioner’s sync', owner: { id: practitioner.user.id, name: 'Pat Tokens' } }),
        expect.objectContaining({ id: ownersOwn.id, owner: { id: owner.user.id, name: 'Dana Reyes' } }),
      ]),
    );
    expect((await practitioner.agent.get('/api/v1/practice/tokens').expect(403)).body.code).toBe('FORBIDDEN');
    const mine = await practitioner.agent.get('/api/v1/account/tokens').expect(200);
    expect(mine.body.tokens.every((x: { owner: { id: string } }) => x.owner.id === practitioner.user.id)).toBe(true);
    // Someone else's token is "not found" to anyone but the owner.
    await practitioner.agent.post(`/api/v1/account/tokens/${ownersOwn.id}/revoke`).set('X-CSRF-Token', practitioner.csrfToken).expect(404);
    await desk.agent.post(`/api/v1/account/tokens/${theirs.id}/revoke`).set('X-CSRF-Token', desk.csrfToken).expect(404);
    await bearer(ownersOwn.token).get('/api/v1/offerings').expect(200);

    await owner.agent.post(`/api/v1/account/tokens/${theirs.id}/revoke`).set('X-CSRF-Token', owner.csrfToken).expect(204);
    await owner.agent.post(`/api/v1/account/tokens/${theirs.id}/revoke`).set('X-CSRF-Token', owner.csrfToken).expect(204);
    expect((await bearer(theirs.token).get('/api/v1/offerings').expect(401)).body.code).toBe('TOKEN_REVOKED');
    const revoked = (await events('access_token.revoked')).filter((e) => e.data.tokenId === theirs.id);
    expect(revoked).toEqual([
      { actor_id: owner.user.id, record_id: practitioner.user.id, data: { tokenId: theirs.id, reason: 'revoked' } },
    ]);
  });

  it('stops working when its person is deactivated, and stays revoked if they come back', async () => {
    const leaving = await addMember(owner, t.browser(), 'front_desk', 'Leaving Soon');
    await reauth(leaving);
    const { token, id } = await tokenFor(leaving, 'front_desk');
    await bearer(token).get('/api/v1/offerings').expect(200);
    await owner.agent.post(`/api/v1/team/members/${leaving.user.id}/deactivate`).set('X-CSRF-Token', owner.csrfToken).expect(204);
    expect((await bearer(token).get('/api/v1/offerings').expect(401)).body.code).toBe('TOKEN_REVOKED');
    const [row] = await t.sql<{ revoked_reason: string; revoked_by_id: string }>(
      'SELECT revoked_reason, revoked_by_id FROM access_tokens WHERE id = $1',
      [id],
    );
    expect(row).toEqual({ revoked_reason: 'member_deactivated', revoked_by_id: owner.user.id });
    expect((await events('access_token.revoked')).filter((e) => e.data.tokenId === id)).toEqual([
      { actor_id: owner.user.id, record_id: leaving.user.id, data: { tokenId: id, reason: 'member_deactivated' } },
    ]);
    await owner.agent.post(`/api/v1/team/members/${leaving.user.id}/reactivate`).set('X-CSRF-Token', owner.csrfToken).expect(204);
    expect((await bearer(token).get('/api/v1/offerings').expect(401)).body.code).toBe('TOKEN_REVOKED');
  });

  it('is refused where only a signed-in session may act: tokens, two-step log-in, re-authentication, log-out, signing', async () => {
    const { token } = await tokenFor(owner, 'owner');
    const api = bearer(token);
    const attempts: Array<[string, () => PromiseLike<{ status: number; body: { code?: string } }>]> = [
      ['create a token', () => api.post('/api/v1/account/tokens').send({ name: 'Another', role: 'owner', expiresInDays: 30 })],
      ['list tokens', () => api.get('/api/v1/account/tokens')],
      ['list the practice’s tokens', () => api.get('/api/v1/practice/tokens')],
      ['revoke a token', () => api.post(`/api/v1/account/tokens/${owner.user.id}/revoke`)],
      ['re-authenticate', () => api.post('/api/v1/auth/reauth').send({ password: owner.password })],
      ['read two-step log-in', () => api.get('/api/v1/account/mfa')],
      ['turn two-step log-in off', () => api.del('/api/v1/account/mfa')],
      ['make recovery codes', () => api.post('/api/v1/account/mfa/recovery-codes')],
      ['log out', () => api.post('/api/v1/auth/logout')],
      ['countersign an agreement (a person’s signature)', () => api.post(`/api/v1/agreements/${owner.user.id}/countersign`).send({})],
    ];
    for (const [what, attempt] of attempts) {
      const res = await attempt();
      expect([what, res.status, res.body.code]).toEqual([what, 403, 'TOKEN_NOT_ACCEPTED']);
    }
    await api.get('/api/v1/offerings').expect(200);
  });

  it('records when it was last used at most once a minute', async () => {
    const { token, id } = await tokenFor(desk, 'front_desk');
    const lastUsed = async () =>
      (await t.sql<{ last_used_at: Date | null }>('SELECT last_used_at FROM access_tokens WHERE id = $1', [id]))[0].last_used_at;
    expect(await lastUsed()).toBeNull();
    await bearer(token).get('/api/v1/offerings').expect(200);
    const first = await lastUsed();
    expect(first).not.toBeNull();
    await bearer(token).get('/api/v1/offerings').expect(200);
    expect(await lastUsed()).toEqual(first);
    await t.sql("UPDATE access_tokens SET last_used_at = last_used_at - interval '2 minutes' WHERE id = $1", [id]);
    await bearer(token).get('/api/v1/offerings').expect(200);
    expect((await lastUsed())!.getTime()).toBeGreaterThan(first!.getTime() - 1000);
    expect((await events('access_token.first_used')).filter((e) => e.data.tokenId === id)).toHaveLength(1);
  });

  it('waits for its person to set up two-step log-in again when the practice requires it', async () => {
    const { token } = await tokenFor(practitioner, 'practitioner');
    // A recovery code confirms it is them too (and needs no wait for the app's next code).
    await practitioner.agent
      .post('/api/v1/auth/reauth')
      .set('X-CSRF-Token', practitioner.csrfToken)
      .send({ password: practitioner.password, code: practitioner.mfa!.recoveryCodes[0] })
      .expect(204);
    await practitioner.agent.delete('/api/v1/account/mfa').set('X-CSRF-Token', practitioner.csrfToken).expect(204);
    practitioner.mfa = undefined;
    expect((await bearer(token).get('/api/v1/offerings').expect(403)).body.code).toBe('MFA_ENROLMENT_REQUIRED');
  });

  it('is created, shown once, listed and revoked on the Security page', async () => {
    const security = await desk.agent.get('/account/security').expect(200);
    expect(security.text).toContain('href="/account/security/tokens"');
    const page = await desk.agent.get('/account/security/tokens').expect(200);
    // Front desk may give only its own role.
    expect(page.text).toContain('<option value="front_desk" selected>Front desk</option>');
    expect(page.text).not.toContain('value="practitioner"');
    const blank = await desk.agent
      .post('/account/security/tokens')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), name: '', role: 'front_desk', expiresInDays: '30' })
      .expect(400);
    expect(blank.text).toContain('Name the token');
    const created = await desk.agent
      .post('/account/security/tokens')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), name: 'Page token', role: 'front_desk', expiresInDays: '90' })
      .expect(200);
    const token = /id="access-token" type="text" readonly value="(ayni_pat_[A-Za-z0-9_-]{43})"/.exec(created.text)![1];
    await bearer(token).get('/api/v1/offerings').expect(200);

    const list = await desk.agent.get('/account/security/tokens').expect(200);
    expect(list.text).toContain('Page token');
    expect(list.text).toContain(`${token.slice(0, 17)}…`);
    expect(list.text).not.toContain(token);
    const [row] = await t.sql<{ id: string }>("SELECT id FROM access_tokens WHERE user_id = $1 AND name = 'Page token'", [desk.user.id]);

    // The owner's page lists it under the team's tokens, and can revoke it there.
    const ownerPage = await owner.agent.get('/account/security/tokens').expect(200);
    expect(ownerPage.text).toContain('Your team’s tokens');
    expect(ownerPage.text).toContain(`/account/security/tokens/${row.id}/revoke`);
    const revoked = await owner.agent
      .post(`/account/security/tokens/${row.id}/revoke`)
      .type('form')
      .send({ _csrf: csrfFrom(ownerPage.text) })
      .expect(303);
    expect(revoked.headers.location).toBe('/account/security/tokens?revoked=1');
    expect((await bearer(token).get('/api/v1/offerings').expect(401)).body.code).toBe('TOKEN_REVOKED');
  });

  it('documents bearer authentication in the OpenAPI document', async () => {
    const doc = await t.browser().get('/api/docs-json').expect(200);
    expect(doc.body.components.securitySchemes['access-token']).toMatchObject({ type: 'http', scheme: 'bearer' });
    const offerings = doc.body.paths['/api/v1/offerings'].get.security;
    expect(offerings).toEqual(expect.arrayContaining([{ cookie: [] }, { 'access-token': [] }]));
    expect(doc.body.paths['/api/v1/account/tokens'].post.security).toEqual([{ cookie: [] }]);
    expect(doc.body.paths['/api/v1/auth/reauth'].post.security).toEqual([{ cookie: [] }]);
  });
});
