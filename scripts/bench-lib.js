/*
 * What the benchmarks (scripts/bench-*.js, scripts/seed-scale.js) share: reading the compiled app
 * and the environment, percentiles and tables, the machine's description, throwaway PostgreSQL
 * databases, starting the compiled app (`node dist/src/main.js`) as its own process, the two load
 * loops (for a fixed time, or a fixed number of calls), CPU accounting from /proc, the PASS/FAIL
 * lines that `npm run bench` gathers into its summary, and closing everything a script started
 * (also on Ctrl-C). Progress goes to stderr, reports to stdout.
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

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist', 'src');
/** A PostgreSQL server where we may create databases (the database named in it is only used to connect). */
const SERVER_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

// ---------------------------------------------------------------------------------------------
// Inputs and numbers
// ---------------------------------------------------------------------------------------------

/** A module of the compiled app (dist/src/<rel>.js); a clear message when `npm run build` was not run. */
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

const log = (...args) => console.error('[bench]', ...args);
const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

/** p50/p95/p99 (ms) of a list of latencies; sorts it in place. */
function latencyStats(latencies) {
  latencies.sort((a, b) => a - b);
  return { count: latencies.length, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) };
}

/**
 * A table as lines: `columns` are [title, value of a row, align ('l' or 'r', default 'r')]; each
 * column is as wide as its widest cell. Rows that are strings are printed as they are.
 */
function table(columns, rows) {
  const cells = rows.map((r) => (typeof r === 'string' ? r : columns.map(([, get]) => String(get(r) ?? ''))));
  const widths = columns.map(([title], i) => Math.max(title.length, ...cells.filter(Array.isArray).map((c) => c[i].length)));
  const render = (values) =>
    values
      .map((v, i) => ((columns[i][2] ?? (i === 0 ? 'l' : 'r')) === 'l' ? pad : lpad)(v, widths[i]))
      .join('  ')
      .trimEnd();
  const header = render(columns.map(([title]) => title));
  return [header, '-'.repeat(header.length), ...cells.map((c) => (typeof c === 'string' ? c : render(c)))];
}

// ---------------------------------------------------------------------------------------------
// The machine
// ---------------------------------------------------------------------------------------------

const usableCores = () => Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);

/** "2 x AMD EPYC … (2 usable), 23.5 GB RAM, linux 6.1.0; Node v20.20.0" and whatever `extra` adds. */
function machineLine(extra = '') {
  const cpus = os.cpus();
  const model = cpus[0] ? cpus[0].model.trim() : 'unknown CPU';
  return `Machine: ${cpus.length} x ${model} (${usableCores()} usable), ${fmt(os.totalmem() / 1024 ** 3)} GB RAM, ${os.platform()} ${os.release()}; Node ${process.version}${extra ? `; ${extra}` : ''}`;
}

function loadLine(before) {
  const show = (l) => l.map((v) => fmt(v, 2)).join(' / ');
  return `Load average (1/5/15 min) at start: ${show(before)}, at end: ${show(os.loadavg())}`;
}

// ---------------------------------------------------------------------------------------------
// Closing what a script started, once, also on Ctrl-C
// ---------------------------------------------------------------------------------------------

const cleanups = [];
/** Registers what closes a resource; cleanup() runs them last-registered first. */
function onCleanup(what, fn) {
  cleanups.push({ what, fn });
}
let cleaning;
/** A second caller (Ctrl-C during a run, then main's catch) waits for the same work. */
const cleanup = () =>
  (cleaning ??= (async () => {
    while (cleanups.length) {
      const { what, fn } = cleanups.pop();
      try {
        await fn();
      } catch (error) {
        log(`cleanup: ${what} failed: ${error.message}`);
      }
    }
  })());

/**
 * Runs a benchmark's main(): exit 0 when it completes (even if a target fails: it is a report),
 * 1 on errors; what it started is closed either way, and on SIGINT/SIGTERM.
 */
function runMain(name, main) {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      log(`${signal}: cleaning up`);
      cleanup().finally(() => process.exit(130));
    });
  }
  main()
    .then(async () => {
      await cleanup();
      process.exit(0);
    })
    .catch(async (error) => {
      console.error(`${name} failed:`, error && error.stack ? error.stack : error);
      await cleanup();
      process.exit(1);
    });
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL databases
// ---------------------------------------------------------------------------------------------

const withDatabase = (url, database) => Object.assign(new URL(url), { pathname: `/${database}` }).toString();

/** One statement on the server's own database (CREATE/DROP DATABASE cannot run in a transaction or a pool's session elsewhere). */
async function serverQuery(sql, params) {
  const pool = new Pool({ connectionString: SERVER_URL, max: 1 });
  try {
    return (await pool.query(sql, params)).rows;
  } finally {
    await pool.end();
  }
}

