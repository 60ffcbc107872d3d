import { randomBytes, randomUUID } from 'node:crypto';
import { addMember, csrfFrom, SignedInClient, signUpPractice } from '../factories/accounts';
import { countersignedAgreement, daysFromToday, publishedOffering } from '../factories/agreements';
import { clientApi, COMPLETE_ANSWERS, inviteClient } from '../factories/intake';
import { asBytes, download, pdfText } from '../support/pdf-text';
import { storedAnswers } from '../support/sealed';
import { startTestApp, TestApp } from '../support/test-app';

/** Words that appear nowhere but where the client or practitioner typed them. */
const STORY = 'Quillberry orchards gave me this limp, and nobody believed the winter ache.';
const WORDS = {
  story: 'Quillberry orchards',
  goal: 'Zephyrine hiking again',
  sleep: 'Marmoset dreams at dawn',
  pronouns: 'xe/xem',
  reflection: 'Heard: a quillcrest limp',
  mattersMost: 'Walking the zephyr ridge',
  correction: 'Not winter but autumn, gloamridge',
  working: 'Tamarind stretches help',
  notWorking: 'Brindlewood chairs hurt',
  goalWords: 'Halfway up Saltmarrow hill',
  reason: 'Lighter cadence: pellucid progress',
  notes: 'Private note: vermilion reflex',
};

