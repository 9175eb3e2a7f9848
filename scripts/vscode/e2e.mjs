#!/usr/bin/env node
// UI tests (`npm run test:e2e`, and from `npm test` after the integration suite):
// builds and packs the VSIX, starts code-server with it on a copy of examples/,
// opens the workbench in headless Chromium and runs test/e2e/*.e2e.mjs in
// order on that one page. Saves the README screenshots into media/screenshots/
// (overwritten each run). Writes out/e2e-results.json ({passed, failed,
// skipped, failures, tests, notes}) for scripts/test.mjs.
//
// Env: UNBLOCK_E2E_GREP (run tests whose title matches), UNBLOCK_KEEP_TMP=1,
// UNBLOCK_E2E_SHOTS=0 (do not write screenshots).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { packageVsix } from './package.mjs';
import { dumpLogs, startCodeServer } from './code-server.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESULTS = path.join(REPO, 'out', 'e2e-results.json');
const SHOTS = path.join(REPO, 'media', 'screenshots');
const TEST_TIMEOUT_MS = 180_000;
const log = (m) => console.log(`[e2e] ${m}`);

function writeResults(results) {
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, JSON.stringify(results, null, 2) + '\n');
}

/** The CLI's JSON report of the workspace copy: what the editor should show. */
function cliScan(workspace) {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'unblock.js'), 'scan', workspace, '--format', 'json', '--exit-zero', '--include-tests'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`unblock scan failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
    }),
  ]);
}

async function loadTests() {
  const dir = path.join(REPO, 'test', 'e2e');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.e2e.mjs')).sort();
  const tests = [];
  for (const f of files) tests.push(...(await import(pathToFileURL(path.join(dir, f)).href)).tests);
  const grep = process.env.UNBLOCK_E2E_GREP;
  return grep ? tests.filter((t) => new RegExp(grep).test(t.title)) : tests;
}

let session;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    writeResults({ passed: 0, failed: 1, skipped: 0, failures: [{ title: 'e2e run', error: `interrupted by ${signal}` }], tests: [], notes: [] });
    Promise.resolve(session?.stop()).finally(() => process.exit(130));
  });
}

const started = Date.now();
const results = { passed: 0, failed: 0, skipped: 0, failures: [], tests: [], notes: [] };
try {
  const tests = await loadTests();
  fs.mkdirSync(path.join(REPO, 'out'), { recursive: true });
  const vsixDir = fs.mkdtempSync(path.join(REPO, 'out', 'e2e-vsix-'));
  const version = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version;
  let vsix;
  try {
    vsix = packageVsix({ out: path.join(vsixDir, `unblock-${version}.vsix`), production: false });
    log(`VSIX packed after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    session = await startCodeServer({
      prefix: 'unblock-e2e-',
      vsix,
      log,
      viewport: { width: 1400, height: 860 },
      populate: (workspace) => fs.cpSync(path.join(REPO, 'examples'), path.join(workspace, 'examples'), { recursive: true }),
      // The workspace holds the examples under `examples/`, which counts as test code (src/core/testCode.ts): show them.
      settings: { 'unblock.includeTests': true, 'workbench.tips.enabled': false, 'editor.minimap.enabled': false, 'window.commandCenter': false, 'chat.disableAIFeatures': true, 'workbench.secondarySideBar.defaultVisibility': 'hidden' },
    });
  } finally {
    fs.rmSync(vsixDir, { recursive: true, force: true });
  }
  const { page, dirs } = session;
  const shots = process.env.UNBLOCK_E2E_SHOTS !== '0';
  if (shots) fs.mkdirSync(SHOTS, { recursive: true });
  const ctx = {
    page,
    workspace: dirs.workspace,
    scan: () => cliScan(dirs.workspace),
    shot: async (name) => {
      if (shots) await page.screenshot({ path: path.join(SHOTS, name) });
    },
  };
  for (const t of tests) {
    const t0 = Date.now();
    try {
      await withTimeout(t.run(ctx), TEST_TIMEOUT_MS, t.title);
      results.passed++;
      results.tests.push({ title: t.title, state: 'passed', millis: Date.now() - t0 });
      console.log(`  ✔ ${t.title} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (error) {
      results.failed++;
      results.tests.push({ title: t.title, state: 'failed', millis: Date.now() - t0 });
      results.failures.push({ title: t.title, error: String(error?.stack ?? error) });
      console.log(`  ✘ ${t.title}\n${String(error?.stack ?? error).replace(/^/gm, '    ')}`);
      await page.screenshot({ path: path.join(REPO, 'out', `e2e-failure-${results.failed}.png`) }).catch(() => undefined);
      await page.keyboard.press('Escape').catch(() => undefined);
    }
  }
  if (results.failed) dumpLogs(dirs.userData, 60);
  if (results.passed + results.failed === 0) {
    results.failed = 1;
    results.failures.push({ title: 'e2e', error: 'no test ran' });
  }
} catch (error) {
  console.error(`[e2e] ${error.stack ?? error}`);
  results.failed++;
  results.failures.push({ title: 'e2e run', error: String(error?.stack ?? error) });
} finally {
  await session?.stop();
}
results.notes.push(`UI suite took ${((Date.now() - started) / 1000).toFixed(1)} s`);
writeResults(results);
console.log(`\n${results.passed} passed, ${results.failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exit(results.failed > 0 ? 1 : 0);
