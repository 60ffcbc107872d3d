import { generateSync } from 'otplib';
import { createApp } from '../../src/app.factory';
import {
  addMember,
  csrfFrom,
  enrolMfa,
  GOOD_PASSWORD,
  logInApi,
  logInThroughPage,
  SignedInClient,
  signUpPractice,
  totpCode,
} from '../factories/accounts';
import { startTestApp, TestApp } from '../support/test-app';

/** The code an authenticator app shows for one 30-second time step. */
const codeAt = (secret: string, step: number) => generateSync({ secret, epoch: step * 30 });
const stepNow = () => Math.floor(Date.now() / 30_000);

/** Waits out the last seconds of a time step, so a test that reasons about steps cannot straddle one. */
async function awayFromBoundary() {
  const left = 30_000 - (Date.now() % 30_000);
  if (left < 5_000) await new Promise((resolve) => setTimeout(resolve, left + 200));
}

/** A code that matches no step near now. */
const wrongCode = (secret: string) => codeAt(secret, stepNow() + 1000);

describe('two-step log-in (TOTP and recovery codes)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_IP: '5', LOGIN_LOCK_MINUTES: '15' });
  });
  beforeEach(() => t.sql('DELETE FROM rate_limit_events'));
  afterAll(() => t.close());

  const auditActions = async (userId: string) =>
    (
      await t.sql<{ action: string; record_kind: string; data: Record<string, unknown> }>(
        'SELECT action, record_kind, data FROM audit_events WHERE record_id = $1 ORDER BY occurred_at',
        [userId],
      )
    ).map((r) => ({ action: r.action, kind: r.record_kind, data: r.data }));

  /** Logs in with the password only: the session then owes its code. */
  async function passwordOnly(client: SignedInClient) {
    const agent = t.browser();
    const res = await agent.post('/api/v1/auth/login').send({ email: client.user.email, password: client.password });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('MFA_REQUIRED');
    return agent;
  }

  it('makes a new practice’s owner set up two-step log-in before anything else, with a QR code and the key', async () => {
    const owner = await signUpPractice(t.browser(), {}, { enrolMfa: false });
    // The API answers 403 MFA_ENROLMENT_REQUIRED; pages send the person to the set-up.
    const api = await owner.agent.get('/api/v1/offerings').expect(403);
    expect(api.body.code).toBe('MFA_ENROLMENT_REQUIRED');
    expect((await owner.agent.get('/api/v1/auth/session').expect(200)).body.mfa).toMatchObject({ stage: 'enrolment', required: true });
    for (const path of ['/dashboard', '/team', '/intake']) {
      const page = await owner.agent.get(path).expect(303);
      expect(page.headers.location).toBe(`/account/mfa/setup?next=${encodeURIComponent(path)}`);
    }

    const setup = await owner.agent.get('/account/mfa/setup?next=%2Fteam').expect(200);
    expect(setup.text).toContain('src="data:image/svg+xml;base64,');
    const secret = /<p class="secret-key"[^>]*><code>([A-Z2-7 ]+)<\/code>/.exec(setup.text)![1].replace(/ /g, '');
    expect(secret).toHaveLength(32); // 160 bits
    // Reloading the page offers the same secret (the person may have scanned it already).
    expect((await owner.agent.get('/account/mfa/setup').expect(200)).text).toContain(secret.slice(0, 4));
    const [pending] = await t.sql<{ mfa_pending_secret: string; mfa_secret: string | null }>(
      'SELECT mfa_pending_secret, mfa_secret FROM users WHERE id = $1',
      [owner.user.id],
    );
    expect(pending.mfa_pending_secret).toMatch(/^s1\./);
    expect(pending.mfa_pending_secret).not.toContain(secret);
    expect(pending.mfa_secret).toBeNull();

    const wrong = await owner.agent
      .post('/account/mfa/setup?next=%2Fteam')
      .type('form')
      .send({ _csrf: csrfFrom(setup.text), code: wrongCode(secret) })
      .expect(401);
    expect(wrong.text).toContain('That code does not match');
    expect(wrong.text).toContain('id="error-code"');
    const letters = await owner.agent
      .post('/account/mfa/setup')
      .type('form')
      .send({ _csrf: csrfFrom(setup.text), code: 'abcdef' })
      .expect(400);
    expect(letters.text).toContain('Enter the 6-digit code your authenticator app shows now.');

    const done = await owner.agent
      .post('/account/mfa/setup?next=%2Fteam')
      .type('form')
      .send({ _csrf: csrfFrom(setup.text), code: await totpCode({ mfa: { secret, recoveryCodes: [], lastStep: 0 } }) })
      .expect(200);
    const codes = [...done.text.matchAll(/<li><code>([a-z0-9-]{19})<\/code><\/li>/g)].map((m) => m[1]);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(done.text).toContain('shown only this once');
    expect(done.text).toContain('href="/team"');
    // Set-up gives the session a new token: the old cookie no longer works.
    expect(String(done.headers['set-cookie'])).toMatch(/ayni_session=/);

    await owner.agent.get('/team').expect(200);
    const stored = await t.sql<{ code_hash: string }>('SELECT code_hash FROM mfa_recovery_codes WHERE user_id = $1', [owner.user.id]);
    expect(stored).toHaveLength(10);
    for (const code of codes) expect(stored.map((r) => r.code_hash).join()).not.toContain(code.replace(/-/g, ''));
    const [user] = await t.sql<{ mfa_secret: string; mfa_pending_secret: string | null }>(
      'SELECT mfa_secret, mfa_pending_secret FROM users WHERE id = $1',
      [owner.user.id],
    );
    expect(user.mfa_secret).toMatch(/^s1\./);
    expect(user.mfa_secret).not.toContain(secret);
    expect(user.mfa_pending_secret).toBeNull();

    // Never shown again: the set-up page and the API say it is on, without the key.
    expect((await owner.agent.get('/account/mfa/setup').expect(303)).headers.location).toBe('/account/security');
    const status = await owner.agent.get('/api/v1/account/mfa').expect(200);
    expect(status.body).toMatchObject({ enrolled: true, required: true, recoveryCodesLeft: 10 });
    expect(JSON.stringify(status.body)).not.toContain(secret);
    expect((await owner.agent.get('/account/security').expect(200)).text).not.toContain(secret.slice(0, 8));
    expect(await auditActions(owner.user.id)).toEqual([{ action: 'mfa.enrolled', kind: 'staff_user', data: {} }]);
  });

  it('logs in on the pages in two steps: password, then the code', async () => {
    const owner = await signUpPractice(t.browser());
    const agent = t.browser();
    const first = await logInThroughPage(agent, owner.user.email, owner.password, '/team');
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/login/code?next=%2Fteam');
    const pendingCookie = /ayni_session=([^;]+)/.exec(String(first.headers['set-cookie']))![1];

    // Until the code, nothing else opens.
    expect((await agent.get('/team').expect(303)).headers.location).toBe('/login/code?next=%2Fteam');
    expect((await agent.get('/api/v1/team').expect(401)).body.code).toBe('MFA_REQUIRED');

    const form = await agent.get('/login/code?next=%2Fteam').expect(200);
    expect(form.text).toContain('autocomplete="one-time-code"');
    const wrong = await agent
      .post('/login/code?next=%2Fteam')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), code: wrongCode(owner.mfa!.secret) })
      .expect(401);
    expect(wrong.text).toContain('That code is not right.');
    expect(wrong.text).toContain('id="error-code"');
    const empty = await agent
      .post('/login/code')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), code: '' })
      .expect(400);
    expect(empty.text).toContain('Enter the 6-digit code from your authenticator app, or one of your recovery codes');

    const done = await agent
      .post('/login/code?next=%2Fteam')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), code: await totpCode(owner) })
      .expect(303);
    expect(done.headers.location).toBe('/team');
    const fullCookie = /ayni_session=([^;]+)/.exec(String(done.headers['set-cookie']))![1];
    expect(fullCookie).not.toBe(pendingCookie);
    await agent.get('/team').expect(200);
    // The token of the half-finished log-in is no longer a session.
    await t.browser().get('/api/v1/auth/session').set('Cookie', `ayni_session=${pendingCookie}`).expect(401);
    const [session] = await t.sql<{ mfa_verified_at: Date | null }>(
      'SELECT mfa_verified_at FROM sessions WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1',
      [owner.user.id],
    );
    expect(session.mfa_verified_at).not.toBeNull();
  });

  it('logs in over the API in two steps: 401 MFA_REQUIRED, then POST /api/v1/auth/mfa', async () => {
    const owner = await signUpPractice(t.browser());
    const agent = await passwordOnly(owner);
    expect((await agent.get('/api/v1/auth/session').expect(200)).body.mfa.stage).toBe('second_factor');

    const missing = await agent.post('/api/v1/auth/mfa').send({}).expect(400);
    expect(missing.body.fields.code).toMatch(/^Enter the 6-digit code/);
    const garbled = await agent.post('/api/v1/auth/mfa').send({ code: '12ab' }).expect(400);
    expect(garbled.body).toMatchObject({ code: 'VALIDATION_FAILED', fields: { code: expect.stringContaining('recovery codes') } });
    const wrong = await agent
      .post('/api/v1/auth/mfa')
      .send({ code: wrongCode(owner.mfa!.secret) })
      .expect(401);
    expect(wrong.body).toMatchObject({ code: 'MFA_CODE_INVALID', fields: { code: expect.stringContaining('not right') } });

    const ok = await agent
      .post('/api/v1/auth/mfa')
      .send({ code: await totpCode(owner) })
      .expect(200);
    expect(ok.body).toMatchObject({ user: { id: owner.user.id }, mfa: { stage: 'full' } });
    await agent.get('/api/v1/team').expect(200);
    await agent.post('/api/v1/offerings').set('X-CSRF-Token', ok.body.csrfToken).send({ title: 'After two steps' }).expect(201);

    // Without a log-in to finish, the second step is refused.
    expect((await t.browser().post('/api/v1/auth/mfa').send({ code: '123456' }).expect(401)).body.code).toBe('NOT_AUTHENTICATED');
  });

  it('ends a log-in whose code does not follow the password within 10 minutes', async () => {
    const owner = await signUpPractice(t.browser());
    const agent = await passwordOnly(owner);
    await t.sql("UPDATE sessions SET created_at = now() - interval '11 minutes' WHERE user_id = $1 AND mfa_verified_at IS NULL", [
      owner.user.id,
    ]);
    expect(
      (
        await agent
          .post('/api/v1/auth/mfa')
          .send({ code: await totpCode(owner) })
          .expect(401)
      ).body.code,
    ).toBe('NOT_AUTHENTICATED');
  });

  it('accepts each code once (no replay) and one step of clock drift either way', async () => {
    const owner = await signUpPractice(t.browser());
    const secret = owner.mfa!.secret;
    await awayFromBoundary();
    const now = stepNow();
    await t.sql('UPDATE users SET mfa_last_step = $2 WHERE id = $1', [owner.user.id, now - 2]);

    const behind = codeAt(secret, now - 1); // a phone 30 seconds slow
    await (await passwordOnly(owner)).post('/api/v1/auth/mfa').send({ code: behind }).expect(200);
    const replay = await (await passwordOnly(owner)).post('/api/v1/auth/mfa').send({ code: behind }).expect(401);
    expect(replay.body).toMatchObject({ code: 'MFA_CODE_REUSED', fields: { code: expect.stringContaining('already been used') } });

    const ahead = codeAt(secret, now + 1); // a phone 30 seconds fast
    await (await passwordOnly(owner)).post('/api/v1/auth/mfa').send({ code: ahead }).expect(200);
    // A step before the last one used is a replay too, even if never typed before.
    expect((await (await passwordOnly(owner)).post('/api/v1/auth/mfa').send({ code: codeAt(secret, now) })).body.code).toBe(
      'MFA_CODE_REUSED',
    );

    await t.sql('DELETE FROM rate_limit_events');
    await t.sql('UPDATE users SET mfa_last_step = NULL WHERE id = $1', [owner.user.id]);
    for (const step of [now - 2, now + 2]) {
      const res = await (await passwordOnly(owner)).post('/api/v1/auth/mfa').send({ code: codeAt(secret, step) });
      expect(res.body.code).toBe('MFA_CODE_INVALID');
    }
  });

  it('takes each recovery code once, says so clearly the second time, and new codes replace them all', async () => {
    const owner = await signUpPractice(t.browser());
    const [first, second] = owner.mfa!.recoveryCodes;
    // Typed any way: upper case, spaces instead of hyphens.
    const used = await (
      await passwordOnly(owner)
    )
      .post('/api/v1/auth/mfa')
      .send({ code: first.toUpperCase().replace(/-/g, ' ') })
      .expect(200);
    expect(used.body.recoveryCodesLeft).toBe(9);
    const again = await (await passwordOnly(owner)).post('/api/v1/auth/mfa').send({ code: first }).expect(401);
    expect(again.body).toMatchObject({
      code: 'RECOVERY_CODE_USED',
      fields: { code: 'That recovery code has already been used: each works once. Use another one, or the code from your app.' },
    });

    // On the pages, a recovery code leads to the Security page (the phone may be lost).
    const agent = t.browser();
    const page = await logInThroughPage(agent, owner.user.email, owner.password);
    const form = await agent.get(page.headers.location).expect(200);
    const viaPage = await agent
      .post(page.headers.location)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), code: second })
      .expect(303);
    expect(viaPage.headers.location).toBe('/account/security?recoveryLeft=8');
    expect((await agent.get(viaPage.headers.location).expect(200)).text).toContain('You logged in with a recovery code');

    // New codes need a fresh confirmation; then the old ones stop working.
    const csrf = (await owner.agent.get('/api/v1/auth/session')).body.csrfToken;
    expect((await owner.agent.post('/api/v1/account/mfa/recovery-codes').set('X-CSRF-Token', csrf).expect(403)).body.code).toBe(
      'REAUTH_REQUIRED',
    );
    await owner.agent
      .post('/api/v1/auth/reauth')
      .set('X-CSRF-Token', csrf)
      .send({ password: owner.password, code: await totpCode(owner) })
      .expect(204);
    const fresh = await owner.agent.post('/api/v1/account/mfa/recovery-codes').set('X-CSRF-Token', csrf).expect(201);
    expect(fresh.body.recoveryCodes).toHaveLength(10);
    expect((await (await passwordOnly(owner)).post('/api/v1/auth/mfa').send({ code: owner.mfa!.recoveryCodes[2] })).body.code).toBe(
      'MFA_CODE_INVALID',
    );
    await (await passwordOnly(owner)).post('/api/v1/auth/mfa').send({ code: fresh.body.recoveryCodes[0] }).expect(200);

    expect((await auditActions(owner.user.id)).map((e) => e.action)).toEqual([
      'mfa.enrolled',
      'mfa.recovery_code_used',
      'mfa.code_failed',
      'mfa.recovery_code_used',
      'mfa.recovery_codes_regenerated',
      'mfa.code_failed',
      'mfa.recovery_code_used',
    ]);
    expect((await auditActions(owner.user.id))[2].data).toEqual({ purpose: 'log_in', reason: 'recovery_code_used' });
  });

  it('limits wrong codes per account, says when to try again, and records each failure', async () => {
    const owner = await signUpPractice(t.browser());
    const agent = await passwordOnly(owner);
    for (let i = 0; i < 3; i++)
      await agent
        .post('/api/v1/auth/mfa')
        .send({ code: wrongCode(owner.mfa!.secret) })
        .expect(401);
    // Even the right code is refused now (not handed out by the factory: the server never sees it checked).
    const locked = await agent
      .post('/api/v1/auth/mfa')
      .send({ code: codeAt(owner.mfa!.secret, stepNow() + 1) })
      .expect(429);
    expect(locked.body.message).toBe('Too many wrong codes from this account. Try again in 15 minutes.');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
    const failures = (await auditActions(owner.user.id)).filter((e) => e.action === 'mfa.code_failed');
    expect(failures).toEqual(
      Array(3).fill({ action: 'mfa.code_failed', kind: 'staff_user', data: { purpose: 'log_in', reason: 'wrong' } }),
    );

    // Once the failures leave the window, the right code works and clears the count.
    await t.sql("UPDATE rate_limit_events SET at = at - interval '16 minutes' WHERE key = $1", [owner.user.id]);
    await agent
      .post('/api/v1/auth/mfa')
      .send({ code: await totpCode(owner) })
      .expect(200);
    expect(await t.sql("SELECT 1 FROM rate_limit_events WHERE scope = 'mfa:account' AND key = $1", [owner.user.id])).toHaveLength(0);
  });

  it('limits wrong codes per network address across accounts', async () => {
    const a = await signUpPractice(t.browser());
    const b = await signUpPractice(t.browser());
    const agentA = await passwordOnly(a);
    const agentB = await passwordOnly(b);
    for (let i = 0; i < 3; i++)
      await agentA
        .post('/api/v1/auth/mfa')
        .send({ code: wrongCode(a.mfa!.secret) })
        .expect(401);
    for (let i = 0; i < 2; i++)
      await agentB
        .post('/api/v1/auth/mfa')
        .send({ code: wrongCode(b.mfa!.secret) })
        .expect(401);
    const res = await agentB
      .post('/api/v1/auth/mfa')
      .send({ code: await totpCode(b) })
      .expect(429);
    expect(res.body.message).toMatch(/^Too many wrong codes from your network address\. Try again in \d+ minutes?\.$/);
  });

  it('needs the password and a fresh code within 5 minutes to turn two-step log-in off', async () => {
    const owner = await signUpPractice(t.browser());
    const csrf = owner.csrfToken;
    expect((await owner.agent.delete('/api/v1/account/mfa').set('X-CSRF-Token', csrf).expect(403)).body.code).toBe('REAUTH_REQUIRED');

    // On the pages: the button leads to "Confirm it is you" and back.
    const security = await owner.agent.get('/account/security').expect(200);
    expect(security.text).toContain('href="/reauth?next=%2Faccount%2Fsecurity"');
    expect(security.text).not.toContain('action="/account/mfa/disable"');
    const refused = await owner.agent
      .post('/account/mfa/disable')
      .set('Referer', 'http://127.0.0.1/account/security')
      .type('form')
      .send({ _csrf: csrfFrom(security.text) });
    expect(refused.status).toBe(303);
    expect(refused.headers.location).toMatch(/^\/reauth\?next=/);

    const form = await owner.agent.get('/reauth?next=%2Faccount%2Fsecurity').expect(200);
    const reauth = (body: Record<string, string>) =>
      owner.agent
        .post('/reauth?next=%2Faccount%2Fsecurity')
        .type('form')
        .send({ _csrf: csrfFrom(form.text), ...body });
    expect((await reauth({ password: 'not my password at all', code: '123456' }).expect(401)).text).toContain(
      'That password is not correct.',
    );
    expect((await reauth({ password: owner.password }).expect(400)).text).toContain('Enter the 6-digit code from your authenticator app');
    expect((await reauth({ password: owner.password, code: wrongCode(owner.mfa!.secret) }).expect(401)).text).toContain(
      'That code is not right.',
    );
    const confirmed = await reauth({ password: owner.password, code: await totpCode(owner) }).expect(303);
    expect(confirmed.headers.location).toBe('/account/security');
    expect((await owner.agent.get('/account/security').expect(200)).text).toContain('action="/account/mfa/disable"');

    // Five minutes later it has to be confirmed again.
    await t.sql("UPDATE sessions SET reauthenticated_at = now() - interval '6 minutes' WHERE user_id = $1", [owner.user.id]);
    await owner.agent.delete('/api/v1/account/mfa').set('X-CSRF-Token', csrf).expect(403);
    // A recovery code also confirms it is you (the phone may be what is lost).
    await owner.agent
      .post('/api/v1/auth/reauth')
      .set('X-CSRF-Token', csrf)
      .send({ password: owner.password, code: owner.mfa!.recoveryCodes[0] })
      .expect(204);
    await owner.agent.delete('/api/v1/account/mfa').set('X-CSRF-Token', csrf).expect(204);
    expect(await t.sql('SELECT 1 FROM mfa_recovery_codes WHERE user_id = $1', [owner.user.id])).toHaveLength(0);
    expect((await auditActions(owner.user.id)).map((e) => e.action)).toEqual([
      'mfa.enrolled',
      'mfa.code_failed',
      'mfa.recovery_code_used',
      'mfa.disabled',
    ]);

    // The practice requires it of owners: set-up comes next (e.g. on a new phone).
    expect((await owner.agent.get('/api/v1/offerings').expect(403)).body.code).toBe('MFA_ENROLMENT_REQUIRED');
    expect((await owner.agent.get('/dashboard').expect(303)).headers.location).toBe('/account/mfa/setup?next=%2Fdashboard');
    await enrolMfa(owner);
    await owner.agent.get('/api/v1/offerings').expect(200);
  });

  it('leaves front desk free to choose, and lets the owner change the requirement (making it optional needs a re-authentication)', async () => {
    const owner = await signUpPractice(t.browser());
    const desk = await addMember(owner, t.browser(), 'front_desk');
    expect(desk.mfa).toBeUndefined();
    expect((await desk.agent.get('/api/v1/auth/session').expect(200)).body.mfa).toMatchObject({ stage: 'full', required: false });
    await desk.agent.get('/api/v1/team').expect(200);
    expect(await logInApi(t.browser(), desk)).toBeTruthy(); // password only

    // Front desk may set it up; from a full session that needs the password first.
    expect((await desk.agent.get('/account/security').expect(200)).text).toContain('href="/account/mfa/setup?next=%2Faccount%2Fsecurity"');
    expect((await desk.agent.get('/account/mfa/setup?next=%2Faccount%2Fsecurity').expect(303)).headers.location).toBe(
      '/reauth?next=%2Faccount%2Fmfa%2Fsetup%3Fnext%3D%252Faccount%252Fsecurity',
    );
    const deskEnrol = await desk.agent.post('/api/v1/account/mfa/enrolment').set('X-CSRF-Token', desk.csrfToken).expect(403);
    expect(deskEnrol.body.code).toBe('REAUTH_REQUIRED');
    await desk.agent.post('/api/v1/auth/reauth').set('X-CSRF-Token', desk.csrfToken).send({ password: desk.password }).expect(204);
    await enrolMfa(desk);
    await logInApi(t.browser(), desk); // now with a code

    const practitioner = await addMember(owner, t.browser(), 'practitioner', 'Pat', { enrolMfa: false });
    expect((await practitioner.agent.get('/api/v1/offerings').expect(403)).body.code).toBe('MFA_ENROLMENT_REQUIRED');

    // Making it optional: refused without a fresh confirmation, then done, and recorded.
    const off = () => owner.agent.put('/api/v1/practice/mfa-policy').set('X-CSRF-Token', owner.csrfToken).send({ mfaRequired: false });
    expect((await off().expect(403)).body.code).toBe('REAUTH_REQUIRED');
    await owner.agent
      .post('/api/v1/auth/reauth')
      .set('X-CSRF-Token', owner.csrfToken)
      .send({ password: owner.password, code: await totpCode(owner) })
      .expect(204);
    await off().expect(204);
    expect((await owner.agent.get('/api/v1/practice').expect(200)).body.mfaRequired).toBe(false);
    await practitioner.agent.get('/api/v1/offerings').expect(200);

    // Requiring it again needs no confirmation, and puts the practitioner back to set-up.
    await t.sql('UPDATE sessions SET reauthenticated_at = NULL WHERE user_id = $1', [owner.user.id]);
    await owner.agent.put('/api/v1/practice/mfa-policy').set('X-CSRF-Token', owner.csrfToken).send({ mfaRequired: true }).expect(204);
    expect((await practitioner.agent.get('/api/v1/offerings').expect(403)).body.code).toBe('MFA_ENROLMENT_REQUIRED');
    const policyEvents = await t.sql<{ data: { required: boolean } }>(
      "SELECT data FROM audit_events WHERE action = 'practice.mfa_policy_changed' AND record_id = $1 ORDER BY occurred_at",
      [owner.practice.id],
    );
    expect(policyEvents.map((e) => e.data.required)).toEqual([false, true]);

    // Only the owner changes it; a value that is not true or false is named.
    const deskCsrf = (await desk.agent.get('/api/v1/auth/session')).body.csrfToken;
    await desk.agent.put('/api/v1/practice/mfa-policy').set('X-CSRF-Token', deskCsrf).send({ mfaRequired: false }).expect(403);
    const bad = await owner.agent
      .put('/api/v1/practice/mfa-policy')
      .set('X-CSRF-Token', owner.csrfToken)
      .send({ mfaRequired: 'yes' })
      .expect(400);
    expect(bad.body.fields).toEqual({ mfaRequired: 'must be true or false' });

    // On the practice page: the setting, and the same confirmation before making it optional.
    const page = await owner.agent.get('/practice').expect(200);
    expect(page.text).toMatch(/name="mfaRequired" value="true" checked/);
    const form = await owner.agent
      .post('/practice/security')
      .set('Referer', 'http://127.0.0.1/practice')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), mfaRequired: 'false' })
      .expect(303);
    expect(form.headers.location).toBe('/reauth?next=%2Fpractice');
  });

  it('keeps a half-finished log-in out of every staff page and API route', async () => {
    const owner = await signUpPractice(t.browser());
    const agent = await passwordOnly(owner);
    for (const path of ['/dashboard', '/offerings', '/intake', '/agreements', '/practice', '/account/security', '/reauth']) {
      expect((await agent.get(path).expect(303)).headers.location).toBe(`/login/code?next=${encodeURIComponent(path)}`);
    }
    for (const path of ['/api/v1/offerings', '/api/v1/team', '/api/v1/intakes', '/api/v1/account/mfa']) {
      expect((await agent.get(path).expect(401)).body.code).toBe('MFA_REQUIRED');
    }
    // Public pages still work, without the staff navigation; logging out works.
    expect((await agent.get(`/p/${owner.practice.slug}`).expect(200)).text).not.toContain('class="wrap main-nav"');
    await agent.post('/api/v1/auth/logout').expect(204);
    expect(await t.sql('SELECT 1 FROM sessions WHERE user_id = $1 AND mfa_verified_at IS NULL', [owner.user.id])).toHaveLength(0);
  });

  (process.env.DATABASE_URL ? it : it.skip)('refuses to start with a SESSION_SECRET that cannot read the stored secrets', async () => {
    await signUpPractice(t.browser());
    const other = await createApp({ ...t.config, sessionSecret: 'another session secret of at least 32 characters' });
    await expect(other.init()).rejects.toThrow(/two-step log-in secrets in the database cannot be read with this SESSION_SECRET/);
    await other.close().catch(() => undefined);
  });
});

describe('the password alone while the practice does not require two-step log-in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('signs in owners and practitioners who have not set it up, and still asks those who have for their code', async () => {
    const owner = await signUpPractice(t.browser());
    await owner.agent
      .post('/api/v1/auth/reauth')
      .set('X-CSRF-Token', owner.csrfToken)
      .send({ password: GOOD_PASSWORD, code: owner.mfa!.recoveryCodes[0] })
      .expect(204);
    await owner.agent.put('/api/v1/practice/mfa-policy').set('X-CSRF-Token', owner.csrfToken).send({ mfaRequired: false }).expect(204);
    const practitioner = await addMember(owner, t.browser(), 'practitioner');
    expect(practitioner.mfa).toBeUndefined();
    await practitioner.agent.get('/api/v1/offerings').expect(200);
    await logInApi(t.browser(), practitioner);
    await logInApi(t.browser(), owner);
  });
});
