import { readFileSync } from 'node:fs';
import puppeteer, { Browser, Page, PDFOptions } from 'puppeteer-core';
import { CHROMIUM_ARGS } from '../browser/chromium';
import { DomainError } from '../common/errors/domain-error';
import { browserFailed, busy, renderTimedOut } from './pdf-errors';

export interface PoolOptions {
  executablePath: string;
  /** Pages rendering at once (the machine's cores by default). */
  pages: number;
  /** Renders that may wait for a page; beyond that callers are told to come back. */
  queueLimit: number;
  renderTimeoutMs: number;
  /** Relaunch Chromium after this many renders, or when it uses more memory than this. */
  recycleAfter: number;
  maxBrowserMb: number;
}

interface Slot {
  page: Page;
  busy: boolean;
  /** Closed after a timeout: never handed out again. */
  retired?: boolean;
  /** Blanking the page after a render, when nobody was waiting for it. */
  clearing?: Promise<void>;
}

/**
 * One warm Chromium with a fixed set of reusable pages and a bounded queue. Pages run no
 * JavaScript and load nothing but data: URLs; content arrives by setContent, never from a file.
 * If Chromium dies, it is relaunched and each render in flight is retried once.
 */
export class ChromiumPool {
  private browser?: Browser;
  private launching?: Promise<Browser>;
  private slots: Slot[] = [];
  /** Pages being opened right now: counted, so callers arriving together never open more than `pages`. */
  private opening = 0;
  private waiting: Array<(slot: Slot) => void> = [];
  private rendersSinceLaunch = 0;
  private closed = false;
  /** For tests and the benchmark. */
  renders = 0;
  launches = 0;
  private averageMs = 500;

  constructor(private readonly options: PoolOptions) {}

  get browserPid(): number | undefined {
    return this.browser?.process()?.pid;
  }

  get ready(): boolean {
    return !!this.browser?.connected;
  }

  /** Starts Chromium now rather than at the first render. */
  async warm(): Promise<void> {
    await this.ensureBrowser();
  }

  async render(html: string, pdf: PDFOptions, timeoutMs = this.options.renderTimeoutMs): Promise<Buffer> {
    if (this.closed) throw browserFailed();
    for (let attempt = 1; ; attempt++) {
      let slot: Slot;
      try {
        slot = await this.acquire();
      } catch (error) {
        if (error instanceof DomainError) throw error; // busy, or no Chromium at all
        if (attempt === 1 && !this.closed) continue; // Chromium died while a page was opening
        throw browserFailed();
      }
      const started = Date.now();
      try {
        const bytes = await this.withTimeout(this.print(slot.page, html, pdf, timeoutMs), slot, timeoutMs);
        this.averageMs = this.averageMs * 0.9 + (Date.now() - started) * 0.1;
        this.renders++;
        this.rendersSinceLaunch++;
        return bytes;
      } catch (error) {
        if (error instanceof TimeoutSignal) throw renderTimedOut(timeoutMs);
        const crashed = !usable(slot);
        if (crashed && attempt === 1 && !this.closed) continue; // relaunched on the next acquire
        if (crashed) throw browserFailed();
        throw error;
      } finally {
        this.release(slot);
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const browser = this.browser ?? (await this.launching?.catch(() => undefined));
    this.browser = undefined;
    this.slots = [];
    if (browser) await closeBrowser(browser);
  }

  private async print(page: Page, html: string, pdf: PDFOptions, timeoutMs: number): Promise<Buffer> {
    await page.setContent(html, { waitUntil: 'load', timeout: timeoutMs });
    return Buffer.from(await page.pdf({ ...pdf, timeout: timeoutMs }));
  }

  private withTimeout<T>(work: Promise<T>, slot: Slot, timeoutMs: number): Promise<T> {
    let timer: NodeJS.Timeout;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // A stuck page is closed, so the next render gets a fresh one.
        slot.retired = true;
        void slot.page.close().catch(() => undefined);
        reject(new TimeoutSignal());
      }, timeoutMs);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }

