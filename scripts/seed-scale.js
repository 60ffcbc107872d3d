#!/usr/bin/env node
/*
 * Seeds a PostgreSQL database for `npm run bench:scale`: BENCH_PRACTICES practices (10,000) and
 * BENCH_INTAKES intakes (1,000,000) with what they need (an owner each, the default intake form
 * published as version 1, two offerings, one client per intake, reflections where the practitioner
 * wrote back), in set-based SQL (generate_series, INSERT … SELECT), not row by row through the app.
 *
 * The database (BENCH_SCALE_DATABASE, default ayni_bench_scale, on the server of DATABASE_URL) is
 * created if missing and migrated with the app's own migrations (dist/src/database). If it already
 * holds a seed of the asked size it is reused (and only new migrations run); `--fresh` drops and
 * rebuilds it. What the seed holds is kept as the database's comment, written last, so an
 * interrupted seed is rebuilt next time.
 *
 * What the rows look like:
 *  - Practice sizes follow a Zipf-like curve (the practice of rank r gets intakes in proportion to
 *    r^-0.7): with the defaults the largest has about 20,000 intakes, rank 10 about 4,000, the
 *    median practice about 50, the mean is 100. Practice slugs are bench-<rank>, so bench-00001
 *    is the largest.
 *  - Intakes are spread over three years and inserted in time order, so one practice's rows are
 *    scattered through the table as they would be in production. Older intakes are mostly reviewed;
 *    the last three weeks' are mostly invited or in progress.
 *  - Client names come from a pool of 160 first and 160 last names; the name is in clients.name and,
 *    once the client typed it, in the answers (about.name), where the inbox's search reads it: both
 *    are plaintext in the app too (src/intake/sealed-answers.ts). One intake in ten was started from
 *    the public page: its client has no name until they submit. A few clients are erased.
 *  - Answers the app encrypts at rest (the story, goals, the support text) are random letters of the
 *    length their ciphertext would have: this script holds no key, and random letters neither
 *    compress nor read, like ciphertext, so rows are as large as real ones (the app reads values
 *    without the enc:v1: prefix as plaintext, so it can still open this database).
 *  - No intake_submissions rows: no benchmarked query reads them.
 *
 * Usage: npm run seed:scale [-- --fresh]   (runs `npm run build` first)
 * Tunables (environment): DATABASE_URL (the server), BENCH_SCALE_DATABASE (ayni_bench_scale),
 * BENCH_PRACTICES (10000), BENCH_INTAKES (1000000).
 */
'use strict';

const { randomBytes } = require('node:crypto');
const { performance } = require('node:perf_hooks');
const lib = require('./bench-lib');
const { log, fmt, intEnv } = lib;

const SEED_VERSION = 1;
const ZIPF = 0.7;

const settings = () => ({
  database: process.env.BENCH_SCALE_DATABASE || 'ayni_bench_scale',
  practices: intEnv('BENCH_PRACTICES', 10_000),
  intakes: intEnv('BENCH_INTAKES', 1_000_000),
});

const FIRST_NAMES = (
  'Maya Rosa Lee Tomás Ana Kofi Aiko Lars Priya Omar Elena Jamal Sofia Wei Hannah Mateo Amara Yusuf Ingrid Diego ' +
  'Fatima Noah Leila Chen Isabel Samuel Nadia Hugo Zara Ethan Mei Carlos Aisha Liam Chloe Ravi Emma Kenji Lucia Ben ' +
  'Olga Marco Yara Felix Grace Arjun Nora Pablo Imani Oscar Freya Hassan Julia Tariq Clara Daniel Ines Ali Sara Luca ' +
  'Amina Jonas Rania Erik Lina Mohammed Eva Kwame Alice Sven Dalia Rafael Ruth Tenzin Maria Ivan Hana Pedro Nia Adam ' +
  'Sakura Miguel Layla Anton Zoe Idris Marta Jakob Esi Victor Noor Bruno Ada Kai Salma Tobias Mira Andre Yasmin Leo ' +
  'Helga Emil Farah Joao Selin Max Dina Aaron Keiko Simon Ayana Viktor Lotte Malik Irene Nils Soraya Paulo Greta Ahmed ' +
  'Beatriz Finn Amani Hiroshi Petra Kemal Alma Rohan Vera Musa Astrid Tiago Leyla Jin Edith Bilal Marisol Otto Sana ' +
  'Gideon Ximena Arash Linnea Kaveh Dorothea Emeka Paloma Jun Agnes Ilias Camila Reza Signe Obi Renata Lior Wanjiru'
)
  .split(' ')
  .slice(0, 160);
