import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'puppeteer-core';
import { generate } from 'otplib';
import { GOOD_PASSWORD, uniqueEmail } from '../factories/accounts';
import { countersignedAgreement, daysFromToday } from '../factories/agreements';
import { exampleContent } from '../factories/offerings';
import {
  AllowList,
  audit,
  byId,
  check,
  fill,
  go,
  htmlLang,
  Journey,
  path,
  person,
  apiSession,
  pressAndWait,
  report,
  shoot,
  SHOTS,
  startJourney,
  submit,
  tab,
  tabTo,
  typeHere,
} from './support/browser';
import { CLIENT_ALLOW } from './support/known-client-issues';

/**
 * The whole partnership in a real Chromium, through the pages: a practice signs up and publishes an
 * offering, a client tells their story with the keyboard alone, is heard, sees the expectations
 * check, signs an agreement, the front desk prints it, a review leads to an amendment. Every page
 * visited goes through the accessibility checks (support/browser.ts, `audit`). Elements are found
 * by ids, names, form actions and roles, never by wording, so copy changes do not break this.
 */
describe('journey: a healing partnership from sign-up to amendment', () => {
  let j: Journey;
  let staff: { context: BrowserContext; page: Page };
  let client: { context: BrowserContext; page: Page };
  const owner = { name: 'Dana Reyes', email: uniqueEmail('owner'), secret: '', lastStep: 0 };
  let practiceSlug = '';
  let offeringId = '';
  let publicPath = '';
  let link = '';
  let token = '';
  let intakeId = '';
  let checkPath = '';
  let agreementId = '';
  let amendmentId = '';
  const clientPaths = new Set<string>();

  /** Checks every page: staff pages must be clean; client pages may have only their listed issues. */
  const checked = new Set<string>();
  async function look(page: Page, label: string, allow: AllowList = CLIENT_ALLOW): Promise<void> {
    expect(await page.$('.error-summary')).toBe(null);
    if (label.startsWith('client') || label.startsWith('public')) clientPaths.add(path(page));
    if (checked.has(label)) return;
    checked.add(label);
    await audit(j, page, label, { allow: allow[label] });
  }
  /** Asserts no check failed since the last call (and starts afresh, so one failure is reported once). */
  const clean = () => {
    const found = report(j.problems.splice(0));
    expect(found).toEqual([]);
  };

  /** The owner's authenticator: a fresh time step for every code. */
  async function code(): Promise<string> {
    for (;;) {
      const step = Math.floor(Date.now() / 30_000);
      if (step > owner.lastStep) {
        owner.lastStep = step;
        return generate({ secret: owner.secret, epoch: step * 30 });
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  beforeAll(async () => {
    j = await startJourney();
    staff = await person(j);
    client = await person(j);
  });
  afterAll(async () => {
    await j?.close();
  });

  it('a practice signs up, sets up two-step log-in and publishes the example offering', async () => {
    const page = staff.page;
    expect(await go(j, page, '/signup')).toBe(200);
    await look(page, 'staff: sign-up');
    await shoot(page, '01-signup');
    await page.type('#field-practiceName', 'Riverside Healing Arts');
    await page.type('#field-ownerName', owner.name);
    await page.type('#field-email', owner.email);
    await page.type('#field-password', GOOD_PASSWORD);
    await submit(page, 'form[action="/signup"] button[type=submit]');

    // The practice requires two-step log-in of its owner: the set-up page shows the key.
    expect(new URL(page.url()).pathname).toBe('/account/mfa/setup');
    await look(page, 'staff: two-step set-up');
    await shoot(page, '02-mfa-setup');
    owner.secret = (await page.$eval('#secret-key code', (c) => c.textContent ?? '')).replace(/\s/g, '');
    await page.type('#field-code', await code());
    await submit(page, 'form[action^="/account/mfa/setup"] button[type=submit]');
    expect(await page.$$eval('.recovery-codes li', (items) => items.length)).toBe(10);
    await look(page, 'staff: recovery codes');
    await submit(page, 'main a.button');
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await look(page, 'staff: dashboard');
    await shoot(page, '03-dashboard');

    // A new offering, filled in with the example and published.
    await go(j, page, '/offerings/new');
    await look(page, 'staff: new offering');
    await page.type('#field-title', 'Back care');
    await submit(page, 'form[action="/offerings/new"] button[type=submit]');
    offeringId = /\/offerings\/([0-9a-f-]{36})/.exec(page.url())![1];
    if (!page.url().endsWith('/edit')) await go(j, page, `/offerings/${offeringId}/edit`);
    await look(page, 'staff: offering editor');
    const ownerId = await page.$eval('input[name="draft[practitionerIds][]"]', (i) => (i as HTMLInputElement).value);
    const example = { ...exampleContent([ownerId]), title: 'Back care' };
    await fill(page, byId('field-title'), example.title);
    await fill(page, byId('field-modality'), example.modality);
    await check(page, 'input[name="draft[practitionerIds][]"]');
    await fill(page, byId('field-summary'), example.summary);
    await fill(page, byId('field-howWeWork'), example.howWeWork);
    const trial = example.trialPeriod;
    await fill(page, byId('field-trialPeriod.length'), trial.length);
    await fill(page, byId('field-trialPeriod.unit'), trial.unit);
    await fill(page, byId('field-trialPeriod.expectedChanges'), trial.expectedChanges);
    for (const option of trial.ifNothingChanges)
      await check(page, `input[name="draft[trialPeriod][ifNothingChanges][]"][value="${option}"]`);
    await fill(page, byId('field-trialPeriod.ifNothingChangesNote'), trial.ifNothingChangesNote!);
    const fees = example.fees;
    await fill(page, byId('field-fees.currency'), fees.currency);
    await check(page, 'input[name="draft[fees][slidingScale][offered]"]');
    await fill(page, byId('field-fees.slidingScale.minPercent'), fees.slidingScale!.minPercent);
    await fill(page, byId('field-fees.slidingScale.maxPercent'), fees.slidingScale!.maxPercent);
    await fill(page, byId('field-fees.slidingScale.howDecided'), fees.slidingScale!.howDecided);
    await fill(page, byId('field-fees.cancellationPolicy'), fees.cancellationPolicy!);
    await check(page, 'input[name="draft[products][policy]"][value="none"]');
    // The editor shows one empty phase and one empty option at the end: fill it in and save to add
    // the next, as a practitioner does.
    const rows = Math.max(example.careArc.length, example.alternatives.length);
    for (let i = 0; i < rows; i++) {
      const phase = example.careArc[i];
      if (phase) {
        const at = (name: string) => byId(`field-careArc.${i}.${name}`);
        await fill(page, at('name'), phase.name);
        await fill(page, at('visits'), phase.visits);
        await fill(page, at('every'), phase.every);
        await fill(page, at('per'), phase.per);
        if (phase.lengthWeeks) await fill(page, at('lengthWeeks'), phase.lengthWeeks);
        else await check(page, `input[name="draft[careArc][${i}][ongoing]"]`);
        await fill(page, at('minutesPerVisit'), phase.minutesPerVisit);
        await fill(page, at('homePracticeMinutes'), phase.homePracticeMinutes);
        await fill(page, at('homePracticePer'), phase.homePracticePer);
        await fill(page, at('feePerVisitMinor'), phase.feePerVisitMinor! / 100);
        await fill(page, at('description'), phase.description!);
      }
      const alternative = example.alternatives[i];
      if (alternative) {
        await fill(page, byId(`field-alternatives.${i}.kind`), alternative.kind);
        await fill(page, byId(`field-alternatives.${i}.title`), alternative.title);
        await fill(page, byId(`field-alternatives.${i}.description`), alternative.description!);
        await fill(page, byId(`field-alternatives.${i}.whenBetter`), alternative.whenBetter!);
      }
      if (i < rows - 1) {
        await submit(page, 'form.editor button[name=_action][value=save]');
        expect(await page.$('.error-summary')).toBe(null);
      }
    }
    await submit(page, 'form.editor button[name=_action][value=review]');
    expect(new URL(page.url()).pathname).toBe(`/offerings/${offeringId}`);
    await look(page, 'staff: offering for publishing');
    await submit(page, `form[action="/offerings/${offeringId}/publish"] button[type=submit]`);
    expect(page.url()).toContain('published=1');
    await shoot(page, '04-offering-published');
    publicPath = await page.$eval('main a.button.secondary', (a) => new URL((a as HTMLAnchorElement).href).pathname);
    practiceSlug = publicPath.split('/')[2];
    clean();
  });

  it('a client opens the public page and tells their story with the keyboard alone, leaving halfway', async () => {
    const page = client.page;
    expect(await go(j, page, `/p/${practiceSlug}`)).toBe(200);
    await look(page, 'public: practice');
    await shoot(page, '05-public-practice');
    expect(await go(j, page, publicPath)).toBe(200);
    await look(page, 'public: offering');
    await shoot(page, '06-public-offering');

    // Tab to "Start intake" and press Enter.
    await page.evaluate(() => document.body.focus());
    await tabTo(page, `form[action="${publicPath}/intake"] button[type=submit]`);
    await pressAndWait(page, 'Enter');
    link = new URL(page.url()).pathname;
    token = link.split('/')[2];
    expect(link).toMatch(/^\/i\/[A-Za-z0-9_-]{43}$/);
    await look(page, 'client: intake, about you');
    await shoot(page, '07-intake-about');

    // About you: name, e-mail, date of birth, reached with Tab and typed.
    await tabTo(page, '#q-about-name');
    await typeHere(page, 'Maya Ortiz');
    await tabTo(page, '#q-about-email');
    await typeHere(page, 'maya@example.org');
    await tabTo(page, '#q-about-date_of_birth');
    await page.keyboard.type('03091984');
    await tabTo(page, 'button[name=go][value=next]');
    await pressAndWait(page, 'Enter');

    // Your story: the long text, with Shift+Tab back to it after checking the buttons.
    await tabTo(page, '#q-story-text');
    await page.keyboard.type('My lower back has hurt since a fall last winter. What matters most is carrying my daughter again.');
    await tabTo(page, 'button[name=go][value=next]');
    await tabTo(page, '#q-story-text', { back: true });
    await tabTo(page, 'button[name=go][value=next]');
    await pressAndWait(page, 'Enter');
    await look(page, 'client: intake, goals');

    // A goal, then Save draft and leave.
    await tabTo(page, '#q-goals-1');
    await page.keyboard.type('Carry my daughter without pain');
    await tabTo(page, 'button[name=go][value=save]');
    await pressAndWait(page, 'Enter');
    expect(await page.$('[role=status].notice')).not.toBe(null);
    await page.close();
    clean();
  });

  it('the client comes back through their link and submits, still with the keyboard alone', async () => {
    const page = (client.page = await tab(j, client.context));
    expect(await go(j, page, link)).toBe(200);
    expect(await page.$eval('#q-about-name', (i) => (i as HTMLInputElement).value)).toBe('Maya Ortiz');

    /** Scale answers: Tab into the group, Space picks 0, arrows move to the value. */
    const scale = async (id: string, value: number) => {
      await tabTo(page, `#${id}-0`);
      await page.keyboard.press('Space');
      for (let i = 0; i < value; i++) await page.keyboard.press('ArrowRight');
    };
    for (let step = 0; step < 10; step++) {
      if (await page.$('form[data-submit-once]')) break;
      const has = async (id: string) => !!(await page.$(`#${id}`));
      if (await has('q-baseline-eating-0')) {
        await look(page, 'client: intake, daily life');
        await shoot(page, '08-intake-baseline');
        await scale('q-baseline-eating', 6);
        await tabTo(page, '#q-baseline-sleep_hours');
        await typeHere(page, '6.5');
        await scale('q-baseline-sleep', 4);
        await scale('q-baseline-movement', 3);
        await scale('q-baseline-emotions', 5);
      }
      if (await has('q-expectations-notice_within-0')) {
        await look(page, 'client: intake, expectations');
        await scale('q-expectations-notice_within', 1);
      }
      if (await has('q-consent-privacy-0')) {
        await look(page, 'client: intake, consent');
        await tabTo(page, '#q-consent-privacy-0');
        await page.keyboard.press('Space');
      }
      await tabTo(page, 'button[name=go][value=next]');
      await pressAndWait(page, 'Enter');
      expect(await page.$('.error-summary')).toBe(null);
    }
    await look(page, 'client: intake, check answers');
    await shoot(page, '09-intake-review');
    await tabTo(page, 'form[data-submit-once] button[type=submit]');
    await pressAndWait(page, 'Enter');
    expect(path(page)).toBe(link);
    await look(page, 'client: intake submitted');
    await shoot(page, '10-intake-submitted');
    const [row] = await j.t.sql<{ id: string; submitted: boolean }>(
      `SELECT i.id, s.id IS NOT NULL AS submitted FROM intakes i LEFT JOIN intake_submissions s ON s.intake_id = i.id`,
    );
    expect(row.submitted).toBe(true);
    intakeId = row.id;
    clean();
  });

  it('the practitioner reflects, the client corrects a goal, then confirms', async () => {
    const page = staff.page;
    await go(j, page, '/intake');
    await look(page, 'staff: intake inbox');
    await submit(page, `main a[href="/intake/${intakeId}"]`);
    await look(page, 'staff: intake');
    await shoot(page, '11-staff-intake');
    await go(j, page, `/intake/${intakeId}/reflection`);
    await look(page, 'staff: reflect');
    await fill(page, 'textarea[name=story]', 'A fall last winter, and back pain since; rest and painkillers did not help.');
    await fill(page, 'textarea[name^="goals["]', 'To lift your daughter again.');
    await fill(page, 'textarea[name=mattersMost]', 'Being able to carry your daughter.');
    await submit(page, `form[action="/intake/${intakeId}/reflection"] button[type=submit]`);

    const you = client.page;
    expect(await go(j, you, `${link}/heard`)).toBe(200);
    await look(you, 'client: what was heard');
    await shoot(you, '12-client-heard');
    await fill(you, 'form textarea[name^="goals["]', 'Carry her, not just lift her: up the stairs too.');
    await submit(you, 'form button[name=verdict][value=corrected]');
    expect(await you.$('.error-summary')).toBe(null);

    await go(j, page, `/intake/${intakeId}/reflection`);
    await fill(page, 'textarea[name^="goals["]', 'To carry your daughter up the stairs without pain.');
    await submit(page, `form[action="/intake/${intakeId}/reflection"] button[type=submit]`);

    await go(j, you, `${link}/heard`);
    await submit(you, 'form button[name=verdict][value=confirmed]');
    const [reflection] = await j.t.sql<{ status: string; round: number }>('SELECT status, round FROM reflections WHERE intake_id = $1', [
      intakeId,
    ]);
    expect(reflection).toEqual({ status: 'heard', round: 2 });
    await look(you, 'client: heard, confirmed');
    await shoot(you, '13-client-heard-confirmed');
    clean();
  });

  it('the expectations check appears to both', async () => {
    const page = staff.page;
    await go(j, page, `/intake/${intakeId}/alignment`);
    await look(page, 'staff: alignment overview');
    const version = await page.$eval('#field-offeringId option:not([value=""])', (o) => (o as HTMLOptionElement).value);
    await fill(page, '#field-offeringId', version);
    await submit(page, `form[action="/intake/${intakeId}/checks"] button[type=submit]`);
    checkPath = new URL(page.url()).pathname;
    expect(checkPath).toMatch(new RegExp(`^/intake/${intakeId}/checks/[0-9a-f-]{36}$`));
    expect(await page.$$('[id^="finding-"]')).not.toHaveLength(0);
    await look(page, 'staff: expectations check');
    await shoot(page, '14-staff-check');

    const you = client.page;
    expect(await go(j, you, `${link}/checks/${checkPath.split('/').pop()}`)).toBe(200);
    expect(await you.$$('[id^="finding-"]')).not.toHaveLength(0);
    await look(you, 'client: expectations check');
    await shoot(you, '15-client-check');
    clean();
  });

  it('an agreement is proposed, the client signs and the practitioner countersigns', async () => {
    const page = staff.page;
    await go(j, page, `/agreements/new?intake=${intakeId}`);
    await look(page, 'staff: new agreement');
    const version = await page.$eval('#field-offeringId option:not([value=""])', (o) => (o as HTMLOptionElement).value);
    await fill(page, '#field-offeringId', version);
    // Care began eight weeks ago, so the review at the end of the six-week trial is due.
    await fill(page, '#field-startDate', daysFromToday(-56));
    await submit(page, 'form[action="/agreements/new"] button[type=submit]');
    agreementId = /\/agreements\/([0-9a-f-]{36})/.exec(page.url())![1];
    await look(page, 'staff: agreement draft');
    await fill(
      page,
      byId('field-choice.option'),
      await page.$eval(`${byId('field-choice.option')} option:not([value=""])`, (o) => (o as HTMLOptionElement).value),
    );
    await fill(page, 'textarea[name="choice[reasons]"]', 'It fits my weeks and my budget.');
    for (const name of await page.$$eval('textarea[name^="findings["]', (areas) => areas.map((a) => (a as HTMLTextAreaElement).name)))
      await fill(page, `textarea[name="${name}"]`, 'Talked through together.');
    await submit(page, `form[action="/agreements/${agreementId}"] button[type=submit]`);
    expect(await page.$('.error-summary')).toBe(null);
    await submit(page, `form[action="/agreements/${agreementId}/propose"] button[type=submit]`);
    await look(page, 'staff: agreement proposed');
    await shoot(page, '16-staff-agreement-proposed');

    const you = client.page;
    await go(j, you, `${link}/agreements`);
    await look(you, 'client: agreements');
    await go(j, you, `${link}/agreements/${agreementId}`);
    await look(you, 'client: agreement to sign');
    await shoot(you, '17-client-agreement');
    await you.type('#field-typedName', 'Maya Ortiz');
    await check(you, '#field-consent');
    await submit(you, 'form[action$="/sign"] button[type=submit]');
    expect(you.url()).toContain('done=signed');
    await look(you, 'client: agreement signed');

    await go(j, page, `/agreements/${agreementId}`);
    await page.type('form[action$="/countersign"] #field-typedName', owner.name);
    await check(page, 'form[action$="/countersign"] #field-consent');
    await submit(page, `form[action="/agreements/${agreementId}/countersign"] button[type=submit]`);
    await look(page, 'staff: agreement countersigned');
    await shoot(page, '18-staff-agreement-countersigned');
    const signatures = await j.t.sql<{ role: string }>('SELECT role FROM agreement_signatures WHERE agreement_id = $1 ORDER BY role', [
      agreementId,
    ]);
    expect(signatures.map((s) => s.role).sort()).toEqual(['client', 'practitioner']);
    await go(j, page, '/agreements');
    await look(page, 'staff: agreements');
    await go(
      j,
      page,
      '/clients/' + (await j.t.sql<{ client_id: string }>('SELECT client_id FROM agreements WHERE id = $1', [agreementId]))[0].client_id,
    );
    await look(page, 'staff: partnership');
    clean();
  });

  it('a review comes due; the client answers, the practitioner decides, and the amendment is signed', async () => {
    const you = client.page;
    await go(j, you, `${link}/reviews`);
    await look(you, 'client: reviews');
    const reviewPath = await you.$eval(`main a[href^="${link}/reviews/"]`, (a) => new URL((a as HTMLAnchorElement).href).pathname);
    await go(j, you, reviewPath);
    await look(you, 'client: review to answer');
    await shoot(you, '21-client-review');
    await fill(you, '#goal-0', '7');
    for (const [name, value] of [
      ['baseline[baseline.eating]', '7'],
      ['baseline[baseline.sleep]', '8'],
      ['baseline[baseline.movement]', '6'],
      ['baseline[baseline.emotions]', '7'],
    ])
      await check(you, `input[name="${name}"][value="${value}"]`);
    await fill(you, 'input[name="baseline[baseline.sleep_hours]"]', '7.5');
    await fill(you, 'textarea[name=working]', 'The morning exercises.');
    await submit(you, `form[action="${reviewPath}"] button[type=submit]`);
    expect(await you.$('.error-summary')).toBe(null);

    const page = staff.page;
    await go(j, page, '/reviews');
    await look(page, 'staff: reviews');
    const reviewId = reviewPath.split('/').pop()!;
    await go(j, page, `/reviews/${reviewId}`);
    await look(page, 'staff: review');
    await shoot(page, '22-staff-review');
    await fill(page, '#field-decision', 'lighten');
    await fill(page, 'textarea[name=reason]', 'You are sleeping and moving better.');
    await submit(page, `form[action="/reviews/${reviewId}/decision"] button[type=submit]`);
    amendmentId = /\/agreements\/([0-9a-f-]{36})/.exec(page.url())![1];
    await look(page, 'staff: amendment draft');
    await fill(page, 'input[name="careArc[p1][every]"]', '4');
    await submit(page, `form[action="/agreements/${amendmentId}"] button[type=submit]`);
    expect(await page.$('.error-summary')).toBe(null);
    await submit(page, `form[action="/agreements/${amendmentId}/propose"] button[type=submit]`);
    await shoot(page, '23-staff-amendment');

    await go(j, you, `${link}/agreements/${amendmentId}`);
    await look(you, 'client: amendment to sign');
    await shoot(you, '24-client-amendment');
    await you.type('#field-typedName', 'Maya Ortiz');
    await check(you, '#field-consent');
    await submit(you, 'form[action$="/sign"] button[type=submit]');
    expect(you.url()).toContain('done=signed');

    await go(j, page, `/agreements/${amendmentId}`);
    await page.type('form[action$="/countersign"] #field-typedName', owner.name);
    await check(page, 'form[action$="/countersign"] #field-consent');
    await submit(page, `form[action="/agreements/${amendmentId}/countersign"] button[type=submit]`);
    const statuses = await j.t.sql<{ id: string; status: string }>('SELECT id, status FROM agreements WHERE id = ANY($1)', [
      [agreementId, amendmentId],
    ]);
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({
      [agreementId]: 'superseded',
      [amendmentId]: expect.stringMatching(/countersigned|active/),
    });
    await go(j, you, `${link}/timeline`);
    await look(you, 'client: timeline');
    await shoot(you, '25-client-timeline');
    clean();
  });

  it('the front desk joins, prints a merged batch from the print queue, and /verify confirms it', async () => {
    const page = staff.page;
    await go(j, page, '/team/invite');
    await look(page, 'staff: invite');
    await page.type('#field-email', uniqueEmail('desk'));
    await page.type('#field-name', 'Frankie Frontdesk');
    await check(page, 'input[name=role][value=front_desk]');
    await submit(page, 'form[action="/team/invite"] button[type=submit]');
    await look(page, 'staff: invitation link');
    const invitation = await page.$eval('#invitation-link', (i) => (i as HTMLInputElement).value);

    const desk = await person(j);
    await go(j, desk.page, new URL(invitation).pathname);
    await look(desk.page, 'staff: join');
    await desk.page.type('#field-password', GOOD_PASSWORD);
    await submit(desk.page, 'main form button[type=submit]');
    // A second client's agreement, signed and countersigned through the API by the owner (this
    // offering's practitioner), so the batch merges more than one document.
    const ownerApi = await apiSession(j, staff.page);
    await countersignedAgreement(j.t, { desk: ownerApi, practitioner: ownerApi }, offeringId, daysFromToday(0));
    await go(j, desk.page, '/print-queue');
    await look(desk.page, 'staff: print queue');
    await shoot(desk.page, '19-print-queue');
    // Everything ready is ticked (the countersigned amendment's copy and the second client's
    // agreement; intake summaries are not for the front desk) and printed as one merged PDF.
    const ticked = await desk.page.$$eval('input[name="items[]"]', (boxes) => boxes.length);
    expect(ticked).toBeGreaterThanOrEqual(2);
    await check(desk.page, 'input[name="items[]"]');
    // The form answers with a PDF download, which headless Chromium saves rather than shows: post
    // the same form with the page's own fetch to read the bytes.
    const printed = await desk.page.evaluate(async () => {
      const form = document.querySelector<HTMLFormElement>('form[action="/print-queue/print"]')!;
      const res = await fetch(form.action, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form) as unknown as Record<string, string>),
      });
      const bytes = new Uint8Array(await res.arrayBuffer());
      let binary = '';
      for (const b of bytes) binary += String.fromCharCode(b);
      return { status: res.status, type: res.headers.get('content-type'), base64: btoa(binary) };
    });
    expect(printed.status).toBe(200);
    expect(printed.type).toContain('application/pdf');
    const batch = join(SHOTS, 'print-batch.pdf');
    writeFileSync(batch, Buffer.from(printed.base64, 'base64'));
    const text = execFileSync('pdftotext', [batch, '-'], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
    const codes = [...new Set(text.match(/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/g) ?? [])];
    expect(codes.length).toBeGreaterThanOrEqual(2); // both agreements are in the one PDF
    const code = codes[0];
    const printedRows = await j.t.sql<{ kind: string }>('SELECT kind FROM printed_items ORDER BY kind');
    expect(printedRows).toHaveLength(ticked); // one merged PDF, each item recorded as printed

    const anyone = await person(j);
    await go(j, anyone.page, '/verify');
    await look(anyone.page, 'public: verify');
    await anyone.page.type('#field-code', code!);
    await submit(anyone.page, 'form[action="/verify"][method=get] button[type=submit]');
    expect(await anyone.page.$('section.card[role=status]')).not.toBe(null);
    await look(anyone.page, 'public: verify, found');
    await shoot(anyone.page, '20-verify');
    await anyone.context.close();
    await desk.context.close();
    clean();
  });

  it('the client PDFs are tagged, titled and in the client’s language', async () => {
    const you = client.page;
    for (const pdf of [`${link}/pdf`, `${link}/agreements/${agreementId}/pdf`]) {
      const base64 = await you.evaluate(async (url) => {
        const res = await fetch(url);
        const bytes = new Uint8Array(await res.arrayBuffer());
        let binary = '';
        for (const b of bytes) binary += String.fromCharCode(b);
        return btoa(binary);
      }, pdf);
      const file = join(SHOTS, `client-${pdf.includes('agreements') ? 'agreement' : 'intake'}.pdf`);
      writeFileSync(file, Buffer.from(base64, 'base64'));
      const info = execFileSync('pdfinfo', [file], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
      const raw = Buffer.from(base64, 'base64').toString('latin1');
      expect({ pdf, tagged: /^Tagged:\s+yes/m.test(info) }).toEqual({ pdf, tagged: true });
      expect({ pdf, title: /^Title:\s+\S/m.test(info) }).toEqual({ pdf, title: true });
      expect({ pdf, lang: /\/Lang\s*\((en|es)/.test(raw) || /\/Lang/.test(raw) }).toEqual({ pdf, lang: true });
    }
  });

  it('the client switches to Spanish: every client page says so, and is checked again', async () => {
    const you = client.page;
    await go(j, you, link);
    await submit(you, `form[action="${link}/language"] button[name=language][value=es]`);
    expect(await htmlLang(you)).toBe('es');
    const spanish: AllowList = Object.fromEntries(Object.entries(CLIENT_ALLOW).map(([k, v]) => [`${k} (es)`, v]));
    const pages: Array<[string, string]> = [
      [link, 'client: intake submitted'],
      [`${link}/heard`, 'client: heard, confirmed'],
      [`${link}/checks/${checkPath.split('/').pop()}`, 'client: expectations check'],
      [`${link}/agreements`, 'client: agreements'],
      [`${link}/agreements/${amendmentId}`, 'client: agreement signed'],
      [`${link}/reviews`, 'client: reviews'],
      [`${link}/timeline`, 'client: timeline'],
    ];
    for (const [to, label] of pages) {
      expect(await go(j, you, to)).toBe(200);
      expect({ to, lang: await htmlLang(you) }).toEqual({ to, lang: 'es' });
      await look(you, `${label} (es)`, spanish);
      await shoot(you, `es-${label.replace(/[^a-z]+/gi, '-')}`);
    }
    for (const [to, label] of [
      [`/p/${practiceSlug}?lang=es`, 'public: practice'],
      [`${publicPath}?lang=es`, 'public: offering'],
    ]) {
      expect(await go(j, you, to)).toBe(200);
      expect({ to, lang: await htmlLang(you) }).toEqual({ to, lang: 'es' });
      await look(you, `${label} (es)`, spanish);
      await shoot(you, `es-${label.replace(/[^a-z]+/gi, '-')}`);
    }
    clean();
  });
});
