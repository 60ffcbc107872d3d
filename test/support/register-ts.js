/*
 * Lets a child process run the app from its TypeScript sources (`node -r test/support/register-ts.js
 * src/main.ts`), compiled on load by swc with the project's .swcrc, so the multi-process tests run
 * the code under test and never a stale dist/.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const options = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '.swcrc'), 'utf8'));

require.extensions['.ts'] = function compile(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename, swcrc: false, sourceMaps: 'inline' });
  module._compile(code, filename);
};
