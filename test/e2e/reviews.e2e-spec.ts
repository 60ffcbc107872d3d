import { randomUUID } from 'node:crypto';
import { addMember, csrfFrom, SignedInClient, signUpPractice } from '../factories/accounts';
import { clientApi, COMPLETE_ANSWERS, inviteClient } from '../factories/intake';
import { exampleDraft } from '../factories/offerings';
import { startTestApp, TestApp } from '../support/test-app';

describe('reviews: the client answers, baseline against now, a decision that amends', () => {
  let t: TestApp;
  let owner: SignedInClient;
  let ana: SignedInClient;
  let frontDesk: SignedInClient;
  let offeringId: string;

  const api = (who: SignedInClient) => ({
    post: (path: string, body?: object) => who.agent.post(`/api/v1${path}`).set('X-CSRF-Token', who.csrfToken).send(body),
    put: (path: string, body?: object) => who.agent.put(`/api/v1${path}`).set('X-CSRF-Token', who.csrfToken).send(body),
  });

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpPractice(t.browser(), { practiceName: 'Riverside Healing Arts' });
    ana = await addMember(owner, t.browser(), 'practitioner', 'Dr. Ana Ortiz');
    frontDesk = await addMember(owner, t.browser(), 'front_desk');
    const created = await api(ana).post('/offerings', { title: 'Back care' }).expect(201);
    await api(ana)
      .put(`/offerings/${created.body.id}/draft`, { revision: 0, draft: { ...exampleDraft([ana.user.id]), title: 'Back care' } })
      .expect(200);
    await api(ana).post(`/offerings/${created.body.id}/publish`).expect(201);
    offeringId = created.body.id;
  });
  afterAll(() => t.close());

  /** An agreement in effect since October: its trial-end review is overdue. */
  async function countersigned() {
    const { id: intakeId, token } = await inviteClient(frontDesk, { name: 'Maya Ortiz' });
    await clientApi(t.browser(), token).save(0, COMPLETE_ANSWERS).expect(200);
    await clientApi(t.browser(), token).submit(randomUUID()).expect(201);
    const started = await api(ana)
      .post('/agreements', { intakeId, offeringId, startDate: '2026-10-01', reflectionNote: 'In person.' })
      .expect(201);
    const id = started.body.id;
    const findings = Object.fromEntries(started.body.content.findings.map((f: { key: string }) => [f.key, 'Talked through.']));
    await api(ana)
      .put(`/agreements/${id}/draft`, { revision: 0, choice: { option: 0, reasons: 'It fits.' }, findings })
      .expect(200);
    await api(ana).post(`/agreements/${id}/propose`).expect(201);
    const seen = await t.browser().get(`/api/v1/intake-links/${token}/agreements/${id}`).expect(200);
    await t
      .browser()
      .post(`/api/v1/intake-links/${token}/agreements/${id}/sign`)
      .send({ typedName: 'Maya Ortiz', consent: true, contentHash: seen.body.contentHash })
      .expect(201);
    await api(ana).post(`/agreements/${id}/countersign`, { typedName: 'Dr. Ana Ortiz', consent: true }).expect(201);
    return { id, token };
  }

  it('schedules the reviews, the client answers once, the practitioner sees baseline against now and lightens the cadence', async () => {
    const { id, token } = await countersigned();
    const list = (await frontDesk.agent.get('/reviews').expect(200)).text;
    expect(list).toContain('End of the trial period');
    expect(list).toContain('overdue');
    const reviews = await t.sql<{ id: string; kind: string; due_date: string }>(
      'SELECT id, kind, due_date::text FROM reviews WHERE agreement_id = $1 ORDER BY due_date',
      [id],
    );
    // The trial ends as Consolidation begins: one review there, and one where Maintenance begins.
    expect(reviews.map((r) => r.kind)).toEqual(['trial_end', 'phase_change']);
    expect(reviews[0].due_date).toBe('2026-11-12');
    const reviewId = reviews[0].id;

    const path = `/i/${token}/reviews/${reviewId}`;
    const page = (await t.browser().get(path).expect(200)).text;
    expect(page).toContain('Sleep quality');
    const answer = {
      'goals[goals.1][score]': '7',
      'goals[goals.1][words]': 'I lifted her yesterday.',
      'baseline[baseline.eating]': '7',
      'baseline[baseline.sleep_hours]': '7.5',
      'baseline[baseline.sleep]': '8',
      'baseline[baseline.movement]': '6',
      'baseline[baseline.emotions]': '7',
      working: 'The morning exercises.',
      notWorking: 'Sitting at work.',
    };
    const bad = await t
      .browser()
      .post(path)
      .type('form')
      .send({ ...answer, 'baseline[baseline.sleep]': '12' })
      .expect(400);
    expect(bad.text).toContain('must be a whole number from 0 to 10');
    expect(bad.text).toContain('The morning exercises.');
    await t.browser().post(path).type('form').send(answer).expect(303);
    expect((await t.browser().post(path).type('form').send(answer).expect(409)).text).toContain('already answered');

    const review = (await ana.agent.get(`/reviews/${reviewId}`).expect(200)).text;
    expect(review).toMatch(/Sleep quality<\/td><td class="long">4 of 10<\/td><td class="long">8 of 10<\/td><td>4<\/td>/);
    expect(review).toContain('<svg');
    await frontDesk.agent.get(`/reviews/${reviewId}`).expect(403);
    const noReason = await ana.agent
      .post(`/reviews/${reviewId}/decision`)
      .type('form')
      .send({ _csrf: csrfFrom(review), decision: 'lighten', reason: '' })
      .expect(400);
    expect(noReason.text).toContain('say why');
    const decided = await ana.agent
      .post(`/reviews/${reviewId}/decision`)
      .type('form')
      .send({ _csrf: csrfFrom(review), decision: 'lighten', reason: 'You are sleeping and moving better.' })
      .expect(303);
    const amendmentId = String(decided.headers.location).split('/').pop();
    const [amendment] = await t.sql<{ amends_id: string; status: string }>('SELECT amends_id, status FROM agreements WHERE id = $1', [
      amendmentId,
    ]);
    expect(amendment).toEqual({ amends_id: id, status: 'draft' });
    await ana.agent
      .post(`/reviews/${reviewId}/decision`)
      .type('form')
      .send({ _csrf: csrfFrom(review), decision: 'continue', reason: 'Again' })
      .expect(409);
  });
});
