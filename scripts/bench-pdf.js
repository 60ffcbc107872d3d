#!/usr/bin/env node
/*
 * PDF benchmark: the real "offering-sheet" document (about 3 Letter pages) printed
 *   (a) naive      – a fresh Chromium per PDF,
 *   (b) raw limit  – one browser, reused page(s), setContent + pdf in a tight loop,
 *   (c) the engine – PdfService.render at concurrency 1, 2, 4, 8,
 *   (d) memory     – node + Chromium resident memory around 1,000 renders through the engine,
 *   (e) cleanup    – no process of the engine's Chromium left after shutdown.
 * Diagnostic rows show where the engine's time goes: per-call template work, the pool's page
 * hardening, ways of blanking a page between renders, and (only if the pool relaunched Chromium
 * during (c)) what the relaunches cost. Each scenario also reports how much of the machine's CPU
 * other work took meanwhile ("others"), since a busy machine skews every number here.
 *
 * Usage: npm run bench:pdf   (runs `npm run build` first; this script requires the compiled dist/).
 * Tunables (environment): BENCH_RENDERS (200), BENCH_NAIVE (15), BENCH_MEMORY_RENDERS (1000), BENCH_WARMUP (20).
 * The table goes to stdout, progress to stderr. Exit 0 when the run completes (even if a target
 * fails: it is a report), 1 on errors.
 */
'use strict';

const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');
const v8 = require('node:v8');
const vm = require('node:vm');
const { performance } = require('node:perf_hooks');
const lib = require('./bench-lib');
const { ROOT, fromDist, intEnv, log, fmt, percentile, sleep } = lib;

const RENDERS = intEnv('BENCH_RENDERS', 200);
const NAIVE_RENDERS = intEnv('BENCH_NAIVE', 15);
const MEMORY_RENDERS = intEnv('BENCH_MEMORY_RENDERS', 1000);
const WARMUP = intEnv('BENCH_WARMUP', 20);
const DIAG_RENDERS = Math.max(20, Math.round(RENDERS * 0.3));
const CORES = lib.usableCores();
const CONCURRENCIES = [1, 2, 4, 8];

// A forced GC before each memory sample makes node's number about live memory, not GC timing.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

// ---------------------------------------------------------------------------------------------
// The document: the example offering (src/offerings/example-offering.ts, shared with the tests),
// modelled as OfferingSheetService does.
// ---------------------------------------------------------------------------------------------

function buildDocument() {
  const { offeringView } = fromDist('offerings/offering-view');
  const { project } = fromDist('offerings/projections');
  const { exampleDraft } = fromDist('offerings/example-offering');
  const practice = {
    name: 'River Road Chiropractic',
    slug: 'river-road',
    address: '12 River Road\nSpringfield, IL 62701',
    phone: '+1 217 555 0142',
    publicEmail: 'hello@riverroad.example',
    openingHours: 'Mon–Fri 8:00–18:00',
    timeZone: 'America/Chicago',
    locale: 'en-US',
    logoUrl: null,
  };
  const providerId = '00000000-0000-4000-8000-000000000001';
  const c = exampleDraft([providerId]);
  const model = {
    // printPracticeCard(): practiceCard() plus the logo as a data: URI (none here).
    practice: { ...practice, logo: null },
    version: 3,
    publishedOn: new Intl.DateTimeFormat(practice.locale, { dateStyle: 'long', timeZone: practice.timeZone }).format(
      new Date('2025-03-14T15:00:00Z'),
    ),
    providers: [
      {
        name: 'Maya Lindqvist',
        profile: {
          displayName: 'Dr. Maya Lindqvist',
          credentials: 'DC',
          modalities: [],
          yearsInPractice: 12,
          languages: ['English', 'Swedish'],
          approach:
            'I listen first, then work gently. Most of my clients come with low back or neck pain; together we find what eases it and what keeps it away.',
          acceptsNewClients: true,
          licensing: {
            licensed: true,
            headline: 'Licensed: Chiropractic physician, license 038.012345, issued by Illinois IDFPR.',
            detail: null,
          },
          photoUrl: null,
        },
      },
    ],
    view: offeringView(c, project(c.trialPeriod, c.careArc, c.fees.slidingScale)),
  };
  const options = {
    paper: 'letter',
    language: practice.locale,
    title: `${c.title} · what to expect`,
    documentId: '3F9A0C1B22D4',
    issuer: practice.name,
  };
  return { model, options };
}

// ---------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------