const LAST_NAMES = (
  'Quintero Herrera Park Ortiz Lindqvist Mensah Tanaka Nielsen Sharma Haddad Petrova Johnson Rossi Zhang Becker Silva ' +
  'Okafor Demir Larsen Morales Khan Smith Rahimi Chen Garcia Cohen Ivanova Dubois Ahmed Wright Liu Fernandez Diallo ' +
  'Murphy Dupont Patel Schmidt Sato Lopez Brown Novak Romano Aziz Kowalski Nakamura Andersen Gupta Bakr Moreau Costa ' +
  'Eriksson Nowak Mendes Kim Popescu Yilmaz Hansen Reyes Ali Keller Walsh Santos Hoffmann Suzuki Jensen Ramos Nasser ' +
  'Fischer Yamamoto Torres Osei Bianchi Kaya Olsen Castro Hussain Weber Ito Pedersen Flores Malik Schneider Kobayashi ' +
  'Berg Vargas Mahmoud Wagner Kato Holm Rojas Farouk Schulz Watanabe Dahl Navarro Karimi Koch Yoshida Lund Medina ' +
  'Adeyemi Richter Hayashi Strand Guerrero Salem Klein Shimizu Vik Cabrera Asante Wolf Inoue Moen Aguilar Mansour ' +
  'Schroeder Kimura Haugen Delgado Boateng Neumann Matsumoto Solberg Paredes Karam Schwarz Ogawa Bakke Fuentes Owusu ' +
  'Zimmermann Fujita Lie Vega Habib Braun Okada Aasen Soto Abara Krueger Nishimura Eide Cortes Mwangi Hartmann Endo ' +
  'Ueda Rasmussen Pena Njoroge Lange Sasaki Moe Campos Achebe Werner Aoki'
)
  .split(' ')
  .slice(0, 160);

/** Practice sizes: rank r gets intakes in proportion to r^-ZIPF, at least 1 each, summing to `intakes`. */
function practiceSizes(practices, intakes) {
  if (intakes < practices) throw new Error('BENCH_INTAKES must be at least BENCH_PRACTICES (every practice has an intake)');
  const weights = Array.from({ length: practices }, (_, i) => (i + 1) ** -ZIPF);
  const total = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.max(1, Math.round((intakes * w) / total)));
  let diff = intakes - sizes.reduce((a, b) => a + b, 0);
  // Rounding leaves a few over or under: taken from / given to the largest, which notices least.
  for (let i = 0; diff !== 0; i = (i + 1) % Math.min(practices, 100)) {
    const step = diff > 0 ? 1 : -1;
    if (sizes[i] + step >= 1) {
      sizes[i] += step;
      diff -= step;
    }
  }
  return sizes;
}

/** Random letters as long as the ciphertext of a text of `plainLength` characters (enc:v1:<key>:<iv>:<ct>:<tag>, base64url). */
const cipherLike = (plainLength) => randomBytes(Math.ceil(((Math.ceil((plainLength * 4) / 3) + 50) * 3) / 4)).toString('base64url');

/** What the database's comment says it holds, or null. */
async function describe(database) {
  const rows = await lib.serverQuery("SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1", [
    database,
  ]);
  if (!rows.length) return { exists: false, seed: null };
  try {
    const seed = JSON.parse(rows[0].comment || 'null');
    return { exists: true, seed: seed && seed.kind === 'ayni-bench-scale' ? seed : null };
  } catch {
    return { exists: true, seed: null };
  }
}

