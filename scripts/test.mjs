// `npm test`: type check, build, unit suite, the Neovim LSP test, then the real-editor suites when present.
// Ends with one line "N passed, N failed" summing every stage; exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;
const totals = { passed: 0, failed: 0, skipped: 0 };
/** Failed test titles by stage, repeated just above the summary so a log's tail names them. */
const failedTitles = [];
// CLI scans of the repo's own examples/ keep their parse cache out of the tree.
process.env.UNBLOCK_CACHE_DIR ??= join(tmpdir(), 'unblock-test-cache');

function run(title, args, env = {}) {
  console.log(`\n== ${title}`);
  const started = Date.now();
  const result = spawnSync(node, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`== ${title}: exit ${result.status ?? result.signal} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result.status === 0;
}

/** A stage that is a single check (type check, build) counts as one test. */
function check(title, args) {
  if (run(title, args)) totals.passed++;
  else totals.failed++;
}

/** A stage that reports its own counts in `file`; a crash without counts is one failure. */
function suite(title, args, file) {
  rmSync(join(root, file), { force: true });
  const ok = run(title, args);
  let counts;
  try {
    counts = JSON.parse(readFileSync(join(root, file), 'utf8'));
  } catch {
    counts = undefined;
  }
  if (!counts) {
    console.log(`== ${title}: no results in ${file}`);
    totals.failed++;
    return;
  }
  totals.passed += counts.passed ?? 0;
  totals.failed += counts.failed ?? 0;
  totals.skipped += counts.skipped ?? 0;
  for (const failure of counts.failures ?? []) {
    failedTitles.push(`${title}: ${failure.title}\n      ${String(failure.error).split('\n')[0].slice(0, 300)}`);
  }
  // A runner that failed without counting a failure still failed.
  if (!ok && !counts.failed) totals.failed++;
}

// A CI clone is fresh; locally, out/ may hold tests whose sources were deleted.
if (process.env.CI) rmSync(join(root, 'out'), { recursive: true, force: true });

check('type check (tsc -p .)', [join(root, 'node_modules/typescript/bin/tsc'), '-p', '.']);
check('build (scripts/build.mjs)', [join(root, 'scripts/build.mjs')]);
suite(
  'unit tests (mocha)',
  [
    join(root, 'node_modules/mocha/bin/mocha.js'),
    '--reporter',
    join(root, 'scripts/mocha-count-reporter.cjs'),
    '--reporter-option',
    'output=out/unit-results.json',
  ],
  'out/unit-results.json',
);
// The language server driven by a second real client: headless Neovim (Debian's package).
if (existsSync(join(root, 'test/neovim/run.mjs'))) {
  suite('Neovim LSP client tests', [join(root, 'test/neovim/run.mjs')], 'out/neovim-results.json');
}
if (existsSync(join(root, 'test/integration/run.mjs'))) {
  suite('integration tests', [join(root, 'test/integration/run.mjs')], 'out/integration-results.json');
}
if (existsSync(join(root, 'scripts/vscode/e2e.mjs'))) {
  suite('UI tests (e2e)', [join(root, 'scripts/vscode/e2e.mjs')], 'out/e2e-results.json');
}

if (failedTitles.length) console.log(`\nFailed:\n${failedTitles.map((line) => `  - ${line}`).join('\n')}`);
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`\n${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exitCode = totals.failed > 0 ? 1 : 0;