/** Runs `total` calls of `fn(worker, i)` with `concurrency` workers; throughput, latencies and PDF sizes. */
async function measure(concurrency, total, fn) {
  let bytes = 0;
  const onResult = (pdf) => {
    checkPdf(pdf);
    bytes += pdf.length;
  };
  const r = await lib.countedLoad(concurrency, total, fn, { onResult });
  return { ...r, renders: total, avgBytes: bytes / total };
}

function checkPdf(pdf) {
  if (!pdf || pdf.length < 1000 || Buffer.from(pdf.subarray(0, 5)).toString('latin1') !== '%PDF-') {
    throw new Error(`not a PDF (${pdf ? pdf.length : 0} bytes)`);
  }
}

const pageCount = (pdf) =>
  (
    Buffer.from(pdf)
      .toString('latin1')
      .match(/\/Type\s*\/Page(?![s\w])/g) || []
  ).length;

const kbToMb = (kb) => kb / 1024;

/** Process ids of a process and its descendants (Linux /proc). */
function processTree(root) {
  const out = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop();
    out.push(pid);
    try {
      stack.push(...fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
    } catch {
      /* gone, or not Linux */
    }
  }
  return out;
}

/** Proportional set size of a process tree (shared pages split between the processes sharing them), in kB. */
function processTreePssKb(root) {
  let total = 0;
  for (const pid of processTree(root)) {
    try {
      const match = /^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      if (match) total += Number(match[1]);
    } catch {
      /* gone */
    }
  }
  return total;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if (error.code === 'ESRCH') return false;
    if (error.code === 'EPERM') return true; // exists, someone else's
    throw error;
  }
}

/** Alive and still a Chromium (a reused pid belonging to something else does not count). */
function chromiumAlive(pid) {
  if (!alive(pid)) return false;
  try {
    return /chrom/i.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1'));
  } catch {
    return false;
  }
}

/** Ended but not yet reaped (state Z), and a Chromium by its command name. */
function chromiumZombie(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return (
      /chrom/i.test(stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))) &&
      stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z'
    );
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Everything this script starts, so an error or Ctrl-C closes exactly that and nothing else.
// ---------------------------------------------------------------------------------------------

const started = { browsers: new Set(), services: new Set() };

