import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import puppeteer, { Browser, Page } from 'puppeteer-core';
import { CHROMIUM_ARGS, findChromium } from '../../src/browser/chromium';
import { generate } from 'otplib';
import { addMember, GOOD_PASSWORD, SignedInClient, signUpPractice, totpCode } from '../factories/accounts';
import { publishedOffering } from '../factories/agreements';
import { clientApi, COMPLETE_ANSWERS, inviteClient } from '../factories/intake';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The pages in a real Chromium, under the real Content-Security-Policy: nothing a page needs may be
 * blocked (an inline script or style would be, and would show up here as a violation), and the
 * scripts that enhance pages (autosave, copy buttons) must still run.
 */
describe('pages in Chromium under the Content-Security-Policy', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let practitioner: SignedInClient;
  let newcomer: SignedInClient;
  let offeringId: string;
  let agreement: { id: string; token: string };
  let fresh: string;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;

    const owner = await signUpPractice(t.browser());
    practitioner = await addMember(owner, t.browser(), 'practitioner');
    newcomer = await addMember(owner, t.browser(), 'practitioner', 'Sam Newcomer', { enrolMfa: false });
    offeringId = await publishedOffering(practitioner);
    const answered = await inviteClient(owner);
    await clientApi(t.browser(), answered.token).save(0, COMPLETE_ANSWERS).expect(200);
    await clientApi(t.browser(), answered.token).submit(randomUUID()).expect(201);
    const as = (path: string) => practitioner.agent.post(`/api/v1${path}`).set('X-CSRF-Token', practitioner.csrfToken);
    const started = await as('/agreements').send({
      intakeId: answered.id,
      offeringId,
      startDate: '2027-01-04',
      reflectionNote: 'In person.',
    });
    expect(started.status).toBe(201);
    const findings = Object.fromEntries(started.body.content.findings.map((f: { key: string }) => [f.key, 'Talked through.']));
    await practitioner.agent
      .put(`/api/v1/agreements/${started.body.id}/draft`)
      .set('X-CSRF-Token', practitioner.csrfToken)
      .send({ revision: 0, choice: { option: 0, reasons: 'It fits.' }, findings })
      .expect(200);
    await as(`/agreements/${started.body.id}/propose`).expect(201);
    agreement = { id: started.body.id, token: answered.token };
    fresh = (await inviteClient(owner)).token;

    const executablePath = findChromium(process.env.CHROMIUM_PATH);
    if (!executablePath) throw new Error('Chromium is needed for this test (see README, Chromium)');
    browser = await puppeteer.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Opens a page that reports every policy violation and script error into `problems`. */
  async function open(context: { newPage(): Promise<Page> }, problems: string[]): Promise<Page> {
    const page = await context.newPage();
    await page.evaluateOnNewDocument(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        const w = window as unknown as { cspViolations?: string[] };
        (w.cspViolations ??= []).push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline code'} at ${e.sourceFile}:${e.lineNumber}`);
      });
    });
    page.on('pageerror', (error) => problems.push(`${page.url()}: ${String(error)}`));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) problems.push(`${page.url()}: ${message.text()}`);
    });
    return page;
  }

  async function visit(page: Page, path: string, problems: string[]) {
    const res = await page.goto(base + path, { waitUntil: 'load' });
    expect({ path, status: res?.status() }).toEqual({ path, status: expect.any(Number) });
    await collect(page, path, problems);
  }

  async function collect(page: Page, label: string, problems: string[]) {
    const seen = await page.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? []);
    problems.push(...seen.map((v) => `${label}: ${v}`));
  }

  it('notices a violation when there is one (so the checks below mean something)', async () => {
    const problems: string[] = [];
    const page = await open(browser, problems);
    await visit(page, '/login', problems);
    await page.evaluate(() => {
      document.body.insertAdjacentHTML('beforeend', '<p style="color: red">inline</p>');
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.body.appendChild(script);
    });
    await collect(page, '/login', problems);
    expect(await page.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan)).toBeUndefined();
    expect(problems.join('\n')).toMatch(/style-src-attr/);
    expect(problems.join('\n')).toMatch(/script-src-elem/);
    await page.close();
  });

  it('public, staff and client pages load with nothing blocked, and their scripts work', async () => {
    const problems: string[] = [];
    const visitor = await browser.createBrowserContext();
    const anonymous = await open(visitor, problems);
    for (const path of ['/', '/signup', '/login', '/verify', '/no-such-page', '/api/docs']) await visit(anonymous, path, problems);
    // Swagger UI (its own scripts, from files) rendered.
    await anonymous.waitForSelector('#swagger-ui .info', { timeout: 15_000 });
    await visitor.close();

    // Log in through the form, then the staff pages, the offering editor included.
    const staff = await browser.createBrowserContext();
    const page = await open(staff, problems);
    await visit(page, '/login', problems);
    await page.type('input[name=email]', practitioner.user.email);
    await page.type('input[name=password]', GOOD_PASSWORD);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('main form[method=post] button[type=submit]')]);
    // Two-step log-in: the code from the practitioner's authenticator.
    expect(new URL(page.url()).pathname).toBe('/login/code');
    await collect(page, '/login/code', problems);
    await page.type('input[name=code]', await totpCode(practitioner));
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('main form[method=post] button[type=submit]')]);
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await collect(page, '/dashboard', problems);
    for (const path of [
      '/offerings',
      `/offerings/${offeringId}`,
      `/offerings/${offeringId}/edit`,
      '/offerings/new',
      '/intake',
      '/intake/form',
      '/intake/new',
      '/agreements',
      '/print-queue',
      '/team',
      '/profile',
      '/account/security',
      '/reauth',
    ]) {
      await visit(page, path, problems);
    }
    // The signing screen's link, with its copy button shown by script.
    await visit(page, `/agreements/${agreement.id}`, problems);
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.click(`form[action="/agreements/${agreement.id}/screen"] button[type=submit]`),
    ]);
    expect(await page.$eval('[data-copy-button]', (b) => (b as HTMLButtonElement).hidden)).toBe(false);
    const screenPath = new URL(await page.$eval('#screen-link', (i) => (i as HTMLInputElement).value)).pathname;
    await collect(page, 'signing screen link', problems);
    await staff.close();

    // Someone whose practice requires two-step log-in sets it up: the QR code (a data: image) shows,
    // and the recovery codes page's copy button is shown by script.
    const setup = await browser.createBrowserContext();
    const first = await open(setup, problems);
    await visit(first, '/login', problems);
    await first.type('input[name=email]', newcomer.user.email);
    await first.type('input[name=password]', GOOD_PASSWORD);
    await Promise.all([first.waitForNavigation({ waitUntil: 'load' }), first.click('main form[method=post] button[type=submit]')]);
    expect(new URL(first.url()).pathname).toBe('/account/mfa/setup');
    expect(await first.$eval('img.qr', (img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    const secret = (await first.$eval('.secret-key code', (c) => c.textContent ?? '')).replace(/\s/g, '');
    await first.type('input[name=code]', await generate({ secret }));
    await Promise.all([first.waitForNavigation({ waitUntil: 'load' }), first.click('main form[method=post] button[type=submit]')]);
    expect(await first.$$eval('.recovery-codes li', (items) => items.length)).toBe(10);
    expect(await first.$eval('[data-copy-button]', (b) => (b as HTMLButtonElement).hidden)).toBe(false);
    await collect(first, 'two-step set-up', problems);
    await setup.close();

    // The client: the intake form autosaves as they type.
    const client = await browser.createBrowserContext();
    const form = await open(client, problems);
    await visit(form, `/i/${fresh}`, problems);
    await form.type('input[autocomplete=name]', 'Maya');
    await form.waitForFunction(() => /Saved at/.test(document.body.innerText), { timeout: 15_000 });
    await collect(form, 'intake autosave', problems);

    // The client signs their agreement through the link.
    await visit(form, `/i/${agreement.token}/agreements/${agreement.id}`, problems);
    await form.type('input[name=typedName]', 'Maya Ortiz');
    await form.click('#field-consent');
    await Promise.all([form.waitForNavigation({ waitUntil: 'load' }), form.click('form[action$="/sign"] button[type=submit]')]);
    expect(form.url()).toContain('done=signed');
    await collect(form, 'after signing', problems);
    await visit(form, screenPath, problems);
    await client.close();

    expect(problems).toEqual([]);
  });
});
