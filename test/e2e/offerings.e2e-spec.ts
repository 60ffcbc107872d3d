import { addMember, csrfFrom, SignedInClient, signUpPractice } from '../factories/accounts';
import { exampleDraft } from '../factories/offerings';
import { startTestApp, TestApp } from '../support/test-app';

describe('offerings: drafts, publication, versions and the public pages', () => {
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

  const api = (who: SignedInClient) => ({
    get: (path: string) => who.agent.get(`/api/v1${path}`),
    post: (path: string, body?: object) => who.agent.post(`/api/v1${path}`).set('X-CSRF-Token', who.csrfToken).send(body),
    put: (path: string, body?: object) => who.agent.put(`/api/v1${path}`).set('X-CSRF-Token', who.csrfToken).send(body),
  });

  async function createOffering(who = practitioner, title = 'Chiropractic care for low back pain') {
    const res = await api(who).post('/offerings', { title }).expect(201);
    return res.body as { id: string; slug: string; revision: number };
  }

  async function publishExample() {
    const offering = await createOffering();
    const saved = await api(practitioner)
      .put(`/offerings/${offering.id}/draft`, { revision: offering.revision, draft: exampleDraft([practitioner.user.id]) })
      .expect(200);
    expect(saved.body).toEqual({ revision: 1, missing: {} });
    const v1 = await api(practitioner).post(`/offerings/${offering.id}/publish`).expect(201);
    expect(v1.body.version).toBe(1);
    return { ...offering, revision: 1 };
  }

  it('builds the example care arc, publishes v1, changes a fee, publishes v2 and shows the diff', async () => {
    const offering = await publishExample();
    const draft = exampleDraft([practitioner.user.id]);
    draft.careArc![0].feePerVisitMinor = 9500;
    await api(practitioner).put(`/offerings/${offering.id}/draft`, { revision: 1, draft }).expect(200);
    expect((await api(practitioner).get(`/offerings/${offering.id}`).expect(200)).body.status).toBe('changed');
    expect((await api(practitioner).post(`/offerings/${offering.id}/publish`).expect(201)).body.version).toBe(2);

    const history = await api(frontDesk).get(`/offerings/${offering.id}/history`).expect(200);
    expect(history.body.map((v: { version: number; changes: string[] }) => [v.version, v.changes])).toEqual([
      [2, ['Intensive fee: $90 → $95']],
      [1, ['First published version']],
    ]);
    const page = await practitioner.agent.get(`/offerings/${offering.id}/history`).expect(200);
    expect(page.text).toContain('Intensive fee: $90 → $95');

    // v1 is still readable exactly as published.
    const v1 = await api(owner).get(`/offerings/${offering.id}/versions/1`).expect(200);
    expect(v1.body.content.careArc[0].feePerVisitMinor).toBe(9000);
    expect(v1.body.providers).toEqual([{ id: practitioner.user.id, name: 'Dr. Ana Ortiz' }]);
  });

  it('shows visitors the page and the JSON with correct projections, without logging in', async () => {
    const offering = await publishExample();
    const visitor = t.browser();
    const json = await visitor.get(`/api/v1/public/practices/${owner.practice.slug}/offerings/${offering.slug}`).expect(200);
    const windows = json.body.projections.windows.map(
      (w: { label: string; visits: number; cost: { standard: number; low: number; high: number } }) => [
        w.label,
        w.visits,
        w.cost.standard,
        w.cost.low,
      ],
    );
    expect(windows).toEqual([
      ['Trial period (6 weeks)', 6, 54000, 27000],
      ['First 3 months', 10, 86000, 43000],
      ['First 6 months', 11, 94000, 47000],
      ['First 12 months', 13, 110000, 55000],
    ]);
    expect(json.body.providers).toEqual([{ name: 'Dr. Ana Ortiz', profile: null }]);
    // Billing identifiers and staff ids are not for the public.
    expect(JSON.stringify(json.body)).not.toMatch(/1234567893|12-3456789|estimate|practitionerIds/);
    expect(JSON.stringify(json.body)).not.toContain(practitioner.user.id);

    const page = await visitor.get(`/p/${owner.practice.slug}/${offering.slug}`).expect(200);
    for (const heading of [
      'How long before I notice a change?',
      'What will it cost?',
      'How much time will it take?',
      'Will I be asked to buy anything?',
      'What else could I try?',
    ]) {
      expect(page.text).toContain(heading);
    }
    expect(page.text).toContain('trial period of 6 weeks');
    expect(page.text).toContain('$270–$540');
    expect(page.text).toContain('<svg viewBox=');
    expect(page.text).toContain(
      'Intensive: weekly for 6 weeks; then Consolidation: every 2 weeks for 8 weeks; then Maintenance: every 3 months, ongoing.',
    );

    const list = await visitor.get(`/p/${owner.practice.slug}`).expect(200);
    expect(list.text).toContain('Chiropractic care for low back pain');
    const listJson = await visitor.get(`/api/v1/public/practices/${owner.practice.slug}/offerings`).expect(200);
    expect(listJson.body.offerings.length).toBeGreaterThanOrEqual(1);
  });

  it('discloses required products plainly on the public page', async () => {
    const offering = await createOffering(practitioner, 'Naturopathic detox support');
    const draft = exampleDraft([practitioner.user.id]);
    draft.title = 'Naturopathic detox support';
    draft.products = {
      policy: 'required',
      items: [{ name: 'Liver support formula', kind: 'product', priceMinor: 4500, why: 'Used in every visit plan.', required: true }],
    };
    await api(practitioner).put(`/offerings/${offering.id}/draft`, { revision: 0, draft }).expect(200);
    const editor = await practitioner.agent.get(`/offerings/${offering.id}/edit`).expect(200);
    expect(editor.text).toContain('Required products are a warning sign to clients.');
    await api(practitioner).post(`/offerings/${offering.id}/publish`).expect(201);
    const page = await t.browser().get(`/p/${owner.practice.slug}/${offering.slug}`).expect(200);
    expect(page.text).toContain('this offering requires you to buy the following from the practice');
    expect(page.text).toContain('Liver support formula (product), $45: Used in every visit plan.');
  });

  it('refuses to publish an incomplete draft, listing everything missing at once', async () => {
    const offering = await createOffering();
    const res = await api(practitioner).post(`/offerings/${offering.id}/publish`).expect(422);
    expect(res.body.code).toBe('DRAFT_INCOMPLETE');
    expect(Object.keys(res.body.fields)).toEqual(
      expect.arrayContaining(['summary', 'trialPeriod.length', 'careArc', 'alternatives', 'products.policy']),
    );
    expect(Object.keys(res.body.fields)).not.toContain('title');

    const overview = await practitioner.agent.get(`/offerings/${offering.id}`).expect(200);
    const page = await practitioner.agent
      .post(`/offerings/${offering.id}/publish`)
      .type('form')
      .send({ _csrf: csrfFrom(overview.text) })
      .expect(422);
    expect(page.text).toContain('This draft cannot be published yet');
    expect(page.text).toContain('add at least one other option: no offering is the only way');
    expect(await t.sql('SELECT 1 FROM offering_versions WHERE offering_id = $1', [offering.id])).toHaveLength(0);
  });

  it.each([
    ['a trial period of 0', (d: any) => (d.trialPeriod.length = 0), 'trialPeriod.length', 'must be at least 1'],
    [
      'a trial period over 2 years',
      (d: any) => Object.assign(d.trialPeriod, { length: 25, unit: 'months' }),
      'trialPeriod.length',
      'must be at most 2 years',
    ],
    ['a phase with no visits', (d: any) => (d.careArc[0].visits = 0), 'careArc.0.visits', 'must be at least 1'],
    ['negative minutes', (d: any) => (d.careArc[1].minutesPerVisit = -5), 'careArc.1.minutesPerVisit', 'must be at least 1'],
    ['a negative fee', (d: any) => (d.careArc[2].feePerVisitMinor = -100), 'careArc.2.feePerVisitMinor', 'must be at least 0'],
    [
      'a sliding scale minimum above its maximum',
      (d: any) => Object.assign(d.fees.slidingScale, { minPercent: 90, maxPercent: 40 }),
      'fees.slidingScale.minPercent',
      'must not be above the maximum',
    ],
    ['an unknown currency', (d: any) => (d.fees.currency = 'ABC'), 'fees.currency', 'is not an ISO 4217 currency code'],
    ['an unknown field', (d: any) => (d.careArc[0].colour = 'green'), 'careArc.0.colour', 'is not a field Ayni accepts here'],
    [
      'someone outside the practice as provider',
      (d: any) => (d.practitionerIds = ['00000000-0000-4000-8000-000000000000']),
      'practitionerIds',
      'must be active practitioners of this practice',
    ],
  ])('refuses %s by naming the field, and keeps the saved draft', async (_label, mutate, field, message) => {
    const offering = await createOffering();
    const good = exampleDraft([practitioner.user.id]);
    await api(practitioner).put(`/offerings/${offering.id}/draft`, { revision: 0, draft: good }).expect(200);
    const bad = exampleDraft([practitioner.user.id]);
    mutate(bad);
    const res = await api(practitioner).put(`/offerings/${offering.id}/draft`, { revision: 1, draft: bad }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.fields[field]).toBe(message);
    const [row] = await t.sql<{ draft: unknown; draft_revision: number }>('SELECT draft, draft_revision FROM offerings WHERE id = $1', [
      offering.id,
    ]);
    expect(row.draft_revision).toBe(1);
    expect(row.draft).toEqual(JSON.parse(JSON.stringify(good)));
  });

  it.each([
    ['a revision beyond any integer', { revision: 2147483648, draft: {} }, 400, 'revision'],
    ['a NUL character in a title', { revision: 0, draft: { title: 'a\u0000b' } }, 400, 'draft.title'],
    ['half a surrogate pair', { revision: 0, draft: { careArc: [{ name: 'x\ud800y' }] } }, 400, 'draft.careArc.0.name'],
    ['a list where a group of fields belongs', { revision: 0, draft: { trialPeriod: [] } }, 400, 'trialPeriod'],
    ['a list of lists as phases', { revision: 0, draft: { careArc: [[]] } }, 400, 'careArc'],
  ])('answers %s with a clear 400, never a 500', async (_label, body, status, field) => {
    const offering = await createOffering();
    const res = await api(practitioner).put(`/offerings/${offering.id}/draft`, body).expect(status);
    expect(Object.keys(res.body.fields ?? {})).toContain(field);
  });

  it('refuses bodies nested far deeper than any form', async () => {
    const offering = await createOffering();
    let deep: unknown = 'x';
    for (let i = 0; i < 200; i++) deep = [deep];
    const res = await api(practitioner)
      .put(`/offerings/${offering.id}/draft`, { revision: 0, draft: { title: deep } })
      .expect(400);
    expect(res.body.code).toBe('MALFORMED_BODY');
  });

  it('answers odd public addresses with 404', async () => {
    await t.browser().get(`/p/${owner.practice.slug}%00`).expect(404);
    await t.browser().get(`/api/v1/public/practices/${owner.practice.slug}/offerings/x%00`).expect(404);
  });

  it('refuses a duplicate address with 409 naming the slug', async () => {
    await api(practitioner).post('/offerings', { title: 'Massage', slug: 'massage' }).expect(201);
    const res = await api(practitioner).post('/offerings', { title: 'Another massage', slug: 'massage' }).expect(409);
    expect(res.body).toMatchObject({ code: 'SLUG_TAKEN', fields: { slug: 'is already used by another offering of this practice' } });
    // Without an explicit address, a free one is chosen.
    expect((await api(practitioner).post('/offerings', { title: 'Massage' }).expect(201)).body.slug).toBe('massage-2');
  });

  it('never lets two editors silently overwrite each other', async () => {
    const offering = await createOffering();
    await api(practitioner)
      .put(`/offerings/${offering.id}/draft`, { revision: 0, draft: { title: 'First edit' } })
      .expect(200);
    const stale = await api(owner)
      .put(`/offerings/${offering.id}/draft`, { revision: 0, draft: { title: 'Second edit' } })
      .expect(409);
    expect(stale.body.code).toBe('DRAFT_CONFLICT');
    expect((await api(owner).get(`/offerings/${offering.id}`)).body.draft.title).toBe('First edit');
  });

  it('keeps published versions immutable in the database itself', async () => {
    const offering = await publishExample();
    await expect(t.sql("UPDATE offering_versions SET content = '{}' WHERE offering_id = $1", [offering.id])).rejects.toThrow(/immutable/);
    await expect(t.sql('DELETE FROM offering_versions WHERE offering_id = $1', [offering.id])).rejects.toThrow(/immutable/);
  });

  it('says there is nothing to publish when the draft equals the latest version', async () => {
    const offering = await publishExample();
    const res = await api(practitioner).post(`/offerings/${offering.id}/publish`).expect(409);
    expect(res.body.code).toBe('NOTHING_TO_PUBLISH');
  });

  it('withdraws an offering from the public pages while its versions stay readable to staff', async () => {
    const offering = await publishExample();
    await api(owner).post(`/offerings/${offering.id}/withdraw`).expect(204);
    await t.browser().get(`/p/${owner.practice.slug}/${offering.slug}`).expect(404);
    await api(frontDesk).get(`/offerings/${offering.id}/versions/1`).expect(200);
    await api(owner).post(`/offerings/${offering.id}/restore`).expect(204);
    await t.browser().get(`/p/${owner.practice.slug}/${offering.slug}`).expect(200);
  });

  it('lets front desk read offerings but never edit them', async () => {
    const offering = await publishExample();
    await api(frontDesk).get('/offerings').expect(200);
    await api(frontDesk).get(`/offerings/${offering.id}`).expect(200);
    await frontDesk.agent.get(`/offerings/${offering.id}`).expect(200);
    expect((await api(frontDesk).post('/offerings', { title: 'Front desk offering' }).expect(403)).body.code).toBe('FORBIDDEN');
    const refused = await api(frontDesk)
      .put(`/offerings/${offering.id}/draft`, { revision: 1, draft: { title: 'Hijacked' } })
      .expect(403);
    expect(refused.body).toMatchObject({ code: 'FORBIDDEN', message: 'Your role (Front desk) can read this offering but not change it.' });
    await api(frontDesk).post(`/offerings/${offering.id}/publish`).expect(403);
    const page = await frontDesk.agent.get(`/offerings/${offering.id}/edit`).expect(403);
    expect(page.text).toContain('can read this offering but not change it');
    const form = await frontDesk.agent.get(`/offerings/${offering.id}`).expect(200);
    const post = await frontDesk.agent
      .post(`/offerings/${offering.id}/edit`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), revision: '1' })
      .expect(403);
    expect(post.text).not.toContain('Save draft');
    await frontDesk.agent.get('/offerings/new').expect(403);
    expect((await api(owner).get(`/offerings/${offering.id}`)).body.draft.title).toBe('Chiropractic care for low back pain');
  });

  describe('the editor page', () => {
    it('creates an offering from the new-offering form, with the address left empty', async () => {
      const form = await practitioner.agent.get('/offerings/new').expect(200);
      const res = await practitioner.agent
        .post('/offerings/new')
        .type('form')
        .send({ _csrf: csrfFrom(form.text), title: 'Reiki for rest', slug: '' })
        .expect(303);
      expect(res.headers.location).toMatch(/^\/offerings\/[0-9a-f-]{36}\/edit$/);
      const bad = await practitioner.agent
        .post('/offerings/new')
        .type('form')
        .send({ _csrf: csrfFrom(form.text), title: 'Reiki', slug: 'Not A Slug' })
        .expect(400);
      expect(bad.text).toContain('must be lower-case letters, digits and single hyphens');
      expect(bad.text).toContain('value="Reiki"');
    });

    it('saves what was typed, converting money and keeping a blank row out', async () => {
      const offering = await createOffering();
      const editor = await practitioner.agent.get(`/offerings/${offering.id}/edit`).expect(200);
      const res = await practitioner.agent
        .post(`/offerings/${offering.id}/edit`)
        .type('form')
        .send({
          _csrf: csrfFrom(editor.text),
          revision: '0',
          _action: 'save',
          'draft[title]': 'Gentle massage',
          'draft[modality]': 'bodywork_massage',
          'draft[practitionerIds][]': practitioner.user.id,
          'draft[trialPeriod][length]': '4',
          'draft[trialPeriod][unit]': 'weeks',
          'draft[careArc][0][name]': 'Weekly',
          'draft[careArc][0][visits]': '1',
          'draft[careArc][0][every]': '1',
          'draft[careArc][0][per]': 'week',
          'draft[careArc][0][lengthWeeks]': '',
          'draft[careArc][0][ongoing]': 'on',
          'draft[careArc][0][minutesPerVisit]': '60',
          'draft[careArc][0][feePerVisit]': '85.50',
          'draft[careArc][1][name]': '',
          'draft[careArc][1][per]': 'week',
          'draft[fees][currency]': 'USD',
        })
        .expect(303);
      expect(res.headers.location).toBe(`/offerings/${offering.id}/edit?saved=1#saved`);
      const { draft } = (await api(practitioner).get(`/offerings/${offering.id}`)).body;
      expect(draft.careArc).toEqual([
        {
          name: 'Weekly',
          visits: 1,
          every: 1,
          per: 'week',
          lengthWeeks: null,
          minutesPerVisit: 60,
          feePerVisitMinor: 8550,
          serviceCodes: [],
        },
      ]);
      expect(draft.practitionerIds).toEqual([practitioner.user.id]);
      const again = await practitioner.agent.get(res.headers.location.split('#')[0]).expect(200);
      expect(again.text).toContain('value="85.50"');
      expect(again.text).toContain('Draft saved.');
    });

    it('puts a message beside the row it belongs to, and keeps a removal ticked', async () => {
      const offering = await createOffering();
      await api(practitioner)
        .put(`/offerings/${offering.id}/draft`, { revision: 0, draft: exampleDraft([practitioner.user.id]) })
        .expect(200);
      const editor = await practitioner.agent.get(`/offerings/${offering.id}/edit`).expect(200);
      const phase = (i: number, name: string, minutes: string, remove = false) => ({
        [`draft[careArc][${i}][name]`]: name,
        [`draft[careArc][${i}][visits]`]: '1',
        [`draft[careArc][${i}][every]`]: '1',
        [`draft[careArc][${i}][per]`]: 'week',
        [`draft[careArc][${i}][lengthWeeks]`]: '4',
        [`draft[careArc][${i}][minutesPerVisit]`]: minutes,
        [`draft[careArc][${i}][feePerVisit]`]: '80',
        ...(remove ? { [`draft[careArc][${i}][remove]`]: 'on' } : {}),
      });
      const res = await practitioner.agent
        .post(`/offerings/${offering.id}/edit`)
        .type('form')
        .send({
          _csrf: csrfFrom(editor.text),
          revision: '1',
          'draft[fees][currency]': 'USD',
          ...phase(0, 'A', '30', true),
          ...phase(1, 'B', '30'),
          ...phase(2, 'C', '-5'),
        })
        .expect(400);
      expect(res.text).toContain('id="error-careArc.2.minutesPerVisit"');
      expect(res.text).not.toContain('id="error-careArc.1.minutesPerVisit"');
      expect(res.text).toMatch(/name="draft\[careArc\]\[0\]\[remove\]" checked/);
    });

    it('keeps a sliding scale typed without ticking its box, and refuses amounts it cannot read', async () => {
      const offering = await createOffering();
      const editor = await practitioner.agent.get(`/offerings/${offering.id}/edit`).expect(200);
      const base = { _csrf: csrfFrom(editor.text), revision: '0', 'draft[fees][currency]': 'EUR' };
      await practitioner.agent
        .post(`/offerings/${offering.id}/edit`)
        .type('form')
        .send({
          ...base,
          'draft[fees][slidingScale][minPercent]': '60',
          'draft[fees][slidingScale][maxPercent]': '100',
          'draft[careArc][0][name]': 'Weekly',
          'draft[careArc][0][feePerVisit]': '90,50',
        })
        .expect(303);
      const { draft } = (await api(practitioner).get(`/offerings/${offering.id}`)).body;
      expect(draft.fees.slidingScale).toEqual({ minPercent: 60, maxPercent: 100 });
      expect(draft.careArc[0].feePerVisitMinor).toBe(9050);
      const again = await practitioner.agent.get(`/offerings/${offering.id}/edit`).expect(200);
      const res = await practitioner.agent
        .post(`/offerings/${offering.id}/edit`)
        .type('form')
        .send({
          ...base,
          _csrf: csrfFrom(again.text),
          revision: '1',
          'draft[careArc][0][name]': 'Weekly',
          'draft[careArc][0][feePerVisit]': '1.000',
        })
        .expect(400);
      expect(res.text).toContain('must be an amount of money');
      expect(res.text).toContain('value="1.000"');
    });

    it('shows a wrong field beside its input, keeps everything typed, and keeps the saved draft', async () => {
      const offering = await createOffering(practitioner, 'Kept title');
      const editor = await practitioner.agent.get(`/offerings/${offering.id}/edit`).expect(200);
      const res = await practitioner.agent
        .post(`/offerings/${offering.id}/edit`)
        .type('form')
        .send({
          _csrf: csrfFrom(editor.text),
          revision: '0',
          'draft[title]': 'A new title being typed',
          'draft[trialPeriod][length]': '0',
          'draft[trialPeriod][unit]': 'weeks',
          'draft[careArc][0][name]': 'Intensive',
          'draft[careArc][0][feePerVisit]': 'ninety',
          'draft[fees][currency]': 'USD',
        })
        .expect(400);
      expect(res.text).toContain('must be at least 1');
      expect(res.text).toContain('must be an amount of money');
      expect(res.text).toContain('value="A new title being typed"');
      expect(res.text).toContain('value="ninety"');
      expect(res.text).toContain('id="field-careArc.0.feePerVisitMinor"');
      expect((await api(practitioner).get(`/offerings/${offering.id}`)).body.draft.title).toBe('Kept title');
    });

    it('publishes from the overview page', async () => {
      const offering = await createOffering();
      await api(practitioner)
        .put(`/offerings/${offering.id}/draft`, { revision: 0, draft: exampleDraft([practitioner.user.id]) })
        .expect(200);
      const overview = await practitioner.agent.get(`/offerings/${offering.id}`).expect(200);
      expect(overview.text).toContain('Everything a client needs is there.');
      const res = await practitioner.agent
        .post(`/offerings/${offering.id}/publish`)
        .type('form')
        .send({ _csrf: csrfFrom(overview.text) })
        .expect(303);
      expect(res.headers.location).toBe(`/offerings/${offering.id}?published=1`);
      const after = await practitioner.agent.get(res.headers.location).expect(200);
      expect(after.text).toContain('Version 1 is published.');
      const version = await practitioner.agent.get(`/offerings/${offering.id}/versions/1`).expect(200);
      expect(version.text).toContain('How long before I notice a change?');
    });
  });
});
