import { addMember, csrfFrom, GOOD_PASSWORD, logInApi, logInThroughPage, signUpPractice, uniqueEmail } from '../factories/accounts';
import { startTestApp, TestApp } from '../support/test-app';

describe('team: invitations, joining, roles and deactivation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('lets an owner invite a front-desk member through the pages, who joins, logs in and sees only their practice', async () => {
    const owner = await signUpPractice(t.browser(), { practiceName: 'Willow Counseling' });
    await signUpPractice(t.browser(), { practiceName: 'Someone Else Entirely' });
    const invitePage = await owner.agent.get('/team/invite').expect(200);
    const email = uniqueEmail('frontdesk');
    const created = await owner.agent
      .post('/team/invite')
      .type('form')
      .send({ _csrf: csrfFrom(invitePage.text), email, name: 'Robin Frontdesk', role: 'front_desk' })
      .expect(201);
    const link = /value="(http[^"]+\/join\/[^"]+)"/.exec(created.text)![1];
    const path = new URL(link).pathname;

    const member = t.browser();
    const joinPage = await member.get(path).expect(200);
    expect(joinPage.text).toContain('Join Willow Counseling');
    expect(joinPage.text).toContain(email);
    const joined = await member
      .post(path)
      .type('form')
      .send({ _csrf: csrfFrom(joinPage.text), name: 'Robin Frontdesk', password: GOOD_PASSWORD })
      .expect(303);
    expect(joined.headers.location).toBe('/dashboard?welcome=1');

    // A fresh browser logs in as the new member.
    const later = t.browser();
    expect((await logInThroughPage(later, email, GOOD_PASSWORD)).status).toBe(303);
    const team = await later.get('/team').expect(200);
    expect(team.text).toContain('Willow Counseling');
    expect(team.text).toContain(owner.user.email);
    expect(team.text).not.toContain('Someone Else Entirely');
    expect(team.text).not.toContain('Invite a team member');
    const api = await later.get('/api/v1/team').expect(200);
    expect(api.body.members.map((m: { email: string }) => m.email).sort()).toEqual([email, owner.user.email].sort());
  });

  it('refuses a used, an expired and a withdrawn link with a clear 410, and keeps the first account', async () => {
    const owner = await signUpPractice(t.browser());
    const invite = async () =>
      (
        await owner.agent
          .post('/api/v1/team/invitations')
          .set('X-CSRF-Token', owner.csrfToken)
          .send({ email: uniqueEmail(), role: 'practitioner' })
          .expect(201)
      ).body;

    const used = await invite();
    await t.browser().post(`/api/v1/invitations/${used.token}/accept`).send({ name: 'First', password: GOOD_PASSWORD }).expect(201);
    const again = await t
      .browser()
      .post(`/api/v1/invitations/${used.token}/accept`)
      .send({ name: 'Second', password: GOOD_PASSWORD })
      .expect(410);
    expect(again.body).toMatchObject({ code: 'INVITATION_USED', message: expect.stringContaining('already been used') });
    expect(await t.sql('SELECT name FROM users WHERE email = $1', [used.invitation.email])).toEqual([{ name: 'First' }]);

    const expired = await invite();
    await t.sql("UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1", [expired.invitation.id]);
    const page = await t.browser().get(`/join/${expired.token}`).expect(410);
    expect(page.text).toContain('This invitation has expired');
    expect(
      (await t.browser().post(`/api/v1/invitations/${expired.token}/accept`).send({ name: 'Late', password: GOOD_PASSWORD }).expect(410))
        .body.code,
    ).toBe('INVITATION_EXPIRED');

    const withdrawn = await invite();
    await owner.agent.post(`/api/v1/team/invitations/${withdrawn.invitation.id}/revoke`).set('X-CSRF-Token', owner.csrfToken).expect(204);
    expect((await t.browser().get(`/api/v1/invitations/${withdrawn.token}`).expect(410)).body.code).toBe('INVITATION_REVOKED');

    await t.browser().get('/join/not-a-real-token').expect(404);
  });

  it('keeps only one joined account when the same link is used twice at once', async () => {
    const owner = await signUpPractice(t.browser());
    const { body } = await owner.agent
      .post('/api/v1/team/invitations')
      .set('X-CSRF-Token', owner.csrfToken)
      .send({ email: uniqueEmail(), role: 'front_desk' })
      .expect(201);
    const results = await Promise.all(
      [1, 2, 3].map((n) =>
        t
          .browser()
          .post(`/api/v1/invitations/${body.token}/accept`)
          .send({ name: `Racer ${n}`, password: GOOD_PASSWORD }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 410, 410]);
    expect(await t.sql('SELECT 1 FROM users WHERE email = $1', [body.invitation.email])).toHaveLength(1);
  });

  it('leaves one live link when the same person is invited several times at once', async () => {
    const owner = await signUpPractice(t.browser());
    const email = uniqueEmail('popular');
    const results = await Promise.all(
      [1, 2, 3, 4].map(() =>
        owner.agent.post('/api/v1/team/invitations').set('X-CSRF-Token', owner.csrfToken).send({ email, role: 'front_desk' }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const open = await t.sql('SELECT 1 FROM invitations WHERE email = $1 AND accepted_at IS NULL AND revoked_at IS NULL', [email]);
    expect(open).toHaveLength(1);
  });

  it('refuses a weak password on the join page and keeps the name typed', async () => {
    const owner = await signUpPractice(t.browser());
    const { body } = await owner.agent
      .post('/api/v1/team/invitations')
      .set('X-CSRF-Token', owner.csrfToken)
      .send({ email: uniqueEmail(), role: 'practitioner' })
      .expect(201);
    const member = t.browser();
    const page = await member.get(`/join/${body.token}`).expect(200);
    const res = await member
      .post(`/join/${body.token}`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), name: 'Jordan Lee', password: 'abc' })
      .expect(400);
    expect(res.text).toContain('Password must be at least 12 characters.');
    expect(res.text).toContain('value="Jordan Lee"');
    expect(res.text).toContain(body.invitation.email);
    // The link still works afterwards.
    await member.get(`/join/${body.token}`).expect(200);
  });

  it('refuses to invite an e-mail that already has an account', async () => {
    const owner = await signUpPractice(t.browser());
    const other = await signUpPractice(t.browser());
    const res = await owner.agent
      .post('/api/v1/team/invitations')
      .set('X-CSRF-Token', owner.csrfToken)
      .send({ email: other.user.email, role: 'practitioner' })
      .expect(409);
    expect(res.body).toMatchObject({ code: 'ALREADY_A_MEMBER', fields: { email: expect.any(String) } });
  });

  it('validates the invite form: bad e-mail, owner role, unknown fields', async () => {
    const owner = await signUpPractice(t.browser());
    const res = await owner.agent
      .post('/api/v1/team/invitations')
      .set('X-CSRF-Token', owner.csrfToken)
      .send({ email: 'nope', role: 'owner', admin: true })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.fields).sort()).toEqual(['admin', 'email', 'role']);
    expect(res.body.fields.role).toBe('Role must be practitioner or front desk.');
  });

  it('lets only the owner manage the team; others get 403, or 404 on a route that names a record', async () => {
    const owner = await signUpPractice(t.browser());
    const practitioner = await addMember(owner, t.browser(), 'practitioner');
    const frontDesk = await addMember(owner, t.browser(), 'front_desk');
    for (const member of [practitioner, frontDesk]) {
      const res = await member.agent
        .post('/api/v1/team/invitations')
        .set('X-CSRF-Token', member.csrfToken)
        .send({ email: uniqueEmail(), role: 'front_desk' })
        .expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      await member.agent.get('/team/invite').expect(403);
      await member.agent.post(`/api/v1/team/members/${owner.user.id}/deactivate`).set('X-CSRF-Token', member.csrfToken).expect(404);
      await member.agent.get('/api/v1/team').expect(200);
    }
    expect(await t.sql('SELECT 1 FROM invitations WHERE practice_id = $1', [owner.practice.id])).toHaveLength(2);
  });

  it('deactivates a member: their sessions end, they cannot log in, and reactivation lets them back', async () => {
    const owner = await signUpPractice(t.browser());
    const member = await addMember(owner, t.browser(), 'practitioner');
    await member.agent.get('/api/v1/team').expect(200);

    const teamPage = await owner.agent.get('/team').expect(200);
    await owner.agent
      .post(`/team/members/${member.user.id}/deactivate`)
      .type('form')
      .send({ _csrf: csrfFrom(teamPage.text) })
      .expect(303);
    await member.agent.get('/api/v1/team').expect(401);
    const login = await t.browser().post('/api/v1/auth/login').send({ email: member.user.email, password: GOOD_PASSWORD }).expect(403);
    expect(login.body.code).toBe('ACCOUNT_DEACTIVATED');
    expect((await owner.agent.get('/team').expect(200)).text).toContain('Deactivated');

    await owner.agent.post(`/api/v1/team/members/${member.user.id}/reactivate`).set('X-CSRF-Token', owner.csrfToken).expect(204);
    await logInApi(t.browser(), member);
  });

  it('never lets the owner be deactivated', async () => {
    const owner = await signUpPractice(t.browser());
    const res = await owner.agent.post(`/api/v1/team/members/${owner.user.id}/deactivate`).set('X-CSRF-Token', owner.csrfToken).expect(409);
    expect(res.body.code).toBe('CANNOT_DEACTIVATE_SELF');
  });

  it('shows a new invitation link once and withdraws the older link for the same person', async () => {
    const owner = await signUpPractice(t.browser());
    const email = uniqueEmail();
    const first = (
      await owner.agent
        .post('/api/v1/team/invitations')
        .set('X-CSRF-Token', owner.csrfToken)
        .send({ email, role: 'practitioner' })
        .expect(201)
    ).body;
    const second = (
      await owner.agent
        .post('/api/v1/team/invitations')
        .set('X-CSRF-Token', owner.csrfToken)
        .send({ email, role: 'front_desk' })
        .expect(201)
    ).body;
    expect(second.link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/join\/[A-Za-z0-9_-]{43}$/);
    await t.browser().get(`/api/v1/invitations/${first.token}`).expect(410);
    expect((await t.browser().get(`/api/v1/invitations/${second.token}`).expect(200)).body).toMatchObject({ email, role: 'front_desk' });
    const stored = await t.sql<{ token_hash: string }>('SELECT token_hash FROM invitations WHERE id = $1', [second.invitation.id]);
    expect(stored[0].token_hash).not.toContain(second.token);
    expect(stored[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
