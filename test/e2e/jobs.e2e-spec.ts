import { addMember, signUpPractice, type SignedInClient } from '../factories/accounts';
import { countersignedAgreement, daysFromToday, publishedOffering } from '../factories/agreements';
import { JobQueue } from '../../src/jobs/job-queue';
import { asBytes } from '../support/pdf-text';
import { eventually } from '../support/waiting';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Background jobs in one process that runs them (RUN_JOBS=true), on both databases: on the
 * embedded one, pg-boss shares the app's single connection with the requests.
 */
describe('jobs in a process that runs them', () => {
  let t: TestApp;
  let ana: SignedInClient;
  let desk: SignedInClient;
  let offeringId: string;

  beforeAll(async () => {
    t = await startTestApp({ RUN_JOBS: 'true', JOB_POLL_SECONDS: '0.5', PDF_RENDERING: 'worker' });
    const owner = await signUpPractice(t.browser(), { practiceName: 'Jobs Practice' });
    ana = await addMember(owner, t.browser(), 'practitioner', 'Dr. Ana Ortiz');
    desk = await addMember(owner, t.browser(), 'front_desk');
    offeringId = await publishedOffering(ana);
  });
  afterAll(() => t.close());

  it('prints and keeps the signed copy after the countersignature, with nobody downloading it', async () => {
    const { id } = await countersignedAgreement(t, { desk, practitioner: ana }, offeringId, daysFromToday(0));
    const [kept] = await eventually('the signed copy to be kept', async () => {
      const rows = await t.sql<{ sha256: string }>('SELECT sha256 FROM agreement_documents WHERE agreement_id = $1', [id]);
      return rows.length ? rows : undefined;
    });
    const download = await desk.agent.get(`/agreements/${id}/pdf`).buffer(true).parse(asBytes).expect(200);
    expect((download.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    // The same bytes as kept: the first download did not print another copy.
    const [{ n }] = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM agreement_documents WHERE agreement_id = $1', [id]);
    expect(n).toBe(1);
    expect(kept.sha256).toMatch(/^[0-9a-f]{64}$/);
    const jobs = await t.sql<{ state: string }>(
      "SELECT state FROM pgboss.job WHERE name = 'agreement.issue' AND data->>'agreementId' = $1",
      [id],
    );
    expect(jobs).toEqual([{ state: 'completed' }]);
  });

  it('with PDF_RENDERING=worker, a PDF is printed by the job and handed back through the database', async () => {
    const sheet = await ana.agent.get(`/offerings/${offeringId}/versions/1/pdf`).buffer(true).parse(asBytes).expect(200);
    expect((sheet.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const renders = await t.sql<{ state: string }>("SELECT state FROM pgboss.job WHERE name = 'pdf.render'");
    expect(renders.length).toBeGreaterThan(0);
    expect(renders.every((r) => r.state === 'completed')).toBe(true);
    expect(await t.sql('SELECT id FROM pdf_renders')).toEqual([]);
  });

  it('refuses to send a job outside a transaction (it would not commit with the change)', async () => {
    const jobs = t.app.get(JobQueue);
    await expect(jobs.send(t.dataSource.manager, 'mail.deliver')).rejects.toThrow(/needs a transaction/);
  });
});