const pgVersion = async () => (await serverQuery('SHOW server_version'))[0].server_version;

async function dropDatabase(name) {
  await serverQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

/** A fresh database ayni_bench_<prefix>_<random>, dropped at cleanup. Returns its name and URL. */
async function throwawayDatabase(prefix) {
  const name = `ayni_bench_${prefix}_${randomBytes(6).toString('hex')}`;
  await serverQuery(`CREATE DATABASE "${name}"`);
  onCleanup(`dropping ${name}`, async () => {
    await sleep(300); // let pools' connections close: the DROP may otherwise cut one, which is fine
    await dropDatabase(name);
    log(`dropped database ${name}`);
  });
  return { name, url: withDatabase(SERVER_URL, name) };
}

/**
 * CPU ticks of this run's PostgreSQL processes: the backends serving our database (their cmdline names
 * it) plus the WAL writer and checkpointer, by pid (Linux /proc; null elsewhere). Others' backends are left out.
 */
function postgresCpu(database) {
  if (!database || !fs.existsSync('/proc/self/stat')) return null;
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

/**
 * How much of the machine other work took during a measurement (other people's tests, say): the CPU
 * time of every process that is not this benchmark or one of its descendants (/proc/<pid>/stat;
 * processes reaped inside the measurement come in through their parent's children's times), over the
 * machine's total CPU time (/proc/stat). Kernel threads count as others, and so does PostgreSQL (it
 * is not our child; timedLoad takes off the backends it counts as pg CPU). An estimate: others'
 * processes orphaned to init are missed, and the kernel's own work for ours counts as others'.
 */
function procSnapshot() {
  let total = 0;
  const procs = new Map();
  try {
    total = fs
      .readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .slice(1, 9)
      .map(Number)
      .reduce((a, b) => a + b, 0);
    for (const name of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // After the command name: ppid is field 1, utime..cstime 11-14, starttime 19.
        procs.set(Number(name), {
          comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
          ppid: Number(f[1]),
          own: Number(f[11]) + Number(f[12]),
          children: Number(f[13]) + Number(f[14]),
          start: f[19],
        });
      } catch {
        /* ended while we looked */
      }
    }
  } catch {
    return null; // not Linux
  }
  return { total, procs };
}

function othersCpuShare(a, b) {
  if (!a || !b || b.total <= a.total) return NaN;
  const ours = (pid, procs) => {
    for (let hops = 0; pid > 1 && hops < 50; hops++) {
      if (pid === process.pid) return true;
      const p = procs.get(pid);
      if (!p) return false;
      pid = p.ppid;
    }
    return false;
  };
  // Chromium helpers left behind when one of our browsers exits are re-parented to init, which
  // reaps them: init's children's times and new orphaned Chromium processes are not counted.
  const orphan = (pid, p) => p.ppid === 1 && /chrom/i.test(p.comm) && !(a.procs.has(pid) && a.procs.get(pid).start === p.start);
  let ticks = 0;
  for (const [pid, p] of b.procs) {
    if (ours(pid, b.procs) || orphan(pid, p)) continue;
    const q = a.procs.get(pid);
    const same = q && q.start === p.start;
    const children = pid === 1 ? 0 : p.children - (same ? q.children : 0);
    ticks += p.own - (same ? q.own : 0) + children;
  }
  // Others' processes that ended inside the measurement came back whole through a surviving ancestor's
  // children's times: take off what they had used before it began.
  const survivingAncestor = (pid) => {
    for (let parent = a.procs.get(pid).ppid, hops = 0; parent > 1 && hops < 50; hops++) {
      const now = b.procs.get(parent);
      const then = a.procs.get(parent);
      if (now && then && now.start === then.start) return parent;
      if (!then) return undefined;
      parent = then.ppid;
    }
    return undefined;
  };
  for (const [pid, q] of a.procs) {
    const p = b.procs.get(pid);
    if (p && p.start === q.start) continue;
    const ancestor = survivingAncestor(pid);
    if (ancestor && !ours(pid, a.procs) && !ours(ancestor, b.procs)) ticks -= q.own + q.children;
  }
  return Math.min(1, Math.max(0, ticks / (b.total - a.total)));
}

// ---------------------------------------------------------------------------------------------
// Processes and HTTP
// ---------------------------------------------------------------------------------------------

/** A free port on loopback, for a server to listen on. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Resolves when the process answers `urlPath` (any status); rejects with its output if it exits first. */
async function serverReady(child, port, urlPath, what = 'the app') {
  let output = '';
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (d) => (output = (output + d).slice(-4000)));
  const exited = new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`${what} exited (${code}):\n${output}`))));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const up = await Promise.race([
      exited,
      new Promise((resolve) => {
        http.get({ host: '127.0.0.1', port, path: urlPath }, (res) => (res.resume(), resolve(true))).on('error', () => resolve(false));
      }),
    ]);
    if (up) return;
    await sleep(200);
  }
  throw new Error(`${what} did not start within 60 s:\n${output}`);
}

