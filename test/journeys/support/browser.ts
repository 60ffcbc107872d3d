import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import axe from 'axe-core';
import puppeteer, { Browser, BrowserContext, ElementHandle, Page } from 'puppeteer-core';
import request from 'supertest';
import { CHROMIUM_ARGS, findChromium } from '../../../src/browser/chromium';
import type { SignedInClient } from '../../factories/accounts';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * What the journeys share: one Chromium per spec file, an app on its own database listening on a
 * real port, and the checks every page a journey visits goes through (axe, reflow, visible focus,
 * labelled forms), with screenshots of the key screens.
 */

export const SHOTS = join(__dirname, '..', '..', '..', 'test-output', 'journeys');
/** The WCAG 2.0 and 2.1 A and AA rules. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
export const DESKTOP = { width: 1280, height: 900 };
// Not `isMobile`: changing it reloads the page, which would lose what a journey typed.
export const PHONE = { width: 390, height: 844 };

export interface Problem {
  page: string;
  url: string;
  check: string;
  rule?: string;
  detail: string;
}

export interface Journey {
  t: TestApp;
  browser: Browser;
  base: string;
  /** Every check that failed on every page, reported together at the end of each test. */
  problems: Problem[];
  close(): Promise<void>;
}

export async function startJourney(env: Record<string, string> = {}): Promise<Journey> {
  const t = await startTestApp(env);
  await t.app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  const executablePath = findChromium(process.env.CHROMIUM_PATH);
  if (!executablePath) throw new Error('Chromium is needed for the journeys (see README, Chromium)');
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS, '--lang=en-US'],
    defaultViewport: DESKTOP,
  });
  mkdirSync(SHOTS, { recursive: true });
  return {
    t,
    browser,
    base,
    problems: [],
    async close() {
      await browser.close().catch(() => undefined);
      await t.close();
    },
  };
}

/** A fresh person (own cookies) with one tab that reports script errors and policy violations. */
export async function person(j: Journey): Promise<{ context: BrowserContext; page: Page }> {
  const context = await j.browser.createBrowserContext();
  const page = await tab(j, context);
  return { context, page };
}

export async function tab(j: Journey, context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => j.problems.push({ page: page.url(), url: page.url(), check: 'script error', detail: String(error) }));
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text()))
      j.problems.push({ page: page.url(), url: page.url(), check: 'csp', detail: message.text() });
  });
  return page;
}

export const path = (page: Page) => {
  const url = new URL(page.url());
  return url.pathname + url.search;
};

/** Goes to a path and waits for the page to load; returns the HTTP status. */
export async function go(j: Journey, page: Page, to: string): Promise<number> {
  const res = await page.goto(j.base + to, { waitUntil: 'load' });
  return res?.status() ?? 0;
}

/** Clicks (or presses Enter on) something that navigates, and waits for the next page. */
export async function submit(page: Page, selector: string): Promise<number> {
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
  return res?.status() ?? 0;
}

export async function pressAndWait(page: Page, key: 'Enter' | 'Space'): Promise<number> {
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press(key)]);
  return res?.status() ?? 0;
}

/** A CSS selector for an id with dots in it (the forms' `field-careArc.0.name`). */
export const byId = (id: string) => `[id="${id}"]`;

/** Sets a field's value as typing would (fires input and change), for the long staff forms. */
export async function fill(page: Page, selector: string, value: string | number | boolean): Promise<void> {
  const found = await page.evaluate(
    (s, v) => {
      const el = document.querySelector(s) as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null;
      if (!el) return false;
      if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) el.checked = Boolean(v);
      else el.value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
      return true;
    },
    selector,
    value,
  );
  if (!found) throw new Error(`no field ${selector} on ${page.url()}`);
}

