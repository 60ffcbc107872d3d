#!/usr/bin/env node
/*
 * Every benchmark of issue #11 in one run, each in its own process, one after the other (they would
 * skew each other on a shared machine): framework overhead (bench-framework.js), intake autosave
 * (bench-intake.js), the PDF engine (bench-pdf.js) and scale (seed-scale.js, which reuses the seeded
 * database when it holds the data, then bench-scale.js). Each prints its own table, measured
 * against its own baseline in the same run; at the end a summary of every target: target, measured,
 * met?. The machine is described at the top.
 *
 * Usage: npm run bench   (runs `npm run build` first). BENCH_ONLY=framework,scale runs a subset.
 * Each benchmark's tunables (see its header) pass through the environment. Progress goes to stderr,
 * the tables to stdout. Exit 0 when every benchmark completed (even if targets fail: it is a report),
 * 1 if one did not.
 */
'use strict';

const os = require('node:os');
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { performance } = require('node:perf_hooks');
const lib = require('./bench-lib');
const { fmt, log } = lib;

const BENCHES = [
  { key: 'framework', title: 'Framework overhead', steps: ['bench-framework.js'] },
  { key: 'intake', title: 'Intake autosave', steps: ['bench-intake.js'] },
  { key: 'pdf', title: 'PDF engine', steps: ['bench-pdf.js'] },
  { key: 'scale', title: 'Scale (seeded database)', steps: ['seed-scale.js', 'bench-scale.js'] },
];

/** Runs one script as its own process: its stdout is printed as it comes (and kept), its stderr passes through. */
function run(script, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(__dirname, script)], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    const stop = () => lib.stopProcess(child);
    lib.onCleanup(`stopping ${script}`, stop);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), out }));
  });
}

async function main() {
  const only = (process.env.BENCH_ONLY || '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = only.filter((k) => !BENCHES.some((b) => b.key === k));
  if (unknown.length) throw new Error(`BENCH_ONLY: unknown ${unknown.join(', ')} (known: ${BENCHES.map((b) => b.key).join(', ')})`);
  const chosen = BENCHES.filter((b) => !only.length || only.includes(b.key));

  const cpus = os.cpus();
  const header = [
    'Ayni benchmarks (issue #11)',
    `Machine: ${cpus.length} cores (${lib.usableCores()} usable), ${cpus[0] ? cpus[0].model.trim() : 'unknown CPU'}, ${fmt(os.totalmem() / 1024 ** 3)} GB memory, ${os.platform()} ${os.release()}`,
    `PostgreSQL ${await lib.pgVersion()} at ${new URL(lib.SERVER_URL).host}; Node ${process.version}`,
    `Load average (1/5/15 min) at start: ${os
      .loadavg()
      .map((l) => fmt(l, 2))
      .join(' / ')}`,
    `Started ${new Date().toISOString()}; running: ${chosen.map((b) => b.key).join(', ')}`,
  ];
  console.log(`${header.join('\n')}\n`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ayni-bench-'));
  lib.onCleanup('removing the results folder', () => fs.rmSync(dir, { recursive: true, force: true }));
  const results = [];
  const started = performance.now();
  for (const bench of chosen) {
    console.log(`${'='.repeat(100)}\n${bench.title}\n${'='.repeat(100)}`);
    const t = performance.now();
    const file = path.join(dir, `${bench.key}.json`);
    let code = 0;
    for (const step of bench.steps) {
      log(`running ${step}`);
      ({ code } = await run(step, { ...process.env, BENCH_RESULTS_FILE: file }));
      if (code !== 0) break;
    }
    const targets = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')).targets : [];
    results.push({ bench, code, targets, seconds: (performance.now() - t) / 1000 });
    console.log(`\n(${bench.key}: ${fmt((performance.now() - t) / 1000, 0)} s${code ? `, exit code ${code}` : ''})\n`);
  }

  const rows = results.flatMap((r) =>
    r.code !== 0 && !r.targets.length
      ? [{ name: `${r.bench.title}: did not complete (exit code ${r.code})`, target: '', measured: '', met: false }]
      : r.targets,
  );
  console.log(`${'='.repeat(100)}\nSummary (each ratio measured against its baseline in the same run)\n${'='.repeat(100)}`);
  lib
    .table(
      [
        ['Target', (r) => r.name],
        ['target', (r) => r.target, 'l'],
        ['measured', (r) => r.measured, 'l'],
        ['met?', (r) => (r.met ? 'yes' : 'NO'), 'l'],
      ],
      rows,
    )
    .forEach((l) => console.log(l));
  console.log(
    `\n${rows.filter((r) => r.met).length} of ${rows.length} targets met; wall time ${fmt((performance.now() - started) / 60000, 1)} min`,
  );
  if (results.some((r) => r.code !== 0)) process.exitCode = 1;
}

lib.runMain('bench', async () => {
  await main();
  if (process.exitCode) throw new Error('a benchmark did not complete (see above)');
});
