import { addMember, SignedInClient, signUpPractice } from '../factories/accounts';
import { exampleDraft } from '../factories/offerings';
import { hostilePayloads, startCanary } from '../support/canary';
import { asBytes, download, pdfPages, pdfText } from '../support/pdf-text';
import { startTestApp, TestApp } from '../support/test-app';
import { PdfService } from '../../src/pdf/pdf.service';

describe('printed documents', () => {
  let t: TestApp;
  let owner: SignedInClient;
  let ana: SignedInClient;
  let canary: Awaited<ReturnType<typeof startCanary>>;

  beforeAll(async () => {
    t = await startTestApp();
    canary = await startCanary();
    owner = await signUpPractice(t.browser(), { practiceName: 'Printing Practice' });
    ana = await addMember(owner, t.browser(), 'practitioner', 'Dr. Ana Ortiz');
  });
  afterAll(async () => {
    const started = Date.now();
    await canary.close();
    const canaryMs = Date.now() - started;
    await t.close();
    if (Date.now() - started > 5000) throw new Error(`slow close: canary ${canaryMs} ms, app ${Date.now() - started - canaryMs} ms`);
  });

  const as = (who: SignedInClient) => ({
    post: (path: string, body?: object) => who.agent.post(`/api/v1${path}`).set('X-CSRF-Token', who.csrfToken).send(body),
    put: (path: string, body?: object) => who.agent.put(`/api/v1${path}`).set('X-CSRF-Token', who.csrfToken).send(body),
  });

  async function publish(draft = exampleDraft([ana.user.id])) {
    const created = await as(ana)
      .post('/offerings', { title: draft.title ?? 'Offering' })
      .expect(201);
    await as(ana).put(`/offerings/${created.body.id}/draft`, { revision: 0, draft }).expect(200);
    await as(ana).post(`/offerings/${created.body.id}/publish`).expect(201);
    return created.body as { id: string; slug: string };
  }

  it('downloads a version as a clean PDF with a sensible name, and prints it only once', async () => {
    const offering = await publish();
    const pdf = t.app.get(PdfService);
    const before = pdf.stats.renders;
    const res = await download(ana.agent, `/offerings/${offering.id}/versions/1/pdf`).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${owner.practice.slug}-${offering.slug}-v1.pdf"`);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const bytes = res.body as Buffer;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfPages(bytes)).toBeGreaterThanOrEqual(2);
    const text = pdfText(bytes);
    expect(text).toContain('Chiropractic care for low back pain');
    expect(text).toContain('How long before I notice a change?');
    expect(text).toMatch(/Page 1 of \d/);
    expect(text).toMatch(/Document [0-9A-F]{12}/);
    expect(pdf.stats.renders).toBe(before + 1);

    const again = await download(ana.agent, `/offerings/${offering.id}/versions/1/pdf`).expect(200);
    expect(Buffer.compare(again.body as Buffer, bytes)).toBe(0);
    expect(pdf.stats.renders).toBe(before + 1); // served from the store
    await ana.agent.get(`/offerings/${offering.id}/versions/1/pdf`).set('If-None-Match', res.headers.etag).expect(304);
    const publicPdf = await download(t.browser(), `/p/${owner.practice.slug}/${offering.slug}/pdf`).expect(200);
    expect(publicPdf.headers['cache-control']).toBe('public, max-age=300');
  });

  it('never lets client or staff text reach the network or the disk', async () => {
    const payload = hostilePayloads(canary.url).join(' ');
    const draft = exampleDraft([ana.user.id]);
    draft.title = `Hostile ${payload.slice(0, 80)}`;
    draft.summary = payload.slice(0, 1000);
    draft.howWeWork = payload.slice(0, 5000);
    draft.trialPeriod = { ...draft.trialPeriod, expectedChanges: payload.slice(0, 2000), ifNothingChangesNote: payload.slice(0, 2000) };
    draft.careArc = draft.careArc!.map((p, i) => ({ ...p, name: `P${i} ${payload.slice(0, 60)}`, description: payload.slice(0, 1000) }));
    draft.fees = {
      ...draft.fees,
      fairExchangeNote: payload.slice(0, 2000),
      included: payload.slice(0, 2000),
      notIncluded: payload.slice(0, 2000),
      cancellationPolicy: payload.slice(0, 2000),
    };
    draft.products = {
      policy: 'optional',
      items: [{ name: payload.slice(0, 120), kind: 'product', priceMinor: 100, why: payload.slice(0, 1000), required: false }],
    };
    draft.alternatives = [
      { kind: 'referral', title: payload.slice(0, 120), description: payload.slice(0, 1000), whenBetter: payload.slice(0, 1000) },
    ];
    await as(ana)
      .put(`/profiles/${ana.user.id}`, {
        displayName: 'Ana',
        credentials: payload.slice(0, 120),
        approach: payload.slice(0, 2000),
        licenseStatus: 'not_licensed',
        unlicensedExplanation: payload.slice(0, 2000),
      })
      .expect(204);
    const offering = await publish(draft);
    const res = await download(ana.agent, `/offerings/${offering.id}/versions/1/pdf`).expect(200);
    const text = pdfText(res.body as Buffer);
    expect(canary.hits).toEqual([]);
    expect(text).not.toMatch(/root:x:0:0/);
    expect(text).toContain('<script src='); // shown as text, never run
  });

  it('keeps the renderer closed even to raw markup that bypasses the templates', async () => {
    const pdf = t.app.get(PdfService);
    const raw = `<html><body><p>Raw</p>${hostilePayloads(canary.url).join('\n')}</body></html>`;
    // Straight to the pool: the hardening does not depend on escaping. A page that tries to
    // navigate away (meta refresh) may fail to print; it must never reach out.
    const pool = (pdf as unknown as { chromium(): { render(html: string, o: object): Promise<Buffer> } }).chromium();
    const bytes = await pool.render(raw, { format: 'A4' }).catch(() => undefined);
    const withoutRefresh = await pool.render(raw.replace(/<meta http-equiv="refresh"[^>]*>/g, ''), { format: 'A4' });
    await new Promise((r) => setTimeout(r, 300));
    expect(canary.hits).toEqual([]);
    for (const pdfBytes of [bytes, withoutRefresh].filter(Boolean) as Buffer[]) expect(pdfText(pdfBytes)).not.toMatch(/root:x:0:0/);
    expect(pdfText(withoutRefresh)).toContain('Raw');
  });
});

describe('printing under pressure', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ PDF_PAGES: '1', PDF_QUEUE_LIMIT: '0' });
  });
  afterAll(() => t.close());

  it('tells callers the printer is busy with 503 and Retry-After when the queue is full', async () => {
    const owner = await signUpPractice(t.browser());
    const created = await owner.agent.post('/api/v1/offerings').set('X-CSRF-Token', owner.csrfToken).send({ title: 'Busy' }).expect(201);
    await owner.agent
      .put(`/api/v1/offerings/${created.body.id}/draft`)
      .set('X-CSRF-Token', owner.csrfToken)
      .send({ revision: 0, draft: exampleDraft([owner.user.id]) })
      .expect(200);
    await owner.agent.post(`/api/v1/offerings/${created.body.id}/publish`).set('X-CSRF-Token', owner.csrfToken).expect(201);
    const results = await Promise.all([1, 2, 3, 4].map(() => owner.agent.get(`/offerings/${created.body.id}/versions/1/pdf`)));
    const busy = results.filter((r) => r.status === 503);
    expect(results.some((r) => r.status === 200)).toBe(true);
    expect(busy.length).toBeGreaterThan(0);
    expect(Number(busy[0].headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(busy[0].text).toContain('The printer is busy');
  });
});
