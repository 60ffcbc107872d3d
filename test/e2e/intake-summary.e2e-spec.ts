import { randomUUID } from 'node:crypto';
import { addMember, SignedInClient, signUpPractice } from '../factories/accounts';
import { clientApi, COMPLETE_ANSWERS, inviteClient } from '../factories/intake';
import { hostilePayloads, startCanary } from '../support/canary';
import { asBytes, download, pdfText } from '../support/pdf-text';
import { startTestApp, TestApp } from '../support/test-app';

describe('the intake summary PDF', () => {
  let t: TestApp;
  let owner: SignedInClient;
  let ana: SignedInClient;
  let frontDesk: SignedInClient;
  let canary: Awaited<ReturnType<typeof startCanary>>;

  beforeAll(async () => {
    t = await startTestApp();
    canary = await startCanary();
    owner = await signUpPractice(t.browser(), { practiceName: 'Printing Practice' });
    ana = await addMember(owner, t.browser(), 'practitioner', 'Dr. Ana Ortiz');
    frontDesk = await addMember(owner, t.browser(), 'front_desk');
  });
  afterAll(async () => {
    await canary.close();
    await t.close();
  });

  it('prints the story first, the baseline as a table and the rest by section; the client gets the same copy', async () => {
    const { id, token } = await inviteClient(frontDesk, { name: 'Maya Ortiz' });
    const client = clientApi(t.browser(), token);
    await client.save(0, { ...COMPLETE_ANSWERS, 'baseline.sleep_words': 'I wake at 4 and cannot fall asleep again.' }).expect(200);
    expect((await download(ana.agent, `/intake/${id}/pdf`).expect(409)).status).toBe(409);
    await client.submit(randomUUID()).expect(201);

    const res = await download(ana.agent, `/intake/${id}/pdf`).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('private, no-store');
    const text = pdfText(res.body as Buffer);
    expect(text).toContain('Maya Ortiz');
    expect(text).toMatch(/carrying\s+my daughter again/);
    expect(text).toMatch(/Sleep quality\s+4\s+I wake at 4/);
    expect(text).toContain('Hours of sleep on a usual night: 6.5');
    expect(text.indexOf('lower back')).toBeLessThan(text.indexOf('Daily life today'));
    expect(text).not.toContain('Your support'); // nothing answered there
    expect(text.indexOf('Daily life today')).toBeLessThan(text.indexOf('Your goals'));
    expect(text).toMatch(/Document [0-9A-F]{12}/);

    await download(frontDesk.agent, `/intake/${id}/pdf`).expect(403);
    const own = await download(t.browser(), `/i/${token}/pdf`).expect(200);
    expect(pdfText(own.body as Buffer)).toMatch(/carrying\s+my daughter again/);
  });

  it('prints what the client typed as text and never lets it reach the network', async () => {
    const { id, token } = await inviteClient(frontDesk, { name: 'Hostile Text' });
    const story = `I wrote <b>this</b> myself.\n${hostilePayloads(canary.url).join('\n')}`.slice(0, 20_000);
    const client = clientApi(t.browser(), token);
    await client.save(0, { ...COMPLETE_ANSWERS, 'story.text': story, 'goals.1': '<img src=x onerror=alert(1)>' }).expect(200);
    await client.submit(randomUUID()).expect(201);
    const res = await download(ana.agent, `/intake/${id}/pdf`).expect(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(canary.hits).toEqual([]);
    const text = pdfText(res.body as Buffer);
    expect(text).toContain('I wrote <b>this</b> myself.');
    expect(text).toContain('<img src=x onerror=alert(1)>');
    expect(text).not.toMatch(/root:x:0:0/);
  });

  it('a link that no longer works gives no copy', async () => {
    const { id, token } = await inviteClient(frontDesk, { name: 'Gone' });
    await clientApi(t.browser(), token).save(0, COMPLETE_ANSWERS).expect(200);
    await clientApi(t.browser(), token).submit(randomUUID()).expect(201);
    await ana.agent.post(`/api/v1/intakes/${id}/revoke`).set('X-CSRF-Token', ana.csrfToken).expect(204);
    await download(t.browser(), `/i/${token}/pdf`).expect(404);
  });
});
