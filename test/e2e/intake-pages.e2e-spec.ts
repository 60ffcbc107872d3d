import { addMember, csrfFrom, SignedInClient, signUpPractice } from '../factories/accounts';
import { COMPLETE_ANSWERS, inviteClient } from '../factories/intake';
import { exampleDraft } from '../factories/offerings';
import { storedAnswers } from '../support/sealed';
import { startTestApp, TestApp } from '../support/test-app';

/** The pages as a browser without JavaScript uses them: forms, redirects, re-rendered errors. */
describe('intake pages without JavaScript', () => {
  let t: TestApp;
  let owner: SignedInClient;
  let practitioner: SignedInClient;
  let frontDesk: SignedInClient;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpPractice(t.browser(), { practiceName: 'Riverside Healing Arts' });
    practitioner = await addMember(owner, t.browser(), 'practitioner', 'Dr. Ana Ortiz');
    frontDesk = await addMember(owner, t.browser(), 'front_desk');
  });
  afterAll(() => t.close());

  /** The section's answers as the form posts them. */
  function sectionBody(page: string, answers: Record<string, unknown>, go: string) {
    const revision = /name="revision" value="(\d+)"/.exec(page)![1];
    const step = /name="step" value="(\d+)"/.exec(page)![1];
    const body: Record<string, unknown> = { _csrf: csrfFrom(page), revision, step, go };
    for (const [id, value] of Object.entries(answers)) {
      body[`a[${id}]`] = value === true ? 'yes' : value === false ? 'no' : String(value);
    }
    return body;
  }

  const bySection: Array<Record<string, unknown>> = [
    { 'about.name': 'Maya Ortiz', 'about.email': 'maya@example.org', 'about.date_of_birth': '1984-03-09' },
    { 'story.text': COMPLETE_ANSWERS['story.text'] },
    { 'goals.1': COMPLETE_ANSWERS['goals.1'] },
    { 'baseline.eating': 6, 'baseline.sleep_hours': '6.5', 'baseline.sleep': 4, 'baseline.movement': 3, 'baseline.emotions': 5 },
    {},
    { 'expectations.notice_within': 'weeks' },
    { 'consent.privacy': true },
  ];

  it('a client fills the form section by section, fixes a mistake, reviews and submits once with two clicks', async () => {
    const { id, token } = await inviteClient(frontDesk, { name: 'Maya Ortiz' });
    const browser = t.browser();
    let page = (await browser.get(`/i/${token}`).expect(200)).text;
    expect(page).toContain('Step 1 of 7');
    expect(page).toContain('About you');

    // A bad e-mail: the page comes back with everything typed and the message beside the field.
    const typo = await browser
      .post(`/i/${token}`)
      .type('form')
      .send(sectionBody(page, { ...bySection[0], 'about.email': 'maya@' }, 'next'))
      .expect(400);
    expect(typo.text).toContain('must be an e-mail address like name@example.com');
    expect(typo.text).toContain('value="Maya Ortiz"');
    expect(typo.text).toContain('value="maya@"');

    for (let i = 0; i < bySection.length; i++) {
      const res = await browser
        .post(`/i/${token}`)
        .type('form')
        .send(sectionBody(page, bySection[i], 'next'))
        .expect(303);
      expect(res.headers.location).toBe(i + 1 < bySection.length ? `/i/${token}?step=${i + 2}` : `/i/${token}?step=review`);
      page = (await browser.get(res.headers.location).expect(200)).text;
    }
    expect(page).toContain('Check your answers, then submit');
    expect(page).toContain('Carry my daughter without pain');
    expect(page).not.toContain('Still to answer');

    const form = {
      _csrf: csrfFrom(page),
      revision: /name="revision" value="(\d+)"/.exec(page)![1],
      submissionKey: /name="submissionKey" value="([^"]+)"/.exec(page)![1],
    };
    const clicks = await Promise.all([
      browser.post(`/i/${token}/submit`).type('form').send(form),
      browser.post(`/i/${token}/submit`).type('form').send(form),
    ]);
    expect(clicks.map((r) => [r.status, r.headers.location])).toEqual([
      [303, `/i/${token}`],
      [303, `/i/${token}`],
    ]);
    const rows = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM intake_submissions WHERE intake_id = $1', [id]);
    expect(rows[0].n).toBe(1);

    const done = (await browser.get(`/i/${token}`).expect(200)).text;
    expect(done).toContain('Thank you');
    expect(done).toContain('write back what they heard');
    expect(done).not.toContain('<textarea');
    // A late "Save draft" from an old tab changes nothing.
    await browser
      .post(`/i/${token}`)
      .type('form')
      .send({ _csrf: csrfFrom(page), revision: '3', step: '3', go: 'save', 'a[goals.1]': 'Changed' })
      .expect(303);
    const { opened } = await storedAnswers(t, 'intakes', id);
    expect(opened['goals.1']).toBe(COMPLETE_ANSWERS['goals.1']);
  });

  it('a stale tab gets both versions to choose from, and keeping mine saves it', async () => {
    const { token } = await inviteClient(frontDesk, { name: 'Two Tabs' });
    const tabA = t.browser();
    const tabB = t.browser();
    const pageA = (await tabA.get(`/i/${token}?step=3`).expect(200)).text;
    const pageB = (await tabB.get(`/i/${token}?step=3`).expect(200)).text;
    await tabA
      .post(`/i/${token}`)
      .type('form')
      .send(sectionBody(pageA, { 'goals.1': 'Sleep better' }, 'save'))
      .expect(303);
    const conflict = await tabB
      .post(`/i/${token}`)
      .type('form')
      .send(sectionBody(pageB, { 'goals.1': 'Run again' }, 'save'))
      .expect(409);
    expect(conflict.text).toContain('Sleep better');
    expect(conflict.text).toContain('Run again');
    const keep = await tabB
      .post(`/i/${token}`)
      .type('form')
      .send(sectionBody(conflict.text, { 'goals.1': 'Run again' }, 'save'))
      .expect(303);
    expect(keep.headers.location).toBe(`/i/${token}?step=3&saved=1`);
    expect((await tabA.get(`/i/${token}?step=3`)).text).toContain('Run again');
  });

  it('the review lists what is still missing, and submitting anyway names it', async () => {
    const { token } = await inviteClient(frontDesk, { name: 'In A Hurry' });
    const browser = t.browser();
    const review = (await browser.get(`/i/${token}?step=review`).expect(200)).text;
    expect(review).toContain('Still to answer before you can submit');
    const res = await browser
      .post(`/i/${token}/submit`)
      .type('form')
      .send({ _csrf: csrfFrom(review), revision: '0', submissionKey: /name="submissionKey" value="([^"]+)"/.exec(review)![1] })
      .expect(400);
    expect(res.text).toContain('Your full name');
    expect(res.text).toContain('is required');
  });

  it('“Start intake” on a public offering page creates a client and a draft and opens the form', async () => {
    const offering = await practitioner.agent
      .post('/api/v1/offerings')
      .set('X-CSRF-Token', practitioner.csrfToken)
      .send({ title: 'Back care' })
      .expect(201);
    await practitioner.agent
      .put(`/api/v1/offerings/${offering.body.id}/draft`)
      .set('X-CSRF-Token', practitioner.csrfToken)
      .send({ revision: 0, draft: { ...exampleDraft([practitioner.user.id]), title: 'Back care' } })
      .expect(200);
    await practitioner.agent.post(`/api/v1/offerings/${offering.body.id}/publish`).set('X-CSRF-Token', practitioner.csrfToken).expect(201);

    const visitor = t.browser();
    const publicPage = (await visitor.get(`/p/${owner.practice.slug}/${offering.body.slug}`).expect(200)).text;
    expect(publicPage).toContain('Start intake');
    const started = await visitor
      .post(`/p/${owner.practice.slug}/${offering.body.slug}/intake`)
      .type('form')
      .send({ _csrf: csrfFrom(publicPage) })
      .expect(303);
    expect(started.headers.location).toMatch(/^\/i\/[A-Za-z0-9_-]{43}\?started=1$/);
    expect((await visitor.get(started.headers.location).expect(200)).text).toContain('Bookmark this page');

    const inbox = await frontDesk.agent.get(`/api/v1/intakes?offering=${offering.body.id}`).expect(200);
    expect(inbox.body.items).toEqual([expect.objectContaining({ status: 'invited', name: null, offeringTitle: 'Back care' })]);
    await visitor
      .post(`/p/${owner.practice.slug}/no-such-offering/intake`)
      .type('form')
      .send({ _csrf: csrfFrom(publicPage) })
      .expect(404);
  });

  it('staff invite a client on the page, see the link once, and can withdraw it', async () => {
    const form = (await frontDesk.agent.get('/intake/new').expect(200)).text;
    const bad = await frontDesk.agent
      .post('/intake/new')
      .type('form')
      .send({ _csrf: csrfFrom(form), name: '', email: 'nope', expiresInDays: '400' })
      .expect(400);
    expect(bad.text).toContain('is required');
    expect(bad.text).toContain('must be at most 90 days');
    const created = await frontDesk.agent
      .post('/intake/new')
      .type('form')
      .send({ _csrf: csrfFrom(form), name: 'Walk In', email: '', expiresInDays: '7' })
      .expect(201);
    const link = /value="(http[^"]+\/i\/[A-Za-z0-9_-]{43})"/.exec(created.text)![1];
    const id = /href="\/intake\/([0-9a-f-]{36})"/.exec(created.text)![1];
    const detail = (await frontDesk.agent.get(`/intake/${id}`).expect(200)).text;
    expect(detail).toContain('Link active');
    expect(detail).not.toContain(link);
    await frontDesk.agent
      .post(`/intake/${id}/revoke`)
      .type('form')
      .send({ _csrf: csrfFrom(detail) })
      .expect(303);
    expect((await frontDesk.agent.get(`/intake/${id}`)).text).toContain('Link withdrawn');
    await t.browser().get(new URL(link).pathname).expect(410);
  });

  it('a practitioner builds the form on its pages: add, move, refuse a bad edit, publish', async () => {
    const builder = (await practitioner.agent.get('/intake/form').expect(200)).text;
    expect(builder).toContain('Your daily life');
    const newForm = (await practitioner.agent.get('/intake/form/questions/new?section=support').expect(200)).text;
    const revision = /name="revision" value="(\d+)"/.exec(newForm)![1];

    const blank = await practitioner.agent
      .post('/intake/form/questions')
      .type('form')
      .send({ _csrf: csrfFrom(newForm), revision, section: 'support', id: '', type: 'single_choice', label: '', options: 'Only one' });
    expect(blank.status).toBe(422);
    expect(blank.text).toContain('Only one'); // what was typed stays
    expect(blank.text).toContain('<p class="field-error" id="error-label"><span class="visually-hidden">Error:</span> is required</p>');
    expect(blank.text).toContain('must offer at least 2 choices');

    await practitioner.agent
      .post('/intake/form/questions')
      .type('form')
      .send({
        _csrf: csrfFrom(newForm),
        revision,
        section: 'support',
        id: '',
        type: 'single_choice',
        label: 'Do you live alone?',
        required: 'on',
        options: 'Yes\nNo\nSometimes',
        showIf: '',
      })
      .expect(303);
    let page = (await practitioner.agent.get('/intake/form').expect(200)).text;
    expect(page).toContain('Do you live alone?');
    expect(page).toContain('unpublished changes');

    const moved = await practitioner.agent
      .post('/intake/form/arrange')
      .type('form')
      .send({
        _csrf: csrfFrom(page),
        revision: /name="revision" value="(\d+)"/.exec(page)![1],
        kind: 'question',
        id: 'support.do_you_live_alone',
        action: 'up',
      })
      .expect(303);
    expect(moved.headers.location).toContain('#q-support-do_you_live_alone');
    page = (await practitioner.agent.get('/intake/form').expect(200)).text;
    expect(page.indexOf('Do you live alone?')).toBeLessThan(page.indexOf('Other practitioners and therapies'));

    const locked = await practitioner.agent
      .post('/intake/form/arrange')
      .type('form')
      .send({
        _csrf: csrfFrom(page),
        revision: /name="revision" value="(\d+)"/.exec(page)![1],
        kind: 'question',
        id: 'baseline.sleep',
        action: 'remove',
      });
    expect(locked.status).toBe(422);
    expect(locked.text).toContain('cannot be removed');

    const published = await practitioner.agent
      .post('/intake/form/publish')
      .type('form')
      .send({ _csrf: csrfFrom(page) })
      .expect(303);
    expect(published.headers.location).toMatch(/published=\d+$/);
    const version = published.headers.location.split('=')[1];
    expect((await frontDesk.agent.get(`/intake/form/versions/${version}`).expect(200)).text).toContain('Do you live alone?');

    const deskView = (await frontDesk.agent.get('/intake/form').expect(200)).text;
    expect(deskView).not.toContain('Add a question');
    await frontDesk.agent
      .post('/intake/form/publish')
      .type('form')
      .send({ _csrf: csrfFrom(deskView) })
      .expect(403);
  });
});
