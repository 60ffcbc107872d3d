#!/usr/bin/env node
/*
 * Intake autosave benchmark: BENCH_CLIENTS simulated clients (64), each typing into its own intake
 * and autosaving in a loop (every save sends the revision of its previous answer), measured
 *   (a) through the app   – PUT /api/v1/intake-links/:token/draft over HTTP keep-alive,
 *   (b) raw pg            – one `UPDATE intakes … WHERE id = $2 AND revision = $3` of the same JSON
 *                           on the same rows, through a pg.Pool of the app's pool size,
 * in the order raw → app → raw (the two raws are averaged: a 2-core machine drifts). Target: the app
 * reaches at least half the raw throughput. Any answer but 200 (or an UPDATE that saves nothing) is
 * an error: a 409 would mean the benchmark's revision bookkeeping is wrong. At the end the rows'
 * revisions must add up to the saves acknowledged (none lost, none counted twice).
 *
 * The app runs as its own process, as in production (`node dist/src/main.js` on a fresh PostgreSQL
 * database ayni_bench_intake_<random> that is dropped at the end); this process is the load
 * generator and, for the raw baseline, the pg client. On a 2-core machine the load generator, the
 * app and PostgreSQL share the cores, so the table shows each one's CPU.
 *
 * Usage: npm run bench:intake   (runs `npm run build` first; this script requires the compiled dist/).
 * Tunables (environment): DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres, a server where we
 * may create databases), BENCH_CLIENTS (64), BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (2),
 * BENCH_LOG_LEVEL (warn; successful autosaves are logged at debug, so info costs little here).
 * The table goes to stdout, progress to stderr. Exit 0 when the run completes (even if a target
 * fails: it is a report), 1 on errors.
 */
'use strict';

const os = require('node:os');
const path = require('node:path');
const lib = require('./bench-lib');
const { fmt, log, intEnv } = lib;

const CLIENTS = intEnv('BENCH_CLIENTS', 64);
const SECONDS = intEnv('BENCH_SECONDS', 10);
const WARMUP_SECONDS = intEnv('BENCH_WARMUP_SECONDS', 2, 0);
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL || 'warn';
const TARGET = 0.5;
const TARGET_P99_MS = 50;

// What the clients type: the story (question story.text) grows from ~1 KB to ~3 KB a few words
// per save and starts over; a goal and the sleep scale change along the way. ASCII only.
const SENTENCES = [
  'My lower back has hurt since a fall on the ice last winter. Mornings are the worst: getting up takes a while.',
  'I tried rest, then painkillers, then physiotherapy exercises at home; they helped a little, until work got busy.',
  'Sitting at my desk for more than an hour makes it ache down into my left leg, and I sleep badly when it flares.',
  'What matters most to me is carrying my daughter again. My doctor suggested someone who works gently.',
];
let STORY = '';
for (let i = 0; STORY.length < 3300; i++) STORY += `${SENTENCES[i % SENTENCES.length]} `;
const GOALS = ['Carry my daughter without pain', 'Sleep through the night', 'Walk to work again', 'Sit through a meeting'];

function typist(seed) {
  let length = 1024 + ((seed * 97) % 1024);
  let n = seed;
  return () => {
    n += 1;
    length += 6 + (n % 14);
    if (length > 3072) length = 1024;
    return { 'story.text': STORY.slice(0, length).trim(), 'goals.1': GOALS[n % GOALS.length], 'baseline.sleep': n % 11 };
  };
}

