#!/usr/bin/env node
/*
 * Scale: the inbox and the dashboard of practices big and small, on the database `npm run seed:scale`
 * fills (10,000 practices, 1,000,000 intakes). For a sample of practices (the largest, rank 10, one
 * of average size and the median one) it measures, one call at a time, what a practitioner's page
 * asks the database for, through the app's own code from dist/ (IntakesService and its
 * repositories on a TypeORM DataSource built from the app's options, so the SQL is the app's):
 *   - inbox, first page            IntakesService.inbox(auth, {})  (GET /intake, GET /api/v1/intakes)
 *   - inbox, deep page (keyset)    the page 90 % down the list, after the cursor of the one before
 *   - inbox, deep page (page no.)  the same page by number (OFFSET), as the inbox pages link today
 *   - search by client name        IntakesService.inbox(auth, { search }), part of a client's last name
 *   - dashboard counts             IntakesService.counts(auth)  (GET /dashboard)
 * each a whole service call: its transaction, every query (the counts per status and the offerings
 * with each inbox page) and the rows. Baseline for the ratio: a primary-key lookup of one of the
 * practice's intakes through the same Transactions.run, in the same run. Then it runs every SELECT a
 * call issued (captured from TypeORM's logger) under EXPLAIN (ANALYZE, BUFFERS) and shows which
 * scans it used; a Seq Scan on a table of more than 10,000 rows fails the row's "met?".
 * Target (issue #11): p50 and p95 <= 20 ms, with the plans using indexes.
 *
 * Usage: npm run bench:scale   (runs `npm run build` first; seed first with `npm run seed:scale`).
 * Tunables (environment): DATABASE_URL (the server), BENCH_SCALE_DATABASE (ayni_bench_scale),
 * BENCH_SCALE_RUNS (200 calls per query and practice), BENCH_SCALE_WARMUP (20).
 * Full plans are written to $TMPDIR/ayni-bench-scale-plans.txt. The table goes to stdout, progress to
 * stderr. Exit 0 when the run completes (even if a target fails: it is a report), 1 on errors.
 */
'use strict';

const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');
const lib = require('./bench-lib');
const { settings, describe, practiceSizes } = require('./seed-scale');
const { fmt, log, intEnv } = lib;

const RUNS = intEnv('BENCH_SCALE_RUNS', 200);
const WARMUP = intEnv('BENCH_SCALE_WARMUP', 20, 0);
const TARGET_MS = 20;
const BIG_TABLE_ROWS = 10_000;
const PLANS_FILE = path.join(os.tmpdir(), 'ayni-bench-scale-plans.txt');

/** The scans of a plan (EXPLAIN FORMAT JSON), its time and buffers. */
function summarise(plan, bigTables) {
  const scans = [];
  let seqOnBig = false;
  const walk = (node) => {
    const type = node['Node Type'];
    if (/Scan$/.test(type) && node['Relation Name'] !== undefined) {
      const rel = node['Relation Name'];
      if (type === 'Seq Scan' && bigTables.has(rel)) seqOnBig = true;
      const index = node['Index Name'] ? ` ${node['Index Name']}` : '';
      scans.push(`${type}${index} on ${rel}${type === 'Seq Scan' && bigTables.has(rel) ? ' (BIG TABLE)' : ''}`);
    } else if (type === 'Bitmap Index Scan') {
      scans.push(`Bitmap Index Scan ${node['Index Name']}`);
    }
    for (const child of node.Plans || []) walk(child);
  };
  walk(plan.Plan);
  const buffers = (plan.Plan['Shared Hit Blocks'] || 0) + (plan.Plan['Shared Read Blocks'] || 0);
  return { scans: [...new Set(scans)], seqOnBig, ms: plan['Execution Time'], buffers };
}

