import { randomUUID } from 'node:crypto';
import { SignedInClient, signUpPractice } from '../factories/accounts';
import { discoverRoutes } from '../support/routes';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Cross-site request forgery: every state-changing route a signed-in browser can reach refuses a
 * request that carries the session cookie but no token, or a token from another session, with 403
 * CSRF_TOKEN_INVALID, whatever the route and before it looks at the body or the record. Links whose
 * token is the credential (the client's /i/… and signing-screen routes) carry no ambient authority
 * and are left out, as are log-in, sign-up and joining (bound to the browser, tested in auth-pages).
 */
const NO_AMBIENT_AUTHORITY = /:token|^\/(login|signup|logout)$|^\/api\/v1\/(practices|auth\/login|auth\/mfa|verify)|^\/verify/;

describe('attack: forged requests', () => {
  let t: TestApp;
  let owner: SignedInClient;
  let other: SignedInClient;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpPractice(t.browser(), { practiceName: 'Target Practice' });
    other = await signUpPractice(t.browser(), { practiceName: 'Attacker Practice' });
  });
  afterAll(() => t.close());

  const writes = () =>
    discoverRoutes(t.app)
      .filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && !NO_AMBIENT_AUTHORITY.test(r.path))
      .map((r) => ({ ...r, url: r.path.replace(':version', '1').replace(/:[a-zA-Z]+/g, randomUUID()) }));

  it('covers the routes that change things', () => {
    expect(writes().length).toBeGreaterThan(40);
  });

  it.each([
    ['no token', () => ({})],
    ['another session’s token', () => ({ 'X-CSRF-Token': other.csrfToken })],
    ['a made-up token', () => ({ 'X-CSRF-Token': 'x'.repeat(43) })],
  ])('refuses %s on every state-changing route, page or API', async (_what, headers) => {
    for (const route of writes()) {
      const res = await owner.agent[route.method.toLowerCase() as 'post'](route.url)
        .set(headers())
        .type(route.url.startsWith('/api/') ? 'json' : 'form')
        .send(route.url.startsWith('/api/') ? {} : { name: 'forged' });
      expect([route.method, route.path, res.status, res.status === 403 ? 'CSRF' : res.text.slice(0, 120)]).toEqual([
        route.method,
        route.path,
        403,
        'CSRF',
      ]);
      if (route.url.startsWith('/api/')) expect(res.body.code).toBe('CSRF_TOKEN_INVALID');
    }
    // The session itself still works with its own token: the refusals were about the token alone.
    await owner.agent.post('/api/v1/offerings').set('X-CSRF-Token', owner.csrfToken).send({ title: 'Real' }).expect(201);
  });
});
