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
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { performance } = require('node:perf_hooks');
const { Pool } = require('pg');

const DIST = path.join(__dirname, '..', 'dist', 'src');

function fromDist(rel) {
  const file = path.join(DIST, rel);
  if (!fs.existsSync(`${file}.js`)) throw new Error(`${file}.js is missing: run \`npm run build\` first`);
  return require(file);
}

const intEnv = (name, fallback, min = 1) => {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}`);
  return n;
};

const CLIENTS = intEnv('BENCH_CLIENTS', 64);
const SECONDS = intEnv('BENCH_SECONDS', 10);
const WARMUP_SECONDS = intEnv('BENCH_WARMUP_SECONDS', 2, 0);
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL || 'warn';
const SERVER_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const TARGET = 0.5;

const log = (...args) => console.error('[bench]', ...args);
const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const withDatabase = (url, database) => Object.assign(new URL(url), { pathname: `/${database}` }).toString();

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

/** One HTTP request (node:http through the keep-alive agent); JSON bodies both ways. */
function request(agent, port, method, urlPath, body, headers = {}) {
  const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const h = { ...headers, ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}) };
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, agent, headers: h }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c)).on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const json = /^\s*[{[]/.test(text) ? JSON.parse(text) : undefined;
        resolve({ status: res.statusCode, headers: res.headers, body: json, text });
      });
    });
    req.on('error', reject).end(data);
  });
}

/**
 * CPU ticks of this run's PostgreSQL processes: the backends serving our database (their cmdline names
 * it) plus the WAL writer and checkpointer, by pid (Linux /proc; null elsewhere). Others' backends are left out.
 */
function postgresCpu(database) {
  if (!fs.existsSync('/proc/self/stat')) return null;
  const procs = new Map();
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!/^postgres: /.test(cmdline) || !(cmdline.includes(` ${database} `) || /^postgres: (walwriter|checkpointer)/.test(cmdline)))
        continue;
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(pid, { start: f[19], ticks: Number(f[11]) + Number(f[12]) }); // starttime, utime + stime
    } catch {
      /* ended while we looked */
    }
  }
  return procs;
}

/** CPU seconds between two postgresCpu() snapshots (USER_HZ = 100). */
function postgresCpuSeconds(a, b) {
  if (!a || !b) return NaN;
  let ticks = 0;
  for (const [pid, p] of b) ticks += p.ticks - (a.get(pid)?.start === p.start ? a.get(pid).ticks : 0);
  return ticks / 100;
}

/**
 * Every client saves in a loop for the warm-up and then the measured seconds. Throughput counts the
 * saves that ended inside the measured window; latencies come from those that also began in it.
 * A failed save is counted, and the client re-reads its revision from the database.
 */
async function phase(name, clients, save, resync, database) {
  log(`${name}: ${CLIENTS} clients, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s`);
  const start = performance.now();
  const warmEnd = start + WARMUP_SECONDS * 1000;
  const end = warmEnd + SECONDS * 1000;
  const latencies = [];
  let acknowledged = 0; // successful saves, warm-up included
  let completed = 0; // successful saves that ended inside the measured window: the throughput
  const errors = new Map(); // what went wrong → count, warm-up included
  // CPU of this process (the load generator, and the raw pg client), the app's process and
  // PostgreSQL over the measured window, sampled by timers at its ends.
  const cpu = {};
  const sample = () => ({ node: process.cpuUsage(), app: processCpuSeconds(resources.app.pid), pg: postgresCpu(database) });
  const timers = [setTimeout(() => (cpu.from = sample()), warmEnd - start), setTimeout(() => (cpu.to = sample()), end - start)];
  await Promise.all(
    clients.map(async (c) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const problem = await save(c, c.next()).catch((error) => error.code || error.message);
        const t1 = performance.now();
        if (!problem) acknowledged += 1;
        if (!problem && t1 >= warmEnd && t1 <= end) completed += 1;
        if (!problem && t0 >= warmEnd && t1 <= end) latencies.push(t1 - t0); // begun and ended inside it
        if (problem) {
          errors.set(problem, (errors.get(problem) || 0) + 1);
          await resync(c);
        }
      }
    }),
  );
  timers.forEach(clearTimeout);
  cpu.to ??= sample();
  const nodeSeconds = cpu.from ? (cpu.to.node.user + cpu.to.node.system - cpu.from.node.user - cpu.from.node.system) / 1e6 : NaN;
  latencies.sort((a, b) => a - b);
  return {
    name,
    saves: completed,
    perSecond: completed / SECONDS,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    acknowledged,
    errors: [...errors.values()].reduce((a, b) => a + b, 0),
    errorKinds: [...errors].map(([k, v]) => `${k} x${v}`).join(', '),
    nodeCpu: nodeSeconds / SECONDS,
    appCpu: cpu.from ? (cpu.to.app - cpu.from.app) / SECONDS : NaN,
    pgCpu: cpu.from ? postgresCpuSeconds(cpu.from.pg, cpu.to.pg) / SECONDS : NaN,
  };
}

const resources = { app: null, agent: null, pool: null, admin: null, database: null };

/** A free port on loopback, for the app to listen on. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Resolves when the app answers /health; rejects with its output if it exits first. */
async function appReady(child, port) {
  let output = '';
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (d) => (output = (output + d).slice(-4000)));
  const exited = new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`the app exited (${code}):\n${output}`))));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const up = await Promise.race([
      exited,
      new Promise((resolve) => {
        http.get({ host: '127.0.0.1', port, path: '/health' }, (res) => (res.resume(), resolve(true))).on('error', () => resolve(false));
      }),
    ]);
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the app did not start within 60 s:\n${output}`);
}

