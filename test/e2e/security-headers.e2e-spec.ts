import type request from 'supertest';
import { GOOD_PASSWORD, csrfFrom, signUpPractice, totpCode, uniqueEmail } from '../factories/accounts';
import { png } from '../factories/images';
import { inviteClient } from '../factories/intake';
import { startTestApp, TestApp } from '../support/test-app';

/** The policy as directive → sources. */
function parseCsp(header: string | undefined): Map<string, string[]> {
  expect(header).toBeTruthy();
  const directives = new Map<string, string[]>();
  for (const part of header!.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** What every page's policy must say. */
function expectStrictPolicy(res: request.Response, path: string) {
  const csp = parseCsp(res.headers['content-security-policy']);
  const scripts = csp.get('script-src') ?? csp.get('default-src');
  expect({ path, scripts }).toEqual({ path, scripts: ["'self'"] });
  for (const unsafe of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'strict-dynamic'", '*', 'data:', 'http:', 'https:']) {
    expect({ path, script: scripts!.includes(unsafe) }).toEqual({ path, script: false });
  }
  expect({ path, style: csp.get('style-src') }).toEqual({ path, style: ["'self'"] });
  expect({ path, default: csp.get('default-src') }).toEqual({ path, default: ["'self'"] });
  expect({ path, object: csp.get('object-src') }).toEqual({ path, object: ["'none'"] });
  expect({ path, base: csp.get('base-uri') }).toEqual({ path, base: ["'none'"] });
  expect({ path, frames: csp.get('frame-ancestors') }).toEqual({ path, frames: ["'none'"] });
  expect({ path, forms: csp.get('form-action') }).toEqual({ path, forms: ["'self'"] });
  expect({ path, images: csp.get('img-src') }).toEqual({ path, images: ["'self'", 'data:'] });
  expect(res.headers).toMatchObject({
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'cross-origin-opener-policy': 'same-origin',
    'cache-control': 'no-store',
  });
  expect(res.headers['permissions-policy']).toContain('camera=()');
  // Plain HTTP: no HSTS (it is ignored there anyway, and would pin a host that has no TLS).
  expect(res.headers['strict-transport-security']).toBeUndefined();
}

describe('security headers over plain HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('sends a strict Content-Security-Policy on public, logged-in, client-link and error pages', async () => {
    const owner = await signUpPractice(t.browser());
    const { token } = await inviteClient(owner);
    const pages: [request.Agent, string, number][] = [
      [t.browser(), '/', 200],
      [t.browser(), '/login', 200],
      [t.browser(), '/signup', 200],
      [t.browser(), `/p/${owner.practice.slug}`, 200],
      [t.browser(), '/verify', 200],
      [owner.agent, '/dashboard', 200],
      [owner.agent, '/offerings', 200],
      [owner.agent, '/intake', 200],
      [t.browser(), `/i/${token}`, 200],
      [t.browser(), '/no-such-page', 404],
      [t.browser(), `/i/${'x'.repeat(43)}`, 404],
      [t.browser(), '/dashboard', 303],
      [owner.agent, '/api/v1/team', 200],
    ];
    for (const [agent, path, status] of pages) {
      const res = await agent.get(path);
      expect({ path, status: res.status }).toEqual({ path, status });
      expectStrictPolicy(res, path);
    }
  });

  it('loosens only the API documentation, and only for its inline styles', async () => {
    const res = await t.browser().get('/api/docs').redirects(1).expect(200);
    const csp = parseCsp(res.headers['content-security-policy']);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it("keeps the pictures' own stricter policy, and static assets cacheable", async () => {
    const owner = await signUpPractice(t.browser());
    await owner.agent
      .post('/api/v1/practice/logo')
      .set('X-CSRF-Token', owner.csrfToken)
      .attach('logo', await png(), { filename: 'logo.png', contentType: 'image/png' })
      .expect(204);
    const [row] = await t.sql<{ logo_image_id: string }>('SELECT logo_image_id FROM practices WHERE id = $1', [owner.practice.id]);
    const image = await t.browser().get(`/p/${owner.practice.slug}/images/${row.logo_image_id}`).expect(200);
    expect(image.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(image.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const css = await t.browser().get('/assets/css/app.css').expect(200);
    expect(css.headers['cache-control']).not.toBe('no-store');
    expect(css.headers['content-type']).toMatch(/text\/css/);
  });

  it('ignores X-Forwarded-Proto when no proxy is trusted: no HSTS, no __Host- cookies', async () => {
    const res = await t.browser().get('/login').set('X-Forwarded-Proto', 'https').expect(200);
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(String(res.headers['set-cookie'])).toMatch(/^ayni_browser=/);
    expect(String(res.headers['set-cookie'])).not.toMatch(/Secure/i);
  });
});

describe('over TLS (behind a proxy that says so)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'true' });
  });
  afterAll(() => t.close());

  const cookiesOf = (res: request.Response): string[] => {
    const raw = res.headers['set-cookie'] as unknown;
    return Array.isArray(raw) ? raw : raw ? [String(raw)] : [];
  };
  const valueOf = (res: request.Response, name: string) => {
    const cookie = cookiesOf(res).find((c) => c.startsWith(`${name}=`));
    return cookie ? decodeURIComponent(cookie.slice(name.length + 1).split(';')[0]) : undefined;
  };
  // A Secure cookie would not be sent back over the test's plain connection, so the tests carry it by hand.
  const https = (req: request.Test, cookies: Record<string, string | undefined> = {}) => {
    const jar = Object.entries(cookies)
      .filter(([, v]) => v)
      .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
      .join('; ');
    req.set('X-Forwarded-Proto', 'https');
    return jar ? req.set('Cookie', jar) : req;
  };

  it('sends HSTS for a year with subdomains, and asks browsers to upgrade any http: subresource', async () => {
    const res = await https(t.browser().get('/login')).expect(200);
    const hsts = res.headers['strict-transport-security'];
    expect(hsts).toMatch(/max-age=(\d+)/);
    expect(Number(/max-age=(\d+)/.exec(hsts)![1])).toBeGreaterThanOrEqual(31_536_000);
    expect(hsts).toMatch(/includeSubDomains/);
    expect(parseCsp(res.headers['content-security-policy']).has('upgrade-insecure-requests')).toBe(true);
    const plain = await t.browser().get('/login').expect(200);
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    expect(parseCsp(plain.headers['content-security-policy']).has('upgrade-insecure-requests')).toBe(false);
  });

  it('names the session and CSRF cookies __Host- (Secure, Path=/, no Domain) and reads them back under that name', async () => {
    const email = uniqueEmail('tls');
    const owner = await signUpPractice(t.browser(), { email });

    // The log-in form: its CSRF token is bound to the anonymous browser cookie, now __Host-ayni_browser.
    const form = await https(t.browser().get('/login')).expect(200);
    const browserCookie = cookiesOf(form).find((c) => c.startsWith('__Host-ayni_browser='));
    expect(browserCookie).toBeDefined();
    expect(browserCookie).toMatch(/; Path=\/(;|$)/);
    expect(browserCookie).toMatch(/; Secure/);
    expect(browserCookie).toMatch(/; HttpOnly/);
    expect(browserCookie).not.toMatch(/Domain=/i);
    expect(cookiesOf(form).some((c) => c.startsWith('ayni_browser='))).toBe(false);
    const browserId = valueOf(form, '__Host-ayni_browser');

    const login = await https(t.browser().post('/login'), { '__Host-ayni_browser': browserId })
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email, password: GOOD_PASSWORD })
      .expect(303);
    const sessionCookie = cookiesOf(login).find((c) => c.startsWith('__Host-ayni_session='));
    expect(sessionCookie).toBeDefined();
    expect(sessionCookie).toMatch(/; Path=\/(;|$)/);
    expect(sessionCookie).toMatch(/; Secure/);
    expect(sessionCookie).toMatch(/; HttpOnly/);
    expect(sessionCookie).toMatch(/SameSite=Lax/i);
    expect(sessionCookie).not.toMatch(/Domain=/i);
    const pending = valueOf(login, '__Host-ayni_session');

    // The code after the password, over TLS: the session's new token comes in the same kind of cookie.
    const codePage = await https(t.browser().get('/login/code'), { '__Host-ayni_session': pending }).expect(200);
    const verified = await https(t.browser().post('/login/code'), { '__Host-ayni_session': pending })
      .type('form')
      .send({ _csrf: csrfFrom(codePage.text), code: await totpCode(owner) })
      .expect(303);
    const verifiedCookie = cookiesOf(verified).find((c) => c.startsWith('__Host-ayni_session='));
    expect(verifiedCookie).toMatch(/; Path=\/(;|$)/);
    expect(verifiedCookie).toMatch(/; Secure/);
    expect(verifiedCookie).not.toMatch(/Domain=/i);
    const session = valueOf(verified, '__Host-ayni_session');
    expect(session).not.toBe(pending);

    // Read back under the same name over TLS…
    const me = await https(t.browser().get('/api/v1/auth/session'), { '__Host-ayni_session': session }).expect(200);
    expect(me.body.user.email).toBe(email);
    const dashboard = await https(t.browser().get('/dashboard'), { '__Host-ayni_session': session }).expect(200);
    expect(dashboard.text).toContain('Log out');
    // …and never under the unprefixed name there, which any subdomain or plain-HTTP response could have set.
    await https(t.browser().get('/api/v1/auth/session'), { ayni_session: session }).expect(401);

    // A form write over TLS: the CSRF token from a page, the session from the __Host- cookie.
    const logout = await https(t.browser().post('/logout'), { '__Host-ayni_session': session })
      .type('form')
      .send({ _csrf: csrfFrom(dashboard.text) })
      .expect(303);
    expect(cookiesOf(logout).some((c) => c.startsWith('__Host-ayni_session=;'))).toBe(true);
    await https(t.browser().get('/api/v1/auth/session'), { '__Host-ayni_session': session }).expect(401);
  });

  it('keeps the plain names over plain HTTP on the same server', async () => {
    const res = await t.browser().get('/login').expect(200);
    expect(cookiesOf(res).some((c) => c.startsWith('ayni_browser='))).toBe(true);
    expect(cookiesOf(res).some((c) => c.startsWith('__Host-'))).toBe(false);
    const api = await t
      .browser()
      .post('/api/v1/practices')
      .send({ practiceName: 'Plain Practice', ownerName: 'P', email: uniqueEmail(), password: GOOD_PASSWORD })
      .expect(201);
    expect(cookiesOf(api).some((c) => c.startsWith('ayni_session='))).toBe(true);
  });
});
