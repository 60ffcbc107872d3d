#!/usr/bin/env node
/*
 * Re-encrypts every encrypted value (stories, other free-text intake answers, reflections, review
 * answers, reasons and notes), and any such value stored before encryption, under the current key:
 * the first of ENCRYPTION_KEYS. Batches of CRYPTO_ROTATE_BATCH rows (200), each in its own
 * transaction; re-run it to resume (what is already under the current key is skipped). Prints
 * counts per column, values under key ids not configured, values that do not open, and which key
 * ids no value is left under (those may be removed from ENCRYPTION_KEYS).
 *
 * Usage: npm run crypto:rotate   (runs `npm run build` first; this script requires the compiled dist/).
 * Configuration: the same environment as Ayni (ENCRYPTION_KEYS, DATABASE_URL or DATA_DIR, NODE_ENV).
 * With the embedded database stop Ayni first, since it serves one process at a time. Nothing is
 * started but a DataSource. Exit code 0 when done, 1 when values were left behind, 2 when it could not run.
 */
'use strict';

const path = require('node:path');

const { runRotateCommand } = require(path.join(__dirname, '..', 'dist', 'src', 'crypto', 'rotate-command.js'));

runRotateCommand(process.env, (line) => console.log(line)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
