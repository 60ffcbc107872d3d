import { addMember, csrfFrom, SignedInClient, signUpPractice } from '../factories/accounts';
import { READ_ACTIONS } from '../../src/audit/audit-events';
import { countersignedAgreement, daysFromToday } from '../factories/agreements';
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
  // Care began eight weeks ago: the trial (six weeks) ended two weeks ago, Maintenance begins in six.
  const countersigned = () => countersignedAgreement(t, { desk: frontDesk, practitioner: ana }, offeringId, daysFromToday(-56));

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
    expect(reviews.map((r) => r.due_date)).toEqual([daysFromToday(-14), daysFromToday(42)]);
    const reviewId = reviews[0].id;

    // The client finds the review from their link.
    const clientList = (await t.browser().get(`/i/${token}/reviews`).expect(200)).text;
    expect(clientList).toContain(`href="/i/${token}/reviews/${reviewId}"`);
    expect(clientList).toContain('Ready for your answers');
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
    expect(bad.text).toContain('Sleep quality: must be a whole number from 0 to 10');
    expect(bad.text).toContain('The morning exercises.');
    // What the client chose is still chosen, beside the message for the one that needs a look.
    expect(bad.text).toContain('name="baseline[baseline.sleep_hours]" type="text" inputmode="decimal" class="narrow" value="7.5"');
    expect(bad.text).toContain('name="baseline[baseline.eating]" value="7" checked');
    expect(bad.text).toMatch(/class="field question has-error">\s*<fieldset><legend>[^<]*Sleep quality/);
    await t.browser().post(path).type('form').send(answer).expect(303);
    expect((await t.browser().post(path).type('form').send(answer).expect(409)).text).toContain('already answered');

    const review = (await ana.agent.get(`/reviews/${reviewId}`).expect(200)).text;
    expect(review).toMatch(/Sleep quality<\/td><td class="long">4 of 10<\/td><td class="long">8 of 10<\/td><td>\+4<\/td>/);
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
    // It looks ahead: the next review comes one trial length (six weeks) after today's.
    const [{ review_date: nextReview }] = await t.sql<{ review_date: string }>(
      `SELECT content->'schedule'->>'reviewDate' AS review_date FROM agreements WHERE id = $1`,
      [amendmentId],
    );
    expect(nextReview).toBe(new Date(Date.now() + 42 * 86_400_000).toISOString().slice(0, 10));
    await ana.agent
      .post(`/reviews/${reviewId}/decision`)
      .type('form')
      .send({ _csrf: csrfFrom(review), decision: 'continue', reason: 'Again' })
      .expect(409);

    // The client reads what was decided, why, and where the amendment is.
    const decidedForClient = (await t.browser().get(path).expect(200)).text;
    expect(decidedForClient).toContain('Lighten the cadence.');
    expect(decidedForClient).toContain('You are sleeping and moving better.');
    expect(decidedForClient).toContain(`href="/i/${token}/agreements/${amendmentId}"`);

    // The amendment lightens the phase running at the review: Consolidation, from every 2 weeks to every 4.
    const amendmentPath = `/agreements/${amendmentId}`;
    const draftPage = (await ana.agent.get(amendmentPath).expect(200)).text;
    expect(draftPage).toContain('name="careArc[p1][every]"');
    expect(draftPage).toMatch(/name="careArc\[p1\]\[fee\]"[^>]*value="80"/);
    const refused = await ana.agent
      .post(amendmentPath)
      .type('form')
      .send({ _csrf: csrfFrom(draftPage), revision: '0', 'careArc[p1][every]': '0', 'careArc[p1][fee]': '75.50' })
      .expect(400);
    expect(refused.text).toContain('must be at least 1');
    expect(refused.text).toMatch(/name="careArc\[p1\]\[fee\]"[^>]*value="75.50"/);
    await ana.agent
      .post(amendmentPath)
      .type('form')
      .send({ _csrf: csrfFrom(draftPage), revision: '0', 'careArc[p1][every]': '4', 'careArc[p1][per]': 'week' })
      .expect(303);
    const amended = (await ana.agent.get(amendmentPath).expect(200)).text;
    expect(amended).toContain('Visits (Consolidation): every 2 weeks → every 4 weeks');
    const [row] = await t.sql<{ content: { careArc: Array<{ every: number }>; schedule: { phases: Array<{ cadence: string }> } } }>(
      'SELECT content FROM agreements WHERE id = $1',
      [amendmentId],
    );
    expect(row.content.careArc[1].every).toBe(4);
    expect(row.content.schedule.phases[1].cadence).toBe('Every 4 weeks');

    await ana.agent
      .post(`${amendmentPath}/propose`)
      .type('form')
      .send({ _csrf: csrfFrom(amended) })
      .expect(303);
    const seen = await t.browser().get(`/api/v1/intake-links/${token}/agreements/${amendmentId}`).expect(200);
    expect(seen.body.content.schedule.phases[1].cadence).toBe('Every 4 weeks');
    await t
      .browser()
      .post(`/api/v1/intake-links/${token}/agreements/${amendmentId}/sign`)
      .send({ typedName: 'Maya Ortiz', consent: true, contentHash: seen.body.contentHash })
      .expect(201);
    await api(ana).post(`/agreements/${amendmentId}/countersign`, { typedName: 'Dr. Ana Ortiz', consent: true }).expect(201);
    const statuses = await t.sql<{ id: string; status: string }>('SELECT id, status FROM agreements WHERE id = ANY($1)', [
      [id, amendmentId],
    ]);
    expect(Object.fromEntries(statuses.map((r) => [r.id, r.status]))).toEqual({ [id]: 'superseded', [amendmentId!]: 'countersigned' });
    // The amendment is reviewed from now on: nothing already past comes due again.
    await frontDesk.agent.get('/reviews').expect(200);
    const ahead = await t.sql<{ label: string; due_date: string }>(
      'SELECT label, due_date::text FROM reviews WHERE agreement_id = $1 ORDER BY due_date',
      [amendmentId],
    );
    expect(ahead).toContainEqual({ label: 'Review of the amended plan', due_date: nextReview });
    // A phase change close to that review is talked through at it, not in a second review days apart.
    const days = ahead.map((r) => Date.parse(r.due_date) / 86_400_000);
    for (let i = 1; i < days.length; i++) expect(days[i] - days[i - 1]).toBeGreaterThanOrEqual(14);
    expect(ahead.every((r) => r.due_date >= new Date().toISOString().slice(0, 10))).toBe(true);
    const events = await t.sql<{ action: string; actor_kind: string }>(
      // Changes only: reads of it are recorded too (audit.e2e-spec).
      `SELECT action, actor_kind FROM audit_events WHERE record_id = $1 AND NOT action = ANY($2) ORDER BY seq`,
      [reviewId, READ_ACTIONS],
    );
    expect(events).toEqual([
      { action: 'review.answered', actor_kind: 'client' },
      { action: 'review.decided', actor_kind: 'staff' },
    ]);

    // The partnership over time: the lightening, the amendment and what changed, for staff and the client.
    const [{ client_id: clientId }] = await t.sql<{ client_id: string }>('SELECT client_id FROM agreements WHERE id = $1', [id]);
    for (const page of [
      (await frontDesk.agent.get(`/clients/${clientId}`).expect(200)).text,
      (await t.browser().get(`/i/${token}/timeline`).expect(200)).text,
    ]) {
      expect(page).toContain('<svg');
      expect(page).toContain('Review: Lighten the cadence');
      expect(page).toContain('Amendment in effect: Back care');
      expect(page).toContain('Visits (Consolidation): every 2 weeks → every 4 weeks');
      expect(page).toContain('class="bar planned"');
      expect(page).not.toContain('You are sleeping and moving better.'); // reasons and notes stay on the review
      expect(page).not.toContain('Start of Maintenance'); // the superseded agreement's open review will not happen
    }
  });

  /** The practitioner's decision, through the review page's form. */
  const decide = async (reviewId: string, fields: Record<string, string>, status: number) => {
    const page = (await ana.agent.get(`/reviews/${reviewId}`).expect(200)).text;
    return ana.agent
      .post(`/reviews/${reviewId}/decision`)
      .type('form')
      .send({ _csrf: csrfFrom(page), ...fields })
      .expect(status);
  };

  const reviewsOf = (agreementId: string) =>
    t.sql<{ id: string }>('SELECT id FROM reviews WHERE agreement_id = $1 ORDER BY due_date', [agreementId]);

  it('ending at a review ends the agreement: its other reviews can be neither answered nor decided', async () => {
    const { id, token } = await countersigned();
    await frontDesk.agent.get('/reviews').expect(200); // scheduling happens on reading
    const [first, second] = await reviewsOf(id);
    await decide(first.id, { decision: 'end', reason: 'You are well: we agreed to stop here.' }, 303);
    const [agreement] = await t.sql<{ status: string }>('SELECT status FROM agreements WHERE id = $1', [id]);
    expect(agreement.status).toBe('ended');
    expect((await ana.agent.get(`/reviews/${first.id}`).expect(200)).text).toContain('The agreement has ended.');

    const answered = await t.browser().post(`/i/${token}/reviews/${second.id}`).type('form').send({ working: 'x' }).expect(409);
    expect(answered.text).toContain('no longer in effect');
    const decided = await decide(second.id, { decision: 'continue', reason: 'Carry on' }, 409);
    expect(decided.text).toContain('no longer in effect');
    expect((await frontDesk.agent.get('/reviews').expect(200)).text).not.toContain(second.id);
  });

  it('an amendment under way when the agreement ends can no longer be proposed or signed', async () => {
    const { id } = await countersigned();
    const amendment = await api(ana).post(`/agreements/${id}/amend`).expect(201);
    await frontDesk.agent.get('/reviews').expect(200);
    const [first] = await reviewsOf(id);
    await decide(first.id, { decision: 'refer', reason: 'A physiotherapist will serve you better now.' }, 303);
    const refused = await api(ana).post(`/agreements/${amendment.body.id}/propose`).expect(409);
    expect(refused.body.message).toContain('no longer in effect');
  });

  it('a client cannot answer a review long before it is due', async () => {
    const { id, token } = await countersigned();
    await frontDesk.agent.get('/reviews').expect(200);
    const [, later] = await reviewsOf(id);
    const list = (await t.browser().get(`/i/${token}/reviews`).expect(200)).text;
    expect(list).not.toContain(`href="/i/${token}/reviews/${later.id}"`);
    expect(list).toContain('Opens a week before');
    const refused = await t.browser().post(`/i/${token}/reviews/${later.id}`).type('form').send({ working: 'x' }).expect(409);
    expect(refused.text).toContain('This review opens a week before');
  });

  it('a decision that cannot open its amendment is not recorded either (one transaction)', async () => {
    const { id } = await countersigned();
    await api(ana).post(`/agreements/${id}/amend`).expect(201); // an amendment already under way
    await frontDesk.agent.get('/reviews').expect(200);
    const [first] = await reviewsOf(id);
    const refused = await decide(first.id, { decision: 'intensify', reason: 'More often for a while.' }, 409);
    expect(refused.text).toContain('already has an amendment under way');
    const [review] = await t.sql<{ decided_at: Date | null }>('SELECT decided_at FROM reviews WHERE id = $1', [first.id]);
    expect(review.decided_at).toBeNull();
  });

  it('refuses notes longer than the limit, naming the field, and keeps what was typed', async () => {
    const { id } = await countersigned();
    await frontDesk.agent.get('/reviews').expect(200);
    const [first] = await reviewsOf(id);
    const refused = await decide(first.id, { decision: 'continue', reason: 'Going well.', notes: 'n'.repeat(4001) }, 400);
    expect(refused.text).toContain('must be at most 4000 characters');
    expect(refused.text).toContain('Going well.');
  });
});
