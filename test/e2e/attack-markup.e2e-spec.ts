import { randomUUID } from 'node:crypto';
import { addMember, csrfFrom, SignedInClient, signUpPractice } from '../factories/accounts';
import { daysFromToday } from '../factories/agreements';
import { clientApi, COMPLETE_ANSWERS, inviteClient } from '../factories/intake';
import { exampleDraft } from '../factories/offerings';
import { asBytes, pdfText } from '../support/pdf-text';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Script and markup typed into every kind of text field (names, titles, the client's story and
 * goals, reasons, resolutions, review answers and decisions) comes back escaped in every page that
 * shows it, and as plain words in the PDFs: never as markup a browser or Chromium would run.
 */
const SCRIPT = '<script>alert("ayni")</script>';
const IMG = '<img src=x onerror=alert(1)>';
const P = (label: string) => `${label} ${SCRIPT}${IMG}`;

describe('attack: markup in every text field', () => {
  let t: TestApp;
  let owner: SignedInClient;
  let ana: SignedInClient;
  let pages: Array<[string, SignedInClient['agent'], string]>;
  let agreementPath: string;
  let intakePath: string;

  const api = (who: SignedInClient) => ({
    post: (path: string, body?: object) => who.agent.post(`/api/v1${path}`).set('X-CSRF-Token', who.csrfToken).send(body),
    put: (path: string, body?: object) => who.agent.put(`/api/v1${path}`).set('X-CSRF-Token', who.csrfToken).send(body),
  });

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpPractice(t.browser(), { practiceName: P('Practice'), ownerName: P('Owner') });
    ana = await addMember(owner, t.browser(), 'practitioner', P('Ana'));
    const desk = await addMember(owner, t.browser(), 'front_desk', P('Desk'));
    const draft = exampleDraft([ana.user.id]);
    const created = await api(ana)
      .post('/offerings', { title: P('Offering') })
      .expect(201);
    const content = {
      ...draft,
      title: P('Offering'),
      summary: P('Summary'),
      careArc: (draft.careArc ?? []).map((p) => ({ ...p, description: P('Phase') })),
    };
    await api(ana).put(`/offerings/${created.body.id}/draft`, { revision: 0, draft: content }).expect(200);
    await api(ana).post(`/offerings/${created.body.id}/publish`).expect(201);

    const { id: intakeId, token } = await inviteClient(desk, { name: P('Client') });
    const answers = { ...COMPLETE_ANSWERS, 'about.name': P('Client'), 'story.text': P('Story'), 'goals.1': P('Goal') };
    await clientApi(t.browser(), token).save(0, answers).expect(200);
    await clientApi(t.browser(), token).submit(randomUUID()).expect(201);
    const started = await api(ana)
      .post('/agreements', { intakeId, offeringId: created.body.id, startDate: daysFromToday(-56), reflectionNote: P('Note') })
      .expect(201);
    const id: string = started.body.id;
    const findings = Object.fromEntries(started.body.content.findings.map((f: { key: string }) => [f.key, P('Resolution')]));
    await api(ana)
      .put(`/agreements/${id}/draft`, { revision: 0, choice: { option: 0, reasons: P('Reasons') }, findings })
      .expect(200);
    await api(ana).post(`/agreements/${id}/propose`).expect(201);
    const seen = await t.browser().get(`/api/v1/intake-links/${token}/agreements/${id}`).expect(200);
    await t
      .browser()
      .post(`/api/v1/intake-links/${token}/agreements/${id}/sign`)
      .send({ typedName: P('Client'), consent: true, contentHash: seen.body.contentHash })
      .expect(201);
    await api(ana).post(`/agreements/${id}/countersign`, { typedName: ana.user.name, consent: true }).expect(201);

    await owner.agent.get('/reviews').expect(200);
    const [review] = await t.sql<{ id: string }>('SELECT id FROM reviews WHERE agreement_id = $1 ORDER BY due_date LIMIT 1', [id]);
    await t
      .browser()
      .post(`/i/${token}/reviews/${review.id}`)
      .type('form')
      .send({
        'goals[goals.1][score]': '6',
        'goals[goals.1][words]': P('Words'),
        'baseline[baseline.eating]': '7',
        'baseline[baseline.sleep_hours]': '7',
        'baseline[baseline.sleep]': '7',
        'baseline[baseline.movement]': '7',
        'baseline[baseline.emotions]': '7',
        working: P('Working'),
        notWorking: P('NotWorking'),
      })
      .expect(303);
    const reviewPage = (await ana.agent.get(`/reviews/${review.id}`).expect(200)).text;
    await ana.agent
      .post(`/reviews/${review.id}/decision`)
      .type('form')
      .send({ _csrf: csrfFrom(reviewPage), decision: 'continue', reason: P('Decision'), notes: P('Notes') })
      .expect(303);
    const [{ client_id: clientId }] = await t.sql<{ client_id: string }>('SELECT client_id FROM agreements WHERE id = $1', [id]);
    const [{ slug }] = await t.sql<{ slug: string }>('SELECT slug FROM offerings WHERE id = $1', [created.body.id]);

    agreementPath = `/agreements/${id}`;
    intakePath = `/intake/${intakeId}`;
    const visitor = t.browser();
    pages = [
      ['dashboard', owner.agent, '/dashboard'],
      ['team', owner.agent, '/team'],
      ['offerings', ana.agent, '/offerings'],
      ['offering', ana.agent, `/offerings/${created.body.id}`],
      ['public practice', visitor, `/p/${owner.practice.slug}`],
      ['public offering', visitor, `/p/${owner.practice.slug}/${slug}`],
      ['inbox', ana.agent, '/intake'],
      ['intake', ana.agent, intakePath],
      ['agreements', ana.agent, '/agreements'],
      ['agreement', ana.agent, agreementPath],
      ['review', ana.agent, `/reviews/${review.id}`],
      ['timeline', ana.agent, `/clients/${clientId}`],
      ['print queue', desk.agent, '/print-queue'],
      ['client intake', visitor, `/i/${token}`],
      ['client agreement', visitor, `/i/${token}/agreements/${id}`],
      ['client review', visitor, `/i/${token}/reviews/${review.id}`],
      ['client timeline', visitor, `/i/${token}/timeline`],
    ];
  });
  afterAll(() => t.close());

  it('comes back escaped in every page that shows it', async () => {
    let escaped = 0;
    for (const [name, agent, path] of pages) {
      const res = await agent.get(path);
      expect([name, res.status]).toEqual([name, 200]);
      expect([name, res.text.includes('<script>alert(')]).toEqual([name, false]);
      expect([name, res.text.includes('<img src=x')]).toEqual([name, false]);
      if (res.text.includes('&lt;script&gt;alert(')) escaped++;
    }
    // The payloads were really shown (escaped), not merely absent.
    expect(escaped).toBeGreaterThanOrEqual(pages.length - 2);
  });

  it('comes out as plain words in the PDFs', async () => {
    for (const path of [`${agreementPath}/pdf`, `${intakePath}/pdf`]) {
      const res = await ana.agent.get(path).buffer(true).parse(asBytes).expect(200);
      const text = pdfText(res.body as Buffer).replace(/\s+/g, ' ');
      // Chromium printed the markup as text: had it been parsed, these characters would not be there.
      expect(text).toContain('Story <script>alert("ayni")</script><img src=x onerror=alert(1)>');
    }
  });
});