/** SIGTERM, then SIGKILL after 10 s. */
function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => (clearTimeout(kill), resolve()));
    child.kill('SIGTERM');
  });
}

/** A Node server process of ours (stdout/stderr piped), stopped at cleanup; resolves once it answers `readyPath`. */
async function startServer(what, args, env, readyPath) {
  const port = await freePort();
  const child = spawn(process.execPath, args, { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  onCleanup(`stopping ${what}`, () => stopProcess(child));
  await serverReady(child, port, readyPath, what);
  return { child, port };
}

/**
 * The compiled app as its own process, as in production (`node dist/src/main.js`, NODE_ENV=production,
 * migrations run at start), on 127.0.0.1 with a random session secret and encryption key and rate
 * limits out of reach. Stopped at cleanup.
 */
function startApp({ databaseUrl, logLevel = 'warn', dataDir = path.join(os.tmpdir(), 'ayni-bench'), env = {} }) {
  if (!fs.existsSync(path.join(DIST, 'main.js'))) throw new Error(`${path.join(DIST, 'main.js')} is missing: run \`npm run build\` first`);
  return startServer(
    'the app',
    [path.join(DIST, 'main.js')],
    {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
      PUBLIC_URL: 'http://127.0.0.1',
      LOG_LEVEL: logLevel,
      SIGNUPS_PER_IP_PER_HOUR: '10000',
      INTAKE_STARTS_PER_IP_PER_HOUR: '10000',
      INVITATIONS_PER_PRACTICE_PER_HOUR: '10000',
      ...env,
    },
    '/health',
  );
}

/** A keep-alive agent, destroyed at cleanup. */
function keepAliveAgent(maxSockets) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  onCleanup('closing the HTTP agent', () => agent.destroy());
  return agent;
}

/** One HTTP request (node:http through `agent`); JSON bodies both ways. */
function request(agent, port, method, urlPath, body, headers = {}) {
  const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const h = { ...headers, ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}) };
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, agent, headers: h }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c)).on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const json = /^\s*[{[]/.test(text) && /json/.test(res.headers['content-type'] || 'json') ? JSON.parse(text) : undefined;
        resolve({ status: res.statusCode, headers: res.headers, body: json, text });
      });
    });
    req.on('error', reject).end(data);
  });
}

/** A pg.Pool ended at cleanup (its errors are logged: a DROP at the end may cut a socket, which is fine). */
function pgPool(connectionString, max) {
  const pool = new Pool({ connectionString, max });
  pool.on('error', (error) => log(`pg pool: ${error.message}`));
  onCleanup('ending a pg pool', () => pool.end());
  return pool;
}

// ---------------------------------------------------------------------------------------------
// Load loops
// ---------------------------------------------------------------------------------------------

/**
 * A closed loop for a fixed time: every worker calls `call(worker)` again as soon as its last call
 * ended, for the warm-up and then the measured seconds. `call` resolves to nothing, or to what went
 * wrong (a short text); a rejection counts as wrong too, and then `recover(worker)` runs. Throughput
 * counts the calls that ended inside the measured window; latencies come from those that also began
 * in it. CPU over the window: this process (`nodeCpu`), the process `appPid` (`appCpu`), PostgreSQL's
 * processes for `database` (`pgCpu`), everything else on the machine (`othersCpu`, a share of all cores:
 * other people's work, and PostgreSQL's when no `database` is given).
 */
