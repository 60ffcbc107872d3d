import { randomUUID } from 'node:crypto';
import { addMember, csrfFrom, reauthenticate, SignedInClient, signUpPractice, staffApi } from '../factories/accounts';
import { countersignedAgreement, daysFromToday, publishedOffering } from '../factories/agreements';
import { clientApi, COMPLETE_ANSWERS, inviteClient } from '../factories/intake';
import { ClientErasureService } from '../../src/privacy/client-erasure.service';
import { addYears } from '../../src/privacy/erasure-plan';
import { AuditTrailService } from '../../src/audit/audit-trail.service';
import { asBytes } from '../support/pdf-text';
import { startTestApp, TestApp } from '../support/test-app';

/** Tables that still hold the client's name after erasure: the kept, signed agreement itself (its PDF is compressed). */
const KEPT_RECORD_TABLES = ['agreement_signatures', 'agreements'];

describe('privacy: erasing a client, retention and its purge', () => {
  let t: TestApp;
  let owner: SignedInClient;
  let ana: SignedInClient;
  let desk: SignedInClient;
  let offeringId: string;

  const erase = (who: SignedInClient, clientId: string, body: object = { confirm: 'ERASE', basis: 'client_request' }) =>
    staffApi(who).post(`/clients/${clientId}/erase`, body);
  const clientOf = async (agreementId: string) =>
    (await t.sql<{ client_id: string }>('SELECT client_id FROM agreements WHERE id = $1', [agreementId]))[0].client_id;

  /** Every table's rows, as text, that mention `needle`: where personal data could hide. */
  async function tablesMentioning(needle: string): Promise<string[]> {
    const tables = await t.sql<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    );
    const found: string[] = [];
    for (const { table_name: table } of tables) {
      const [{ n }] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}" x WHERE x::text ILIKE $1`, [`%${needle}%`]);
      if (n) found.push(table);
    }
    return found.sort();
  }

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpPractice(t.browser(), { practiceName: 'Erasure Practice' });
    ana = await addMember(owner, t.browser(), 'practitioner', 'Dr. Ana Ortiz');
    desk = await addMember(owner, t.browser(), 'front_desk');
    offeringId = await publishedOffering(ana);
  });
  afterAll(() => t.close());

  describe('a client whose agreement was signed', () => {
    let agreementId: string;
    let clientId: string;
    let intakeId: string;
    let token: string;

    beforeAll(async () => {
      ({ id: agreementId, intakeId, token } = await countersignedAgreement(t, { desk, practitioner: ana }, offeringId, daysFromToday(0)));
      clientId = await clientOf(agreementId);
      // The signed copy is printed and kept (by a worker after the countersignature; here, jobs off, by the first download).
      await ana.agent.get(`/agreements/${agreementId}/pdf`).expect(200);
    });

    it('is for owners only, after a fresh confirmation', async () => {
      expect((await erase(ana, clientId).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await erase(desk, clientId).expect(403)).body.code).toBe('FORBIDDEN');
      await t.sql('UPDATE sessions SET reauthenticated_at = NULL WHERE user_id = $1', [owner.user.id]);
      expect((await erase(owner, clientId).expect(403)).body.code).toBe('REAUTH_REQUIRED');
      const page = await owner.agent.get(`/clients/${clientId}/erase`).expect(303);
      expect(page.headers.location).toBe(`/reauth?next=${encodeURIComponent(`/clients/${clientId}/erase`)}`);
      await reauthenticate(owner);
      expect((await owner.agent.get(`/clients/${clientId}/erase`).expect(200)).text).toContain('What is kept');
    });

    it('names each missing field, and changes nothing', async () => {
      const res = await erase(owner, clientId, { confirm: 'yes', basis: 'because' }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.body.fields).sort()).toEqual(['basis', 'confirm']);
      const [client] = await t.sql<{ name: string; erased_at: Date | null }>('SELECT name, erased_at FROM clients WHERE id = $1', [
        clientId,
      ]);
      expect(client).toEqual({ name: 'Maya Ortiz', erased_at: null });
    });

    it('is refused while the agreement is in effect, naming it; the page says so and disables the button', async () => {
      const res = await erase(owner, clientId).expect(409);
      expect(res.body).toMatchObject({ code: 'CLIENT_IN_CARE', message: expect.stringContaining('"Back care"') });
      const page = await owner.agent.get(`/clients/${clientId}/erase`).expect(200);
      expect(page.text).toContain('Still in care');
      expect(page.text).toMatch(/<button type="submit" class="button danger" disabled>/);
      expect((await t.sql('SELECT 1 FROM intake_submissions WHERE intake_id = $1', [intakeId])).length).toBe(1);
    });

    it('once care has ended, removes the personal data, keeps the signed agreement until retention ends, and records it', async () => {
      await staffApi(ana).post(`/agreements/${agreementId}/end`).expect(201);
      const preview = await staffApi(owner).get(`/clients/${clientId}/erasure`).expect(200);
      const retainUntil = addYears(daysFromToday(0), 7);
      expect(preview.body).toMatchObject({ inCare: [], keep: [{ id: agreementId, title: 'Back care' }], retainUntil });

      // The page form: a wrong confirmation is shown beside the field, the choice kept.
      const form = await owner.agent.get(`/clients/${clientId}/erase`).expect(200);
      expect(form.text).toContain(retainUntil.slice(0, 4));
      const refused = await owner.agent
        .post(`/clients/${clientId}/erase`)
        .type('form')
        .send({ _csrf: csrfFrom(form.text), basis: 'client_request', confirm: 'erase it' })
        .expect(400);
      expect(refused.text).toContain('type ERASE to confirm');
      expect(refused.text).toMatch(/value="client_request" id="field-basis" checked/);

      const done = await owner.agent
        .post(`/clients/${clientId}/erase`)
        .type('form')
        .send({ _csrf: csrfFrom(form.text), basis: 'client_request', confirm: 'ERASE' })
        .expect(303);
      expect(done.headers.location).toBe(`/clients/${clientId}?erased=1`);

      const [client] = await t.sql('SELECT name, email, phone, erased_by_id, retain_until::text, purged_at FROM clients WHERE id = $1', [
        clientId,
      ]);
      expect(client).toEqual({
        name: null,
        email: null,
        phone: null,
        erased_by_id: owner.user.id,
        retain_until: retainUntil,
        purged_at: null,
      });
      expect(await tablesMentioning('Maya')).toEqual(KEPT_RECORD_TABLES);
      expect(await tablesMentioning('maya@example.org')).toEqual(['agreements']); // the signed terms name their parties
      for (const table of ['intake_submissions', 'reflections', 'reflection_entries', 'alignment_checks']) {
        expect(await t.sql(`SELECT 1 FROM ${table} WHERE intake_id = $1`, [intakeId])).toEqual([]);
      }
      const [intake] = await t.sql('SELECT answers, revoked_at IS NOT NULL AS revoked FROM intakes WHERE id = $1', [intakeId]);
      expect(intake).toEqual({ answers: {}, revoked: true });
      expect(await t.sql("SELECT 1 FROM outbox_messages WHERE dedupe_key LIKE '%' || $1 || '%'", [agreementId])).toEqual([]);
      expect(await t.sql('SELECT 1 FROM agreement_documents WHERE agreement_id = $1', [agreementId])).toHaveLength(1);

      const [event] = await t.sql<{ actor_id: string; data: Record<string, unknown> }>(
        "SELECT actor_id, data FROM audit_events WHERE action = 'client.erased' AND record_id = $1",
        [clientId],
      );
      expect(event).toEqual({
        actor_id: owner.user.id,
        data: {
          basis: 'client_request',
          intakesRemoved: 0,
          agreementsRemoved: 0,
          reviewsRemoved: expect.any(Number),
          messagesRemoved: expect.any(Number),
          agreementsKept: 1,
          retainUntil,
        },
      });
      expect(event.data.messagesRemoved).toBeGreaterThan(0);
    });

    it('leaves nothing of the client to staff but the kept agreement, and the client link is closed', async () => {
      const page = await owner.agent.get(`/clients/${clientId}`).expect(200);
      expect(page.text).toContain('Personal data erased');
      expect(page.text).toContain(`${retainYear()}`);
      expect(page.text).not.toContain('Maya');
      expect(page.text).not.toContain('/erase"');
      await staffApi(ana).get(`/intakes/${intakeId}`).expect(404);
      const inbox = await staffApi(ana).get('/intakes').expect(200);
      expect(JSON.stringify(inbox.body)).not.toContain(intakeId);
      await clientApi(t.browser(), token).read().expect(410);
      // The kept agreement still opens, prints and verifies.
      await desk.agent.get(`/agreements/${agreementId}`).expect(200);
      const pdf = await desk.agent.get(`/agreements/${agreementId}/pdf`).buffer(true).parse(asBytes).expect(200);
      expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
      expect((await erase(owner, clientId).expect(409)).body.code).toBe('CLIENT_ERASED');
      // What is kept can still be handed over: the export holds the signed agreement and no contact details.
      await t.sql('UPDATE sessions SET reauthenticated_at = now() WHERE user_id = $1', [owner.user.id]);
      const zip = await owner.agent.get(`/api/v1/clients/${clientId}/export.zip`).buffer(true).parse(asBytes).expect(200);
      expect(zip.headers['content-disposition']).toMatch(/filename="ayni-export-client-/);
    });

    it('at the end of retention, the purge removes the kept agreement and records it; the chain still verifies', async () => {
      const erasure = t.app.get(ClientErasureService);
      expect(await erasure.purgeDue(daysFromToday(0))).toBe(0);
      expect(await erasure.purgeDue(addYears(daysFromToday(0), 7))).toBe(1);
      expect(await t.sql('SELECT 1 FROM agreements WHERE client_id = $1', [clientId])).toEqual([]);
      expect(await t.sql('SELECT 1 FROM intakes WHERE client_id = $1', [clientId])).toEqual([]);
      expect(await tablesMentioning('Maya')).toEqual([]);
      const [client] = await t.sql<{ purged: boolean }>('SELECT purged_at IS NOT NULL AS purged FROM clients WHERE id = $1', [clientId]);
      expect(client.purged).toBe(true);
      const events = await t.sql<{ actor_kind: string; data: object }>(
        "SELECT actor_kind, data FROM audit_events WHERE action = 'client.purged' AND record_id = $1",
        [clientId],
      );
      expect(events).toEqual([{ actor_kind: 'system', data: { agreementsRemoved: 1 } }]);
      expect(await erasure.purgeDue(addYears(daysFromToday(0), 8))).toBe(0);
      const report = await t.app.get(AuditTrailService).verify(owner.practice.id);
      expect(report.ok).toBe(true);
      // The record of the erasure stays on the partnership page.
      expect((await owner.agent.get(`/clients/${clientId}`).expect(200)).text).toContain('Nothing personal was kept');
    });
  });

  it('a client with nothing signed is erased completely at once', async () => {
    const { id: intakeId, token } = await inviteClient(desk, { name: 'Nell Quist', email: 'nell@example.org' });
    await clientApi(t.browser(), token).save(0, COMPLETE_ANSWERS).expect(200);
    await clientApi(t.browser(), token).submit(randomUUID()).expect(201);
    const [{ client_id: clientId }] = await t.sql<{ client_id: string }>('SELECT client_id FROM intakes WHERE id = $1', [intakeId]);
    await t.sql('UPDATE sessions SET reauthenticated_at = now() WHERE user_id = $1', [owner.user.id]);
    expect((await erase(owner, clientId, { confirm: ' erase ', basis: 'practice_decision' }).expect(200)).body).toEqual({
      agreementsKept: 0,
      retainUntil: null,
    });
    expect(await t.sql('SELECT 1 FROM intakes WHERE client_id = $1', [clientId])).toEqual([]);
    expect(await tablesMentioning('Nell')).toEqual([]);
    const [client] = await t.sql<{ purged: boolean }>('SELECT purged_at IS NOT NULL AS purged FROM clients WHERE id = $1', [clientId]);
    expect(client.purged).toBe(true);
  });

  it('the immutable tables still refuse deletes outside an erasure, and the audit trail refuses them even inside one', async () => {
    await countersignedAgreement(t, { desk, practitioner: ana }, offeringId, daysFromToday(0));
    await expect(t.sql('DELETE FROM agreement_signatures')).rejects.toThrow(/immutable/);
    await expect(t.sql('DELETE FROM intake_submissions')).rejects.toThrow(/immutable/);
    await expect(t.sql("DELETE FROM agreements WHERE status = 'countersigned'")).rejects.toThrow(/immutable/);
    await expect(
      t.sql("WITH s AS (SELECT set_config('ayni.erasing', 'on', false)) DELETE FROM audit_events WHERE EXISTS (SELECT 1 FROM s)"),
    ).rejects.toThrow(/immutable/);
    await t.sql("SELECT set_config('ayni.erasing', '', false)");
  });

  describe('the retention period', () => {
    it('is set by the owner, checked, and audited', async () => {
      const refused = await staffApi(owner).put('/practice/retention', { retentionYears: 0 }).expect(400);
      expect(refused.body.fields).toEqual({ retentionYears: 'must be a whole number of years from 1 to 50' });
      await staffApi(ana).put('/practice/retention', { retentionYears: 10 }).expect(403);
      expect((await staffApi(owner).put('/practice/retention', { retentionYears: 10 }).expect(200)).body).toEqual({ retentionYears: 10 });
      const [event] = await t.sql("SELECT data FROM audit_events WHERE action = 'practice.retention_changed' AND practice_id = $1", [
        owner.practice.id,
      ]);
      expect(event).toEqual({ data: { years: 10, previous: 7 } });
    });

    it('the page keeps what was typed and names the problem', async () => {
      const form = await owner.agent.get('/practice/records').expect(200);
      expect(form.text).toMatch(/name="retentionYears"[^>]*value="10"/);
      const refused = await owner.agent
        .post('/practice/records')
        .type('form')
        .send({ _csrf: csrfFrom(form.text), retentionYears: 'ten' })
        .expect(400);
      expect(refused.text).toContain('must be a whole number of years from 1 to 50');
      expect(refused.text).toMatch(/value="ten"/);
      const saved = await owner.agent
        .post('/practice/records')
        .type('form')
        .send({ _csrf: csrfFrom(form.text), retentionYears: '8' })
        .expect(303);
      expect(saved.headers.location).toBe('/practice/records?saved=1');
      expect((await owner.agent.get('/practice').expect(200)).text).toContain('kept for 8 years');
    });
  });
});

const retainYear = () => Number(daysFromToday(0).slice(0, 4)) + 7;