function stopApp(child) {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => (clearTimeout(kill), resolve()));
    child.kill('SIGTERM');
  });
}

/** CPU seconds used so far by a process (Linux /proc; NaN elsewhere). */
function processCpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}

async function main() {
  const loadBefore = os.loadavg();

  const database = `ayni_bench_intake_${randomBytes(6).toString('hex')}`;
  const serverPool = new Pool({ connectionString: SERVER_URL, max: 1 });
  const pgVersion = (await serverPool.query('SHOW server_version')).rows[0].server_version;
  log(`creating database ${database} (PostgreSQL ${pgVersion})`);
  await serverPool.query(`CREATE DATABASE "${database}"`);
  await serverPool.end();
  resources.database = database;
  const dbUrl = withDatabase(SERVER_URL, database);

  log('starting the app as its own process, as in production (migrations run on the new database)');
  const port = await freePort();
  const child = (resources.app = spawn(process.execPath, [path.join(DIST, 'main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: dbUrl,
      DATA_DIR: path.join(os.tmpdir(), 'ayni-bench-intake'),
      SESSION_SECRET: randomBytes(32).toString('hex'),
      ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
      PUBLIC_URL: 'http://127.0.0.1',
      LOG_LEVEL,
      SIGNUPS_PER_IP_PER_HOUR: '10000',
      INTAKE_STARTS_PER_IP_PER_HOUR: '10000',
      INVITATIONS_PER_PRACTICE_PER_HOUR: '10000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  }));
  await appReady(child, port);
  // The app's pool size (extra.max in src/database/data-source-options.ts): the raw pool gets the same.
  const poolMax = fromDist('database/data-source-options').dataSourceOptions({ url: dbUrl, embedded: false }).extra.max;
  if (!Number.isInteger(poolMax)) throw new Error('could not read the app pool size');
  const agent = (resources.agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(64, CLIENTS) }));

  log(`signing a practice up and inviting ${CLIENTS} clients`);
  const signUp = await request(agent, port, 'POST', '/api/v1/practices', {
    practiceName: 'River Road Chiropractic',
    ownerName: 'Maya Lindqvist',
    email: `owner.${randomBytes(4).toString('hex')}@example.org`,
    password: 'quiet river stones at dawn',
  });
  if (signUp.status !== 201) throw new Error(`sign-up answered ${signUp.status}: ${signUp.text}`);
  const cookie = []
    .concat(signUp.headers['set-cookie'] || [])
    .map((c) => c.split(';')[0])
    .join('; ');
  const staff = { cookie, 'x-csrf-token': signUp.body.csrfToken };
  const admin = (resources.admin = new Pool({ connectionString: dbUrl, max: 2 }));
  // This measures autosave, not log-in: the owner invites without setting up two-step log-in.
  await admin.query('UPDATE practices SET mfa_required = false');
  const clients = [];
  for (let i = 0; i < CLIENTS; i++) {
    const res = await request(
      agent,
      port,
      'POST',
      '/api/v1/intakes',
      { name: `Client ${i + 1}`, email: `client${i + 1}@example.org` },
      staff,
    );
    if (res.status !== 201) throw new Error(`invitation answered ${res.status}: ${res.text}`);
    const token = /\/i\/([A-Za-z0-9_-]{43})$/.exec(res.body.link)[1];
    clients.push({ id: res.body.id, token, revision: 0, next: typist(i) });
  }

  const pool = (resources.pool = new Pool({ connectionString: dbUrl, max: poolMax }));
  // pool.end() resolves before its sockets close: the DROP at the end may cut one, which is fine.
  for (const p of [admin, pool]) p.on('error', (error) => log(`pg pool: ${error.message}`));
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
    const res = await request(agent, port, 'PUT', `/api/v1/intake-links/${c.token}/draft`, { revision: c.revision, answers });
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
  const raw1 = await phase('raw pg UPDATE (1st)', clients, rawSave, resync, database);
  const appRun = await phase('app PUT draft', clients, appSave, resync, database);
  const raw2 = await phase('raw pg UPDATE (2nd)', clients, rawSave, resync, database);
  const rawMean = { name: 'raw pg UPDATE, mean of both', errors: raw1.errors + raw2.errors };
  for (const k of ['saves', 'perSecond', 'p50', 'p99', 'nodeCpu', 'appCpu', 'pgCpu']) rawMean[k] = (raw1[k] + raw2[k]) / 2;
  const stored = (await admin.query('SELECT sum(revision)::int AS saves FROM intakes')).rows[0].saves;

  // Report -----------------------------------------------------------------------------------
  const ratio = appRun.perSecond / rawMean.perSecond;
  const cpus = os.cpus();
  const out = [];
  const line = (s = '') => out.push(s);
  const pad = (s, n) => String(s).padEnd(n);
  const lpad = (s, n) => String(s).padStart(n);
  line(`Intake autosave benchmark: ${CLIENTS} concurrent clients, ${SECONDS} s measured after ${WARMUP_SECONDS} s warm-up per phase`);
  line(
    `Machine: ${cpus.length} x ${cpus[0] ? cpus[0].model.trim() : 'unknown CPU'}, ${fmt(os.totalmem() / 1024 ** 3)} GB RAM; Node ${process.version}; PostgreSQL ${pgVersion}`,
  );
  line(
    `Load average (1/5/15 min) at start: ${loadBefore.map((l) => fmt(l, 2)).join(' / ')}, at end: ${os
      .loadavg()
      .map((l) => fmt(l, 2))
      .join(' / ')}`,
  );
  line(`DB pool: max ${poolMax} connections for the app (src/database/data-source-options.ts) and the same for the raw pg.Pool`);
  line(`App: its own process (node dist/src/main.js, as in production) on 127.0.0.1:${port}, NODE_ENV=production, LOG_LEVEL=${LOG_LEVEL}`);
  line(`Payload: story.text 1-3 KB growing, goals.1, baseline.sleep; about ${payloadBytes} bytes of JSON answers per save`);
  line();
  const W = 30;
  line(
    `${pad('Phase', W)} ${lpad('saves', 7)} ${lpad('saves/s', 9)} ${lpad('p50 ms', 8)} ${lpad('p99 ms', 8)} ${lpad('errors', 7)} ${lpad('bench CPU', 10)} ${lpad('app CPU', 8)} ${lpad('pg CPU', 7)} ${lpad('app ms/save', 12)}`,
  );
  line('-'.repeat(W + 76));
  for (const r of [raw1, appRun, raw2, rawMean]) {
    line(
      `${pad(r.name, W)} ${lpad(Math.round(r.saves), 7)} ${lpad(fmt(r.perSecond, 0), 9)} ${lpad(fmt(r.p50, 2), 8)} ${lpad(fmt(r.p99, 2), 8)} ${lpad(r.errors, 7)} ${lpad(`${fmt(r.nodeCpu * 100, 0)}%`, 10)} ${lpad(`${fmt(r.appCpu * 100, 0)}%`, 8)} ${lpad(`${fmt(r.pgCpu * 100, 0)}%`, 7)} ${lpad(r.appCpu > 0 ? fmt((r.appCpu * SECONDS * 1000) / r.saves, 3) : '-', 12)}`,
    );
  }
  line('(CPU over the measured seconds, 100% = one core. bench: this process, the load generator and the raw pg');
  line(" client; app: the app's own process; pg: the backends of this run's database plus the WAL writer and");
  line(' checkpointer, n/a if the server is not on this machine. app ms/save is steadier than saves/s on a busy machine.)');
  for (const r of [raw1, appRun, raw2]) if (r.errors) line(`errors in ${r.name}: ${r.errorKinds}`);
  line();
  line(
    `app / raw throughput = ${fmt(ratio * 100)} %   (p99: app ${fmt(appRun.p99, 2)} ms vs raw ${fmt(rawMean.p99, 2)} ms = ${fmt(appRun.p99 / rawMean.p99, 1)} x)`,
  );
  line();
  const target = (pass, text) => line(`${pass ? 'PASS' : 'FAIL'}  ${text}`);
  target(ratio >= TARGET, `app >= ${TARGET * 100}% of raw pg throughput at ${CLIENTS} clients (${fmt(ratio * 100)} %)`);
  const errors = appRun.errors + rawMean.errors;
  const acknowledged = primed + raw1.acknowledged + appRun.acknowledged + raw2.acknowledged;
  target(errors === 0, `no errors: every save answered 200 / updated its row (${errors} failed, warm-ups included)`);
  target(stored === acknowledged, `the rows' revisions add up to the ${acknowledged} saves acknowledged (${stored})`);
  console.log(out.join('\n'));
}

/** Closes everything once; a second caller (Ctrl-C during a run, then main's catch) waits for the same work. */
let cleaning;
const cleanup = () => (cleaning ??= closeAll());

async function closeAll() {
  const step = async (what, fn) => {
    try {
      await fn();
    } catch (error) {
      log(`cleanup: ${what} failed: ${error.message}`);
    }
  };
  const r = resources;
  if (r.agent) r.agent.destroy();
  if (r.app) await step('stopping the app', () => stopApp(r.app));
  if (r.pool) await step('ending the raw pool', () => r.pool.end());
  if (r.admin) await step('ending the admin pool', () => r.admin.end());
  if (r.database) {
    await step(`dropping ${r.database}`, async () => {
      await new Promise((resolve) => setTimeout(resolve, 300)); // let the pools' connections close
      const server = new Pool({ connectionString: SERVER_URL, max: 1 });
      try {
        await server.query(`DROP DATABASE IF EXISTS "${r.database}" WITH (FORCE)`);
      } finally {
        await server.end();
      }
      log(`dropped database ${r.database}`);
    });
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    cleanup().finally(() => process.exit(1));
  });
}

main()
  .then(async () => {
    await cleanup();
    process.exit(0);
  })
  .catch(async (error) => {
    console.error('bench-intake failed:', error && error.stack ? error.stack : error);
    await cleanup();
    process.exit(1);
  });
