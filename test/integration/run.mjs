#!/usr/bin/env node
// Runs the integration suite inside a real VS Code (code-server) with the
// packaged extension:
//   setup (cached) → build → VSIX → install into a temp extensions dir →
//   temp workspace → code-server on 127.0.0.1 → headless Chromium opens the
//   workbench (that starts the extension host) → the extension, seeing
//   UNBLOCK_INTEGRATION_TESTS, runs mocha over out/test/integration and writes
//   results → we print them and write out/integration-results.json.
// Exit code: 0 when every test passed and at least one ran.
//
// Options (env): UNBLOCK_INTEGRATION_TIMEOUT (seconds, default 420),
// UNBLOCK_INTEGRATION_GREP (mocha grep), UNBLOCK_KEEP_TMP=1 (keep the temp folder).

import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { packageVsix } from '../../scripts/vscode/package.mjs';
import { dumpLogs, startCodeServer, waitFor } from '../../scripts/vscode/code-server.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESULTS = path.join(REPO, 'out', 'integration-results.json');
const TIMEOUT_S = Number(process.env.UNBLOCK_INTEGRATION_TIMEOUT ?? 600);
const log = (msg) => console.log(`[integration] ${msg}`);

let session; // code-server + browser (scripts/vscode/code-server.mjs)
let finished = false;

function writeResults(results) {
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, JSON.stringify(results, null, 2) + '\n');
}

function failure(title, error) {
  return { passed: 0, failed: 1, skipped: 0, failures: [{ title, error: String(error?.stack ?? error) }], tests: [], notes: [] };
}

/** Compiles the tests when their JS is missing or older than a source (npm test has already run tsc). */
function ensureCompiled() {
  const srcDir = path.join(REPO, 'test', 'integration');
  const outDir = path.join(REPO, 'out', 'test', 'integration');
  const stale = fs
    .readdirSync(srcDir)
    .filter((f) => f.endsWith('.ts'))
    .some((f) => {
      const js = path.join(outDir, f.replace(/\.ts$/, '.js'));
      return !fs.existsSync(js) || fs.statSync(js).mtimeMs < fs.statSync(path.join(srcDir, f)).mtimeMs;
    });
  if (stale) {
    // tsc exits non-zero for type errors anywhere in the repo but still emits; check our output exists.
    spawnSync(process.execPath, [path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], { cwd: REPO, stdio: 'ignore' });
    if (!fs.existsSync(path.join(outDir, 'index.js'))) throw new Error('tsc produced no out/test/integration/index.js');
    log('compiled tests (tsc -p .)');
  }
  return outDir;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    log(`${signal}: stopping code-server`);
    if (!finished) writeResults(failure('integration run', new Error(`interrupted by ${signal}`)));
    Promise.resolve(session?.stop()).finally(() => process.exit(130));
  });
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Prints tests finished since the last call, from the suite's partial results. */
function printProgress(file, printed) {
  const partial = readJson(file);
  const tests = partial?.tests ?? [];
  for (const t of tests.slice(printed)) {
    const mark = t.state === 'passed' ? '✔' : t.state === 'failed' ? '✘' : '-';
    console.log(`  ${mark} ${t.title}${t.millis !== undefined ? ` (${t.millis} ms)` : ''}`);
  }
  return Math.max(printed, tests.length);
}

function printResults(results, alreadyPrinted = 0) {
  for (const t of (results.tests ?? []).slice(alreadyPrinted)) {
    const mark = t.state === 'passed' ? '✔' : t.state === 'failed' ? '✘' : '-';
    console.log(`  ${mark} ${t.title}${t.millis !== undefined ? ` (${t.millis} ms)` : ''}`);
  }
  for (const f of results.failures ?? []) console.log(`\n  FAILED: ${f.title}\n${f.error.replace(/^/gm, '    ')}`);
  for (const note of results.notes ?? []) console.log(`  note: ${note}`);
  console.log(`\n${results.passed} passed, ${results.failed} failed${results.skipped ? `, ${results.skipped} skipped` : ''}`);
}

async function main() {
  const started = Date.now();
  const testRoot = ensureCompiled();
  fs.mkdirSync(path.join(REPO, 'out'), { recursive: true });
  const vsixDir = fs.mkdtempSync(path.join(REPO, 'out', 'integration-vsix-'));
  const version = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version;
  const resultsFile = path.join(vsixDir, 'results.json');
  try {
    const packStarted = Date.now();
    const vsix = packageVsix({ out: path.join(vsixDir, `unblock-${version}.vsix`), production: false });
    log(`build + package VSIX: ${((Date.now() - packStarted) / 1000).toFixed(1)} s`);
    session = await startCodeServer({
      prefix: 'unblock-it-',
      vsix,
      log,
      // Our own small project at the root, the examples beside it.
      populate: (dir) => {
        fs.cpSync(path.join(REPO, 'test', 'integration', 'workspace'), dir, { recursive: true });
        if (fs.existsSync(path.join(REPO, 'examples'))) fs.cpSync(path.join(REPO, 'examples'), path.join(dir, 'examples'), { recursive: true });
      },
      // The extension, seeing this variable, runs mocha over out/test/integration inside the extension host.
      env: (dirs) => ({
        UNBLOCK_INTEGRATION_TESTS: resultsFile,
        UNBLOCK_INTEGRATION_TEST_ROOT: testRoot,
        UNBLOCK_INTEGRATION_WORKSPACE: dirs.workspace,
      }),
    });
    log(`workbench loaded after ${((Date.now() - started) / 1000).toFixed(1)} s; waiting for the suite`);

    let printed = 0;
    const results = await waitFor(
      'the integration suite to write its results (did the extension activate? see the extension host log below)',
      async () => {
        if (session.exited) throw new Error(session.exited);
        printed = printProgress(`${resultsFile}.partial`, printed);
        if (!fs.existsSync(resultsFile)) return undefined;
        return JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
      },
      TIMEOUT_S * 1000,
      500,
      { retryErrors: false },
    ).catch((error) => {
      const partial = readJson(`${resultsFile}.partial`);
      if (partial) {
        const last = partial.tests.at(-1)?.title;
        error.message += `; ${partial.tests.length} tests finished${last ? `, the last one: "${last}"` : ''}`;
      }
      throw error;
    });
    return { results, printed };
  } finally {
    fs.rmSync(vsixDir, { recursive: true, force: true });
  }
}

let exitCode = 1;
try {
  const { results, printed } = await main();
  printResults(results, printed);
  if (results.passed + results.failed === 0) {
    console.log('[integration] no test ran');
    results.failed = Math.max(results.failed, 1);
    results.failures = [...(results.failures ?? []), { title: 'integration suite', error: 'no test ran' }];
  }
  writeResults(results);
  exitCode = results.failed > 0 ? 1 : 0;
  if (exitCode !== 0) dumpLogs(session.dirs.userData);
} catch (error) {
  console.error(`[integration] ${error.message}`);
  writeResults(failure('integration run', error));
  if (session) dumpLogs(session.dirs.userData);
} finally {
  finished = true;
  await session?.stop();
}
process.exit(exitCode);
