// Mocha's spec output on screen, plus the counts in a file scripts/test.mjs adds up.
'use strict';
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

class CountingSpec extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const output = (options.reporterOption && options.reporterOption.output) || 'out/unit-results.json';
    runner.once('end', () => {
      const { passes, failures, pending } = this.stats;
      fs.mkdirSync(path.dirname(output), { recursive: true });
      const failed = this.failures.map((test) => ({ title: test.fullTitle(), error: String(test.err?.message ?? test.err) }));
      fs.writeFileSync(output, JSON.stringify({ passed: passes, failed: failures, skipped: pending, failures: failed }));
    });
  }
}

module.exports = CountingSpec;