export async function check(page: Page, selector: string, on = true): Promise<void> {
  const ok = await page.$$eval(
    selector,
    (els, state) => {
      els.forEach((el) => ((el as HTMLInputElement).checked = state as boolean));
      return els.length;
    },
    on,
  );
  if (!ok) throw new Error(`nothing matches ${selector} on ${page.url()}`);
}

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`; fails after `max` presses. */
export async function tabTo(page: Page, selector: string, { back = false, max = 60 } = {}): Promise<ElementHandle<Element>> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => !!document.activeElement?.matches(s), selector)) {
      return (await page.evaluateHandle(() => document.activeElement!)) as ElementHandle<Element>;
    }
    if (back) {
      await page.keyboard.down('Shift');
      await page.keyboard.press('Tab');
      await page.keyboard.up('Shift');
    } else await page.keyboard.press('Tab');
  }
  const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200));
  throw new Error(`Tab never reached ${selector} on ${page.url()} (focus is on ${at})`);
}

/** Types into whatever has focus, replacing what is there (select all, then type). */
export async function typeHere(page: Page, text: string): Promise<void> {
  await page.keyboard.down('Control');
  await page.keyboard.press('KeyA');
  await page.keyboard.up('Control');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

/** Full-page screenshots at desktop and phone widths; the viewport is restored afterwards. */
export async function shoot(page: Page, name: string): Promise<void> {
  const before = page.viewport() ?? DESKTOP;
  for (const [suffix, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewport(viewport);
    await page.screenshot({ path: join(SHOTS, `${name}.${suffix}.png`) as `${string}.png`, fullPage: true });
  }
  await page.setViewport(before);
}

/**
 * Known problems on client-facing pages that other helpers are rewriting right now: page label →
 * axe rule ids tolerated there, and only there. Each one is written up in /tmp/a11y-client-fixes.md
 * for the lead, who empties this list once they are fixed.
 */
export type AllowList = Record<string, string[]>;

interface AuditOptions {
  /** Rule ids tolerated on this page (from the spec's allow-list). */
  allow?: string[];
  /** Skip the checks that change the viewport (the page is mid-interaction). */
  noReflow?: boolean;
}

/**
 * The accessibility checks every page goes through: axe (WCAG 2.0/2.1 A and AA), no horizontal
 * scrolling at 320 px and at 640 px (1280 px at 200% zoom), a visible focus indicator on the
 * first things Tab reaches, and labelled form controls with radio and checkbox groups in fieldsets.
 * Problems are collected in `j.problems` with the page label; the spec asserts none are left.
 */
export async function audit(j: Journey, page: Page, label: string, options: AuditOptions = {}): Promise<void> {
  const url = path(page);
  const add = (p: Omit<Problem, 'page' | 'url'>) => {
    j.problems.push({ page: label, url, ...p });
    appendFileSync(join(SHOTS, 'problems.log'), `${label} ${url} ${p.check} ${p.rule ?? ''} ${p.detail}\n`);
  };

  // axe-core, injected through the DevTools protocol (not a <script>), so the page's strict
  // Content-Security-Policy stays in force and cannot block it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const result = await page.evaluate(
    (tags) =>
      (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  for (const v of result.violations) {
    if (options.allow?.includes(v.id)) continue;
    for (const node of v.nodes) {
      add({ check: 'axe', rule: v.id, detail: `${node.target.join(' ')}: ${node.failureSummary?.replace(/\s+/g, ' ') ?? v.help}` });
    }
  }

  // Reflow: usable at 320 px and at 200% zoom without scrolling sideways.
  if (!options.noReflow) {
    const before = page.viewport() ?? DESKTOP;
    for (const width of [320, 640]) {
      await page.setViewport({ width, height: 800 });
      const wide = await page.evaluate(() => {
        const overflow = document.documentElement.scrollWidth - window.innerWidth;
        if (overflow <= 0) return null;
        const culprits = Array.from(document.querySelectorAll('body *'))
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
          .slice(0, 3)
          .map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${[...el.classList].join('.')}`);
        return `${overflow}px too wide (${culprits.join(', ')})`;
      });
      if (wide) add({ check: `reflow at ${width}px`, detail: wide });
    }
    await page.setViewport(before);
  }

  // Visible focus, reached with the keyboard as a person would: the first few things Tab reaches
  // from the top of the page, and the first form field in the main content.
  await page.evaluate(() => {
    window.scrollTo(0, 0);
    document.body.tabIndex = -1;
    document.body.focus(); // Tab's starting point moves to the top of the page
    document.body.removeAttribute('tabindex');
  });
  const hasField = await page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('main input:not([type=hidden]), main select, main textarea')).some(
      (el) => el.offsetParent !== null && !(el as HTMLInputElement).disabled,
    ),
  );
  let fieldSeen = !hasField;
  for (let i = 0; i < 60 && (i < 4 || !fieldSeen); i++) {
    await page.keyboard.press('Tab');
    const seen = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return { field: false, missing: null };
      const style = getComputedStyle(el);
      const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
      const shadow = style.boxShadow !== 'none' && style.boxShadow !== '';
      const field = !!el.closest('main') && el.matches('input, select, textarea');
      return { field, missing: outline || shadow ? null : el.outerHTML.slice(0, 120) };
    });
    if (seen.missing && (i < 4 || seen.field)) add({ check: 'visible focus', detail: seen.missing });
    if (seen.field) fieldSeen = true;
  }
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });

  // Forms: every control labelled; radio and checkbox groups in a fieldset with a legend.
  const unlabelled = await page.evaluate(() => {
    const out: string[] = [];
    const controls = Array.from(document.querySelectorAll<HTMLInputElement>('input, select, textarea')).filter(
      (el) => !['hidden', 'submit', 'button', 'reset'].includes(el.type),
    );
    for (const el of controls) {
      const named = (el.labels && el.labels.length > 0) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
      if (!named) out.push(`no label: ${el.outerHTML.slice(0, 120)}`);
    }
    const groups = new Map<string, HTMLInputElement[]>();
    for (const el of controls) {
      if (el.type !== 'radio' && el.type !== 'checkbox') continue;
      const key = `${el.form?.action ?? ''}|${el.name}`;
      groups.set(key, [...(groups.get(key) ?? []), el]);
    }
    for (const [key, members] of groups) {
      if (members.length < 2 || members[0].type !== 'radio') continue;
      const set = members[0].closest('fieldset');
      if (!set || !set.querySelector(':scope > legend')) out.push(`radio group without fieldset and legend: ${key}`);
    }
    return out;
  });
  for (const detail of unlabelled) add({ check: 'forms', detail });
}

/** The problems found so far, as readable lines (empty when all is well). */
export const report = (problems: Problem[]) =>
  problems.map((p) => `${p.page} (${p.url}) ${p.check}${p.rule ? ' ' + p.rule : ''}: ${p.detail}`);

export function resetLog(): void {
  mkdirSync(SHOTS, { recursive: true });
  writeFileSync(join(SHOTS, 'problems.log'), '', { flag: 'a' });
}

/** The page's <html lang>. */
export const htmlLang = (page: Page) => page.$eval('html', (html) => html.getAttribute('lang'));

/** The focused element's id (or its tag), to follow keyboard journeys. */
export const focused = (page: Page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName || '');

/**
 * The JSON API as the person signed in on `page`: the browser's cookies on a supertest agent, and
 * the CSRF token their session gives. For arranging data the journey does not walk through.
 */
export async function apiSession(j: Journey, page: Page): Promise<SignedInClient> {
  const cookie = (await page.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const agent = request.agent(j.t.app.getHttpServer()).set('Cookie', cookie);
  const session = await agent.get('/api/v1/auth/session').expect(200);
  return { agent, csrfToken: session.body.csrfToken, user: session.body.user, practice: session.body.practice, password: '' };
}
