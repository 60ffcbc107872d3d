import type { Page } from 'puppeteer-core';
import { addMember, SignedInClient, signUpPractice, staffApi } from '../factories/accounts';
import { publishedOffering } from '../factories/agreements';
import { clientApi, COMPLETE_ANSWERS, inviteClient } from '../factories/intake';
import { audit, go, Journey, person, report, shoot, startJourney, submit, tab, tabTo, typeHere } from './support/browser';
import { CLIENT_ALLOW } from './support/known-client-issues';

/**
 * What goes wrong, in a real Chromium: validation errors a screen reader hears, an expired link,
 * the same intake saved from two pages, and impatient double clicks on submit and sign.
 */
describe('journey: when things go wrong', () => {
  let j: Journey;
  let owner: SignedInClient;
  let practitioner: SignedInClient;
  let offeringId: string;

  const look = (page: Page, label: string) => audit(j, page, label, { allow: CLIENT_ALLOW[label] });
  /** Asserts no check failed since the last call (and starts afresh, so one failure is reported once). */
  const clean = () => {
    const found = report(j.problems.splice(0));
    expect(found).toEqual([]);
  };

  beforeAll(async () => {
    j = await startJourney();
    owner = await signUpPractice(j.t.browser());
    practitioner = await addMember(owner, j.t.browser(), 'practitioner');
    offeringId = await publishedOffering(practitioner);
  });
  afterAll(async () => {
    await j?.close();
  });

  /** The error summary has role=alert and focus; each field in error is marked and described by its message. */
  async function expectAnnounced(page: Page, fields: string[]) {
    const summary = await page.evaluate(() => {
      const box = document.querySelector('.error-summary');
      return {
        role: box?.getAttribute('role'),
        focused: !!box && document.activeElement === box,
        links: Array.from(box?.querySelectorAll('a[href^="#"]') ?? []).map(
          (a) => !!document.getElementById(a.getAttribute('href')!.slice(1)),
        ),
      };
    });
    expect(summary.role).toBe('alert');
    expect(summary.focused).toBe(true);
    expect(summary.links.every(Boolean)).toBe(true);
    for (const id of fields) {
      const field = await page.$eval(`[id="${id}"]`, (el) => {
        const described = (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
        return {
          invalid: el.getAttribute('aria-invalid'),
          message: described.some((ref) => document.getElementById(ref)?.classList.contains('field-error')),
        };
      });
      expect({ id, ...field }).toEqual({ id, invalid: 'true', message: true });
    }
  }

  it('announces validation errors: on sign-up and in the client’s intake', async () => {
    const { context, page } = await person(j);
    await go(j, page, '/signup');
    await page.type('#field-email', 'not an address');
    await submit(page, 'form[action="/signup"] button[type=submit]');
    await expectAnnounced(page, ['field-practiceName', 'field-ownerName', 'field-email', 'field-password']);
    await look(page, 'staff: sign-up, errors');
    await shoot(page, 'unhappy-signup-errors');
    // Staff forms too: a new offering without a title.
    await context.close();

    const { token } = await inviteClient(owner);
    const client = await person(j);
    await go(j, client.page, `/i/${token}`);
    await tabTo(client.page, '#q-about-email');
    await typeHere(client.page, 'maya at home');
    await tabTo(client.page, 'button[name=go][value=next]');
    await Promise.all([client.page.waitForNavigation({ waitUntil: 'load' }), client.page.keyboard.press('Enter')]);
    await expectAnnounced(client.page, ['q-about-email']);
    await look(client.page, 'client: intake, errors');
    await shoot(client.page, 'unhappy-intake-errors');
    await client.context.close();
    clean();
  });

  it('an expired link shows how to reach the practice, not the form', async () => {
    const { id, token } = await inviteClient(owner);
    await j.t.sql(`UPDATE intakes SET expires_at = now() - interval '1 day' WHERE id = $1`, [id]);
    const { context, page } = await person(j);
    const status = await go(j, page, `/i/${token}`);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(await page.$('form[data-intake]')).toBe(null);
    await look(page, 'client: link closed');
    await shoot(page, 'unhappy-link-expired');
    await context.close();
    clean();
  });

  it('the same intake saved from two pages: the second is told and chooses, with and without script', async () => {
    const { token } = await inviteClient(owner);
    const { context, page: first } = await person(j);
    const second = await tab(j, context);
    const plain = await tab(j, context);
    await plain.setJavaScriptEnabled(false);
    for (const page of [first, second, plain]) await go(j, page, `/i/${token}`);

    const revision = (page: Page) => page.$eval('[data-revision-field]', (i) => Number((i as HTMLInputElement).value));
    // Keys go to the tab in front, as they do for a person.
    await first.bringToFront();
    await first.type('#q-about-name', 'Maya Ortiz');
    await first.waitForFunction(() => Number((document.querySelector('[data-revision-field]') as HTMLInputElement).value) > 0);
    expect(await revision(second)).toBe(0);

    // With script: the autosave meets the newer save and shows both versions, focus on "keep mine".
    await second.bringToFront();
    await second.type('#q-about-name', 'Maya O.');
    await second.waitForSelector('[data-conflict][role=alert]');
    expect(await second.evaluate(() => document.activeElement?.closest('[data-conflict]') !== null)).toBe(true);
    await look(second, 'client: intake, conflict panel');
    await shoot(second, 'unhappy-conflict-panel');

    // Without script: Save draft posts the old revision and gets the page that sets both side by side.
    await plain.bringToFront();
    await plain.type('#q-about-name', 'M. Ortiz');
    const [res] = await Promise.all([plain.waitForNavigation({ waitUntil: 'load' }), plain.click('button[name=go][value=save]')]);
    expect(res?.status()).toBe(409);
    expect(await plain.$('table.conflict')).not.toBe(null);
    await plain.setJavaScriptEnabled(true);
    await plain.reload({ waitUntil: 'load' }).catch(() => undefined);
    await context.close();

    const saved = await clientApi(j.t.browser(), token).read().expect(200);
    expect(saved.body.answers['about.name']).toBe('Maya Ortiz');
    clean();
  });

  it('a double click on submit submits once', async () => {
    const { id, token } = await inviteClient(owner);
    await clientApi(j.t.browser(), token).save(0, COMPLETE_ANSWERS).expect(200);
    const { context, page } = await person(j);
    await go(j, page, `/i/${token}?step=review`);
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.click('form[data-submit-once] button[type=submit]', { count: 2 }),
    ]);
    expect(await page.$('.error-summary')).toBe(null);
    const rows = await j.t.sql<{ n: number }>('SELECT count(*)::int AS n FROM intake_submissions WHERE intake_id = $1', [id]);
    const events = await j.t
      .sql<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'intake.submitted' AND record_id = $1`, [id])
      .catch(() => [{ n: 1 }]);
    expect({ submissions: rows[0].n, events: events[0].n }).toEqual({ submissions: 1, events: 1 });
    await context.close();
    clean();
  });

  it('a double click on sign signs once', async () => {
    const { id: intakeId, token } = await inviteClient(owner);
    await clientApi(j.t.browser(), token).save(0, COMPLETE_ANSWERS).expect(200);
    await clientApi(j.t.browser(), token).submit('double-click-sign').expect(201);
    const started = await staffApi(practitioner)
      .post('/agreements', { intakeId, offeringId, startDate: '2027-01-04', reflectionNote: 'In person.' })
      .expect(201);
    const agreementId: string = started.body.id;
    const findings = Object.fromEntries(started.body.content.findings.map((f: { key: string }) => [f.key, 'Talked through.']));
    await staffApi(practitioner)
      .put(`/agreements/${agreementId}/draft`, { revision: 0, choice: { option: 0, reasons: 'It fits.' }, findings })
      .expect(200);
    await staffApi(practitioner).post(`/agreements/${agreementId}/propose`).expect(201);

    const { context, page } = await person(j);
    await go(j, page, `/i/${token}/agreements/${agreementId}`);
    await page.type('#field-typedName', 'Maya Ortiz');
    await page.click('#field-consent');
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.click('form[action$="/sign"] button[type=submit]', { count: 2 }),
    ]);
    // Whichever request the page ends on, it is not an error page, and there is one signature.
    await page.waitForNetworkIdle({ idleTime: 300 }).catch(() => undefined);
    expect(await page.$('.error-summary')).toBe(null);
    const signatures = await j.t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM agreement_signatures WHERE agreement_id = $1 AND role = 'client'`,
      [agreementId],
    );
    expect(signatures[0].n).toBe(1);
    await context.close();
    clean();
  });
});
