import { readFileSync } from 'node:fs';
import puppeteer, { Browser, Page, PDFOptions } from 'puppeteer-core';
import { CHROMIUM_ARGS } from '../browser/chromium';
import { DomainError } from '../common/errors/domain-error';
import { browserFailed, browserUnavailable, busy, renderTimedOut } from './pdf-errors';

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

interface Waiter {
  resolve(slot: Slot): void;
  reject(error: unknown): void;
}

/** How often (in renders) Chromium's memory is measured: reading /proc costs well under a millisecond. */
const MEMORY_CHECK_EVERY = 10;

/**
 * One warm Chromium with a fixed set of reusable pages and a bounded queue. Pages run no
 * JavaScript and load nothing but data: URLs; content arrives by setContent, never from a file.
 * If Chromium dies, it is relaunched and each render in flight is retried once.
 *
 * Recycling works under load too: once `recycleAfter` renders are done or Chromium uses more than
 * `maxBrowserMb`, the pool drains: no page is handed out (new renders wait in the bounded queue),
 * the renders in flight finish, Chromium is closed and relaunched, and the queue is served from the
 * new one. If the relaunch fails, the waiting renders are refused with a clear error and the next
 * render launches again.
 */
export class ChromiumPool {
  private browser?: Browser;
  private launching?: Promise<Browser>;
  private slots: Slot[] = [];
  /** Pages being opened right now: counted, so callers arriving together never open more than `pages`. */
  private opening = 0;
  private waiting: Waiter[] = [];
  private rendersSinceLaunch = 0;
  /** A recycle is due: pages are no longer handed out; Chromium is relaunched once none is busy. */
  private draining = false;
  /** The relaunch in progress, awaited by close() so no Chromium is left behind. */
  private recycling?: Promise<void>;
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
        if (!this.draining && this.recycleDue()) this.draining = true; // acted on by release() below
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
    for (const waiter of this.waiting.splice(0)) waiter.reject(browserFailed());
    await this.recycling;
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
    if (this.closed) throw browserFailed();
    // Nobody ahead in the queue and no recycle due: a free page, or a new one while under `pages`.
    // (Decided synchronously, so a recycle never starts between this check and the page's use.)
    const slot = await ((!this.draining && !this.waiting.length && this.take()) || this.enqueue());
    await slot.clearing;
    return slot;
  }

  /** A free page (marked busy), a page being opened, or nothing when all `pages` are taken. */
  private take(): Promise<Slot> | undefined {
    const free = this.slots.find((s) => !s.busy && usable(s));
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    this.slots = this.slots.filter((s) => s.busy || usable(s));
    if (this.slots.length + this.opening < this.options.pages) return this.openSlot();
    return undefined;
  }

  /** Waits for a page in the bounded queue, or is refused with "busy, retry after N s". */
  private enqueue(): Promise<Slot> {
    if (this.waiting.length >= this.options.queueLimit) {
      const seconds = Math.max(1, Math.ceil(((this.waiting.length / this.options.pages) * this.averageMs) / 1000));
      throw busy(seconds);
    }
    return new Promise<Slot>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.pump();
    });
  }

  /** Opens a page, launching Chromium first if it is not running. Counted in `opening` throughout. */
  private async openSlot(): Promise<Slot> {
    this.opening++;
    try {
      const browser = await this.ensureBrowser();
      const slot: Slot = { page: await this.openPage(browser), busy: true };
      this.slots.push(slot);
      return slot;
    } finally {
      this.opening--;
    }
  }

  private release(slot: Slot) {
    slot.busy = false;
    if (this.draining) {
      // The page is not handed on: Chromium is relaunched once every render in flight is done
      // (closing the browser closes this page and what it holds).
      this.pump();
      return;
    }
    if (!this.waiting.length) {
      // Nobody is waiting: blank the page, so no client's document stays in it while it idles.
      // (Handed straight to the next render, the page gets that document in its place.)
      if (usable(slot)) slot.clearing = clearPage(slot.page);
      return;
    }
    if (usable(slot) && this.browser?.connected) {
      slot.busy = true;
      this.waiting.shift()!.resolve(slot);
      return;
    }
    // A dead or closed page: the next waiter gets a live page, or a relaunched browser.
    this.slots = this.slots.filter((s) => s !== slot);
    this.pump();
  }

  /**
   * Serves the queue: with a recycle due, relaunches Chromium once no page is busy or opening;
   * otherwise hands free pages to waiters and opens new ones up to `pages`.
   */
  private pump(): void {
    if (this.closed) return;
    if (this.draining) {
      if (!this.recycling && this.opening === 0 && !this.slots.some((s) => s.busy)) {
        this.recycling = this.recycle();
      }
      return;
    }
    while (this.waiting.length) {
      const free = this.slots.find((s) => !s.busy && usable(s));
      if (free) {
        free.busy = true;
        this.waiting.shift()!.resolve(free);
        continue;
      }
      this.slots = this.slots.filter((s) => s.busy || usable(s));
      if (this.slots.length + this.opening >= this.options.pages) return;
      const waiter = this.waiting.shift()!;
      // A failed open (Chromium died or did not start) frees the place: the render retries once.
      this.openSlot()
        .then(waiter.resolve, waiter.reject)
        .finally(() => this.pump());
    }
  }

  /** Closes Chromium (no page is busy) and launches a new one; if that fails, the queue is refused. */
  private async recycle(): Promise<void> {
    const old = this.browser;
    this.browser = undefined;
    this.slots = [];
    try {
      if (old) await closeBrowser(old);
      await this.ensureBrowser();
    } catch {
      // Not wedged: the waiting renders get a clear error, and the next render launches again.
      for (const waiter of this.waiting.splice(0)) waiter.reject(browserUnavailable());
    } finally {
      this.recycling = undefined;
      this.draining = false;
      this.pump();
    }
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

  /** Enough renders for one Chromium, or (measured every few renders) too much memory. */
  private recycleDue(): boolean {
    if (this.rendersSinceLaunch >= this.options.recycleAfter) return true;
    return this.rendersSinceLaunch % MEMORY_CHECK_EVERY === 0 && this.browserMb() > this.options.maxBrowserMb;
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
