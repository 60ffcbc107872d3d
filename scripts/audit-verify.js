#!/usr/bin/env node
/*
 * Verifies every practice's audit-trail hash chain and prints one line per practice: OK with the
 * number of events and the latest seq and hash, or BROKEN with the first broken link (its seq, and
 * whether the hash, the previous hash or a missing event gave it away). Exit code 0 when all hold,
 * 1 when one is broken, 2 when it could not check.
 *
 * Usage: npm run audit:verify   (runs `npm run build` first; this script requires the compiled dist/).
 * Database: DATABASE_URL, or without it the embedded database in DATA_DIR (./data): stop Ayni first,
 * since the embedded database serves one process at a time. Nothing is started but a DataSource.
 */
'use strict';

const path = require('node:path');

const { runVerifyCommand } = require(path.join(__dirname, '..', 'dist', 'src', 'audit', 'verify-command.js'));

runVerifyCommand(process.env, (line) => console.log(line)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
