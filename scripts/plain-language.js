#!/usr/bin/env node
/*
 * How plain is what clients read? Reads every English message catalog (locales/en/*.json, server
 * messages in messages.*.json included: clients read those too), prints per file the number of
 * messages, words and the Flesch–Kincaid grade level, the overall grade and the ten hardest
 * messages, and exits 1 when the overall grade is above 8 (PLAIN_LANGUAGE_MAX_GRADE to change it).
 *
 * Usage: node scripts/plain-language.js [catalog folder, default locales/en]
 * Counting: scripts/plain-language-core.js.
 */
'use strict';

const { readdirSync, readFileSync } = require('node:fs');
const path = require('node:path');
const { report, maxGrade, exitCode, HARDEST_MIN_WORDS } = require('./plain-language-core');

const dir = path.resolve(process.argv[2] || path.join(__dirname, '..', 'locales', 'en'));
const files = {};
for (const name of readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  files[name] = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
}

const result = report(files);
const limit = maxGrade(process.env);
const pad = (value, width) => String(value).padStart(width);
const fileWidth = Math.max(10, ...result.rows.map((r) => r.file.length));

console.log(`Plain language: Flesch–Kincaid grade of the English catalogs in ${path.relative(process.cwd(), dir) || '.'}`);
console.log('');
console.log(`${'catalog'.padEnd(fileWidth)}  ${pad('messages', 8)}  ${pad('words', 6)}  ${pad('grade', 5)}`);
for (const r of result.rows)
  console.log(`${r.file.padEnd(fileWidth)}  ${pad(r.messages, 8)}  ${pad(r.words, 6)}  ${pad(r.grade.toFixed(1), 5)}`);
console.log(
  `${'overall'.padEnd(fileWidth)}  ${pad(result.overall.messages, 8)}  ${pad(result.overall.words, 6)}  ${pad(result.overall.grade.toFixed(1), 5)}`,
);
console.log('');
console.log(`Hardest messages (of ${HARDEST_MIN_WORDS} words or more):`);
for (const m of result.hardest) {
  const text = m.message.length > 90 ? `${m.message.slice(0, 87)}…` : m.message;
  // Server messages are keyed by their own English text: the file names them well enough.
  const where = m.file.startsWith('messages.') ? m.file.replace(/\.json$/, '') : `${m.file.replace(/\.json$/, '')}.${m.key}`;
  console.log(`  ${pad(m.grade.toFixed(1), 5)}  ${where}: ${text}`);
}
console.log('');
const code = exitCode(result.overall.grade, limit);
console.log(
  code
    ? `FAIL: overall grade ${result.overall.grade.toFixed(1)} is above ${limit}. Shorter sentences and shorter words help.`
    : `OK: overall grade ${result.overall.grade.toFixed(1)} is at most ${limit}.`,
);
process.exit(code);