async function main() {
  const loadBefore = os.loadavg();
  const pgVersion = await lib.pgVersion();
  const { name: database, url: dbUrl } = await lib.throwawayDatabase('intake');
  log(`created database ${database} (PostgreSQL ${pgVersion})`);

  log('starting the app as its own process, as in production (migrations run on the new database)');
  const { child, port } = await lib.startApp({
    databaseUrl: dbUrl,
    logLevel: LOG_LEVEL,
    dataDir: path.join(os.tmpdir(), 'ayni-bench-intake'),
  });
  // The app's pool size (extra.max in src/database/data-source-options.ts): the raw pool gets the same.
  const poolMax = lib.fromDist('database/data-source-options').dataSourceOptions({ url: dbUrl, embedded: false }).extra.max;
  if (!Number.isInteger(poolMax)) throw new Error('could not read the app pool size');
  const agent = lib.keepAliveAgent(Math.max(64, CLIENTS));
  const request = (...args) => lib.request(agent, port, ...args);

  log(`signing a practice up and inviting ${CLIENTS} clients`);
  const signUp = await request('POST', '/api/v1/practices', {
    practiceName: 'River Road Chiropractic',
    ownerName: 'Maya Lindqvist',
    email: `owner.${Math.random().toString(16).slice(2, 10)}@example.org`,
    password: 'quiet river stones at dawn',
  });
  if (signUp.status !== 201) throw new Error(`sign-up answered ${signUp.status}: ${signUp.text}`);
  const cookie = []
    .concat(signUp.headers['set-cookie'] || [])
    .map((c) => c.split(';')[0])
    .join('; ');
  const staff = { cookie, 'x-csrf-token': signUp.body.csrfToken };
  const admin = lib.pgPool(dbUrl, 2);
  // This measures autosave, not log-in: the owner invites without setting up two-step log-in.
  await admin.query('UPDATE practices SET mfa_required = false');
  const clients = [];
  for (let i = 0; i < CLIENTS; i++) {
    const res = await request('POST', '/api/v1/intakes', { name: `Client ${i + 1}`, email: `client${i + 1}@example.org` }, staff);
    if (res.status !== 201) throw new Error(`invitation answered ${res.status}: ${res.text}`);
    const token = /\/i\/([A-Za-z0-9_-]{43})$/.exec(res.body.link)[1];
    clients.push({ id: res.body.id, token, revision: 0, next: typist(i) });
  }

  const pool = lib.pgPool(dbUrl, poolMax);
  const resync = async (c) => {
    c.revision = (await admin.query('SELECT revision FROM intakes WHERE id = $1', [c.id])).rows[0].revision;
  };
  const rawSave = async (c, answers) => {
    const r = await pool.query(
      'UPDATE intakes SET answers = answers || $1::jsonb, revision = revision + 1, saved_at = now() WHERE id = $2 AND revision = $3 RETURNING revision',
      [JSON.stringify(answers), c.id, c.revision],
    );
    if (r.rowCount !== 1) return 'UPDATE saved nothing';
    c.revision = r.rows[0].revision;
    return undefined;
  };
  const appSave = async (c, answers) => {
    const res = await request('PUT', `/api/v1/intake-links/${c.token}/draft`, { revision: c.revision, answers });
    if (res.status !== 200) return `HTTP ${res.status}${res.body && res.body.code ? ` ${res.body.code}` : ''}`;
    c.revision = res.body.revision;
    return undefined;
  };
  // One untimed save per client each way first: the app's first saves fill its link and template caches.
  let primed = 0;
  for (const save of [appSave, rawSave]) {
    const problems = (await Promise.all(clients.map((c) => save(c, c.next())))).filter(Boolean);
    if (problems.length) throw new Error(`priming saves failed: ${problems[0]}`);
    primed += clients.length;
  }

  const sample = typist(0);
  const payloadBytes = Math.round(Array.from({ length: 300 }, () => JSON.stringify(sample()).length).reduce((a, b) => a + b) / 300);
  const phase = (name, save) =>
    lib.timedLoad({
      name,
      workers: clients,
      warmupSeconds: WARMUP_SECONDS,
      seconds: SECONDS,
      call: (c) => save(c, c.next()),
      recover: resync,
      appPid: child.pid,
      database,
    });
  const raw1 = await phase('raw pg UPDATE (1st)', rawSave);
  const appRun = await phase('app PUT draft', appSave);
  const raw2 = await phase('raw pg UPDATE (2nd)', rawSave);
  const rawMean = { name: 'raw pg UPDATE, mean of both', errors: raw1.errors + raw2.errors };
  for (const k of ['completed', 'perSecond', 'p50', 'p99', 'nodeCpu', 'appCpu', 'pgCpu', 'othersCpu']) rawMean[k] = (raw1[k] + raw2[k]) / 2;
  const stored = (await admin.query('SELECT sum(revision)::int AS saves FROM intakes')).rows[0].saves;

  // Report -----------------------------------------------------------------------------------
  const ratio = appRun.perSecond / rawMean.perSecond;
  const out = [];
  const line = (s = '') => out.push(s);
  const pct = (v) => `${fmt(v * 100, 0)}%`;
  line(`Intake autosave benchmark: ${CLIENTS} concurrent clients, ${SECONDS} s measured after ${WARMUP_SECONDS} s warm-up per phase`);
  line(lib.machineLine(`PostgreSQL ${pgVersion}`));
  line(lib.loadLine(loadBefore));
  line(`DB pool: max ${poolMax} connections for the app (src/database/data-source-options.ts) and the same for the raw pg.Pool`);
  line(`App: its own process (node dist/src/main.js, as in production) on 127.0.0.1:${port}, NODE_ENV=production, LOG_LEVEL=${LOG_LEVEL}`);
  line(`Payload: story.text 1-3 KB growing, goals.1, baseline.sleep; about ${payloadBytes} bytes of JSON answers per save`);
  line();
  const columns = [
    ['Phase', (r) => r.name],
    ['saves', (r) => Math.round(r.completed)],
    ['saves/s', (r) => fmt(r.perSecond, 0)],
    ['p50 ms', (r) => fmt(r.p50, 2)],
    ['p99 ms', (r) => fmt(r.p99, 2)],
    ['errors', (r) => r.errors],
    ['bench CPU', (r) => pct(r.nodeCpu)],
    ['app CPU', (r) => pct(r.appCpu)],
    ['pg CPU', (r) => pct(r.pgCpu)],
    ['others', (r) => pct(r.othersCpu)],
    ['app ms/save', (r) => (r.appCpu > 0 ? fmt((r.appCpu * SECONDS * 1000) / r.completed, 3) : '-')],
    ['pg ms/save', (r) => fmt((r.pgCpu * SECONDS * 1000) / r.completed, 3)],
  ];
  lib.table(columns, [raw1, appRun, raw2, rawMean]).forEach((l) => line(l));
  line('(CPU over the measured seconds, 100% = one core. bench: this process, the load generator and the raw pg');
  line(" client; app: the app's own process; pg: the backends of this run's database plus the WAL writer and");
  line(' checkpointer, n/a if the server is not on this machine; others: share of all cores used by everything else');
  line(' on the machine (other work). app ms/save and pg ms/save, CPU per save, are steadier than saves/s on a busy machine.)');
  for (const r of [raw1, appRun, raw2]) if (r.errors) line(`errors in ${r.name}: ${r.errorKinds}`);
  line();
  line(
    `app / raw throughput = ${fmt(ratio * 100)} %   (p99: app ${fmt(appRun.p99, 2)} ms vs raw ${fmt(rawMean.p99, 2)} ms = ${fmt(appRun.p99 / rawMean.p99, 1)} x)`,
  );
  line();
  const targets = new lib.Targets('intake');
  line(
    targets.check(ratio >= TARGET, `app >= ${TARGET * 100}% of raw pg throughput at ${CLIENTS} clients (${fmt(ratio * 100)} %)`, {
      name: `autosave: app / raw pg UPDATE throughput, ${CLIENTS} clients`,
      target: `>= ${TARGET * 100} %`,
      measured: `${fmt(ratio * 100)} %`,
    }),
  );
  line(
    targets.check(appRun.p99 <= TARGET_P99_MS, `app p99 <= ${TARGET_P99_MS} ms at ${CLIENTS} clients (${fmt(appRun.p99, 2)} ms)`, {
      name: `autosave: app p99 at ${CLIENTS} clients`,
      target: `<= ${TARGET_P99_MS} ms`,
      measured: `${fmt(appRun.p99, 1)} ms`,
    }),
  );
  const errors = appRun.errors + rawMean.errors;
  const acknowledged = primed + raw1.acknowledged + appRun.acknowledged + raw2.acknowledged;
  line(
    targets.check(errors === 0, `no errors: every save answered 200 / updated its row (${errors} failed, warm-ups included)`, {
      name: 'autosave: no failed saves',
      target: '0',
      measured: String(errors),
    }),
  );
  line(
    targets.check(stored === acknowledged, `the rows' revisions add up to the ${acknowledged} saves acknowledged (${stored})`, {
      name: 'autosave: no save lost or counted twice',
      target: `${acknowledged}`,
      measured: `${stored}`,
    }),
  );
  targets.save();
  console.log(out.join('\n'));
}

lib.runMain('bench-intake', main);
