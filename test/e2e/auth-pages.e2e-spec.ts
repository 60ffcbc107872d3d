import {
  csrfFrom,
  enrolThroughPage,
  GOOD_PASSWORD,
  logInThroughPage,
  logInWithCode,
  signUpPractice,
  uniqueEmail,
} from '../factories/accounts';
import { startTestApp, TestApp } from '../support/test-app';

describe('sign-up, log-in and log-out pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function signUpForm(agent = t.browser()) {
    const page = await agent.get('/signup').expect(200);
    return { agent, csrf: csrfFrom(page.text) };
  }

  it('signs a practice up through the form, sets up two-step log-in, and lands on its dashboard', async () => {
    const { agent, csrf } = await signUpForm();
    const email = uniqueEmail('owner');
    const res = await agent
      .post('/signup')
      .type('form')
      .send({ _csrf: csrf, practiceName: 'Cedar Grove Chiropractic', ownerName: 'Ana Ortiz', email, password: GOOD_PASSWORD })
      .expect(303);
    // New practices require two-step log-in of their owner: set-up comes first.
    expect(res.headers.location).toBe('/account/mfa/setup?next=%2Fdashboard%3Fwelcome%3D1');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/ayni_session=[^;]+;.*HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const { page, mfa } = await enrolThroughPage(agent, res.headers.location);
    expect(mfa.recoveryCodes).toHaveLength(10);
    expect(page.text).toContain('href="/dashboard?welcome&#x3D;1"'); // "continue" goes where sign-up was going
    const dashboard = await agent.get('/dashboard?welcome=1').expect(200);
    expect(dashboard.text).toContain('Cedar Grove Chiropractic');
    expect(dashboard.text).toContain('Welcome to Ayni, Ana Ortiz');
    expect(dashboard.text).toContain('<a href="/dashboard" aria-current="page">Dashboard</a>');
    expect(dashboard.text).not.toContain('<a href="/team" aria-current="page">');
    const [practice] = await t.sql<{ slug: string }>('SELECT slug FROM practices WHERE name = $1', ['Cedar Grove Chiropractic']);
    expect(practice.slug).toBe('cedar-grove-chiropractic');
  });

  it('re-renders the form with each problem beside its field and keeps what was typed (but not the password)', async () => {
    const { agent, csrf } = await signUpForm();
    const res = await agent
      .post('/signup')
      .type('form')
      .send({ _csrf: csrf, practiceName: 'Blue Heron Bodywork', ownerName: '', email: 'not-an-email', password: 'short' })
      .expect(400);
    expect(res.text).toContain('There is a problem');
    expect(res.text).toContain('Enter a valid e-mail address');
    expect(res.text).toContain('Your name must be 1 to 120 characters');
    expect(res.text).toContain('Password must be at least 12 characters.');
    expect(res.text).toContain('value="Blue Heron Bodywork"');
    expect(res.text).toContain('value="not-an-email"');
    expect(res.text).not.toContain('value="short"');
    expect(await t.sql("SELECT 1 FROM practices WHERE name = 'Blue Heron Bodywork'")).toHaveLength(0);
  });

  it.each([
    ['too short', 'river stone', 'at least 12 characters'],
    ['common', 'password1234', 'most common passwords'],
  ])('refuses a %s password with a clear message', async (_label, password, message) => {
    const { agent, csrf } = await signUpForm();
    const res = await agent
      .post('/signup')
      .type('form')
      .send({ _csrf: csrf, practiceName: 'Weak Password Wellness', ownerName: 'Lee', email: uniqueEmail(), password })
      .expect(400);
    expect(res.text).toContain(message);
    expect(await t.sql("SELECT 1 FROM practices WHERE name = 'Weak Password Wellness'")).toHaveLength(0);
  });

  it('refuses a form without its CSRF token and keeps the values', async () => {
    const agent = t.browser();
    await agent.get('/signup').expect(200);
    const res = await agent
      .post('/signup')
      .type('form')
      .send({ practiceName: 'No Token Naturopathy', ownerName: 'Kim', email: uniqueEmail(), password: GOOD_PASSWORD })
      .expect(403);
    expect(res.text).toContain('This form has expired or did not come from Ayni');
    expect(res.text).toContain('value="No Token Naturopathy"');
    expect(await t.sql("SELECT 1 FROM practices WHERE name = 'No Token Naturopathy'")).toHaveLength(0);
  });

  it('refuses a CSRF token taken from another browser', async () => {
    const { csrf } = await signUpForm();
    const other = t.browser();
    await other.get('/signup').expect(200);
    await other
      .post('/signup')
      .type('form')
      .send({ _csrf: csrf, practiceName: 'Foreign Token Care', ownerName: 'Kim', email: uniqueEmail(), password: GOOD_PASSWORD })
      .expect(403);
  });

  it('says when the e-mail already has an account, without changing that account', async () => {
    const owner = await signUpPractice(t.browser(), { practiceName: 'First Practice' });
    const { agent, csrf } = await signUpForm();
    const res = await agent
      .post('/signup')
      .type('form')
      .send({
        _csrf: csrf,
        practiceName: 'Second Practice',
        ownerName: 'Other',
        email: owner.user.email.toUpperCase(),
        password: GOOD_PASSWORD,
      })
      .expect(409);
    expect(res.text).toContain('An account with this e-mail already exists');
    const rows = await t.sql<{ name: string }>('SELECT p.name FROM users u JOIN practices p ON p.id = u.practice_id WHERE u.email = $1', [
      owner.user.email,
    ]);
    expect(rows).toEqual([{ name: 'First Practice' }]);
  });

  it('logs in with a new session id, returns to the page asked for, and logs out', async () => {
    const owner = await signUpPractice(t.browser());
    const agent = t.browser();
    const before = await t.sql<{ count: string }>('SELECT count(*) FROM sessions WHERE user_id = $1', [owner.user.id]);
    const res = await logInWithCode(agent, owner, '/team');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/team');
    const after = await t.sql<{ count: string }>('SELECT count(*) FROM sessions WHERE user_id = $1', [owner.user.id]);
    expect(Number(after[0].count)).toBe(Number(before[0].count) + 1);

    const team = await agent.get('/team').expect(200);
    const out = await agent
      .post('/logout')
      .type('form')
      .send({ _csrf: csrfFrom(team.text) })
      .expect(303);
    expect(out.headers.location).toBe('/login?loggedOut=1');
    const again = await agent.get('/dashboard').expect(303);
    expect(again.headers.location).toBe('/login?next=%2Fdashboard');
  });

  it('ends the previous session of the same browser when someone logs in (no session fixation)', async () => {
    const owner = await signUpPractice(t.browser());
    const agent = owner.agent;
    const oldCookie = (await t.sql<{ id: string }>('SELECT id FROM sessions WHERE user_id = $1', [owner.user.id]))[0].id;
    expect((await logInThroughPage(agent, owner.user.email, owner.password)).status).toBe(303);
    const ids = (await t.sql<{ id: string }>('SELECT id FROM sessions WHERE user_id = $1', [owner.user.id])).map((r) => r.id);
    expect(ids).toHaveLength(1);
    expect(ids[0]).not.toBe(oldCookie);
  });

  it('keeps the page asked for when a log-in form is refused', async () => {
    const agent = t.browser();
    const page = await agent.get('/login?next=%2Fteam').expect(200);
    const res = await agent
      .post('/login?next=%2Fteam')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: 'not-an-email', password: 'x' })
      .expect(400);
    expect(res.text).toContain('action="/login?next=%2Fteam"');
  });

  it('never redirects to another site after log-in', async () => {
    const owner = await signUpPractice(t.browser());
    const res = await logInThroughPage(t.browser(), owner.user.email, owner.password, '//evil.example');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login/code?next=%2Fdashboard');
    const done = await logInWithCode(t.browser(), owner, '//evil.example');
    expect(done.headers.location).toBe('/dashboard');
  });

  it('gives one generic message for an unknown e-mail and for a wrong password', async () => {
    const owner = await signUpPractice(t.browser());
    const agent = t.browser();
    const page = await agent.get('/login').expect(200);
    const csrf = csrfFrom(page.text);
    const wrong = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrf, email: owner.user.email, password: 'not the password at all' })
      .expect(401);
    const unknown = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrf, email: uniqueEmail('nobody'), password: 'not the password at all' })
      .expect(401);
    expect(wrong.text).toContain('The e-mail or password is not correct.');
    expect(unknown.text).toContain('The e-mail or password is not correct.');
    expect(wrong.text).toContain(`value="${owner.user.email}"`);
  });

  it('sends a signed-out visitor of a staff page to log in', async () => {
    const res = await t.browser().get('/team').expect(303);
    expect(res.headers.location).toBe('/login?next=%2Fteam');
  });

  it('answers an unknown page with a 404 page', async () => {
    const res = await t.browser().get('/no-such-page').expect(404);
    expect(res.text).toContain('This page does not exist.');
  });
});