  private async acquire(): Promise<Slot> {
    await this.recycleIfDue();
    const browser = await this.ensureBrowser();
    const free = this.slots.find((s) => !s.busy && usable(s));
    if (free) {
      free.busy = true;
      await free.clearing;
      return free;
    }
    this.slots = this.slots.filter((s) => s.busy || usable(s));
    if (this.slots.length + this.opening < this.options.pages) {
      this.opening++;
      try {
        const slot = { page: await this.openPage(browser), busy: true };
        this.slots.push(slot);
        return slot;
      } finally {
        this.opening--;
      }
    }
    if (this.waiting.length >= this.options.queueLimit) {
      const seconds = Math.max(1, Math.ceil(((this.waiting.length / this.options.pages) * this.averageMs) / 1000));
      throw busy(seconds);
    }
    return new Promise<Slot>((resolve) => this.waiting.push(resolve));
  }

  private release(slot: Slot) {
    const next = this.waiting.shift();
    if (!next) {
      // Nobody is waiting: blank the page, so no client's document stays in it while it idles.
      // (Handed straight to the next render, the page gets that document in its place.)
      slot.busy = false;
      if (usable(slot)) slot.clearing = clearPage(slot.page);
      return;
    }
    if (!usable(slot) || !this.browser?.connected) {
      slot.busy = false;
      this.slots = this.slots.filter((s) => s !== slot);
      // The waiter starts over: it gets a live page, or a relaunched browser.
      void this.acquire().then(next, () => next(slot));
      return;
    }
    next(slot);
  }

  private async openPage(browser: Browser): Promise<Page> {
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setOfflineMode(true);
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (request.url().startsWith('data:')) void request.continue();
      else void request.abort('blockedbyclient');
    });
    return page;
  }

  private async ensureBrowser(): Promise<Browser> {
    if (this.browser?.connected) return this.browser;
    if (this.closed) throw browserFailed();
    this.launching ??= (async () => {
      const old = this.browser;
      this.browser = undefined;
      this.slots = [];
      if (old) await closeBrowser(old);
      const browser = await puppeteer.launch({
        executablePath: this.options.executablePath,
        args: [...CHROMIUM_ARGS, ...NO_NETWORK],
        headless: true,
        timeout: 30_000,
      });
      this.launches++;
      this.rendersSinceLaunch = 0;
      this.browser = browser;
      return browser;
    })().finally(() => (this.launching = undefined));
    return this.launching;
  }

  /** Relaunches after enough renders or too much memory, once no page is busy. */
  private async recycleIfDue(): Promise<void> {
    if (!this.browser?.connected || this.slots.some((s) => s.busy)) return;
    const tooMany = this.rendersSinceLaunch >= this.options.recycleAfter;
    const tooBig = this.rendersSinceLaunch > 0 && this.rendersSinceLaunch % 50 === 0 && this.browserMb() > this.options.maxBrowserMb;
    if (!tooMany && !tooBig) return;
    const old = this.browser;
    this.browser = undefined;
    this.slots = [];
    await closeBrowser(old);
  }

  /** Resident memory of Chromium's main process and its children (Linux /proc), in MB. */
  browserMb(): number {
    const pid = this.browserPid;
    return pid ? processTreeKb(pid) / 1024 : 0;
  }
}

class TimeoutSignal extends Error {}

async function clearPage(page: Page): Promise<void> {
  await page.setContent('<!doctype html><title></title>', { timeout: 5000 }).catch(() => undefined);
}

/** A page that can still print: open, in a browser that is still connected. */
const usable = (slot: Slot) => !slot.retired && !slot.page.isClosed() && slot.page.browser().connected;

/**
 * Defence below the request interception: Chromium's speculative preconnects open TCP connections
 * without sending a request. Every connection, loopback included, goes to a proxy on the discard
 * port where nothing listens, and nothing is resolved ahead of time.
 */
const NO_NETWORK = [
  '--proxy-server=127.0.0.1:9',
  '--proxy-bypass-list=<-loopback>',
  '--dns-prefetch-disable',
  '--disable-features=NetworkPrediction',
];

async function closeBrowser(browser: Browser): Promise<void> {
  const child = browser.process();
  await Promise.race([browser.close().catch(() => undefined), new Promise((r) => setTimeout(r, 5000))]);
  // Whatever is left of the process tree is ended, so no Chromium outlives Ayni.
  if (child?.pid && child.exitCode === null) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

/** Sum of VmRSS over a process and its descendants. */
export function processTreeKb(root: number): number {
  const children = (pid: number): number[] => {
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  const rss = (pid: number): number => {
    try {
      const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return match ? Number(match[1]) : 0;
    } catch {
      return 0;
    }
  };
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    total += rss(pid);
    stack.push(...children(pid));
  }
  return total;
}