async function timedLoad({ name, workers, warmupSeconds, seconds, call, recover = async () => {}, appPid, database }) {
  log(`${name}: ${workers.length} concurrent, ${warmupSeconds} s warm-up + ${seconds} s`);
  const start = performance.now();
  const warmEnd = start + warmupSeconds * 1000;
  const end = warmEnd + seconds * 1000;
  const latencies = [];
  let acknowledged = 0; // successful calls, warm-up included
  let completed = 0; // successful calls that ended inside the measured window: the throughput
  const errors = new Map(); // what went wrong → count, warm-up included
  const cpu = {};
  const sample = () => ({
    node: process.cpuUsage(),
    app: appPid ? processCpuSeconds(appPid) : NaN,
    pg: postgresCpu(database),
    machine: procSnapshot(),
  });
  const timers = [setTimeout(() => (cpu.from = sample()), warmEnd - start), setTimeout(() => (cpu.to = sample()), end - start)];
  await Promise.all(
    workers.map(async (w) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const problem = await call(w).catch((error) => error.code || error.message);
        const t1 = performance.now();
        if (!problem) acknowledged += 1;
        if (!problem && t1 >= warmEnd && t1 <= end) completed += 1;
        if (!problem && t0 >= warmEnd && t1 <= end) latencies.push(t1 - t0); // begun and ended inside it
        if (problem) {
          errors.set(problem, (errors.get(problem) || 0) + 1);
          await recover(w);
        }
      }
    }),
  );
  timers.forEach(clearTimeout);
  cpu.to ??= sample();
  const nodeSeconds = cpu.from ? (cpu.to.node.user + cpu.to.node.system - cpu.from.node.user - cpu.from.node.system) / 1e6 : NaN;
  return {
    name,
    completed,
    perSecond: completed / seconds,
    ...latencyStats(latencies),
    acknowledged,
    errors: [...errors.values()].reduce((a, b) => a + b, 0),
    errorKinds: [...errors].map(([k, v]) => `${k} x${v}`).join(', '),
    nodeCpu: nodeSeconds / seconds,
    appCpu: cpu.from ? (cpu.to.app - cpu.from.app) / seconds : NaN,
    pgCpu: cpu.from ? postgresCpuSeconds(cpu.from.pg, cpu.to.pg) / seconds : NaN,
    // PostgreSQL is not our child: its backends for this run's database are counted apart (pgCpu).
    othersCpu: cpu.from
      ? Math.max(
          0,
          othersCpuShare(cpu.from.machine, cpu.to.machine) - (postgresCpuSeconds(cpu.from.pg, cpu.to.pg) || 0) / seconds / usableCores(),
        )
      : NaN,
  };
}

/**
 * `total` calls of `call(worker, i)` shared by `concurrency` workers, as fast as they go; throughput,
 * latencies and the share of the machine other work took meanwhile (less PostgreSQL's backends for
 * `database`, when given). `onResult(result)` runs after each call's time is taken.
 */
async function countedLoad(concurrency, total, call, { onResult = () => {}, database } = {}) {
  const latencies = [];
  let next = 0;
  const machineBefore = procSnapshot();
  const pgBefore = postgresCpu(database);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        const result = await call(worker, i);
        latencies.push(performance.now() - t);
        onResult(result);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const pgSeconds = postgresCpuSeconds(pgBefore, postgresCpu(database)) || 0;
  const othersCpu = Math.max(0, othersCpuShare(machineBefore, procSnapshot()) - pgSeconds / seconds / usableCores());
  return { calls: total, seconds, perSecond: total / seconds, ...latencyStats(latencies), othersCpu, pgCpu: pgSeconds / seconds };
}

// ---------------------------------------------------------------------------------------------
// Targets, for the report and for `npm run bench`'s summary
// ---------------------------------------------------------------------------------------------

/**
 * PASS/FAIL lines. With BENCH_RESULTS_FILE set (by scripts/bench.js), save() writes them as JSON
 * for the summary: { bench, targets: [{ name, target, measured, met }] }.
 */
class Targets {
  constructor(bench) {
    this.bench = bench;
    this.items = [];
  }

  /** The report's line for one target. */
  check(met, text, { name = text, target = '', measured = '' } = {}) {
    this.items.push({ name, target, measured, met: !!met });
    return `${met ? 'PASS' : 'FAIL'}  ${text}`;
  }

  save() {
    const file = process.env.BENCH_RESULTS_FILE;
    if (file) fs.writeFileSync(file, JSON.stringify({ bench: this.bench, targets: this.items }, null, 2));
  }
}

module.exports = {
  ROOT,
  DIST,
  SERVER_URL,
  fromDist,
  intEnv,
  log,
  fmt,
  percentile,
  sleep,
  pad,
  lpad,
  latencyStats,
  table,
  usableCores,
  machineLine,
  loadLine,
  onCleanup,
  cleanup,
  runMain,
  withDatabase,
  serverQuery,
  pgVersion,
  dropDatabase,
  throwawayDatabase,
  postgresCpu,
  postgresCpuSeconds,
  processCpuSeconds,
  procSnapshot,
  othersCpuShare,
  freePort,
  stopProcess,
  startServer,
  startApp,
  keepAliveAgent,
  request,
  pgPool,
  timedLoad,
  countedLoad,
  Targets,
};