async function main() {
  const loadBefore = os.loadavg();
  const { database } = settings();
  const found = await describe(database);
  if (!found.seed) throw new Error(`${database} holds no seed: run \`npm run seed:scale\` first`);
  const pgVersion = await lib.pgVersion();
  const url = lib.withDatabase(lib.SERVER_URL, database);

  // The app's code and options; TypeORM's logger hands us every statement a call sends.
  require('reflect-metadata');
  const { DataSource } = require('typeorm');
  const { dataSourceOptions } = lib.fromDist('database/data-source-options');
  const { Transactions } = lib.fromDist('database/transaction');
  const { IntakesRepository } = lib.fromDist('intake/repositories/intakes.repository');
  const { OfferingsRepository } = lib.fromDist('offerings/repositories/offerings.repository');
  const { IntakesService } = lib.fromDist('intake/intakes.service');
  let captured = null;
  const quiet = () => undefined;
  const logger = {
    logQuery: (query, parameters) => captured && captured.push({ query, parameters }),
    logQueryError: quiet,
    logQuerySlow: quiet,
    logSchemaBuild: quiet,
    logMigration: quiet,
    log: quiet,
  };
  const dataSource = new DataSource(dataSourceOptions({ url, embedded: false }, logger));
  await dataSource.initialize();
  lib.onCleanup('closing the DataSource', () => dataSource.destroy());
  const tx = new Transactions(dataSource);
  // Only what IntakesService.inbox() and counts() use; the rest of its collaborators stay out.
  const service = new IntakesService(tx, new IntakesRepository(null), null, null, new OfferingsRepository(), null, null, null, {
    register() {},
  });

  const bigTables = new Set(
    (
      await dataSource.query(
        `SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND reltuples > $1`,
        [BIG_TABLE_ROWS],
      )
    ).map((r) => r.relname),
  );
  const indexes = (await dataSource.query(`SELECT indexname FROM pg_indexes WHERE tablename IN ('intakes', 'clients') ORDER BY 1`)).map(
    (r) => r.indexname,
  );
  const trigram = indexes.includes('idx_intakes_name_trgm') && indexes.includes('idx_clients_name_trgm');
  const dbSize = (await dataSource.query('SELECT pg_size_pretty(pg_database_size(current_database())) AS size'))[0].size;
  const sharedBuffers = (await dataSource.query('SHOW shared_buffers'))[0].shared_buffers;
  const [{ visible }] = await dataSource.query(
    "SELECT min(CASE WHEN relpages = 0 THEN 1 ELSE relallvisible::float / relpages END) AS visible FROM pg_class WHERE relname IN ('intakes', 'clients') AND relkind = 'r'",
  );

  // The sample: practices by rank (slug bench-<rank>; rank 1 is the largest).
  const sizes = practiceSizes(found.seed.practices, found.seed.intakes);
  const mean = found.seed.intakes / found.seed.practices;
  const averageRank = sizes.reduce((best, size, i) => (Math.abs(size - mean) < Math.abs(sizes[best] - mean) ? i : best), 0) + 1;
  const ranks = [
    ['largest', 1],
    ['rank 10', Math.min(10, found.seed.practices)],
    ['average', averageRank],
    ['median', Math.ceil(found.seed.practices / 2)],
  ];
  const sample = [];
  for (const [label, rank] of ranks) {
    const slug = `bench-${String(rank).padStart(5, '0')}`;
    const [p] = await dataSource.query(
      `SELECT p.id, u.id AS "ownerId", (SELECT count(*)::int FROM intakes i WHERE i.practice_id = p.id) AS intakes
         FROM practices p JOIN users u ON u.practice_id = p.id AND u.role = 'owner' WHERE p.slug = $1`,
      [slug],
    );
    if (!p) throw new Error(`no practice ${slug}: seed again with \`npm run seed:scale -- --fresh\``);
    if (!sample.some((s) => s.id === p.id)) sample.push({ label, rank, slug, ...p });
  }

  const rows = [];
  const plans = [];
  for (const practice of sample) {
    const auth = {
      via: 'session',
      sessionId: '',
      csrfKey: '',
      userId: practice.ownerId,
      practiceId: practice.id,
      role: 'owner',
      name: 'Owner',
    };
    const first = await service.inbox(auth, {});
    const pages = first.pages;
    const deep = Math.max(1, Math.floor(pages * 0.9));
    const before = deep > 1 ? await service.inbox(auth, { page: deep - 1 }) : null;
    const cursor = before ? before.next : undefined;
    // Part of a client's last name, as staff type it: from the 7th row of the first page.
    const named = first.rows.filter((r) => r.name).slice(6, 7)[0] || first.rows.find((r) => r.name);
    const lastName = named ? named.name.split(' ').pop() : 'Quintero';
    const term = lastName.slice(0, 6).toLowerCase();
    const ids = (await dataSource.query('SELECT id FROM intakes WHERE practice_id = $1 LIMIT 100', [practice.id])).map((r) => r.id);
    let n = 0;
    const queries = [
      {
        key: 'pk',
        name: 'baseline: intake by primary key',
        call: () => tx.run((m) => m.query('SELECT * FROM intakes WHERE id = $1', [ids[n++ % ids.length]])),
      },
      { key: 'first', name: 'inbox, first page', target: true, call: () => service.inbox(auth, {}) },
      ...(cursor
        ? [
            {
              key: 'keyset',
              name: `inbox, page ${deep} of ${pages} (keyset)`,
              target: true,
              call: () => service.inbox(auth, { after: cursor }),
            },
            { key: 'offset', name: `inbox, page ${deep} of ${pages} (page number)`, call: () => service.inbox(auth, { page: deep }) },
          ]
        : []),
      { key: 'search', name: `search by client name "${term}"`, target: true, call: () => service.inbox(auth, { search: term }) },
      { key: 'counts', name: 'dashboard counts', target: true, call: () => service.counts(auth) },
    ];
    for (const q of queries) {
      log(`${practice.label} (${practice.intakes} intakes): ${q.name}, ${WARMUP} + ${RUNS} calls`);
      const result = await q.call();
      await lib.countedLoad(1, WARMUP, q.call);
      const measured = await lib.countedLoad(1, RUNS, q.call, { database });
      // What one call sends, replayed in one transaction: its settings (SET LOCAL) as they are, each SELECT explained.
      captured = [];
      await q.call();
      const statements = captured.filter((s) => /^\s*(WITH|SELECT|SET LOCAL)\b/i.test(s.query));
      captured = null;
      const explained = await tx.run(async (m) => {
        const found = [];
        for (const s of statements) {
          if (/^\s*SET\b/i.test(s.query)) {
            await m.query(s.query, s.parameters);
            continue;
          }
          const [{ 'QUERY PLAN': json }] = await m.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${s.query}`, s.parameters);
          const text = (await m.query(`EXPLAIN (ANALYZE, BUFFERS) ${s.query}`, s.parameters)).map((r) => r['QUERY PLAN']).join('\n');
          found.push(summarise(json[0], bigTables));
          plans.push(
            `### ${practice.label} (${practice.slug}, ${practice.intakes} intakes): ${q.name}\n${s.query}\n-- parameters: ${JSON.stringify(s.parameters)}\n${text}\n`,
          );
        }
        return found;
      });
      const shown =
        result && result.rows
          ? `${result.rows.length} rows of ${result.total}`
          : result && typeof result === 'object' && !Array.isArray(result)
            ? 'counts'
            : '1 row';
      rows.push({ practice, ...q, ...measured, explained, shown, seqOnBig: explained.some((e) => e.seqOnBig) });
    }
  }
  fs.writeFileSync(PLANS_FILE, plans.join('\n'));

  // Correctness, on the sample's second practice: every page walked by cursor holds the rows the
  // numbered pages hold, in the same order; a search finds what plain SQL over both names finds.
  const checked = sample[Math.min(1, sample.length - 1)];
  log(`checking keyset pages against numbered pages for ${checked.label} (${checked.intakes} intakes)`);
  const auth = {
    via: 'session',
    sessionId: '',
    csrfKey: '',
    userId: checked.ownerId,
    practiceId: checked.id,
    role: 'owner',
    name: 'Owner',
  };
  const byCursor = [];
  const byNumber = [];
  for (let page = await service.inbox(auth, {}), number = 1; ; number++) {
    byCursor.push(...page.rows.map((r) => r.id));
    byNumber.push(...(number === 1 ? page : await service.inbox(auth, { page: number })).rows.map((r) => r.id));
    if (!page.next) break;
    page = await service.inbox(auth, { after: page.next });
  }
  const term = (await service.inbox(auth, {})).rows
    .find((r) => r.name)
    .name.split(' ')
    .pop()
    .slice(0, 5)
    .toLowerCase();
  const [{ n: expected }] = await dataSource.query(
    `SELECT count(*)::int AS n FROM intakes i JOIN clients c ON c.id = i.client_id
      WHERE i.practice_id = $1 AND c.erased_at IS NULL AND (c.name ILIKE $2 OR i.answers->>'about.name' ILIKE $2)`,
    [checked.id, `%${term}%`],
  );
  const searched = (await service.inbox(auth, { search: term })).total;
  const same =
    byCursor.length ===
      checked.intakes -
        (
          await dataSource.query(
            'SELECT count(*)::int AS n FROM intakes i JOIN clients c ON c.id = i.client_id WHERE i.practice_id = $1 AND c.erased_at IS NOT NULL',
            [checked.id],
          )
        )[0].n &&
    byCursor.join() === byNumber.join() &&
    new Set(byCursor).size === byCursor.length;

  // Report -----------------------------------------------------------------------------------
  const baseline = (r) => rows.find((b) => b.practice === r.practice && b.key === 'pk');
  const met = (r) => r.p50 <= TARGET_MS && r.p95 <= TARGET_MS && !r.seqOnBig;
  const out = [];
  const line = (s = '') => out.push(s);
  line(
    `Scale benchmark: ${database}, ${found.seed.practices} practices, ${found.seed.intakes} intakes (seeded ${found.seed.seededAt}), ${dbSize}`,
  );
  line(lib.machineLine(`PostgreSQL ${pgVersion}, shared_buffers ${sharedBuffers}`));
  line(lib.loadLine(loadBefore));
  line(
    `Through the app's code (dist/): IntakesService on a DataSource with the app's options; one call at a time, ${RUNS} calls after ${WARMUP} warm-up per row`,
  );
  line(`Trigram indexes (pg_trgm) for the search: ${trigram ? 'present' : "ABSENT (the search reads the practice's intakes)"}`);
  line(
    `Pages all-visible (vacuumed, as autovacuum keeps them; index-only scans need it): ${fmt(visible * 100)} % of intakes' and clients'`,
  );
  line();
  const columns = [
    ['Query', (r) => r.name],
    ['practice', (r) => `${r.practice.label} (${r.practice.intakes})`],
    ['result', (r) => r.shown],
    ['p50 ms', (r) => fmt(r.p50, 2)],
    ['p95 ms', (r) => fmt(r.p95, 2)],
    ['p99 ms', (r) => fmt(r.p99, 2)],
    ['x PK', (r) => (r.key === 'pk' ? '1.0' : fmt(r.p50 / baseline(r).p50, 1))],
    ['target', (r) => (r.target ? `p50, p95 <= ${TARGET_MS}` : '')],
    ['met?', (r) => (r.target ? (met(r) ? 'yes' : 'NO') : r.seqOnBig ? '(seq scan)' : '')],
    ['others', (r) => `${fmt(r.othersCpu * 100, 0)}%`],
  ];
  lib.table(columns, rows).forEach((l) => line(l));
  line("(x PK: p50 over the p50 of a primary-key lookup of the same practice's intakes in a transaction, as each call");
  line(' runs in one. others: share of all cores used meanwhile by other work on the machine, not this process or the');
  line(' PostgreSQL backends serving this database.)');
  line();
  line(`Plans (EXPLAIN ANALYZE, BUFFERS of each SELECT one call sends; full plans in ${PLANS_FILE}):`);
  for (const r of rows.filter((x) => x.key !== 'pk')) {
    line(`  ${r.name} — ${r.practice.label} (${r.practice.intakes} intakes)`);
    for (const e of r.explained) line(`    ${fmt(e.ms, 2)} ms, ${e.buffers} buffers: ${e.scans.join('; ')}`);
  }
  line();
  const targets = new lib.Targets('scale');
  for (const key of ['first', 'keyset', 'search', 'counts']) {
    const of = rows.filter((r) => r.key === key);
    if (!of.length) continue;
    const worst = of.reduce((a, b) => (b.p95 > a.p95 ? b : a));
    const pass = of.every(met);
    const seq = of.filter((r) => r.seqOnBig).map((r) => r.practice.label);
    const label = {
      first: 'inbox, first page',
      keyset: 'inbox, deep page (keyset)',
      search: 'search by client name',
      counts: 'dashboard counts',
    }[key];
    line(
      targets.check(
        pass,
        `${label}: p50 and p95 <= ${TARGET_MS} ms for every practice, indexes used (worst: ${worst.practice.label}, p50 ${fmt(worst.p50, 2)} ms, p95 ${fmt(worst.p95, 2)} ms${seq.length ? `; Seq Scan on a big table for ${seq.join(', ')}` : ''})`,
        {
          name: `scale: ${label} (${found.seed.intakes} intakes; worst of ${of.length} practices)`,
          target: `p50, p95 <= ${TARGET_MS} ms, no seq scan`,
          measured: `p50 ${fmt(worst.p50, 1)} / p95 ${fmt(worst.p95, 1)} ms (${worst.practice.label})${seq.length ? ', seq scan' : ''}`,
        },
      ),
    );
  }
  line(
    targets.check(
      same && searched === expected,
      `the pages walked by cursor are the numbered pages (${byCursor.length} intakes of ${checked.label}, ${byNumber.length} by number, none twice); search "${term}" finds ${searched} as plain SQL finds ${expected}`,
      {
        name: 'scale: keyset pages = numbered pages; search = plain SQL',
        target: 'same rows',
        measured: same && searched === expected ? 'same rows' : 'DIFFERENT',
      },
    ),
  );
  targets.save();
  console.log(out.join('\n'));
}

lib.runMain('bench-scale', main);