describe('encryption at rest: what is stored, and what every reader sees', () => {
  let t: TestApp;
  let owner: SignedInClient;
  let ana: SignedInClient;
  let frontDesk: SignedInClient;
  let offeringId: string;

  const api = (who: SignedInClient) => ({
    get: (path: string) => who.agent.get(`/api/v1${path}`),
    post: (path: string, body?: object) => who.agent.post(`/api/v1${path}`).set('X-CSRF-Token', who.csrfToken).send(body),
  });

  /** Every text, varchar and jsonb value in the database that contains `phrase`, as table.column. */
  async function whereStored(phrase: string): Promise<string[]> {
    const columns = await t.sql<{ table_name: string; column_name: string }>(
      `SELECT c.table_name, c.column_name FROM information_schema.columns c
         JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
        WHERE c.table_schema = 'public' AND tb.table_type = 'BASE TABLE' AND c.data_type IN ('text', 'character varying', 'jsonb', 'json')`,
    );
    const found: string[] = [];
    for (const { table_name, column_name } of columns) {
      const [row] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${table_name}" WHERE "${column_name}"::text ILIKE $1`, [
        `%${phrase}%`,
      ]);
      if (row.n) found.push(`${table_name}.${column_name}`);
    }
    return found;
  }

  beforeAll(async () => {
    t = await startTestApp({ ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}` });
    owner = await signUpPractice(t.browser(), { practiceName: 'Riverside Healing Arts' });
    ana = await addMember(owner, t.browser(), 'practitioner', 'Dr. Ana Ortiz');
    frontDesk = await addMember(owner, t.browser(), 'front_desk');
    offeringId = await publishedOffering(ana);
  });
  afterAll(() => t.close());

  it('stores the story, the other free text and the reflection thread only encrypted, and shows them decrypted everywhere', async () => {
    const { id, token } = await inviteClient(frontDesk, { name: 'Maya Ortiz' });
    const answers = {
      ...COMPLETE_ANSWERS,
      'story.text': STORY,
      'goals.1': WORDS.goal,
      'baseline.sleep_words': WORDS.sleep,
      'about.pronouns': WORDS.pronouns,
      'about.preferred_name': 'Maya',
    };
    const client = clientApi(t.browser(), token);
    // The autosave merges one encrypted value per answer into the draft.
    await client.save(0, { 'story.text': 'a first draft' }).expect(200);
    await client.save(1, answers).expect(200);
    const draft = await storedAnswers(t, 'intakes', id);
    expect(draft.raw['story.text']).toMatch(/^enc:v1:k1:/);
    expect(draft.opened['story.text']).toBe(STORY);
    await client.submit(randomUUID()).expect(201);
    await api(ana)
      .post(`/intakes/${id}/reflection`, { story: WORDS.reflection, mattersMost: WORDS.mattersMost, goals: { 'goals.1': 'To hike again' } })
      .expect(201);
    await t
      .browser()
      .post(`/api/v1/intake-links/${token}/reflection/response`)
      .send({ verdict: 'corrected', overall: WORDS.correction })
      .expect(201);

    // In the database: nowhere in plaintext, not even in the audit trail, the outbox or a kept PDF.
    for (const phrase of [WORDS.story, WORDS.goal, WORDS.sleep, WORDS.reflection, WORDS.mattersMost, WORDS.correction]) {
      expect({ phrase, tables: await whereStored(phrase) }).toEqual({ phrase, tables: [] });
    }
    const submitted = await storedAnswers(t, 'intake_submissions', id);
    for (const q of ['story.text', 'goals.1', 'baseline.sleep_words', 'about.pronouns']) expect(submitted.raw[q]).toMatch(/^enc:v1:k1:/);
    // What SQL reads stays readable: names, e-mail, dates, numbers, scales, choices.
    expect(submitted.raw).toMatchObject({
      'about.name': 'Maya Ortiz',
      'about.preferred_name': 'Maya',
      'about.email': 'maya@example.org',
      'about.date_of_birth': '1984-03-09',
      'baseline.sleep': 4,
      'expectations.notice_within': 'weeks',
    });
    expect(submitted.opened).toMatchObject({ 'story.text': STORY, 'goals.1': WORDS.goal, 'about.pronouns': WORDS.pronouns });
    const [entry] = await t.sql<{ content: Record<string, unknown> }>(
      `SELECT content FROM reflection_entries WHERE intake_id = $1 AND kind = 'response'`,
      [id],
    );
    expect(entry.content.verdict).toBe('corrected');
    expect(entry.content.overall).toMatch(/^enc:v1:k1:/);

    // Every reader sees the words: staff pages, the API, the exports, the PDF, the client's own pages.
    expect((await ana.agent.get(`/intake/${id}`).expect(200)).text).toContain(STORY);
    expect((await api(ana).get(`/intakes/${id}`).expect(200)).body.answers.sections[0].answers[0].text).toBe(STORY);
    expect((await api(ana).get(`/intakes/${id}/export`).expect(200)).body.answers['story.text']).toBe(STORY);
    expect(JSON.stringify((await api(ana).get(`/intakes/${id}/fhir`).expect(200)).body)).toContain(STORY);
    expect(pdfText((await download(ana.agent, `/intake/${id}/pdf`).expect(200)).body as Buffer)).toMatch(/Quillberry\s+orchards/);
    const thread = (await ana.agent.get(`/intake/${id}/reflection`).expect(200)).text;
    for (const words of [WORDS.reflection, WORDS.mattersMost, WORDS.correction, STORY]) expect(thread).toContain(words);
    expect((await t.browser().get(`/i/${token}`).expect(200)).text).toContain(STORY);
    expect((await t.browser().get(`/api/v1/intake-links/${token}`).expect(200)).body.answers['story.text']).toBe(STORY);
    expect((await t.browser().get(`/i/${token}/heard`).expect(200)).text).toContain(WORDS.reflection);
    // The inbox still finds the client by name.
    expect((await api(ana).get('/intakes?q=ortiz').expect(200)).body.items.map((i: { id: string }) => i.id)).toContain(id);
  });

  it('stores review answers, the reason and the notes only encrypted; the practitioner and the client read them', async () => {
    const { id, token } = await countersignedAgreement(t, { desk: frontDesk, practitioner: ana }, offeringId, daysFromToday(-56));
    await ana.agent.get('/reviews').expect(200); // reviews are scheduled when they are listed
    const [review] = await t.sql<{ id: string }>('SELECT id FROM reviews WHERE agreement_id = $1 ORDER BY due_date LIMIT 1', [id]);
    const path = `/i/${token}/reviews/${review.id}`;
    await t
      .browser()
      .post(path)
      .type('form')
      .send({
        'goals[goals.1][score]': '7',
        'goals[goals.1][words]': WORDS.goalWords,
        'baseline[baseline.eating]': '7',
        'baseline[baseline.sleep_hours]': '7.5',
        'baseline[baseline.sleep]': '8',
        'baseline[baseline.sleep_words]': WORDS.sleep,
        'baseline[baseline.movement]': '6',
        'baseline[baseline.emotions]': '7',
        working: WORDS.working,
        notWorking: WORDS.notWorking,
      })
      .expect(303);
    const page = (await ana.agent.get(`/reviews/${review.id}`).expect(200)).text;
    await ana.agent
      .post(`/reviews/${review.id}/decision`)
      .type('form')
      .send({ _csrf: csrfFrom(page), decision: 'continue', reason: WORDS.reason, notes: WORDS.notes })
      .expect(303);

    for (const phrase of [WORDS.goalWords, WORDS.working, WORDS.notWorking, WORDS.reason, WORDS.notes]) {
      expect({ phrase, tables: await whereStored(phrase) }).toEqual({ phrase, tables: [] });
    }
    const [stored] = await t.sql<{
      answers: { goals: Record<string, { score: number }> };
      decision_reason: string;
      practitioner_notes: string;
    }>('SELECT answers, decision_reason, practitioner_notes FROM reviews WHERE id = $1', [review.id]);
    expect(stored.answers.goals['goals.1'].score).toBe(7);
    expect(stored.decision_reason).toMatch(/^enc:v1:k1:/);
    expect(stored.practitioner_notes).toMatch(/^enc:v1:k1:/);

    const staffPage = (await ana.agent.get(`/reviews/${review.id}`).expect(200)).text;
    for (const words of [WORDS.goalWords, WORDS.working, WORDS.notWorking, WORDS.reason, WORDS.notes]) expect(staffPage).toContain(words);
    const clientPage = (await t.browser().get(path).expect(200)).text;
    expect(clientPage).toContain(WORDS.reason);
    expect(clientPage).not.toContain(WORDS.notes); // the notes are the practitioner's own
  });

  it('reads rows written before encryption (plaintext) as they are', async () => {
    const { id, token } = await inviteClient(frontDesk, { name: 'Old Row' });
    await t.sql(`UPDATE intakes SET answers = $2::jsonb, status = 'in_progress' WHERE id = $1`, [
      id,
      JSON.stringify({ 'about.name': 'Old Row', 'story.text': 'An old plaintext story from before encryption.' }),
    ]);
    expect((await t.browser().get(`/api/v1/intake-links/${token}`).expect(200)).body.answers['story.text']).toBe(
      'An old plaintext story from before encryption.',
    );
    expect((await ana.agent.get(`/intake/${id}`).expect(200)).text).toContain('An old plaintext story from before encryption.');
  });

  it('a ciphertext copied to another row does not open: a clear page and a logged error, never a 500 or the text', async () => {
    const a = await inviteClient(frontDesk, { name: 'Row A' });
    const b = await inviteClient(frontDesk, { name: 'Row B' });
    await clientApi(t.browser(), a.token).save(0, { 'story.text': 'Story of row A, private.' }).expect(200);
    await clientApi(t.browser(), b.token).save(0, { 'story.text': 'Story of row B.' }).expect(200);
    await t.sql(
      `UPDATE intakes SET answers = jsonb_set(answers, '{story.text}', (SELECT answers->'story.text' FROM intakes WHERE id = $1)) WHERE id = $2`,
      [a.id, b.id],
    );
    const logged: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      logged.push(String(chunk));
      return true;
    });
    try {
      const staffPage = await ana.agent.get(`/intake/${b.id}`).expect(409);
      expect(staffPage.text).toContain('Part of this record cannot be read');
      expect(staffPage.text).not.toContain('row A');
      const clientPage = await t.browser().get(`/i/${b.token}`).expect(409);
      expect(clientPage.text).toContain('Nothing was changed');
      const apiAnswer = await t.browser().get(`/api/v1/intake-links/${b.token}`).expect(409);
      expect(apiAnswer.body).toMatchObject({ code: 'ENCRYPTED_VALUE_UNREADABLE' });
      expect(JSON.stringify(apiAnswer.body)).not.toContain('row A');
      const line = logged
        .map((l) => JSON.parse(l))
        .find((e) => e.msg === 'ENCRYPTED_VALUE_UNREADABLE' && e.correlationId === apiAnswer.body.correlationId);
      expect(line).toMatchObject({
        level: 'error',
        table: 'intakes',
        recordId: b.id,
        field: 'answers:["story.text"]',
        keyId: 'k1',
        reason: 'not-authentic',
      });
    } finally {
      spy.mockRestore();
    }
    // The row itself is untouched, and the row it came from still reads.
    expect((await storedAnswers(t, 'intakes', a.id)).opened['story.text']).toBe('Story of row A, private.');
  });

  it('submissions and reflections stay immutable: only a re-encryption may change their encrypted column', async () => {
    const [any] = await t.sql<{ id: string }>('SELECT id FROM intake_submissions LIMIT 1');
    await expect(t.sql(`UPDATE intake_submissions SET answers = answers WHERE id = $1`, [any.id])).rejects.toThrow(/immutable/);
    const asRotation = (sql: string) =>
      t.dataSource.transaction(async (tx) => {
        await tx.query(`SELECT set_config('ayni.reencrypting', 'on', true)`);
        await tx.query(sql, [any.id]);
      });
    await expect(asRotation(`UPDATE intake_submissions SET answers = answers WHERE id = $1`)).resolves.toBeUndefined();
    await expect(asRotation(`UPDATE intake_submissions SET submitted_at = now() WHERE id = $1`)).rejects.toThrow(/immutable/);
    await expect(asRotation(`DELETE FROM intake_submissions WHERE id = $1`)).rejects.toThrow(/immutable/);
  });
});
