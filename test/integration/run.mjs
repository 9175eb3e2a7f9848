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

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer } from '../../scripts/vscode/setup-code-server.mjs';
import { packageVsix } from '../../scripts/vscode/package.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESULTS = path.join(REPO, 'out', 'integration-results.json');
const TIMEOUT_S = Number(process.env.UNBLOCK_INTEGRATION_TIMEOUT ?? 600);
const log = (msg) => console.log(`[integration] ${msg}`);

let child; // code-server
let browser;
let tmp;
let finished = false;

function writeResults(results) {
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, JSON.stringify(results, null, 2) + '\n');
}

function failure(title, error) {
  return { passed: 0, failed: 1, skipped: 0, failures: [{ title, error: String(error?.stack ?? error) }], tests: [], notes: [] };
}

function runStep(title, cmd, args, options = {}) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: REPO, encoding: 'utf8', ...options });
  if (r.status !== 0) {
    throw new Error(`${title} failed (exit ${r.status}):\n${(r.stdout ?? '') + (r.stderr ?? '')}`.trim());
  }
  log(`${title}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return r.stdout;
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

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(what, check, timeoutMs, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

async function httpOk(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

/** Kills code-server's whole process group (it respawns its watcher while shutting down). */
async function killCodeServer() {
  if (!child?.pid) return;
  const pgid = child.pid;
  const alive = () => {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (const signal of ['SIGTERM', 'SIGTERM', 'SIGKILL', 'SIGKILL', 'SIGKILL']) {
    if (!alive()) break;
    try {
      process.kill(-pgid, signal);
    } catch {
      break;
    }
    const until = Date.now() + 1500;
    while (alive() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  }
  child = undefined;
}

async function cleanup() {
  try {
    await browser?.close();
  } catch {
    // already gone
  }
  browser = undefined;
  await killCodeServer();
  if (tmp && !process.env.UNBLOCK_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
  else if (tmp) log(`kept ${tmp}`);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    log(`${signal}: stopping code-server`);
    if (!finished) writeResults(failure('integration run', new Error(`interrupted by ${signal}`)));
    cleanup().finally(() => process.exit(130));
  });
}

function findFiles(dir, test, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findFiles(full, test, out);
    else if (test(entry.name)) out.push(full);
  }
  return out;
}

function dumpLogs(userData) {
  const logs = findFiles(path.join(userData, 'logs'), (n) => /exthost|remoteexthost|Unblock/i.test(n) && n.endsWith('.log'));
  for (const file of logs) {
    const text = fs.readFileSync(file, 'utf8');
    console.log(`\n----- ${path.relative(userData, file)} (last 120 lines) -----`);
    console.log(text.split('\n').slice(-120).join('\n'));
  }
  if (logs.length === 0) console.log(`(no extension host log under ${userData}/logs)`);
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
  const cs = ensureCodeServer();
  log(`code-server ${cs.codeServerVersion} on Node ${cs.nodeVersion}`);
  const testRoot = ensureCompiled();

  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'unblock-it-'));
  const dirs = Object.fromEntries(
    ['userData', 'extensions', 'xdgConfig', 'xdgData', 'xdgCache', 'tmp', 'vsix', 'workspace'].map((d) => {
      const p = path.join(tmp, d);
      fs.mkdirSync(p, { recursive: true });
      return [d, p];
    }),
  );

  const version = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version;
  const vsix = path.join(dirs.vsix, `unblock-${version}.vsix`);
  const packStarted = Date.now();
  packageVsix({ out: vsix, production: false });
  log(`build + package VSIX: ${((Date.now() - packStarted) / 1000).toFixed(1)} s`);

  const config = path.join(tmp, 'config.yaml');
  fs.writeFileSync(config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  const env = {
    ...process.env,
    PATH: `${path.dirname(cs.nodeBin)}${path.delimiter}${process.env.PATH}`,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CACHE_HOME: dirs.xdgCache,
    TMPDIR: dirs.tmp,
    EXTENSIONS_GALLERY: '{}',
    VSCODE_PROXY_URI: '',
  };
  const isolation = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--config', config];
  runStep('install VSIX', cs.nodeBin, [cs.codeServerEntry, ...isolation, '--install-extension', vsix], { env });

  // The workspace: our own small project at the root, the examples beside it.
  fs.cpSync(path.join(REPO, 'test', 'integration', 'workspace'), dirs.workspace, { recursive: true });
  if (fs.existsSync(path.join(REPO, 'examples'))) fs.cpSync(path.join(REPO, 'examples'), path.join(dirs.workspace, 'examples'), { recursive: true });
  // Settings the tests rely on: no trust prompt, no telemetry, no start page.
  const userSettings = path.join(dirs.userData, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(userSettings), { recursive: true });
  fs.writeFileSync(
    userSettings,
    JSON.stringify({
      'security.workspace.trust.enabled': false,
      'workbench.startupEditor': 'none',
      'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'update.mode': 'none',
      'typescript.tsserver.enabled': false,
    }, null, 2),
  );

  const resultsFile = path.join(tmp, 'results.json');
  const port = await freePort();
  const args = [
    cs.codeServerEntry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...isolation,
    dirs.workspace,
  ];
  const csLog = path.join(tmp, 'code-server.log');
  const out = fs.openSync(csLog, 'a');
  child = spawn(cs.nodeBin, args, {
    cwd: dirs.workspace,
    env: {
      ...env,
      UNBLOCK_INTEGRATION_TESTS: resultsFile,
      UNBLOCK_INTEGRATION_TEST_ROOT: testRoot,
      UNBLOCK_INTEGRATION_WORKSPACE: dirs.workspace,
    },
    detached: true, // own process group, killed as a whole
    stdio: ['ignore', out, out],
  });
  let exited;
  child.on('exit', (code, signal) => {
    exited = `code-server exited (${code ?? signal}); log:\n${fs.readFileSync(csLog, 'utf8').slice(-4000)}`;
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor('code-server to listen', async () => {
    if (exited) throw new Error(exited);
    return httpOk(`${base}/healthz`);
  }, 60_000);
  log(`code-server listening on ${base} after ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const require = createRequire(path.join(REPO, 'package.json'));
  const { chromium } = require('playwright-core');
  browser = await chromium.launch({
    executablePath: cs.chromium,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
    ],
  });
  const page = await browser.newPage();
  page.on('pageerror', (e) => process.env.UNBLOCK_DEBUG && log(`page error: ${e.message}`));
  await page.goto(`${base}/?folder=${encodeURIComponent(dirs.workspace)}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
  log(`workbench loaded after ${((Date.now() - started) / 1000).toFixed(1)} s; waiting for the suite`);

  let printed = 0;
  const results = await waitFor(
    'the integration suite to write its results (did the extension activate? see the extension host log below)',
    async () => {
      if (exited) throw new Error(exited);
      printed = printProgress(`${resultsFile}.partial`, printed);
      if (!fs.existsSync(resultsFile)) return undefined;
      return JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    },
    TIMEOUT_S * 1000,
    500,
  ).catch((error) => {
    const partial = readJson(`${resultsFile}.partial`);
    if (partial) {
      const last = partial.tests.at(-1)?.title;
      error.message += `; ${partial.tests.length} tests finished${last ? `, the last one: "${last}"` : ''}`;
    }
    throw error;
  });
  return { results, userData: dirs.userData, printed };
}

let exitCode = 1;
let userData;
try {
  const { results, userData: ud, printed } = await main();
  userData = ud;
  printResults(results, printed);
  if (results.passed + results.failed === 0) {
    console.log('[integration] no test ran');
    results.failed = Math.max(results.failed, 1);
    results.failures = [...(results.failures ?? []), { title: 'integration suite', error: 'no test ran' }];
  }
  writeResults(results);
  exitCode = results.failed > 0 ? 1 : 0;
  if (exitCode !== 0) dumpLogs(userData);
} catch (error) {
  console.error(`[integration] ${error.message}`);
  writeResults(failure('integration run', error));
  const ud = tmp && path.join(tmp, 'userData');
  if (ud) dumpLogs(ud);
} finally {
  finished = true;
  await cleanup();
}
process.exit(exitCode);
