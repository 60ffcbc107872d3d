import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { linkKindOf } from '../../src/intake/link-guesses';
import { addMember, csrfFrom, signUpPractice } from '../factories/accounts';
import { publishedOffering } from '../factories/agreements';
import { clientApi, inviteClient } from '../factories/intake';
import { discoverRoutes } from '../support/routes';
import { startTestApp, TestApp } from '../support/test-app';

const wrongToken = () => randomBytes(32).toString('base64url');

/**
 * Links whose token is the only credential (client links, team invitations, signing screens):
 * wrong ones are limited per network address, in PostgreSQL like the other limits.
 */
describe('limits on wrong links', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ WRONG_LINKS_PER_IP_PER_HOUR: '3', TRUST_PROXY: 'true', INTAKE_STARTS_PER_IP_PER_HOUR: '2' });
  });
  afterAll(() => t.close());
  beforeEach(() => t.sql('DELETE FROM rate_limit_events'));

  const from = (ip: string) => ({
    get: (path: string) => t.browser().get(path).set('X-Forwarded-For', ip),
    put: (path: string) => t.browser().put(path).set('X-Forwarded-For', ip),
  });

  it('knows what kind of link every route with a :token serves', () => {
    const tokenRoutes = discoverRoutes(t.app).filter((r) => r.path.includes(':token'));
    expect(tokenRoutes.length).toBeGreaterThan(10);
    expect(tokenRoutes.filter((r) => !linkKindOf(r.path)).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('answers 429 with Retry-After once an address has tried too many wrong client links, on pages and the API', async () => {
    const ip = '198.51.100.10';
    for (let i = 0; i < 3; i++) await from(ip).get(`/i/${wrongToken()}`).expect(404);
    const page = await from(ip).get(`/i/${wrongToken()}`).expect(429);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Too many attempts from your network address');
    expect(Number(page.headers['retry-after'])).toBeGreaterThan(55 * 60);
    const api = await from(ip).get(`/api/v1/intake-links/${wrongToken()}`).expect(429);
    expect(api.body).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    // Autosave answers before Nest's router; it is limited the same way.
    const autosave = await from(ip).put(`/api/v1/intake-links/${wrongToken()}/draft`).send({ revision: 0, answers: {} }).expect(429);
    expect(autosave.body).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    expect(Number(autosave.headers['retry-after'])).toBeGreaterThan(0);
    // Malformed tokens and other link kinds count towards the same limit.
    await from(ip).get('/i/short').expect(429);
    await from(ip).get(`/join/${wrongToken()}`).expect(429);
    await from(ip).get(`/sign/${wrongToken()}.${wrongToken()}`).expect(429);

    // Counted where every instance sees it, and only the allowed attempts.
    const rows = await t.sql<{ key: string }>("SELECT key FROM rate_limit_events WHERE scope = 'link-miss:ip'");
    expect(rows.map((r) => r.key)).toEqual([ip, ip, ip]);
    // Another address is not affected.
    await from('198.51.100.11').get(`/i/${wrongToken()}`).expect(404);
  });

  it('never refuses a link that exists, even from an address that is being limited', async () => {
    const owner = await signUpPractice(t.browser());
    const { token } = await inviteClient(owner);
    const ip = '198.51.100.20';
    for (let i = 0; i < 3; i++) await from(ip).get(`/i/${wrongToken()}`).expect(404);
    await from(ip).get(`/i/${wrongToken()}`).expect(429);
    await from(ip).get(`/i/${token}`).expect(200);
    await from(ip).get(`/api/v1/intake-links/${token}`).expect(200);
    const saved = await clientApi(t.browser(), token).save(0, { 'about.name': 'Maya' }).set('X-Forwarded-For', ip).expect(200);
    expect(saved.body.revision).toBe(1);
    // Valid links are not counted.
    const rows = await t.sql("SELECT 1 FROM rate_limit_events WHERE scope = 'link-miss:ip' AND key = $1", [ip]);
    expect(rows).toHaveLength(3);
  });

  it('counts wrong team-invitation and signing-screen links', async () => {
    const ip = '198.51.100.30';
    await from(ip).get(`/join/${wrongToken()}`).expect(404);
    await from(ip).get(`/api/v1/invitations/${wrongToken()}`).expect(404);
    // A signing screen link that is not genuine says the screen is closed, and counts.
    await from(ip).get(`/sign/${wrongToken()}.${wrongToken()}`).expect(410);
    await from(ip).get(`/join/${wrongToken()}`).expect(429);
    await from(ip).get(`/api/v1/invitations/${wrongToken()}`).expect(429);
  });

  it('counts wrong links that arrive together one at a time, so none slip past the limit', async () => {
    const statuses = await Promise.all(Array.from({ length: 8 }, () => from('198.51.100.40').get(`/i/${wrongToken()}`)));
    expect(statuses.map((r) => r.status).sort()).toEqual([404, 404, 404, 429, 429, 429, 429, 429]);
  });

  it('limits “Start intake” on public offering pages per address', async () => {
    const owner = await signUpPractice(t.browser());
    const practitioner = await addMember(owner, t.browser(), 'practitioner');
    const id = await publishedOffering(practitioner);
    const [{ slug }] = await t.sql<{ slug: string }>('SELECT slug FROM offerings WHERE id = $1', [id]);
    const visitor = t.browser();
    const page = await visitor.get(`/p/${owner.practice.slug}/${slug}`).set('X-Forwarded-For', '198.51.100.50').expect(200);
    const start = () =>
      visitor
        .post(`/p/${owner.practice.slug}/${slug}/intake`)
        .set('X-Forwarded-For', '198.51.100.50')
        .type('form')
        .send({ _csrf: csrfFrom(page.text) });
    await start().expect(303);
    await start().expect(303);
    const limited = await start().expect(429);
    expect(limited.text).toContain('Too many attempts from your network address');
  });
});

/** Several instances of Ayni share one database, so they share the counts (an in-memory limiter would not). */
(process.env.DATABASE_URL ? describe : describe.skip)('limits across two instances', () => {
  let t: TestApp;
  let second: NestExpressApplication;
  beforeAll(async () => {
    t = await startTestApp({ WRONG_LINKS_PER_IP_PER_HOUR: '2' });
    second = await createApp(t.config);
    await second.init();
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  it('refuses on one instance what was tried on the other', async () => {
    await t.browser().get(`/i/${wrongToken()}`).expect(404);
    await request(second.getHttpServer()).get(`/i/${wrongToken()}`).expect(404);
    await t.browser().get(`/i/${wrongToken()}`).expect(429);
    await request(second.getHttpServer()).get(`/i/${wrongToken()}`).expect(429);
  });
});