async function closeStarted() {
  for (const service of started.services) await service.onApplicationShutdown().catch(() => undefined);
  for (const browser of started.browsers) {
    const child = browser.process();
    await Promise.race([browser.close().catch(() => undefined), sleep(5000)]);
    if (child && child.pid && child.exitCode === null) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
  started.services.clear();
  started.browsers.clear();
}

lib.onCleanup('closing the Chromium this benchmark started', closeStarted);

// ---------------------------------------------------------------------------------------------

async function main() {
  const wallStarted = performance.now();
  const loadBefore = os.loadavg();
  // Before any compiled class loads, as in the app (Nest loads it first there): the environment's
  // validation converts PDF_PAGES etc. to numbers by their decorator metadata.
  require('reflect-metadata');
  const puppeteer = require('puppeteer-core');
  const { CHROMIUM_ARGS, findChromium } = fromDist('browser/chromium');
  const { loadConfig } = fromDist('config/app-config');
  const { PdfService } = fromDist('pdf/pdf.service');
  const { PdfTemplates } = fromDist('pdf/pdf-templates');
  const { processTreeKb } = fromDist('pdf/chromium-pool');

  // A fixed secret and a throw-away data dir: loadConfig() must not write a secret into the project.
  const env = {
    ...process.env,
    SESSION_SECRET: process.env.SESSION_SECRET || 'bench-pdf-'.padEnd(40, 'x'),
    DATA_DIR: process.env.DATA_DIR || os.tmpdir(),
  };
  const baseConfig = loadConfig(env);
  const executablePath = findChromium(baseConfig.chromiumPath);
  if (!executablePath) throw new Error('No Chromium found: run `npm run setup:chromium` or set CHROMIUM_PATH');

  const newService = (pdfOverrides) => {
    const config = { ...baseConfig, pdf: { ...baseConfig.pdf, pages: CORES, ...pdfOverrides } };
    // Rendering in this process (not handed to workers through the job queue): the engine itself.
    const inProcess = { enabled: false };
    const noJobs = { handle() {} };
    const service = new PdfService(config, null, null, inProcess, noJobs);
    started.services.add(service);
    return service;
  };
  const closeService = async (service) => {
    const pid = service.stats.browserPid;
    const tree = pid ? processTree(pid) : [];
    await service.onApplicationShutdown();
    started.services.delete(service);
    return { pid, tree };
  };

  // The same document the engine prints, built once, and the same PDF options PdfService uses.
  const { model, options } = buildDocument();
  const templates = new PdfTemplates(path.join(ROOT, 'views', 'pdf'), path.join(ROOT, 'views', 'partials'));
  const html = templates.page('offering-sheet', model, { title: options.title, language: options.language });
  const { header, footer } = templates.headerFooter({ ...options });
  const pdfOptions = {
    format: 'Letter',
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate: header,
    footerTemplate: footer,
    margin: { top: '22mm', bottom: '20mm', left: '16mm', right: '16mm' },
    tagged: true,
  };
  const launch = async () => {
    const browser = await puppeteer.launch({ executablePath, args: [...CHROMIUM_ARGS], headless: true, timeout: 30_000 });
    started.browsers.add(browser);
    return browser;
  };
  const closeBrowser = async (browser) => {
    await browser.close();
    started.browsers.delete(browser);
  };

  const rows = [];
  const diagnostics = [];
  let chromiumVersion = 'unknown';
  let documentPages = 0;

  // (a) naive: a Chromium per PDF -------------------------------------------------------------
  log(`(a) naive: ${NAIVE_RENDERS} renders, a Chromium launched per PDF`);
  {
    const first = await launch(); // warm the binary in the page cache; not measured
    chromiumVersion = await first.version();
    await closeBrowser(first);
    const naive = await measure(1, NAIVE_RENDERS, async () => {
      const browser = await launch();
      try {
        const page = await browser.newPage();
        await page.setContent(html, { waitUntil: 'load' });
        return await page.pdf(pdfOptions);
      } finally {
        await closeBrowser(browser);
      }
    });
    rows.push({ key: 'naive', name: '(a) naive: launch per PDF', concurrency: 1, ...naive, launches: NAIVE_RENDERS });
  }

  // (b) raw limit: one browser, reused pages -------------------------------------------------
  {
    const browser = await launch();
    const pages = [await browser.newPage(), await browser.newPage()];
    const raw = (page) => page.setContent(html, { waitUntil: 'load' }).then(() => page.pdf(pdfOptions));
    const warm = await raw(pages[0]);
    documentPages = pageCount(warm);
    for (const n of [1, 2]) {
      log(`(b) raw: ${RENDERS} renders on ${n} reused page(s)`);
      await measure(n, WARMUP, (w) => raw(pages[w]));
      const r = await measure(n, RENDERS, (w) => raw(pages[w]));
      rows.push({ key: `raw${n}`, name: `(b) raw: ${n} reused page${n > 1 ? 's' : ''}`, concurrency: n, ...r, launches: 0 });
    }

    // Diagnostics: the raw loop plus, one at a time, what a pool may add to every render.
    log(`diagnostics: ${DIAG_RENDERS} renders each, raw loop + per-render extras`);
    // Pages set up as ChromiumPool.openPage() does.
    const harden = async () => {
      const page = await browser.newPage();
      await page.setJavaScriptEnabled(false);
      await page.setOfflineMode(true);
      await page.setRequestInterception(true);
      page.on('request', (request) => {
        if (request.url().startsWith('data:')) void request.continue();
        else void request.abort('blockedbyclient');
      });
      return page;
    };
    const hardened = [await harden(), await harden()];
    // Each step timed separately: setContent, pdf, and the reset between renders.
    const stepped = (pageSet, reset) => {
      const steps = { setContent: [], pdf: [], reset: [] };
      const fn = async (worker) => {
        const page = pageSet[worker];
        const t0 = performance.now();
        await page.setContent(html, { waitUntil: 'load' });
        const t1 = performance.now();
        const pdf = await page.pdf(pdfOptions);
        const t2 = performance.now();
        if (reset === 'goto') await page.goto('about:blank', { timeout: 5000 }).catch(() => undefined);
        if (reset === 'empty') await page.setContent('', { waitUntil: 'load' });
        steps.setContent.push(t1 - t0);
        steps.pdf.push(t2 - t1);
        steps.reset.push(performance.now() - t2);
        return pdf;
      };
      return { steps, fn };
    };
    const variants = [
      ['raw (plain page, no reset)', [pages[0]], null],
      ['raw + pool page hardening (JS off, offline, intercept)', [hardened[0]], null],
      ["raw + goto('about:blank') after each render", [pages[0]], 'goto'],
      ["hardening + goto('about:blank') after each render", [hardened[0]], 'goto'],
      ["hardening + setContent('') after each render", [hardened[0]], 'empty'],
      ['the same, 2 pages: raw (plain pages, no reset)', pages, null],
      ["2 pages: hardening + goto('about:blank')", hardened, 'goto'],
      ["2 pages: hardening + setContent('')", hardened, 'empty'],
    ];
    for (const [name, pageSet, reset] of variants) {
      await measure(pageSet.length, 10, stepped(pageSet, reset).fn);
      const { steps, fn } = stepped(pageSet, reset);
      const r = await measure(pageSet.length, DIAG_RENDERS, fn);
      const median = (a) =>
        percentile(
          [...a].sort((x, y) => x - y),
          50,
        );
      diagnostics.push({ name, ...r, setContent: median(steps.setContent), pdf: median(steps.pdf), reset: median(steps.reset) });
    }
    await closeBrowser(browser);
  }

  // Per-call JavaScript work in PdfService.render before Chromium is involved.
  {
    const n = 300;
    templates.page('offering-sheet', model, { title: options.title, language: options.language });
    let t = performance.now();
    for (let i = 0; i < n; i++) templates.page('offering-sheet', model, { title: options.title, language: options.language });
    const pageMs = (performance.now() - t) / n;
    t = performance.now();
    for (let i = 0; i < n; i++) templates.headerFooter({ ...options });
    const headerFooterMs = (performance.now() - t) / n;
    diagnostics.push({ name: `PdfTemplates.page() per call (HTML ${Math.round(html.length / 1024)} KB)`, ms: pageMs });
    diagnostics.push({ name: 'PdfTemplates.headerFooter() per call', ms: headerFooterMs });
  }

  // (c) the engine: PdfService.render --------------------------------------------------------
  const render = (service) => service.render('offering-sheet', model, options);
  const engineClosed = [];
  for (const concurrency of CONCURRENCIES) {
    log(`(c) engine: ${RENDERS} renders through PdfService.render at concurrency ${concurrency} (${CORES} pages)`);
    const service = newService({});
    await measure(concurrency, Math.max(WARMUP, concurrency * 3), () => render(service));
    const launchesBefore = service.stats.launches;
    const r = await measure(concurrency, RENDERS, () => render(service));
    const launches = service.stats.launches - launchesBefore;
    rows.push({ key: `engine${concurrency}`, name: `(c) engine: concurrency ${concurrency}`, concurrency, ...r, launches });
    engineClosed.push(await closeService(service));
  }
  // Diagnostic: the pool relaunches Chromium (draining the pages in flight first) after
  // recycleAfter renders or (checked every 10 renders) once its process tree's summed RSS passes maxBrowserMb. If that
  // happened above, the same concurrency-1 run without relaunches shows what they cost.
  if (rows.some((r) => r.key.startsWith('engine') && r.launches > 0)) {
    const n = Math.max(20, Math.round(RENDERS / 2));
    log(`diagnostics: ${n} renders through the engine at concurrency 1 without relaunches`);
    const service = newService({ recycleAfter: 100_000, maxBrowserMb: 1_000_000 });
    await measure(1, WARMUP, () => render(service));
    const launchesBefore = service.stats.launches;
    const r = await measure(1, n, () => render(service));
    const launches = service.stats.launches - launchesBefore;
    diagnostics.push({ name: 'engine, concurrency 1, no relaunch (limits out of reach)', ...r, launches });
    engineClosed.push(await closeService(service));
  }

  // (d) memory around 1,000 renders ----------------------------------------------------------
  log(`(d) memory: ${MEMORY_RENDERS} renders through the engine at concurrency 2, no recycling`);
  const memoryService = newService({ recycleAfter: 100_000, maxBrowserMb: 1_000_000 });
  await measure(2, WARMUP, () => render(memoryService));
  const sample = async () => {
    gc();
    await sleep(500);
    gc();
    const nodeKb = process.memoryUsage().rss / 1024;
    const pid = memoryService.stats.browserPid;
    const chromiumKb = processTreeKb(pid);
    return { nodeKb, chromiumKb, totalKb: nodeKb + chromiumKb, chromiumPssKb: processTreePssKb(pid), processes: processTree(pid).length };
  };
  const before = await sample();
  // The trajectory (no GC, every quarter of the run) tells a leak from a plateau.
  const trajectory = [];
  const every = Math.max(1, Math.round(MEMORY_RENDERS / 4));
  let done = 0;
  const memoryLaunchesBefore = memoryService.stats.launches;
  const memoryRun = await measure(2, MEMORY_RENDERS, async () => {
    const pdf = await render(memoryService);
    if (++done % every === 0 && done < MEMORY_RENDERS) {
      trajectory.push({ done, totalKb: process.memoryUsage().rss / 1024 + processTreeKb(memoryService.stats.browserPid) });
    }
    return pdf;
  });
  const after = await sample();
  const memoryLaunches = memoryService.stats.launches;
  memoryRun.launches = memoryLaunches - memoryLaunchesBefore;

  // (e) nothing of the engine's Chromium left after shutdown -----------------------------------
  log('(e) closing the engine and looking for its Chromium');
  engineClosed.push(await closeService(memoryService));
  // Helpers orphaned when Chromium's main process ends are reaped by init: until then they are
  // zombies (ended, holding no memory). Waited for a few seconds, then reported apart.
  const deadline = Date.now() + 5000;
  let leftovers;
  let zombies;
  for (;;) {
    leftovers = engineClosed.flatMap(({ tree }) => tree.filter(chromiumAlive));
    zombies = engineClosed.flatMap(({ tree }) => tree.filter(chromiumZombie));
    if ((!leftovers.length && !zombies.length) || Date.now() > deadline) break;
    await sleep(100);
  }
  const mainPids = engineClosed.map((e) => e.pid);
  const mainGone = mainPids.every((pid) => pid && !alive(pid));
  const cleanupPass = mainGone && leftovers.length === 0;

  // Report -----------------------------------------------------------------------------------
  const wallSeconds = (performance.now() - wallStarted) / 1000;
  const by = (key) => rows.find((r) => r.key === key);
  const bestOf = (prefix) => rows.filter((r) => r.key.startsWith(prefix)).reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
  const rawBest = bestOf('raw');
  const engineBest = bestOf('engine');
  const naive = by('naive');
  const vsRaw = engineBest.perSecond / rawBest.perSecond;
  const vsNaive = engineBest.perSecond / naive.perSecond;
  const growth = (after.totalKb - before.totalKb) / before.totalKb;

  const out = [];
  const line = (s = '') => out.push(s);
  const pct = (v) => `${fmt(v * 100, 0)}%`;

  line('PDF benchmark: offering-sheet, Letter');
  line(
    lib.machineLine(`Chromium ${chromiumVersion} (${executablePath}); puppeteer-core ${require('puppeteer-core/package.json').version}`),
  );
  line(lib.loadLine(loadBefore));
  line(
    `Document: ${documentPages} pages, ${Math.round(naive.avgBytes / 1024)} KB PDF, ${Math.round(html.length / 1024)} KB HTML; engine pages = ${CORES}`,
  );
  line();
  const columns = [
    ['Scenario', (r) => r.name],
    ['renders', (r) => r.renders],
    ['PDFs/s', (r) => fmt(r.perSecond, 2)],
    ['p50 ms', (r) => fmt(r.p50)],
    ['p95 ms', (r) => fmt(r.p95)],
    ['others', (r) => pct(r.othersCpu)],
  ];
  const memoryRow = { name: '(d) engine: concurrency 2, memory run', ...memoryRun };
  lib.table([...columns, ['launches', (r) => r.launches]], [...rows, memoryRow]).forEach((l) => line(l));
  line("(others: share of the machine's CPU time used by processes other than this benchmark and its Chromium during");
  line(' the scenario, i.e. other work on the machine. launches: Chromium launches during the measured renders)');
  line();
  line('Diagnostics: where the time goes (the raw loop plus, one at a time, what a pool may do per render: page hardening');
  line("as ChromiumPool.openPage() does it, and blanking the page after each render by goto('about:blank') or setContent('');");
  line(' 1 page sequentially, then 2 pages in parallel; setCont/pdf/reset are medians of each step in ms)');
  const stepped = diagnostics.filter((d) => d.setContent !== undefined);
  const median = (key) => (d) => fmt(d[key]);
  lib
    .table([...columns, ['setCont', median('setContent')], ['pdf', median('pdf')], ['reset', median('reset')]], stepped)
    .forEach((l) => line(l));
  for (const d of diagnostics.filter((x) => x.setContent === undefined)) {
    if (d.ms !== undefined) line(`${d.name}: ${fmt(d.ms, 2)} ms per call`);
    else
      line(
        `${d.name}: ${d.renders} renders, ${fmt(d.perSecond, 2)} PDFs/s, p50 ${fmt(d.p50)} ms, p95 ${fmt(d.p95)} ms, others ${pct(d.othersCpu)} (Chromium launches during the run: ${d.launches})`,
      );
  }
  line();
  line(`Engine best (${engineBest.name.replace('(c) engine: ', '')}): ${fmt(engineBest.perSecond, 2)} PDFs/s`);
  line(`Raw best (${rawBest.name.replace('(b) raw: ', '')}): ${fmt(rawBest.perSecond, 2)} PDFs/s`);
  line(`engine / raw   = ${fmt(vsRaw * 100)} %`);
  line(`engine / naive = ${fmt(vsNaive, 1)} x   (for scale: raw best / naive = ${fmt(rawBest.perSecond / naive.perSecond, 1)} x)`);
  line();
  line(`Memory (node RSS + Chromium process tree RSS), ${MEMORY_RENDERS} renders, concurrency 2, launches: ${memoryLaunches}`);
  line(
    `  before: node ${fmt(kbToMb(before.nodeKb))} MB + Chromium ${fmt(kbToMb(before.chromiumKb))} MB = ${fmt(kbToMb(before.totalKb))} MB`,
  );
  line(`  after:  node ${fmt(kbToMb(after.nodeKb))} MB + Chromium ${fmt(kbToMb(after.chromiumKb))} MB = ${fmt(kbToMb(after.totalKb))} MB`);
  line(
    `  growth: ${growth >= 0 ? '+' : ''}${fmt(growth * 100)} % (node ${fmt(((after.nodeKb - before.nodeKb) / before.nodeKb) * 100)} %, Chromium ${fmt(((after.chromiumKb - before.chromiumKb) / before.chromiumKb) * 100)} %)`,
  );
  line(
    `  along the way (node + Chromium RSS): ${[{ done: 0, totalKb: before.totalKb }, ...trajectory, { done: MEMORY_RENDERS, totalKb: after.totalKb }].map((t) => `${t.done}: ${fmt(kbToMb(t.totalKb), 0)} MB`).join(', ')}`,
  );
  line(
    `  Chromium processes ${before.processes} -> ${after.processes}; Chromium PSS (shared pages counted once) ${fmt(kbToMb(before.chromiumPssKb))} -> ${fmt(kbToMb(after.chromiumPssKb))} MB (${fmt(((after.chromiumPssKb - before.chromiumPssKb) / before.chromiumPssKb) * 100)} %)`,
  );
  line();
  line(
    `Chromium after shutdown: main pids ${mainPids.join(', ')} ${mainGone ? 'gone (ESRCH)' : 'STILL RUNNING'}; ${leftovers.length ? `left over: ${leftovers.join(', ')}` : 'no process of their trees left running'}`,
  );
  if (zombies.length)
    line(
      `  (${zombies.length} ended helper process(es) ${zombies.join(', ')} still waiting after 5 s for init to reap them: zombies, no memory)`,
    );
  line();
  const targets = new lib.Targets('pdf');
  line(
    targets.check(vsRaw >= 0.9, `engine >= 90% of raw throughput (${fmt(vsRaw * 100)} %)`, {
      name: 'PDF: engine / raw limit (best of each)',
      target: '>= 90 %',
      measured: `${fmt(vsRaw * 100)} %`,
    }),
  );
  line(
    targets.check(vsNaive >= 15, `engine >= 15x naive (${fmt(vsNaive, 1)} x)`, {
      name: 'PDF: engine / naive (launch per PDF)',
      target: '>= 15 x',
      measured: `${fmt(vsNaive, 1)} x`,
    }),
  );
  line(
    targets.check(growth < 0.1, `memory growth < 10% over ${MEMORY_RENDERS} renders (${fmt(growth * 100)} %)`, {
      name: `PDF: memory growth over ${MEMORY_RENDERS} renders`,
      target: '< 10 %',
      measured: `${growth >= 0 ? '+' : ''}${fmt(growth * 100)} %`,
    }),
  );
  line(
    targets.check(cleanupPass, 'no Chromium left after closing the engine', {
      name: 'PDF: no Chromium left after shutdown',
      target: 'none',
      measured: cleanupPass ? 'none' : `${leftovers.length} left`,
    }),
  );
  targets.save();
  line();
  line(`Wall time: ${fmt(wallSeconds)} s`);
  console.log(out.join('\n'));
}

lib.runMain('bench-pdf', main);
