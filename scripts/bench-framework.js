#!/usr/bin/env node
/*
 * Framework overhead: the app's home page (GET /, a real route that touches no database: see below)
 * answered by the compiled app as its own process, against a bare Express handler (its own process
 * too) sending the very bytes the app sent for it (the same status, content type and body), with the
 * same load generator (this process, node:http keep-alive) at the same concurrency, in the order
 * bare → app → bare (the two bare runs are averaged: a 2-core machine drifts). Target: the app
 * reaches at least 85 % of the bare handler's throughput ("Nest adds at most 15 %").
 *
 * Why GET /: /health checks the database and Chromium (src/health), and there is no liveness route;
 * GET / (AuthPagesController.home, @Public) is the one page that, without a session cookie, reads
 * nothing from the database. It runs everything the app runs for any page: the request context
 * (correlation id, one log line per request, here at LOG_LEVEL=warn so not written), helmet's
 * security headers, cookie-parser, the autosave lane's path check, Nest's router, the body-parsing,
 * session (no cookie: a new anonymous browser cookie and a CSRF token) and client-language
 * middleware, the access and link-guess guards, and the Handlebars view with its layout. That it
 * touches no database is checked: the run reports the transactions PostgreSQL counted for the app's
 * database during the app phase (only its background pollers, far fewer than requests).
 *
 * Diagnostic rows, after the target's three, show where the time goes: a bare Express server with
 * the app's own Express middleware (requestContext, securityHeaders, cookieParser from dist) sending
 * the same bytes, and the same plus rendering the same view with the app's Handlebars engine.
 *
 * Usage: npm run bench:framework   (runs `npm run build` first; this script requires the compiled dist/).
 * Tunables (environment): DATABASE_URL (a server where we may create a throwaway database for the app),
 * BENCH_CONNECTIONS (64), BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (2), BENCH_LOG_LEVEL (warn).
 * The table goes to stdout, progress to stderr. Exit 0 when the run completes (even if a target
 * fails: it is a report), 1 on errors.
 */
'use strict';

const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');

const ROUTE = '/';
const TARGET = 0.85;

// ---------------------------------------------------------------------------------------------
// The comparison servers: this same file, started as `node bench-framework.js --server <mode>`.
//   bare        Express 5, one route sending the captured bytes.
//   middleware  the same behind the app's Express middleware (request context + log line, helmet
//               headers, cookie-parser), as app.factory.ts mounts them.
//   render      the same middleware, and the view rendered by the app's Handlebars engine.
// ---------------------------------------------------------------------------------------------

