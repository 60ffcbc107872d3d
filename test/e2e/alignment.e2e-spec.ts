import { randomUUID } from 'node:crypto';
import { READ_ACTIONS } from '../../src/audit/audit-events';
import { addMember, csrfFrom, SignedInClient, signUpPractice } from '../factories/accounts';
import { clientApi, COMPLETE_ANSWERS, inviteClient } from '../factories/intake';
import { exampleDraft } from '../factories/offerings';
import { startTestApp, TestApp } from '../support/test-app';

describe('being heard and the expectations check', () => {
  let t: TestApp;
  let owner: SignedInClient;
  let ana: SignedInClient;
  let frontDesk: SignedInClient;
  let offeringId: string;

  const api = (who: SignedInClient) => ({
    get: (path: string) => who.agent.get(`/api/v1${path}`),
    post: (path: string, body?: object) => who.agent.post(`/api/v1${path}`).set('X-CSRF-Token', who.csrfToken).send(body),
  });
  const client = (token: string) => ({
    thread: () => t.browser().get(`/api/v1/intake-links/${token}/reflection`),
    respond: (body: object) => t.browser().post(`/api/v1/intake-links/${token}/reflection/response`).send(body),
    check: (checkId: string) => t.browser().get(`/api/v1/intake-links/${token}/checks/${checkId}`),
    comment: (checkId: string, body: object) => t.browser().post(`/api/v1/intake-links/${token}/checks/${checkId}/comments`).send(body),
  });

  /** A client who hopes for change within two weeks, on a tight budget, with little time. */
  const HURRIED = {
    ...COMPLETE_ANSWERS,
    'goals.2': 'Sleep through the night',
    'expectations.notice_within': 'weeks',
    'expectations.notice_within_amount': 2,
    'expectations.monthly_budget': 60,
    'expectations.hours_per_week': 1,
    'expectations.avoid': ['products'],
  };

  async function submittedIntake(answers: Record<string, unknown> = HURRIED) {
    const { id, token } = await inviteClient(frontDesk, { name: 'Maya Ortiz' });
    await clientApi(t.browser(), token).save(0, answers).expect(200);
    await clientApi(t.browser(), token).submit(randomUUID()).expect(201);
    return { id, token };
  }

  const reflection = (round: number) => ({
    story: `Round ${round}: your back has hurt since a fall last winter, and rest did not help.`,
    mattersMost: 'Carrying your daughter again.',
    goals: { 'goals.1': 'To carry your daughter without pain', 'goals.2': 'To sleep through' },
  });

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpPractice(t.browser(), { practiceName: 'Riverside Healing Arts' });
    ana = await addMember(owner, t.browser(), 'practitioner', 'Dr. Ana Ortiz');
    frontDesk = await addMember(owner, t.browser(), 'front_desk');
    const created = await api(ana).post('/offerings', { title: 'Chiropractic care for low back pain' }).expect(201);
    await ana.agent
      .put(`/api/v1/offerings/${created.body.id}/draft`)
      .set('X-CSRF-Token', ana.csrfToken)
      .send({ revision: 0, draft: exampleDraft([ana.user.id]) })
      .expect(200);
    await api(ana).post(`/offerings/${created.body.id}/publish`).expect(201);
    offeringId = created.body.id;
  });
  afterAll(() => t.close());

  it('a full round: reflect, the client corrects one goal, the practitioner revises, the client confirms', async () => {
    const { id, token } = await submittedIntake();
    expect((await api(frontDesk).get(`/intakes/${id}`)).body.waitingOn).toBe('practitioner');

    const missing = await api(ana)
      .post(`/intakes/${id}/reflection`, { ...reflection(1), goals: { 'goals.1': 'x' } })
      .expect(400);
    expect(missing.body.fields).toEqual({ 'goals.goals.2': 'is required: how you understood “Sleep through the night”' });
    await api(ana).post(`/intakes/${id}/reflection`, reflection(1)).expect(201);
    expect((await api(ana).post(`/intakes/${id}/reflection`, reflection(1)).expect(409)).body.code).toBe('REFLECTION_OUT_OF_TURN');
    expect((await api(frontDesk).get(`/intakes/${id}`)).body).toMatchObject({ waitingOn: 'client', status: 'reviewed' });

    const seen = await client(token).thread().expect(200);
    expect(seen.body).toMatchObject({ status: 'awaiting_client', words: { goals: [{ id: 'goals.1' }, { id: 'goals.2' }] } });
    const empty = await client(token)
      .respond({ verdict: 'corrected', overall: ' ', goals: { 'goals.2': '' } })
      .expect(400);
    expect(empty.body.fields.overall).toContain('is empty');
    const mixed = await client(token)
      .respond({ verdict: 'confirmed', goals: { 'goals.2': 'Actually…' } })
      .expect(400);
    expect(mixed.body.fields.overall).toContain('holds a correction');
    await client(token)
      .respond({ verdict: 'corrected', goals: { 'goals.2': 'Not just sleep through: wake up rested.' } })
      .expect(201);
    expect((await api(frontDesk).get('/intakes?q=Maya')).body.items.find((i: { id: string }) => i.id === id).waitingOn).toBe(
      'practitioner',
    );

    await api(ana).post(`/intakes/${id}/reflection`, reflection(2)).expect(201);
    await client(token).respond({ verdict: 'confirmed' }).expect(201);
    const thread = (await api(ana).get(`/intakes/${id}/reflection`).expect(200)).body;
    expect(thread.status).toBe('heard');
    expect(thread.entries.map((e: { round: number; kind: string }) => `${e.kind} ${e.round}`)).toEqual([
      'reflection 1',
      'response 1',
      'reflection 2',
      'response 2',
    ]);
    expect(thread.entries[1].content.goals).toEqual({ 'goals.2': 'Not just sleep through: wake up rested.' });
    await client(token).respond({ verdict: 'confirmed' }).expect(409);

    const events = await t.sql<{ action: string; actor_kind: string }>(
      // Changes only: reads of it are recorded too (audit.e2e-spec).
      'SELECT action, actor_kind FROM audit_events WHERE record_id = $1 AND NOT action = ANY($2) ORDER BY seq',
      [id, READ_ACTIONS],
    );
    expect(events.map((e) => `${e.actor_kind}:${e.action}`)).toEqual([
      'client:intake.submitted',
      'staff:reflection.sent',
      'staff:intake.reviewed',
      'client:reflection.corrected',
      'staff:reflection.sent',
      'client:reflection.confirmed',
    ]);
    await expect(t.sql('DELETE FROM audit_events WHERE record_id = $1', [id])).rejects.toThrow(/immutable/);
  });

  it('refuses out-of-place steps clearly, and front desk neither reads nor writes reflections', async () => {
    const { id: draftId } = await inviteClient(frontDesk, { name: 'Not Yet' });
    expect((await api(ana).post(`/intakes/${draftId}/reflection`, reflection(1)).expect(409)).body.code).toBe('INTAKE_NOT_SUBMITTED');
    const { id, token } = await submittedIntake();
    expect((await client(token).respond({ verdict: 'confirmed' }).expect(409)).body.code).toBe('REFLECTION_NOT_READY');
    await api(frontDesk).post(`/intakes/${id}/reflection`, reflection(1)).expect(403);
    await api(frontDesk).get(`/intakes/${id}/reflection`).expect(403);
    await api(ana).post(`/intakes/${id}/reflection`, reflection(1)).expect(201);
    await t.sql(`UPDATE intakes SET expires_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    expect((await client(token).respond({ verdict: 'confirmed' }).expect(410)).body.code).toBe('LINK_EXPIRED');
  });

  it('checks a client who hopes for change in two weeks on a tight budget against the example offering', async () => {
    const { id, token } = await submittedIntake();
    const { id: draftOffering } = (await api(ana).post('/offerings', { title: 'Not published yet' }).expect(201)).body;
    const unpublished = await api(ana).post(`/intakes/${id}/checks`, { offeringId: draftOffering }).expect(409);
    expect(unpublished.body).toMatchObject({ code: 'NOT_PUBLISHED', fields: { offeringId: 'is not published' } });
    await api(frontDesk).post(`/intakes/${id}/checks`, { offeringId }).expect(403);

    const page = (await api(ana).post(`/intakes/${id}/checks`, { offeringId }).expect(201)).body;
    const levels = Object.fromEntries(page.findings.map((f: { key: string; level: string }) => [f.key, f.level]));
    expect(levels.timing).toBe('mismatch');
    expect(['talk', 'mismatch']).toContain(levels.budget);
    expect(['talk', 'mismatch']).toContain(levels.time);
    const timing = page.findings.find((f: { key: string }) => f.key === 'timing');
    expect(timing.toClient).toMatch(/2 weeks/);
    // Checking again is the same shared page.
    expect((await api(ana).post(`/intakes/${id}/checks`, { offeringId }).expect(201)).body.check.id).toBe(page.check.id);

    const seen = await client(token).check(page.check.id).expect(200);
    expect(seen.body.findings.map((f: { toClient: string }) => f.toClient)).toEqual(
      page.findings.map((f: { toClient: string }) => f.toClient),
    );
    const bad = await client(token).comment(page.check.id, { finding: 'timing', text: '   ' }).expect(400);
    expect(bad.body.fields).toEqual({ text: 'is empty: write your comment' });
    await client(token).comment(page.check.id, { finding: 'weather', text: 'Hi' }).expect(400);
    await client(token).comment(page.check.id, { finding: 'budget', text: 'Could we start with fewer visits?' }).expect(201);
    const staffView = (await api(ana).get(`/intakes/${id}/checks/${page.check.id}`).expect(200)).body;
    expect(staffView.findings.find((f: { key: string }) => f.key === 'budget').comments).toEqual([
      expect.objectContaining({ byClient: true, text: 'Could we start with fewer visits?' }),
    ]);
  });

  it('works on its pages: the practitioner writes back, the client corrects with what they typed kept on an error', async () => {
    const { id, token } = await submittedIntake();
    const form = await ana.agent.get(`/intake/${id}/reflection`).expect(200);
    expect(form.text).toContain('Sleep through the night');
    const body = {
      _csrf: csrfFrom(form.text),
      story: 'I heard your story.',
      mattersMost: 'Your daughter.',
      'goals[goals.1]': 'Carry her',
      'goals[goals.2]': '',
    };
    const invalid = await ana.agent.post(`/intake/${id}/reflection`).type('form').send(body).expect(400);
    expect(invalid.text).toContain('I heard your story.');
    await ana.agent
      .post(`/intake/${id}/reflection`)
      .type('form')
      .send({ ...body, 'goals[goals.2]': 'Sleep' })
      .expect(303);

    const visitor = t.browser();
    const heard = await visitor.get(`/i/${token}/heard`).expect(200);
    expect(heard.text).toContain('I heard your story.');
    expect(heard.text).toContain('What you wrote');
    const empty = await visitor
      .post(`/i/${token}/heard`)
      .type('form')
      .send({ _csrf: csrfFrom(heard.text), verdict: 'corrected', overall: '' })
      .expect(400);
    expect(empty.text).toContain('is empty');
    const mixed = await visitor
      .post(`/i/${token}/heard`)
      .type('form')
      .send({ _csrf: csrfFrom(heard.text), verdict: 'confirmed', overall: 'One more thing: it started in 2019.' })
      .expect(400);
    expect(mixed.text).toContain('One more thing: it started in 2019.');
    await visitor
      .post(`/i/${token}/heard`)
      .type('form')
      .send({ _csrf: csrfFrom(heard.text), verdict: 'corrected', overall: 'It started in 2019.' })
      .expect(303);

    const overview = await ana.agent.get(`/intake/${id}/alignment`).expect(200);
    expect(overview.text).toContain('It started in 2019.');
    const checked = await ana.agent
      .post(`/intake/${id}/checks`)
      .type('form')
      .send({ _csrf: csrfFrom(overview.text), offeringId })
      .expect(303);
    const shared = await ana.agent.get(checked.headers.location).expect(200);
    expect(shared.text).toContain('The client reads:');
    const checkId = checked.headers.location.split('/').pop();
    const clientPage = await visitor.get(`/i/${token}/checks/${checkId}`).expect(200);
    expect(clientPage.text).toContain('What to expect, together');
    // Every comment form on the page carries the page's CSRF token.
    const blank = await visitor
      .post(`/i/${token}/checks/${checkId}/comments`)
      .type('form')
      .send({ _csrf: csrfFrom(clientPage.text), finding: 'time', text: '' })
      .expect(400);
    expect(blank.text).toContain('is empty: write your comment');
    // One comment form per finding (the layout adds the language switch).
    const forms = clientPage.text
      .split('<form')
      .slice(1)
      .filter((form) => form.includes('/comments"'));
    expect(forms).toHaveLength(4);
    for (const form of forms) expect(form).toContain(`name="_csrf" value="${csrfFrom(clientPage.text)}"`);
    await visitor
      .post(`/i/${token}/checks/${checkId}/comments`)
      .type('form')
      .send({ _csrf: csrfFrom(clientPage.text), finding: 'time', text: 'Mornings are easier for me.' })
      .expect(303);
    await ana.agent
      .post(`/intake/${id}/checks/${checkId}/comments`)
      .type('form')
      .send({ _csrf: csrfFrom(shared.text), finding: 'time', text: 'We can start with mornings.' })
      .expect(303);
    const after = await visitor.get(`/i/${token}/checks/${checkId}`).expect(200);
    expect(after.text).toContain('Mornings are easier for me.');
    expect(after.text).toContain('We can start with mornings.');
  });
});
