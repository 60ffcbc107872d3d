import { randomUUID } from 'node:crypto';
import { READ_ACTIONS } from '../../src/audit/audit-events';
import { addMember, csrfFrom, SignedInClient, signUpPractice, postForm } from '../factories/accounts';
import { clientApi, COMPLETE_ANSWERS, inviteClient } from '../factories/intake';
import { exampleDraft } from '../factories/offerings';
import { asBytes, download, pdfPages, pdfText } from '../support/pdf-text';
import { startTestApp, TestApp } from '../support/test-app';

describe('care agreements: propose, change, sign, countersign, verify', () => {
  let t: TestApp;
  let owner: SignedInClient;
  let ana: SignedInClient;
  let frontDesk: SignedInClient;
  let offeringId: string;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpPractice(t.browser(), { practiceName: 'Riverside Healing Arts' });
    ana = await addMember(owner, t.browser(), 'practitioner', 'Dr. Ana Ortiz');
    frontDesk = await addMember(owner, t.browser(), 'front_desk');
    const created = await ana.agent.post('/api/v1/offerings').set('X-CSRF-Token', ana.csrfToken).send({ title: 'Back care' }).expect(201);
    await ana.agent
      .put(`/api/v1/offerings/${created.body.id}/draft`)
      .set('X-CSRF-Token', ana.csrfToken)
      .send({ revision: 0, draft: { ...exampleDraft([ana.user.id]), title: 'Back care' } })
      .expect(200);
    await ana.agent.post(`/api/v1/offerings/${created.body.id}/publish`).set('X-CSRF-Token', ana.csrfToken).expect(201);
    offeringId = created.body.id;
  });
  afterAll(() => t.close());

  async function submittedIntake() {
    const { id, token } = await inviteClient(frontDesk, { name: 'Maya Ortiz' });
    await clientApi(t.browser(), token)
      .save(0, { ...COMPLETE_ANSWERS, 'expectations.notice_within_amount': 2, 'expectations.monthly_budget': 150 })
      .expect(200);
    await clientApi(t.browser(), token).submit(randomUUID()).expect(201);
    return { intakeId: id, token };
  }

  it('goes the whole way, and the database keeps the signed content sealed', async () => {
    const { intakeId, token } = await submittedIntake();
    const newPage = (await ana.agent.get(`/agreements/new?intake=${intakeId}`).expect(200)).text;
    // Not heard yet: the practitioner must say why they go ahead.
    const refused = await postForm(ana.agent, '/agreements/new', newPage, {
      intakeId,
      offeringId,
      startDate: '2026-12-07',
      reflectionNote: '',
    }).expect(400);
    expect(refused.text).toContain('the client has not confirmed what you heard yet');
    const started = await postForm(ana.agent, '/agreements/new', newPage, {
      intakeId,
      offeringId,
      startDate: '2026-12-07',
      reflectionNote: 'We met in person and went through it together.',
    }).expect(303);
    const path = started.headers.location as string;
    const id = path.split('/').pop()!;

    let page = (await ana.agent.get(path).expect(200)).text;
    const incomplete = await postForm(ana.agent, `${path}/propose`, page).expect(422);
    expect(incomplete.text).toContain('the client’s reasons, in their words');
    await postForm(ana.agent, path, page, {
      revision: '0',
      'choice[option]': '0',
      'choice[reasons]': 'I want to carry my daughter again, and six weeks is a fair try.',
      'findings[timing]': 'We agreed to judge at the end of the six weeks.',
      'findings[budget]': 'We use the sliding scale for the first phase.',
      'findings[time]': 'Home exercises in two short sessions a day.',
      'findings[approach]': 'No products.',
    }).expect(303);
    page = (await ana.agent.get(path).expect(200)).text;
    await postForm(ana.agent, `${path}/propose`, page).expect(303);

    // The client asks for a change; a draft edit, then a second proposal.
    const clientPath = `/i/${token}/agreements/${id}`;
    const visitor = t.browser();
    let clientPage = (await visitor.get(clientPath).expect(200)).text;
    expect(clientPage).toContain('I want to carry my daughter again');
    const empty = await postForm(visitor, `${clientPath}/changes`, clientPage, { text: ' ' }).expect(400);
    expect(empty.text).toContain('is empty');
    await postForm(visitor, `${clientPath}/changes`, clientPage, { text: 'Could we start on Tuesday mornings?' }).expect(303);
    page = (await ana.agent.get(path).expect(200)).text;
    expect(page).toContain('Could we start on Tuesday mornings?');
    await postForm(ana.agent, path, page, {
      revision: /name="revision" value="(\d+)"/.exec(page)![1],
      'commitments[practitioner]': 'Tuesday mornings, and to explain every step.',
    }).expect(303);
    page = (await ana.agent.get(path).expect(200)).text;
    await postForm(ana.agent, `${path}/propose`, page).expect(303);

    // Bad signatures are refused clearly; the right one lands.
    clientPage = (await visitor.get(clientPath).expect(200)).text;
    const hash = /name="contentHash" value="([0-9a-f]{64})"/.exec(clientPage)![1];
    const wrongName = await postForm(visitor, `${clientPath}/sign`, clientPage, {
      typedName: 'Someone Else',
      consent: 'yes',
      contentHash: hash,
    }).expect(400);
    expect(wrongName.text).toContain('does not match the name on the agreement (Maya Ortiz)');
    const noTick = await postForm(visitor, `${clientPath}/sign`, clientPage, { typedName: 'Maya Ortiz', contentHash: hash }).expect(400);
    expect(noTick.text).toContain('must be ticked to sign');
    await postForm(visitor, `${clientPath}/sign`, clientPage, { typedName: 'maya  ortiz', consent: 'yes', contentHash: hash }).expect(303);
    // Sent again (a double click, the back button): the first signature stands and nothing is added; a stale one is refused.
    await postForm(visitor, `${clientPath}/sign`, clientPage, { typedName: 'Maya Ortiz', consent: 'yes', contentHash: hash }).expect(303);
    await postForm(visitor, `${clientPath}/sign`, clientPage, {
      typedName: 'Maya Ortiz',
      consent: 'yes',
      contentHash: 'f'.repeat(64),
    }).expect(409);

    // Front desk cannot countersign, nor read the client's story on screen; the practitioner does.
    page = (await ana.agent.get(path).expect(200)).text;
    const deskPage = (await frontDesk.agent.get(path).expect(200)).text;
    expect(deskPage).not.toContain('My lower back has hurt');
    expect(page).toContain('My lower back has hurt');
    await postForm(frontDesk.agent, `${path}/countersign`, deskPage, { typedName: 'Frankie Frontdesk', consent: 'yes' }).expect(403);
    await postForm(ana.agent, `${path}/countersign`, page, { typedName: 'Dr. Ana Ortiz', consent: 'yes' }).expect(303);

    await expect(t.sql(`UPDATE agreements SET content = content || '{"tampered": true}' WHERE id = $1`, [id])).rejects.toThrow(/immutable/);
    await expect(t.sql(`UPDATE agreements SET status = 'draft' WHERE id = $1`, [id])).rejects.toThrow(/immutable/);
    await expect(t.sql('DELETE FROM agreement_signatures WHERE agreement_id = $1', [id])).rejects.toThrow(/immutable/);

    // The signed PDF: what it says, and /verify matching it byte for byte.
    const pdf = await download(ana.agent, `${path}/pdf`).expect(200);
    const bytes = pdf.body as Buffer;
    const text = pdfText(bytes);
    expect(text).toContain('Carry my daughter without pain');
    expect(text).toMatch(/Tuesday mornings/);
    const [row] = await t.sql<{ content_hash: string; verification_code: string }>(
      'SELECT content_hash, verification_code FROM agreements WHERE id = $1',
      [id],
    );
    expect(text.replace(/\s+/g, '')).toContain(row.content_hash);
    const again = await download(visitor, `${clientPath}/pdf`).expect(200);
    expect(Buffer.compare(again.body as Buffer, bytes)).toBe(0);

    const verifyPage = (await t.browser().get(`/verify/${row.verification_code}`).expect(200)).text;
    expect(verifyPage).toContain('This code matches a care agreement');
    expect(verifyPage).not.toContain('Maya');
    const uploader = t.browser();
    const form1 = (await uploader.get('/verify').expect(200)).text;
    const action = /action="(\/verify\?_csrf=[^"]+)"/.exec(form1)![1].replace(/&amp;/g, '&');
    const exact = await uploader.post(action).attach('file', bytes, 'agreement.pdf').expect(200);
    expect(exact.text).toContain('This file is an exact copy of a signed agreement');
    const tampered = Buffer.from(bytes);
    tampered[Math.floor(tampered.length / 2)] ^= 1;
    const changed = await uploader.post(action).attach('file', tampered, 'agreement.pdf').expect(200);
    expect(changed.text).toContain('is not a countersigned copy issued through Ayni');
    const notPdf = await uploader.post(action).attach('file', Buffer.from('hello'), 'a.txt').expect(400);
    expect(notPdf.text).toContain('must be a PDF file');

    // The front desk prints a merged batch; the intake summary is not theirs to print.
    const queue = (await frontDesk.agent.get('/print-queue').expect(200)).text;
    expect(queue).toContain(`value="agreement:${id}"`);
    expect(queue).not.toContain(`value="intake_summary:${intakeId}"`);
    expect((await ana.agent.get('/print-queue').expect(200)).text).toContain(`value="intake_summary:${intakeId}"`);
    const refusedBatch = await postForm(frontDesk.agent, '/print-queue/print', queue, { 'items[]': [`intake_summary:${intakeId}`] }).expect(
      400,
    );
    expect(refusedBatch.text).toContain('reload the queue');
    const practitionerQueue = (await ana.agent.get('/print-queue').expect(200)).text;
    const batch = await ana.agent
      .post('/print-queue/print')
      .type('form')
      .send({ _csrf: csrfFrom(practitionerQueue), 'items[]': [`agreement:${id}`, `intake_summary:${intakeId}`] })
      .buffer(true)
      .parse(asBytes)
      .expect(200);
    expect(batch.headers['content-type']).toBe('application/pdf');
    const batchText = pdfText(batch.body as Buffer);
    expect(batchText).toContain('Care agreement');
    expect(batchText).toContain('Intake summary');
    const summary = await download(ana.agent, `/intake/${intakeId}/pdf`).expect(200);
    expect(pdfPages(batch.body as Buffer)).toBe(pdfPages(bytes) + pdfPages(summary.body as Buffer));
    const printed = await t.sql<{ kind: string; printed_by_name: string }>(
      'SELECT kind, printed_by_name FROM printed_items WHERE record_id IN ($1, $2) ORDER BY kind',
      [id, intakeId],
    );
    expect(printed).toEqual([
      { kind: 'agreement', printed_by_name: 'Dr. Ana Ortiz' },
      { kind: 'intake_summary', printed_by_name: 'Dr. Ana Ortiz' },
    ]);
    expect((await frontDesk.agent.get('/print-queue').expect(200)).text).not.toContain(`value="agreement:${id}"`);
    await postForm(frontDesk.agent, '/print-queue/print', queue, {}).expect(400);

    const events = await t.sql<{ action: string; actor_kind: string }>(
      // Changes only: reads of it are recorded too (audit.e2e-spec).
      'SELECT action, actor_kind FROM audit_events WHERE record_id = $1 AND NOT action = ANY($2) ORDER BY seq',
      [id, READ_ACTIONS],
    );
    expect(events.map((e) => `${e.actor_kind}:${e.action}`)).toEqual([
      'staff:agreement.started',
      'staff:agreement.proposed',
      'client:agreement.changes_requested',
      'staff:agreement.proposed',
      'client:agreement.signed',
      'staff:agreement.signed',
    ]);
  });

  /** A proposed agreement, ready to sign. */
  async function proposed() {
    const { intakeId, token } = await submittedIntake();
    const newPage = (await ana.agent.get(`/agreements/new?intake=${intakeId}`).expect(200)).text;
    const started = await postForm(ana.agent, '/agreements/new', newPage, {
      intakeId,
      offeringId,
      startDate: '2026-12-07',
      reflectionNote: 'Talked it through.',
    }).expect(303);
    const path = started.headers.location as string;
    let page = (await ana.agent.get(path).expect(200)).text;
    await postForm(ana.agent, path, page, {
      revision: '0',
      'choice[reasons]': 'It fits my life.',
      'findings[timing]': 'Agreed.',
      'findings[budget]': 'Agreed.',
      'findings[time]': 'Agreed.',
      'findings[approach]': 'Agreed.',
    }).expect(303);
    page = (await ana.agent.get(path).expect(200)).text;
    await postForm(ana.agent, `${path}/propose`, page).expect(303);
    return { path, id: path.split('/').pop()!, token, intakeId };
  }

  it('signs at the practice on a signing screen, and an amendment supersedes the agreement once countersigned', async () => {
    const { path, id } = await proposed();
    const deskPage = (await frontDesk.agent.get(path).expect(200)).text;
    const opened = await postForm(frontDesk.agent, `${path}/screen`, deskPage).expect(200);
    const screenPath = /value="https?:\/\/[^/"]+(\/sign\/[^"]+)"/.exec(opened.text)![1];
    // Never behind a staff session.
    expect((await frontDesk.agent.get(screenPath).expect(409)).text).toContain('Log out first');
    const device = t.browser(); // no one is logged in on it
    const screen = await device.get(screenPath).expect(200);
    expect(screen.text).toContain('Sign your care agreement');
    expect(screen.text).not.toContain('Print queue');
    await device.post(screenPath).type('form').send({ typedName: 'Maya Ortiz' }).expect(400);
    await device.post(screenPath).type('form').send({ typedName: 'Maya Ortiz', consent: 'yes' }).expect(200);
    await device.get(screenPath).expect(410);
    const tampered = screenPath.slice(0, -2) + (screenPath.endsWith('A') ? 'BB' : 'AA');
    await device.get(tampered).expect(410);
    const [signature] = await t.sql<{ method: string; staff_id: string }>(
      'SELECT method, staff_id FROM agreement_signatures WHERE agreement_id = $1',
      [id],
    );
    expect(signature).toEqual({ method: 'in_person', staff_id: frontDesk.user.id });

    let page = (await ana.agent.get(path).expect(200)).text;
    const wrong = await postForm(ana.agent, `${path}/countersign`, page, { typedName: 'Someone Else', consent: 'yes' }).expect(400);
    expect(wrong.text).toContain('does not match the name on the agreement (Dr. Ana Ortiz)');
    await postForm(ana.agent, `${path}/countersign`, page, { typedName: 'Dr. Ana Ortiz', consent: 'yes' }).expect(303);
    page = (await ana.agent.get(path).expect(200)).text;
    const amended = await postForm(ana.agent, `${path}/amend`, page).expect(303);
    const amendmentPath = amended.headers.location as string;
    const twice = await postForm(ana.agent, `${path}/amend`, page).expect(409);
    expect(twice.text).toContain('already has an amendment under way');
    let amendment = (await ana.agent.get(amendmentPath).expect(200)).text;
    expect(amendment).toContain('This agreement amends');
    const unchanged = await postForm(ana.agent, `${amendmentPath}/propose`, amendment).expect(422);
    expect(unchanged.text).toContain('This amendment changes nothing yet');
    // A typo in a save keeps what was typed; then a real change, shown as a readable diff.
    const tooLong = await postForm(ana.agent, amendmentPath, amendment, {
      revision: /name="revision" value="(\d+)"/.exec(amendment)![1],
      'commitments[practitioner]': 'Tuesday mornings only.',
      'options[o2][involves]': 'x'.repeat(4001),
    }).expect(400);
    expect(tooLong.text).toContain('Tuesday mornings only.');
    await postForm(ana.agent, amendmentPath, amendment, {
      revision: /name="revision" value="(\d+)"/.exec(amendment)![1],
      'commitments[practitioner]': 'Tuesday mornings only.',
    }).expect(303);
    amendment = (await ana.agent.get(amendmentPath).expect(200)).text;
    expect(amendment).toContain('What this amendment changes');
    expect(amendment).toContain('Dr. Ana Ortiz’s commitments: changed — “Tuesday mornings only.”');
    await postForm(ana.agent, `${amendmentPath}/propose`, amendment).expect(303);
    amendment = (await frontDesk.agent.get(amendmentPath).expect(200)).text;
    const paperAction = /action="([^"]*\/paper\?_csrf=[^"]+)"/.exec(amendment)![1].replace(/&amp;/g, '&');
    const code = /code ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(amendment)![1];
    const paperless = await frontDesk.agent
      .post(paperAction)
      .field('typedName', 'Maya Ortiz')
      .field('witnessName', '')
      .field('code', code)
      .expect(400);
    expect(paperless.text).toContain('who saw the client sign');
    const oldPaper = await frontDesk.agent
      .post(paperAction)
      .field('typedName', 'Maya Ortiz')
      .field('witnessName', 'Frankie Frontdesk')
      .field('code', '0000-0000-0000-0000')
      .expect(400);
    expect(oldPaper.text).toContain('printed from an earlier version');
    const notAScan = await frontDesk.agent
      .post(paperAction)
      .field('typedName', 'Maya Ortiz')
      .field('witnessName', 'Frankie Frontdesk')
      .field('code', code)
      .attach('scan', Buffer.from('not a picture'), 'scan.txt')
      .expect(400);
    expect(notAScan.text).toContain('must be a PDF, JPEG or PNG file');
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    await frontDesk.agent
      .post(paperAction)
      .field('typedName', 'Maya Ortiz')
      .field('witnessName', 'Frankie Frontdesk')
      .field('code', code.toLowerCase())
      .attach('scan', png, 'scan.png')
      .expect(303);
    const scan = await frontDesk.agent.get(`${amendmentPath}/scan`).buffer(true).parse(asBytes).expect(200);
    expect(scan.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(scan.body as Buffer, png)).toBe(0);
    amendment = (await ana.agent.get(amendmentPath).expect(200)).text;
    expect(amendment).toContain('on paper, witnessed by Frankie Frontdesk');
    await postForm(ana.agent, `${amendmentPath}/countersign`, amendment, { typedName: 'Dr. Ana Ortiz', consent: 'yes' }).expect(303);
    const [old] = await t.sql<{ status: string }>('SELECT status FROM agreements WHERE id = $1', [id]);
    expect(old.status).toBe('superseded');
  });

  it('works through the JSON API too, for staff and for the client', async () => {
    const { intakeId, token } = await submittedIntake();
    const api = (who: SignedInClient) => ({
      post: (path: string, body?: object) => who.agent.post(`/api/v1${path}`).set('X-CSRF-Token', who.csrfToken).send(body),
      put: (path: string, body?: object) => who.agent.put(`/api/v1${path}`).set('X-CSRF-Token', who.csrfToken).send(body),
    });
    const missing = await api(ana).post('/agreements', { intakeId, offeringId, startDate: 'soon' }).expect(400);
    expect(Object.keys(missing.body.fields).sort()).toEqual(['reflectionNote', 'startDate']);
    const impossible = await api(ana)
      .post('/agreements', { intakeId, offeringId, startDate: '2026-02-30', reflectionNote: 'x' })
      .expect(400);
    expect(impossible.body.fields).toEqual({ startDate: 'must be a date, written like 2026-12-07' });
    const started = await api(ana)
      .post('/agreements', { intakeId, offeringId, startDate: '2026-12-07', reflectionNote: 'In person.' })
      .expect(201);
    const id = started.body.id;
    const incomplete = await api(ana).post(`/agreements/${id}/propose`).expect(422);
    expect(incomplete.body.fields['choice.reasons']).toContain('in their words');
    const findings = Object.fromEntries(started.body.content.findings.map((f: { key: string }) => [f.key, 'Talked through.']));
    await api(ana)
      .put(`/agreements/${id}/draft`, { revision: 0, choice: { option: 0, reasons: 'It fits.' }, findings })
      .expect(200);
    await api(ana)
      .put(`/agreements/${id}/draft`, { revision: 0, choice: { reasons: 'Stale.' } })
      .expect(409);
    await api(ana).post(`/agreements/${id}/propose`).expect(201);
    const seen = await t.browser().get(`/api/v1/intake-links/${token}/agreements/${id}`).expect(200);
    await t
      .browser()
      .post(`/api/v1/intake-links/${token}/agreements/${id}/sign`)
      .send({ typedName: 'Maya Ortiz', consent: true, contentHash: 'f'.repeat(64) })
      .expect(400);
    await t
      .browser()
      .post(`/api/v1/intake-links/${token}/agreements/${id}/sign`)
      .send({ typedName: 'Maya Ortiz', consent: true, contentHash: seen.body.contentHash })
      .expect(201);
    // The same signature again (a double click, a retry): the first one stands, nothing is added.
    const again = await t
      .browser()
      .post(`/api/v1/intake-links/${token}/agreements/${id}/sign`)
      .send({ typedName: 'Maya Ortiz', consent: true, contentHash: seen.body.contentHash })
      .expect(201);
    expect(again.body.status).toBe('client_signed');
    const signed = await t.sql("SELECT count(*)::int AS n FROM audit_events WHERE action = 'agreement.signed' AND record_id = $1", [id]);
    expect(signed).toEqual([{ n: 1 }]);
    await api(frontDesk).post(`/agreements/${id}/countersign`, { typedName: 'Frankie Frontdesk', consent: true }).expect(403);
    const notNamed = await api(owner).post(`/agreements/${id}/countersign`, { typedName: 'Dana Reyes', consent: true }).expect(403);
    expect(notNamed.body.message).toContain('Only Dr. Ana Ortiz, the practitioner named on this agreement');
    const longName = await api(ana)
      .post(`/agreements/${id}/countersign`, { typedName: `Dr. Ana${' '.repeat(200)}Ortiz`, consent: true })
      .expect(400);
    expect(longName.body.fields.typedName).toBe('must be at most 120 characters');
    await api(ana).post(`/agreements/${id}/countersign`, { typedName: 'Dr. Ana Ortiz', consent: true }).expect(201);
    const done = await ana.agent.get(`/api/v1/agreements/${id}`).expect(200);
    expect(done.body.signatures.map((s: { role: string; method: string }) => `${s.role}:${s.method}`)).toEqual([
      'client:remote',
      'practitioner:remote',
    ]);
    const verified = await t.browser().get(`/api/v1/verify/${done.body.verificationCode.toLowerCase()}`).expect(200);
    expect(verified.body).toMatchObject({ found: true, status: 'Countersigned', practice: 'Riverside Healing Arts' });
    expect(JSON.stringify(verified.body)).not.toContain('Maya');
    expect((await t.browser().get('/api/v1/verify/nonsense').expect(400)).body.fields.code).toContain('16-character code');
  });

  it('refuses to start from an intake that is not submitted, or from an unpublished offering', async () => {
    const { id: draftIntake } = await inviteClient(frontDesk, { name: 'Not Yet' });
    const newPage = (await ana.agent.get(`/agreements/new?intake=${draftIntake}`).expect(200)).text;
    await postForm(ana.agent, '/agreements/new', newPage, {
      intakeId: draftIntake,
      offeringId,
      startDate: '2026-12-07',
      reflectionNote: 'x',
    }).expect(409);
    const { intakeId } = await submittedIntake();
    const unpublished = await ana.agent
      .post('/api/v1/offerings')
      .set('X-CSRF-Token', ana.csrfToken)
      .send({ title: 'Draft only' })
      .expect(201);
    const res = await postForm(ana.agent, '/agreements/new', newPage, {
      intakeId,
      offeringId: unpublished.body.id,
      startDate: '2026-12-07',
      reflectionNote: 'x',
    }).expect(409);
    expect(res.text).toContain('is not published');
    await postForm(
      frontDesk.agent,
      '/agreements/new',
      (await frontDesk.agent.get('/agreements').expect(200)).text.replace(/^/, '<input name="_csrf" value="x">'),
      {},
    ).expect(403);
  });
});

describe('/verify is limited per address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ VERIFICATIONS_PER_IP_PER_HOUR: '2' });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After once an address has checked too many codes', async () => {
    const agent = t.browser();
    for (let i = 0; i < 2; i++)
      expect((await agent.get('/api/v1/verify/ABCD-EFGH-JKMN-PQRS').expect(200)).body).toEqual({
        found: false,
        code: 'ABCD-EFGH-JKMN-PQRS',
      });
    const limited = await agent.get('/api/v1/verify/ABCD-EFGH-JKMN-PQRS').expect(429);
    expect(limited.body.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await agent.get('/verify/ABCD-EFGH-JKMN-PQRS').expect(429)).text).toContain('Too many attempts');
  });
});