function server(mode) {
  const express = require('express');
  const { fromDist, ROOT } = require('./bench-lib');
  const captured = JSON.parse(fs.readFileSync(process.env.BENCH_RESPONSE_FILE, 'utf8'));
  const body = Buffer.from(captured.body, 'utf8');
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // as the app
  if (mode !== 'bare') {
    const { JsonLogger } = fromDist('common/logger');
    const { requestContext } = fromDist('common/http/request-context');
    const { securityHeaders } = fromDist('common/http/security-headers');
    app.use(requestContext(new JsonLogger(process.env.LOG_LEVEL || 'warn')));
    app.use(securityHeaders());
    app.use(require('cookie-parser')());
  }
  if (mode === 'render') {
    const { createHandlebarsEngine } = fromDist('common/views/handlebars-engine');
    const { navigationFor } = fromDist('accounts/navigation');
    const viewsDir = path.join(ROOT, 'views');
    app.engine('hbs', createHandlebarsEngine(viewsDir, true));
    app.set('views', viewsDir);
    app.set('view engine', 'hbs');
    app.get(captured.route, (req, res) => {
      Object.assign(res.locals, { lang: 'en', csrfToken: '', nav: navigationFor(undefined, req.path) });
      res.render('home', { title: 'Healing partnerships' });
    });
  } else {
    app.get(captured.route, (req, res) => {
      res.status(captured.status).type(captured.contentType).send(body);
    });
  }
  app.listen(Number(process.env.PORT), '127.0.0.1');
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const lib = require('./bench-lib');
  const { fmt, log, intEnv } = lib;
  const CONNECTIONS = intEnv('BENCH_CONNECTIONS', 64);
  const SECONDS = intEnv('BENCH_SECONDS', 10);
  const WARMUP_SECONDS = intEnv('BENCH_WARMUP_SECONDS', 2, 0);
  const LOG_LEVEL = process.env.BENCH_LOG_LEVEL || 'warn';

  const loadBefore = os.loadavg();
  const pgVersion = await lib.pgVersion();
  const { name: database, url: dbUrl } = await lib.throwawayDatabase('framework');
  log(`created database ${database} for the app (PostgreSQL ${pgVersion})`);
  log('starting the app as its own process, as in production');
  const app = await lib.startApp({ databaseUrl: dbUrl, logLevel: LOG_LEVEL, dataDir: path.join(os.tmpdir(), 'ayni-bench-framework') });
  const agent = lib.keepAliveAgent(Math.max(64, CONNECTIONS));

  // What the app answers, once, for the bare handler to send the same.
  const first = await lib.request(agent, app.port, 'GET', ROUTE);
  if (first.status !== 200) throw new Error(`GET ${ROUTE} answered ${first.status}`);
  const captured = { route: ROUTE, status: first.status, contentType: first.headers['content-type'], body: first.text };
  const responseFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ayni-bench-framework-')), 'response.json');
  fs.writeFileSync(responseFile, JSON.stringify(captured));
  lib.onCleanup('removing the captured response', () => fs.rmSync(path.dirname(responseFile), { recursive: true, force: true }));
  const servers = {};
  for (const mode of ['bare', 'middleware', 'render']) {
    servers[mode] = await lib.startServer(
      `the ${mode} Express server`,
      [__filename, '--server', mode],
      { ...process.env, BENCH_RESPONSE_FILE: responseFile, LOG_LEVEL },
      ROUTE,
    );
  }
  const rendered = await lib.request(agent, servers.render.port, 'GET', ROUTE);
  const appHeaders = Object.keys(first.headers).length;

  const admin = lib.pgPool(dbUrl, 1);
  const transactions = async () =>
    Number(
      (await admin.query('SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()')).rows[0].n,
    );

  const phase = async (name, target) => {
    const workers = Array.from({ length: CONNECTIONS }, (_, i) => i);
    const call = async () => {
      const res = await lib.request(agent, target.port, 'GET', ROUTE);
      return res.status === 200 ? undefined : `HTTP ${res.status}`;
    };
    return { ...(await lib.timedLoad({ name, workers, warmupSeconds: WARMUP_SECONDS, seconds: SECONDS, call, appPid: target.child.pid })) };
  };

  const bare1 = await phase('bare Express, same bytes (1st)', servers.bare);
  const xactBefore = await transactions();
  const appRun = await phase(`app GET ${ROUTE}`, app);
  // pg_stat_database is updated by backends when they go idle, at most every 500 ms or so.
  await lib.sleep(1500);
  const xactDuring = (await transactions()) - xactBefore - 1; // minus the count query itself
  const bare2 = await phase('bare Express, same bytes (2nd)', servers.bare);
  const bareMean = { name: 'bare Express, mean of both', errors: bare1.errors + bare2.errors };
  for (const k of ['completed', 'perSecond', 'p50', 'p95', 'p99', 'nodeCpu', 'appCpu', 'othersCpu'])
    bareMean[k] = (bare1[k] + bare2[k]) / 2;
  const withMiddleware = await phase("diagnostic: bare + the app's Express middleware", servers.middleware);
  const withRender = await phase('diagnostic: the same + rendering the view', servers.render);

  // Report -----------------------------------------------------------------------------------
  const ratio = appRun.perSecond / bareMean.perSecond;
  const msPerRequest = (r) => (r.appCpu > 0 ? (r.appCpu * SECONDS * 1000) / r.completed : NaN);
  const out = [];
  const line = (s = '') => out.push(s);
  const pct = (v) => `${fmt(v * 100, 0)}%`;
  line(
    `Framework overhead: GET ${ROUTE} (the home page, no database), ${CONNECTIONS} connections, ${SECONDS} s measured after ${WARMUP_SECONDS} s warm-up per phase`,
  );
  line(
    lib.machineLine(
      `PostgreSQL ${pgVersion}; Express ${require('express/package.json').version}; Nest ${require('@nestjs/core/package.json').version}`,
    ),
  );
  line(lib.loadLine(loadBefore));
  line(`App: its own process (node dist/src/main.js), NODE_ENV=production, LOG_LEVEL=${LOG_LEVEL}; bare: its own process, Express alone`);
  line(
    `Response: ${first.status}, ${captured.contentType}, ${Buffer.byteLength(captured.body)} bytes; the app adds ${appHeaders} headers (CSP and the other security headers, a new browser cookie), the bare handler Express's own; the view as the diagnostic server renders it: ${Buffer.byteLength(rendered.text)} bytes`,
  );
  line();
  const columns = [
    ['Phase', (r) => r.name],
    ['requests', (r) => Math.round(r.completed)],
    ['req/s', (r) => fmt(r.perSecond, 0)],
    ['p50 ms', (r) => fmt(r.p50, 2)],
    ['p95 ms', (r) => fmt(r.p95, 2)],
    ['p99 ms', (r) => fmt(r.p99, 2)],
    ['errors', (r) => r.errors],
    ['ratio', (r) => `${fmt((r.perSecond / bareMean.perSecond) * 100, 1)} %`],
    ['target', (r) => (r === appRun ? `>= ${TARGET * 100} %` : '')],
    ['met?', (r) => (r === appRun ? (ratio >= TARGET ? 'yes' : 'NO') : '')],
    ['bench CPU', (r) => pct(r.nodeCpu)],
    ['server CPU', (r) => pct(r.appCpu)],
    ['others', (r) => pct(r.othersCpu)],
    ['server ms/req', (r) => fmt(msPerRequest(r), 3)],
  ];
  lib.table(columns, [bare1, appRun, bare2, bareMean, withMiddleware, withRender]).forEach((l) => line(l));
  line('(ratio: req/s over the mean of the two bare runs. CPU over the measured seconds, 100% = one core: bench is this');
  line(' process, the load generator; server the process answering; others everything else on the machine, PostgreSQL');
  line(' included. server ms/req, the server CPU per request, is steadier than req/s on a busy machine.)');
  for (const r of [bare1, appRun, bare2, withMiddleware, withRender]) if (r.errors) line(`errors in ${r.name}: ${r.errorKinds}`);
  line();
  line(
    `PostgreSQL transactions in the app's database during the app phase: ${xactDuring} for ${appRun.acknowledged} requests (background work only: the route reads no database)`,
  );
  const cpu = {
    bare: (msPerRequest(bare1) + msPerRequest(bare2)) / 2,
    mw: msPerRequest(withMiddleware),
    render: msPerRequest(withRender),
    app: msPerRequest(appRun),
  };
  line(
    `Server CPU per request: bare ${fmt(cpu.bare, 3)} ms; + the app's Express middleware ${fmt(cpu.mw - cpu.bare, 3)} ms; + rendering the view ${fmt(cpu.render - cpu.mw, 3)} ms; + Nest (router, guards, Nest middleware: session cookie and CSRF token, language) ${fmt(cpu.app - cpu.render, 3)} ms = app ${fmt(cpu.app, 3)} ms`,
  );
  line(`app / bare throughput = ${fmt(ratio * 100)} %   (p99: app ${fmt(appRun.p99, 2)} ms vs bare ${fmt(bareMean.p99, 2)} ms)`);
  line();
  const targets = new lib.Targets('framework');
  line(
    targets.check(
      ratio >= TARGET,
      `app >= ${TARGET * 100}% of a bare Express handler's throughput on GET ${ROUTE} (${fmt(ratio * 100)} %)`,
      {
        name: `framework: app / bare Express req/s, GET ${ROUTE}, ${CONNECTIONS} connections`,
        target: `>= ${TARGET * 100} %`,
        measured: `${fmt(ratio * 100)} %`,
      },
    ),
  );
  const errors = bare1.errors + appRun.errors + bare2.errors + withMiddleware.errors + withRender.errors;
  line(
    targets.check(errors === 0, `no errors: every request answered 200 (${errors} did not)`, {
      name: 'framework: no failed requests',
      target: '0',
      measured: String(errors),
    }),
  );
  targets.save();
  console.log(out.join('\n'));
}

if (process.argv[2] === '--server') server(process.argv[3]);
else require('./bench-lib').runMain('bench-framework', main);