/** Runs the app's migrations (the compiled ones) on the database; returns how many ran. */
async function migrate(url) {
  require('reflect-metadata');
  const { DataSource } = require('typeorm');
  const { dataSourceOptions } = lib.fromDist('database/data-source-options');
  const quiet = () => undefined;
  const logger = {
    logQuery: quiet,
    logQueryError: quiet,
    logQuerySlow: quiet,
    logSchemaBuild: quiet,
    logMigration: (m) => log(`  ${m}`),
    log: quiet,
  };
  const dataSource = new DataSource(dataSourceOptions({ url, embedded: false }, logger));
  await dataSource.initialize();
  try {
    return (await dataSource.runMigrations({ transaction: 'all' })).length;
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Production tables have been vacuumed and analysed by autovacuum; a fresh seed has not. VACUUM marks
 * pages all-visible (what index-only scans need) only once no transaction older than the seed is still
 * running anywhere on the server, so on a busy server it is repeated, for up to 5 minutes, until
 * 95 % of intakes' and clients' pages are. Returns the share reached.
 */
async function settle(client) {
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    const t = performance.now();
    await client.query('VACUUM (ANALYZE) intakes, clients');
    const [{ share }] = (
      await client.query(
        "SELECT min(CASE WHEN relpages = 0 THEN 1 ELSE relallvisible::float / relpages END) AS share FROM pg_class WHERE relname IN ('intakes', 'clients') AND relkind = 'r'",
      )
    ).rows;
    log(`  VACUUM (ANALYZE) intakes, clients: ${fmt(share * 100)} % of pages all-visible, ${fmt((performance.now() - t) / 1000)} s`);
    if (share >= 0.95 || Date.now() > deadline) return share;
    log('  (an older transaction elsewhere on the server holds VACUUM back: trying again in 10 s)');
    await lib.sleep(10_000);
  }
}

async function analyze(url) {
  const pool = lib.pgPool(url, 1);
  await pool.query('ANALYZE');
}

async function seed(url, { practices, intakes }) {
  require('reflect-metadata');
  const { DEFAULT_INTAKE } = lib.fromDist('intake/default-template');
  const { exampleDraft } = lib.fromDist('offerings/example-offering');
  const { hashPassword } = lib.fromDist('accounts/passwords');
  const sizes = practiceSizes(practices, intakes);
  const OWNER = '00000000-0000-4000-8000-00000000beef';
  const offeringDraft = JSON.stringify(exampleDraft([OWNER]));
  // Nobody can log in as the seeded owners: a hash of a random password nobody keeps.
  const passwordHash = await hashPassword(randomBytes(24).toString('base64url'));

  const pool = lib.pgPool(url, 1);
  const client = await pool.connect();
  const step = async (what, sql, params) => {
    const t = performance.now();
    const r = await client.query(sql, params);
    log(`  ${what}: ${r.rowCount ?? ''} ${r.rowCount !== null ? 'rows, ' : ''}${fmt((performance.now() - t) / 1000)} s`);
    return r;
  };
  try {
    await client.query('SET synchronous_commit = off'); // a benchmark's data: a crash means seeding again
    await client.query("SET maintenance_work_mem = '512MB'");
    await client.query('BEGIN');
    await step(
      'practices to create',
      `CREATE TEMP TABLE seed_practices ON COMMIT DROP AS
         SELECT s.rank::int AS rank, s.size::int AS size, gen_random_uuid() AS id, gen_random_uuid() AS owner_id,
                gen_random_uuid() AS template_id, gen_random_uuid() AS version_id,
                gen_random_uuid() AS offering1, gen_random_uuid() AS offering2,
                now() - interval '1095 days' - random() * interval '730 days' AS created_at
           FROM unnest($1::int[]) WITH ORDINALITY AS s(size, rank)`,
      [sizes],
    );
    await step(
      'practices',
      `INSERT INTO practices (id, name, slug, time_zone, locale, created_at)
         SELECT id, 'Bench Practice ' || lpad(rank::text, 5, '0'), 'bench-' || lpad(rank::text, 5, '0'), 'America/Chicago', 'en-US', created_at
           FROM seed_practices ORDER BY rank`,
    );
    await step(
      'owners (users)',
      `INSERT INTO users (id, practice_id, email, name, password_hash, role, created_at)
         SELECT owner_id, id, 'owner.' || lpad(rank::text, 5, '0') || '@bench.example', 'Owner ' || lpad(rank::text, 5, '0'), $1, 'owner', created_at
           FROM seed_practices ORDER BY rank`,
      [passwordHash],
    );
    await step(
      'intake forms (intake_templates)',
      `INSERT INTO intake_templates (id, practice_id, draft, draft_revision, has_unpublished_changes, latest_version, draft_updated_at, created_at)
         SELECT template_id, id, $1::jsonb, 0, false, 1, created_at, created_at FROM seed_practices ORDER BY rank`,
      [JSON.stringify(DEFAULT_INTAKE)],
    );
    await step(
      'published forms (intake_template_versions)',
      `INSERT INTO intake_template_versions (id, practice_id, template_id, version, content, published_at, published_by_id)
         SELECT version_id, id, template_id, 1, $1::jsonb, created_at, NULL FROM seed_practices ORDER BY rank`,
      [JSON.stringify(DEFAULT_INTAKE)],
    );
    await step(
      'offerings',
      `INSERT INTO offerings (id, practice_id, slug, draft, draft_revision, has_unpublished_changes, draft_updated_at, draft_updated_by_id, latest_version, created_at)
         SELECT o.id, p.id, o.slug, jsonb_set(replace($1, $2, p.owner_id::text)::jsonb, '{title}', to_jsonb(o.title)), 0, true, p.created_at, p.owner_id, 0, p.created_at
           FROM seed_practices p
           CROSS JOIN LATERAL (VALUES (p.offering1, 'first-visit', 'First visit and trial period'), (p.offering2, 'ongoing-care', 'Ongoing care')) AS o(id, slug, title)
          ORDER BY p.rank`,
      [offeringDraft, OWNER],
    );
    // What the encrypted answers would weigh: 512 of each kind, picked per intake.
    const stories = Array.from({ length: 512 }, (_, i) => cipherLike(300 + ((i * 2711) % 2700)));
    const goals = Array.from({ length: 512 }, (_, i) => cipherLike(20 + ((i * 37) % 60)));
    const support = Array.from({ length: 512 }, (_, i) => cipherLike(60 + ((i * 131) % 500)));
    await step(
      'text to pick from',
      `CREATE TEMP TABLE seed_text ON COMMIT DROP AS
         SELECT (k - 1)::int AS k, story, goal, support FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS t(story, goal, support, k)`,
      [stories, goals, support],
    );
    await client.query('CREATE UNIQUE INDEX ON seed_text (k)');
    await step(
      'intakes to create',
      `CREATE TEMP TABLE seed_intakes ON COMMIT DROP AS
         WITH base AS (
           SELECT p.id AS practice_id, p.owner_id, p.version_id, p.offering1, p.offering2,
                  gen_random_uuid() AS intake_id, gen_random_uuid() AS client_id,
                  now() - random() * interval '1095 days' AS created_at,
                  random() AS r1, random() AS r2, random() AS r3, random() AS r4,
                  floor(random() * 2147483647)::int AS pick
             FROM seed_practices p CROSS JOIN LATERAL generate_series(1, p.size)
         ), named AS (
           SELECT b.*,
                  (CASE WHEN b.created_at > now() - interval '21 days' THEN
                          CASE WHEN r1 < 0.35 THEN 'invited' WHEN r1 < 0.70 THEN 'in_progress' WHEN r1 < 0.90 THEN 'submitted' ELSE 'reviewed' END
                        ELSE CASE WHEN r1 < 0.06 THEN 'invited' WHEN r1 < 0.12 THEN 'in_progress' WHEN r1 < 0.20 THEN 'submitted' ELSE 'reviewed' END
                   END)::intake_status AS status,
                  ($1::text[])[1 + pick % cardinality($1::text[])] AS first_name,
                  ($2::text[])[1 + (pick / cardinality($1::text[])) % cardinality($2::text[])] AS last_name,
                  r2 < 0.10 AS public_start,
                  r2 >= 0.10 AND r2 < 0.1005 AS erased
             FROM base b
         )
         SELECT n.*,
                n.first_name || ' ' || n.last_name AS full_name,
                lower(n.first_name || '.' || n.last_name || '.' || (n.pick % 9973)::text) || '@example.org' AS email,
                CASE WHEN n.status = 'invited' THEN NULL ELSE least(now(), n.created_at + n.r3 * interval '4 days') END AS saved_at,
                -- Typed their name yet? Always once submitted.
                (n.status IN ('submitted', 'reviewed') OR (n.status = 'in_progress' AND n.r4 < 0.75)) AS typed_name
           FROM named n`,
      [FIRST_NAMES, LAST_NAMES],
    );
    await step(
      'clients',
      `INSERT INTO clients (id, practice_id, name, email, phone, created_at, erased_at)
         SELECT client_id, practice_id,
                CASE WHEN erased OR (public_start AND status NOT IN ('submitted', 'reviewed')) THEN NULL ELSE full_name END,
                CASE WHEN erased OR (public_start AND status NOT IN ('submitted', 'reviewed')) THEN NULL ELSE email END,
                CASE WHEN erased OR r3 < 0.5 THEN NULL ELSE '+1 555 ' || lpad((pick % 10000)::text, 4, '0') END,
                created_at,
                CASE WHEN erased THEN least(now(), created_at + interval '200 days') END
           FROM seed_intakes ORDER BY created_at`,
    );
    await step(
      'intakes',
      `INSERT INTO intakes (id, practice_id, client_id, offering_id, template_version_id, status, token_hash, expires_at, revoked_at,
                            answers, revision, saved_at, submitted_at, reviewed_at, created_by_id, created_at)
         SELECT i.intake_id, i.practice_id, i.client_id,
                CASE WHEN i.r4 < 0.7 THEN i.offering1 WHEN i.r4 < 0.9 THEN i.offering2 END,
                i.version_id, i.status,
                encode(sha256(convert_to(i.intake_id::text, 'UTF8')), 'hex'),
                i.created_at + interval '14 days',
                CASE WHEN i.status = 'invited' AND i.r3 < 0.02 THEN i.created_at + interval '2 days' END,
                CASE
                  WHEN i.erased OR i.status = 'invited' THEN '{}'::jsonb
                  WHEN i.status = 'in_progress' THEN jsonb_strip_nulls(jsonb_build_object(
                    'about.name', CASE WHEN i.typed_name THEN i.full_name END,
                    'about.email', CASE WHEN i.typed_name THEN i.email END,
                    'story.text', CASE WHEN i.r3 < 0.6 THEN left(t.story, 200 + length(t.story) / 2) END))
                  ELSE jsonb_build_object(
                    'about.name', i.full_name, 'about.preferred_name', i.first_name, 'about.email', i.email,
                    'about.date_of_birth', to_char(date '1950-01-01' + (i.pick % 20000), 'YYYY-MM-DD'),
                    'story.text', t.story, 'goals.1', t.goal, 'goals.2', g.goal,
                    'baseline.eating', i.pick % 11, 'baseline.sleep_hours', 4 + (i.pick % 5), 'baseline.sleep', (i.pick / 11) % 11,
                    'baseline.movement', (i.pick / 121) % 11, 'baseline.emotions', (i.pick / 1331) % 11,
                    'support.people', g.support, 'expectations.notice_within', 'weeks', 'consent.privacy', true)
                END,
                CASE WHEN i.status = 'invited' THEN 0 ELSE 1 + (i.pick % 40) END,
                i.saved_at,
                CASE WHEN i.status IN ('submitted', 'reviewed') THEN least(now(), i.saved_at + i.r4 * interval '30 minutes') END,
                CASE WHEN i.status = 'reviewed' THEN least(now(), i.saved_at + interval '30 minutes' + i.r4 * interval '3 days') END,
                CASE WHEN i.public_start THEN NULL ELSE i.owner_id END,
                i.created_at
           FROM seed_intakes i
           JOIN seed_text t ON t.k = i.pick % 512
           JOIN seed_text g ON g.k = (i.pick / 512) % 512
          ORDER BY i.created_at`,
    );
    await step(
      'reflections (being heard)',
      `INSERT INTO reflections (intake_id, practice_id, status, round, updated_at)
         SELECT intake_id, practice_id,
                (CASE WHEN status = 'submitted' THEN 'awaiting_client' WHEN r4 < 0.7 THEN 'heard' WHEN r4 < 0.8 THEN 'needs_revision' ELSE 'awaiting_client' END)::reflection_status,
                CASE WHEN status = 'reviewed' AND r4 >= 0.7 AND r4 < 0.8 THEN 2 ELSE 1 END,
                least(now(), saved_at + interval '2 days')
           FROM seed_intakes
          WHERE NOT erased AND ((status = 'reviewed' AND r3 < 0.6) OR (status = 'submitted' AND r3 < 0.2))
          ORDER BY created_at`,
    );
    await client.query('COMMIT');
    await client.query('VACUUM (ANALYZE) practices, users, intake_templates, intake_template_versions, offerings, reflections');
    await settle(client);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  return sizes;
}

async function main() {
  const { database, practices, intakes } = settings();
  const fresh = process.argv.includes('--fresh');
  const url = lib.withDatabase(lib.SERVER_URL, database);
  const found = await describe(database);
  const fits = found.seed && found.seed.version === SEED_VERSION && found.seed.practices === practices && found.seed.intakes === intakes;
  if (found.exists && fits && !fresh) {
    const ran = await migrate(url);
    // New indexes (expression ones especially) get their statistics; pages not yet all-visible are vacuumed.
    if (ran) await analyze(url);
    const pool = lib.pgPool(url, 1);
    const client = await pool.connect();
    try {
      await settle(client);
    } finally {
      client.release();
    }
    log(
      `${database} already holds the seed (${found.seed.practices} practices, ${found.seed.intakes} intakes, seeded ${found.seed.seededAt}): reused${ran ? `; ${ran} new migration(s) applied` : ''}. --fresh rebuilds it.`,
    );
    console.log(
      `Seed: ${database} reused (${found.seed.practices} practices, ${found.seed.intakes} intakes, largest practice ${found.seed.largest}, median ${found.seed.median}; seeded ${found.seed.seededAt} in ${found.seed.seconds} s)`,
    );
    return;
  }
  if (found.exists) {
    log(
      fresh
        ? `--fresh: dropping ${database}`
        : `${database} holds ${found.seed ? `another seed (${found.seed.practices} practices, ${found.seed.intakes} intakes)` : 'no complete seed'}: rebuilding it`,
    );
    await lib.dropDatabase(database);
  }
  await lib.serverQuery(`CREATE DATABASE "${database}"`);
  const started = performance.now();
  log(`created ${database}; running the app's migrations`);
  await migrate(url);
  log(`seeding ${practices} practices and ${intakes} intakes`);
  const sizes = await seed(url, { practices, intakes });
  const description = {
    kind: 'ayni-bench-scale',
    version: SEED_VERSION,
    practices,
    intakes,
    largest: sizes[0],
    median: [...sizes].sort((a, b) => a - b)[Math.floor(sizes.length / 2)],
    seededAt: new Date().toISOString(),
    seconds: Math.round((performance.now() - started) / 1000),
  };
  await lib.serverQuery(`COMMENT ON DATABASE "${database}" IS ${`'${JSON.stringify(description).replace(/'/g, "''")}'`}`);
  const size = (await lib.serverQuery('SELECT pg_size_pretty(pg_database_size($1)) AS size', [database]))[0].size;
  log(`seeded ${database} in ${description.seconds} s: ${size}; largest practice ${sizes[0]} intakes, median ${description.median}`);
  console.log(
    `Seed: ${database} seeded in ${description.seconds} s, ${size} (${practices} practices, ${intakes} intakes, largest practice ${sizes[0]}, median ${description.median})`,
  );
}

if (require.main === module) lib.runMain('seed-scale', main);

module.exports = { settings, describe, practiceSizes, SEED_VERSION };
