import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { addMember, SignedInClient, signUpPractice } from '../factories/accounts';
import { countersignedAgreement, daysFromToday, publishedOffering } from '../factories/agreements';
import { discoverRoutes, RouteInfo } from '../support/routes';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Property-based fuzzing of every route the app serves: bodies of any shape (the fields the DTOs
 * know, with values of the wrong type, huge, nested, or hostile; and bodies that are not objects at
 * all) and hostile query strings. Whatever comes in, the answer is never a 5xx and never a stack.
 * Routes name the caller's own records, so validation runs as deep as it can.
 */
const FIELDS = [
  'name',
  'email',
  'password',
  'phone',
  'title',
  'revision',
  'draft',
  'answers',
  'decision',
  'reason',
  'notes',
  'typedName',
  'consent',
  'contentHash',
  'startDate',
  'offeringId',
  'intakeId',
  'careArc',
  'options',
  'choice',
  'findings',
  'text',
  'working',
  'notWorking',
  'goals',
  'baseline',
  'language',
  'role',
  'expiresInDays',
  'reviewDate',
  'selfPay',
  'reflectionNote',
  'story',
  'mattersMost',
  'verdict',
  'overall',
  'commitments',
  'displayName',
  'licenseStatus',
  'code',
  'witnessName',
  'kind',
  'ids',
  '_csrf',
];
const QUERY = ['q', 'status', 'page', 'offering', 'kind', 'from', 'to', 'sort', 'order', 'action', 'actor', 'record', 'waiting', 'code'];
/** What attackers type: SQL, LIKE wildcards, markup, path tricks, numbers past every limit. */
const HOSTILE = [
  "' OR 1=1 --",
  '"; DROP TABLE agreements; --',
  '%',
  '_',
  '\\',
  '$1',
  '1e309',
  '-1',
  '99999999999999999999',
  'NaN',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '{{constructor.constructor("alert(1)")()}}',
  '\u0000',
  '\ud800',
  'a'.repeat(70_000),
  '__proto__',
];

const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 4 }),
  fc.dictionary(fc.constantFrom(...FIELDS, 'p0', 'o1', '0'), fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxKeys: 4 }),
);
const body: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 12 })), value, { maxKeys: 8 }) },
  { weight: 1, arbitrary: fc.oneof(fc.constant([]), fc.string(), fc.integer(), fc.constant(null), fc.array(value, { maxLength: 3 })) },
);
const query = fc.dictionary(fc.constantFrom(...QUERY), fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 20 })), { maxKeys: 4 });

/** Every route, several bodies each: minutes on a busy 2-core machine with the embedded database. */
const FUZZ_TIMEOUT_MS = 300_000;

