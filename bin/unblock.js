#!/usr/bin/env node
'use strict';
// Runs the bundled CLI; a fresh clone without a build gets one first.
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(bundle)) {
  const build = spawnSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'build.mjs')], {
    stdio: ['ignore', process.stderr, process.stderr],
  });
  if (build.status !== 0 || !fs.existsSync(bundle)) {
    process.stderr.write('unblock: dist/cli.js is missing and building it failed (run `npm run build`)\n');
    process.exit(2);
  }
}
require(bundle).run();
