import { addMember, signUpPractice } from '../factories/accounts';
import { startTestApp, TestApp } from '../support/test-app';

describe('logs: structured, correlated, and free of secrets', () => {
  let t: TestApp;
  let lines: string[];
  let spies: jest.SpyInstance[];

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'debug' });
    lines = [];
    const capture = (...args: unknown[]) => {
      lines.push(args.map(String).join(' ') + (typeof args[0] === 'string' && args[0].endsWith('\n') ? '' : '\n'));
      return true;
    };
    spies = [
      jest.spyOn(process.stdout, 'write').mockImplementation(capture as never),
      jest.spyOn(process.stderr, 'write').mockImplementation(capture as never),
      ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => jest.spyOn(console, m).mockImplementation(capture as never)),
    ];
  });
  afterAll(async () => {
    spies.forEach((s) => s.mockRestore());
    await t.close();
  });

  it('writes one JSON object per request, with the route pattern and no password, token or cookie', async () => {
    const owner = await signUpPractice(t.browser(), { practiceName: 'Quiet Logs Clinic' });
    const invite = await owner.agent
      .post('/api/v1/team/invitations')
      .set('X-CSRF-Token', owner.csrfToken)
      .send({ email: 'log.check@example.org', role: 'front_desk' })
      .expect(201);
    const member = await t
      .browser()
      .post(`/api/v1/invitations/${invite.body.token}/accept`)
      .send({ name: 'Lee', password: 'another secret passphrase' })
      .expect(201);
    await t.browser().post('/api/v1/auth/login').send({ email: owner.user.email, password: 'a wrong secret passphrase' }).expect(401);
    await addMember(owner, t.browser(), 'practitioner');
    // A failed query (a unique violation when an invited e-mail signed up elsewhere first).
    const raced = await owner.agent
      .post('/api/v1/team/invitations')
      .set('X-CSRF-Token', owner.csrfToken)
      .send({ email: 'raced.person@example.org', role: 'practitioner' })
      .expect(201);
    await t
      .browser()
      .post('/api/v1/practices')
      .send({
        practiceName: 'Elsewhere',
        ownerName: 'Raced Person Name',
        email: 'raced.person@example.org',
        password: 'raced person passphrase',
      })
      .expect(201);
    await t
      .browser()
      .post(`/api/v1/invitations/${raced.body.token}/accept`)
      .send({ name: 'Raced Person Name', password: 'raced person passphrase' })
      .expect(409);
    const sessionCookie = /ayni_session=([^;]+)/.exec(String(member.headers['set-cookie']))![1];

    const output = lines.join('');
    const records = output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line)); // every line is JSON
    expect(records).toContainEqual(expect.objectContaining({ msg: 'query failed', sqlState: '23505' }));
    const requests = records.filter((r) => r.msg === 'request');
    expect(requests.length).toBeGreaterThanOrEqual(5);
    expect(requests).toContainEqual(
      expect.objectContaining({
        method: 'POST',
        route: '/api/v1/invitations/:token/accept',
        status: 201,
        correlationId: expect.any(String),
      }),
    );
    for (const secret of [
      owner.password,
      'another secret passphrase',
      'a wrong secret passphrase',
      invite.body.token,
      owner.csrfToken,
      sessionCookie,
      'Quiet Logs Clinic',
      'raced.person',
      'Raced Person Name',
      '$argon2id',
    ]) {
      expect(output).not.toContain(secret);
    }
  });
});