describe('attack: fuzzing every route', () => {
  let t: TestApp;
  let owner: SignedInClient;
  let ids: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpPractice(t.browser(), { practiceName: 'Fuzz Practice' });
    const ana = await addMember(owner, t.browser(), 'practitioner', 'Dr. Fuzz');
    const desk = await addMember(owner, t.browser(), 'front_desk');
    const offeringId = await publishedOffering(ana);
    const {
      id: agreementId,
      token,
      intakeId,
    } = await countersignedAgreement(t, { desk, practitioner: ana }, offeringId, daysFromToday(-56));
    await owner.agent.get('/reviews').expect(200); // schedules the reviews
    const [review] = await t.sql<{ id: string }>('SELECT id FROM reviews WHERE agreement_id = $1 LIMIT 1', [agreementId]);
    const [client] = await t.sql<{ client_id: string }>('SELECT client_id FROM agreements WHERE id = $1', [agreementId]);
    ids = { offeringId, agreementId, token, intakeId, reviewId: review.id, clientId: client.client_id, memberId: desk.user.id };
  });
  afterAll(() => t.close());

  /** The caller's own record for each kind of path, or an id that names nothing. */
  const pathFor = (route: RouteInfo) =>
    route.path
      .replace(/^(\/(?:api\/v1\/)?)(offerings)\/:id/, `$1$2/${ids.offeringId}`)
      .replace(/^(\/(?:api\/v1\/)?)(intakes?)\/:id/, `$1$2/${ids.intakeId}`)
      .replace(/^(\/(?:api\/v1\/)?)(agreements)\/:id/, `$1$2/${ids.agreementId}`)
      .replace(/^\/reviews\/:id/, `/reviews/${ids.reviewId}`)
      .replace(/^\/clients\/:id/, `/clients/${ids.clientId}`)
      .replace(/^(\/i|\/api\/v1\/intake-links)\/:token/, `$1/${ids.token}`)
      .replace(/\/reviews\/:id/, `/reviews/${ids.reviewId}`)
      .replace(/\/agreements\/:id/, `/agreements/${ids.agreementId}`)
      .replace(':token', 'x'.repeat(43))
      .replace(':version', '1')
      .replace(':code', 'ABCD-EFGH-JKLM-NPQR')
      .replace(/:[a-zA-Z]+/g, randomUUID());

  // Routes about the session itself (log-in, two-step codes) come last: they may end the session the
  // others use. Log-out is left out: it ends it for certain.
  const AUTH = /\/(auth|login|logout|mfa|reauth|signup|join)\b/;
  const routes = () =>
    discoverRoutes(t.app)
      .filter((r) => !r.path.endsWith('/logout'))
      .sort(
        (a, b) => Number(AUTH.test(a.path)) - Number(AUTH.test(b.path)) || `${a.method} ${a.path}`.localeCompare(`${b.method} ${b.path}`),
      );

  it('takes search and filter values literally: SQL and wildcards match nothing, and nothing is dropped', async () => {
    for (const probe of ["' OR 1=1 --", '%', '_', '"; DROP TABLE agreements; --']) {
      const inbox = await owner.agent.get('/intake').query({ q: probe }).expect(200);
      expect(inbox.text).not.toContain('Maya Ortiz'); // no client's name contains the probe
      const api = await owner.agent.get('/api/v1/intakes').query({ q: probe }).expect(200);
      expect(JSON.stringify(api.body)).not.toContain('Maya Ortiz');
    }
    const [{ count }] = await t.sql<{ count: string }>('SELECT count(*) FROM agreements');
    expect(Number(count)).toBeGreaterThan(0);
    expect((await owner.agent.get('/intake').query({ q: 'Maya' }).expect(200)).text).toContain('Maya Ortiz');
  });

  it(
    'never answers 5xx to any body on any route that takes one',
    async () => {
      const writes = routes().filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method));
      expect(writes.length).toBeGreaterThan(40);
      for (const route of writes) {
        await fc.assert(
          fc.asyncProperty(body, async (payload) => {
            const res = await owner.agent[route.method.toLowerCase() as 'post'](pathFor(route))
              .set('X-CSRF-Token', owner.csrfToken)
              .set('Content-Type', 'application/json')
              .send(JSON.stringify(payload));
            if (res.status >= 500) throw new Error(`${route.method} ${route.path} → ${res.status}: ${res.text.slice(0, 300)}`);
            expect(res.text).not.toMatch(/\bat [\w.]+ \(.*:\d+:\d+\)/); // no stack trace
          }),
          { numRuns: 6, seed: 20261128 },
        );
        // Still signed in: the routes after this one are fuzzed as the owner, not bounced to log-in.
        if (!AUTH.test(route.path)) expect((await owner.agent.get('/dashboard')).status).toBe(200);
      }
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'never answers 5xx to hostile query strings on any page or list',
    async () => {
      const reads = routes().filter((r) => r.method === 'GET' && !r.path.endsWith('/pdf'));
      for (const route of reads) {
        await fc.assert(
          fc.asyncProperty(query, async (params) => {
            const res = await owner.agent.get(pathFor(route)).query(params);
            if (res.status >= 500)
              throw new Error(`GET ${route.path}?${JSON.stringify(params)} → ${res.status}: ${res.text.slice(0, 300)}`);
          }),
          { numRuns: 4, seed: 20261128 },
        );
      }
    },
    FUZZ_TIMEOUT_MS,
  );
});
