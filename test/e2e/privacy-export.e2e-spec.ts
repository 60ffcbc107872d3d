import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addMember, reauthenticate, SignedInClient, signUpPractice } from '../factories/accounts';
import { countersignedAgreement, daysFromToday, publishedOffering } from '../factories/agreements';
import { COMPLETE_ANSWERS } from '../factories/intake';
import { asBytes } from '../support/pdf-text';
import { startTestApp, TestApp } from '../support/test-app';

/** The zip's entries and their bytes, read with the system's unzip. */
function unzip(bytes: Buffer): { names: string[]; read: (name: string) => Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'ayni-export-'));
  const file = join(dir, 'export.zip');
  writeFileSync(file, bytes);
  const listing = execFileSync('unzip', ['-Z1', file]).toString().trim().split('\n');
  const files = new Map(listing.map((name) => [name, execFileSync('unzip', ['-p', file, name], { maxBuffer: 64 * 1024 * 1024 })]));
  rmSync(dir, { recursive: true, force: true });
  return { names: listing.sort(), read: (name) => files.get(name)! };
}

describe('privacy: everything about one client as a zip', () => {
  let t: TestApp;
  let owner: SignedInClient;
  let ana: SignedInClient;
  let desk: SignedInClient;
  let agreementId: string;
  let clientId: string;

  const reauth = reauthenticate;
  const download = (who: SignedInClient, path: string) => who.agent.get(path).buffer(true).parse(asBytes);

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpPractice(t.browser(), { practiceName: 'Export Practice' });
    ana = await addMember(owner, t.browser(), 'practitioner', 'Dr. Ana Ortiz');
    desk = await addMember(owner, t.browser(), 'front_desk');
    const offeringId = await publishedOffering(ana);
    const made = await countersignedAgreement(t, { desk, practitioner: ana }, offeringId, daysFromToday(0));
    agreementId = made.id;
    [{ client_id: clientId }] = await t.sql<{ client_id: string }>('SELECT client_id FROM agreements WHERE id = $1', [agreementId]);
  });
  afterAll(() => t.close());

  it('asks for a fresh confirmation first: the page leads through /reauth, the API answers REAUTH_REQUIRED', async () => {
    await t.sql('UPDATE sessions SET reauthenticated_at = NULL WHERE user_id = $1', [ana.user.id]);
    const page = await ana.agent.get(`/clients/${clientId}/export.zip`).expect(303);
    expect(page.headers.location).toBe(`/reauth?next=${encodeURIComponent(`/clients/${clientId}/export.zip`)}`);
    const api = await ana.agent.get(`/api/v1/clients/${clientId}/export.zip`).expect(403);
    expect(api.body.code).toBe('REAUTH_REQUIRED');
  });

  it('shows the export link on the partnership page to those who may export, not to front desk', async () => {
    expect((await ana.agent.get(`/clients/${clientId}`).expect(200)).text).toContain(`href="/clients/${clientId}/export.zip"`);
    expect((await desk.agent.get(`/clients/${clientId}`).expect(200)).text).not.toContain('export.zip');
  });

  it('exports client.json (decrypted), a FHIR bundle and the PDFs; the signed PDF is the kept copy; the export is audited', async () => {
    await reauth(ana);
    const res = await download(ana, `/api/v1/clients/${clientId}/export.zip`).expect(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="ayni-export-maya-ortiz-\d{4}-\d{2}-\d{2}\.zip"$/);
    const zip = unzip(res.body as Buffer);
    const [{ verification_code: code }] = await t.sql<{ verification_code: string }>(
      'SELECT verification_code FROM agreements WHERE id = $1',
      [agreementId],
    );
    expect(zip.names).toEqual([
      'README.txt',
      `agreements/care-agreement-${code}.pdf`,
      'client.json',
      'fhir-bundle.json',
      expect.stringMatching(/^intakes\/intake-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.pdf$/),
    ]);

    const json = JSON.parse(zip.read('client.json').toString());
    expect(json.client).toMatchObject({ id: clientId, name: 'Maya Ortiz' });
    expect(json.intakes).toHaveLength(1);
    expect(json.intakes[0].answers['story.text']).toBe(COMPLETE_ANSWERS['story.text']); // decrypted
    expect(json.agreements[0]).toMatchObject({ id: agreementId, status: 'countersigned' });
    expect(json.agreements[0].signatures.map((s: { role: string }) => s.role).sort()).toEqual(['client', 'practitioner']);
    expect(json.agreements[0].content.offering.title).toBe('Back care');
    expect(JSON.stringify(json)).not.toMatch(/passwordHash|tokenHash|"v\d+:/);

    const bundle = JSON.parse(zip.read('fhir-bundle.json').toString());
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    const kinds = bundle.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType);
    expect(kinds).toEqual(['Patient', 'Questionnaire', 'QuestionnaireResponse']);
    const response = bundle.entry[2].resource;
    expect(response.subject.reference).toBe(`urn:uuid:${clientId}`);
    expect(JSON.stringify(response)).toContain('carrying my daughter again');

    const [stored] = await t.sql<{ bytes: Buffer }>('SELECT bytes FROM agreement_documents WHERE agreement_id = $1', [agreementId]);
    expect(zip.read(`agreements/care-agreement-${code}.pdf`).equals(Buffer.from(stored.bytes))).toBe(true);
    const summary = zip.names.find((n) => n.startsWith('intakes/'))!;
    expect(zip.read(summary).subarray(0, 5).toString()).toBe('%PDF-');
    expect(zip.read('README.txt').toString()).toContain('fhir-bundle.json');

    const events = await t.sql<{ actor_id: string; record_kind: string }>(
      "SELECT actor_id, record_kind FROM audit_events WHERE action = 'client.exported' AND record_id = $1",
      [clientId],
    );
    expect(events).toEqual([{ actor_id: ana.user.id, record_kind: 'client' }]);

    // The page route gives the same zip to the owner.
    await reauth(owner);
    const page = await download(owner, `/clients/${clientId}/export.zip`).expect(200);
    expect(unzip(page.body as Buffer).names).toEqual(zip.names);
  });

  it('refuses front desk (403), another practice (404), and access tokens (session only)', async () => {
    await reauth(desk);
    expect((await desk.agent.get(`/api/v1/clients/${clientId}/export.zip`).expect(403)).body.code).toBe('FORBIDDEN');
    await desk.agent.get(`/clients/${clientId}/export.zip`).expect(403);

    const other = await signUpPractice(t.browser(), { practiceName: 'Other Practice' });
    await reauth(other);
    expect((await other.agent.get(`/api/v1/clients/${clientId}/export.zip`).expect(404)).body.code).toBe('NOT_FOUND');
    await other.agent.get(`/clients/${clientId}/export.zip`).expect(404);

    await reauth(owner);
    const token = await owner.agent
      .post('/api/v1/account/tokens')
      .set('X-CSRF-Token', owner.csrfToken)
      .send({ name: 'Export attempt', role: 'owner', expiresInDays: 30 })
      .expect(201);
    const byToken = await t
      .browser()
      .get(`/api/v1/clients/${clientId}/export.zip`)
      .set('Authorization', `Bearer ${token.body.token}`)
      .expect(403);
    expect(byToken.body.code).toBe('TOKEN_NOT_ACCEPTED');
    const exported = await t.sql("SELECT 1 FROM audit_events WHERE action = 'client.exported' AND record_id = $1", [clientId]);
    expect(exported).toHaveLength(2); // Ana's and the owner's downloads only
  });
});
