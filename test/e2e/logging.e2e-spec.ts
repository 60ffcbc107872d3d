import { addMember, signUpPractice } from '../factories/accounts';
import { startTestApp, TestApp } from '../support/test-app';

describe('logs: structured, correlated, and free of secrets', () => {
  let t: TestApp;
  let lines: string[];
  let spy: jest.SpyInstance;

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'debug' });
    lines = [];
    spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
  });
  afterAll(async () => {
    spy.mockRestore();
    await t.close();
  });

  it('writes one JSON object per request, with the route pattern and no password, token or cookie', async () => {
    const owner = await signUpPractice(t.browser(), { practiceName: 'Quiet Logs Clinic' });
    const invite = await owner.agent
      .post('/api/v1/team/invitations')
      .set('X-CSRF-Token', owner.csrfToken)
      .send({ email: 'log.check@example.org', role: 'front_desk' })
      .expect(201);
    const member = await t.browser().post(`/api/v1/invitations/${invite.body.token}/accept`).send({ name: 'Lee', password: 'another secret passphrase' }).expect(201);
    await t.browser().post('/api/v1/auth/login').send({ email: owner.user.email, password: 'a wrong secret passphrase' }).expect(401);
    await addMember(owner, t.browser(), 'practitioner');
    const sessionCookie = /ayni_session=([^;]+)/.exec(String(member.headers['set-cookie']))![1];

    const output = lines.join('');
    const records = output.trim().split('\n').map((line) => JSON.parse(line));
    const requests = records.filter((r) => r.msg === 'request');
    expect(requests.length).toBeGreaterThanOrEqual(5);
    expect(requests).toContainEqual(expect.objectContaining({ method: 'POST', route: '/api/v1/invitations/:token/accept', status: 201, correlationId: expect.any(String) }));
    for (const secret of [owner.password, 'another secret passphrase', 'a wrong secret passphrase', invite.body.token, owner.csrfToken, sessionCookie, 'Quiet Logs Clinic']) {
      expect(output).not.toContain(secret);
    }
  });
});
