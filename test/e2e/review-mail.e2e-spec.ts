import { addMember, SignedInClient, signUpPractice } from '../factories/accounts';
import { countersignedAgreement, publishedOffering, daysFromToday } from '../factories/agreements';
import { exampleDraft } from '../factories/offerings';
import { ReviewsService } from '../../src/reviews/reviews.service';
import { startTestApp, TestApp } from '../support/test-app';

describe('review-due e-mail and re-consent', () => {
  let t: TestApp;
  let ana: SignedInClient;
  let frontDesk: SignedInClient;

  beforeAll(async () => {
    t = await startTestApp();
    const owner = await signUpPractice(t.browser(), { practiceName: 'Riverside Healing Arts' });
    ana = await addMember(owner, t.browser(), 'practitioner', 'Dr. Ana Ortiz');
    frontDesk = await addMember(owner, t.browser(), 'front_desk');
  });
  afterAll(() => t.close());

  it('queues one note per review coming due, to the client, and never twice', async () => {
    const offeringId = await publishedOffering(ana);
    const { id } = await countersignedAgreement(t, { desk: frontDesk, practitioner: ana }, offeringId, daysFromToday(-56));
    // Nobody has opened the reviews page: the daily run schedules the reviews itself.
    const reviews = t.app.get(ReviewsService);
    expect(await reviews.queueDueMails()).toBe(1); // the trial-end review (overdue); the next one is months away
    expect(await reviews.queueDueMails()).toBe(0);
    const messages = await t.sql<{ kind: string; to_address: string; subject: string }>(
      `SELECT kind, to_address, subject FROM outbox_messages WHERE kind = 'review_due' AND dedupe_key LIKE 'review_due:%'`,
    );
    expect(messages).toEqual([expect.objectContaining({ kind: 'review_due', to_address: 'maya@example.org' })]);
    const [review] = await t.sql<{ id: string }>('SELECT id FROM reviews WHERE agreement_id = $1 ORDER BY due_date LIMIT 1', [id]);
    expect(review.id).toBeTruthy();

    expect(messages[0].subject).toBe('Time to look back on your care with Riverside Healing Arts');
  });

  it('writes the note in the client’s language: Spanish, date included', async () => {
    const offeringId = await publishedOffering(ana);
    const { id } = await countersignedAgreement(t, { desk: frontDesk, practitioner: ana }, offeringId, daysFromToday(-56));
    const [{ client_id: clientId }] = await t.sql<{ client_id: string }>('SELECT client_id FROM agreements WHERE id = $1', [id]);
    await t.sql(`UPDATE clients SET language = 'es' WHERE id = $1`, [clientId]);
    expect(await t.app.get(ReviewsService).queueDueMails()).toBe(1);
    const [note] = await t.sql<{ subject: string; text_body: string; html_body: string }>(
      `SELECT m.subject, m.text_body, m.html_body FROM outbox_messages m JOIN reviews r ON m.dedupe_key LIKE 'review_due:' || r.id || ':%'
        WHERE r.agreement_id = $1`,
      [id],
    );
    expect(note.subject).toBe('Es momento de revisar su cuidado con Riverside Healing Arts');
    expect(note.text_body).toContain('Hola, Maya Ortiz:');
    expect(note.text_body).toMatch(/prevé una revisión el \d{1,2} de [a-z]+ de \d{4}\./);
    expect(note.text_body).toContain('elija “Sus revisiones”');
    expect(note.html_body).toContain('<html lang="es">');
  });

  it('lists agreements on older versions and proposes the new one with a readable diff', async () => {
    const offeringId = await publishedOffering(ana);
    const { id } = await countersignedAgreement(t, { desk: frontDesk, practitioner: ana }, offeringId, '2026-12-07');
    const post = (path: string, body?: object) => ana.agent.post(`/api/v1${path}`).set('X-CSRF-Token', ana.csrfToken).send(body);
    expect((await post(`/agreements/${id}/reconsent`).expect(409)).body.message).toContain('already follows');

    const draft = { ...exampleDraft([ana.user.id]), title: 'Back care' };
    draft.careArc![0].feePerVisitMinor = 9500;
    await ana.agent
      .put(`/api/v1/offerings/${offeringId}/draft`)
      .set('X-CSRF-Token', ana.csrfToken)
      .send({ revision: 1, draft })
      .expect(200);
    await post(`/offerings/${offeringId}/publish`).expect(201);

    expect((await ana.agent.get('/agreements').expect(200)).text).toContain('newer offering version');
    const amendment = await post(`/agreements/${id}/reconsent`).expect(201);
    const page = (await ana.agent.get(`/agreements/${amendment.body.id}`).expect(200)).text;
    expect(page).toContain('Fee per visit (Intensive): $90 → $95');
    expect(page).toContain('It fits.'); // the client's reasons carried over
    await post(`/agreements/${id}/reconsent`).expect(409);
  });
});
