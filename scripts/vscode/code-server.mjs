// Starts a real VS Code (code-server) with the packaged extension installed,
// isolated in a temp folder, and a headless Chromium on its workbench.
// Shared by the UI tests (scripts/vscode/e2e.mjs); see
// shared/reference/vscode-testing.md for why each flag is there.
//
//   const session = await startCodeServer({ workspace, vsix, env, settings });
//   session.page ...; await session.stop();

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer } from './setup-code-server.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function freePort() {
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

/** Polls `check` until it returns something truthy; errors count as "not yet" unless `retryErrors` is false. */
export async function waitFor(what, check, timeoutMs, intervalMs = 250, { retryErrors = true } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      if (!retryErrors) throw error;
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${lastError ? ` (last error: ${lastError.message})` : ''}`);
    }
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

function findFiles(dir, test, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findFiles(full, test, out);
    else if (test(entry.name)) out.push(full);
  }
  return out;
}

/** Prints the extension host and Unblock logs (the end of each). */
export function dumpLogs(userData, lines = 120) {
  const logs = findFiles(path.join(userData, 'logs'), (n) => /exthost|remoteexthost|Unblock/i.test(n) && n.endsWith('.log'));
  for (const file of logs) {
    const text = fs.readFileSync(file, 'utf8');
    console.log(`\n----- ${path.relative(userData, file)} (last ${lines} lines) -----`);
    console.log(text.split('\n').slice(-lines).join('\n'));
  }
  if (logs.length === 0) console.log(`(no extension host log under ${userData}/logs)`);
}

const DEFAULT_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'typescript.tsserver.enabled': false,
  // Tests type into documents and revert them: a save in between would keep the typed text.
  'files.autoSave': 'off',
};

/**
 * @param {{ prefix?: string, vsix: string, populate: (workspace: string) => void, settings?: object,
 *           env?: object | ((dirs: Record<string, string>) => object),
 *           viewport?: { width: number, height: number }, log?: (m: string) => void }} options
 */
export async function startCodeServer(options) {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const cs = ensureCodeServer();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), options.prefix ?? 'unblock-cs-'));
  const dirs = Object.fromEntries(
    ['userData', 'extensions', 'xdgConfig', 'xdgData', 'xdgCache', 'tmp', 'workspace'].map((d) => {
      const p = path.join(tmp, d);
      fs.mkdirSync(p, { recursive: true });
      return [d, p];
    }),
  );
  /** `exited`: why code-server stopped early (with its log), else undefined. */
  const session = { tmp, dirs, child: undefined, browser: undefined, page: undefined, base: '', exited: undefined, stop: undefined };
  session.stop = () => stop(session, log);
  try {
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
    const installStarted = Date.now();
    const install = spawnSync(cs.nodeBin, [cs.codeServerEntry, ...isolation, '--install-extension', options.vsix], { cwd: REPO, env, encoding: 'utf8' });
    if (install.status !== 0) throw new Error(`installing the VSIX failed:\n${install.stdout}${install.stderr}`);
    log(`install VSIX: ${((Date.now() - installStarted) / 1000).toFixed(1)} s`);

    options.populate(dirs.workspace);
    const userSettings = path.join(dirs.userData, 'User', 'settings.json');
    fs.mkdirSync(path.dirname(userSettings), { recursive: true });
    fs.writeFileSync(userSettings, JSON.stringify({ ...DEFAULT_SETTINGS, ...options.settings }, null, 2));

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
    // Own process group, killed as a whole (code-server respawns its watcher while stopping).
    session.child = spawn(cs.nodeBin, args, { cwd: dirs.workspace, env: { ...env, ...(typeof options.env === 'function' ? options.env(dirs) : options.env) }, detached: true, stdio: ['ignore', out, out] });
    session.child.on('exit', (code, signal) => {
      session.exited = `code-server exited (${code ?? signal}); log:\n${fs.readFileSync(csLog, 'utf8').slice(-4000)}`;
    });
    session.base = `http://127.0.0.1:${port}`;
    await waitFor('code-server to listen', async () => {
      if (session.exited) throw new Error(session.exited);
      return httpOk(`${session.base}/healthz`);
    }, 60_000, 250, { retryErrors: false });
    log(`code-server listening after ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const require = createRequire(path.join(REPO, 'package.json'));
    const { chromium } = require('playwright-core');
    session.browser = await chromium.launch({
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
    session.page = await session.browser.newPage({ viewport: options.viewport ?? { width: 1280, height: 800 } });
    session.page.on('pageerror', (e) => process.env.UNBLOCK_DEBUG && log(`page error: ${e.message}`));
    await session.page.goto(`${session.base}/?folder=${encodeURIComponent(dirs.workspace)}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await session.page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    log(`workbench loaded after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return session;
  } catch (error) {
    if (session.child) dumpLogs(dirs.userData);
    await session.stop();
    throw error;
  }
}

async function stop(session, log) {
  try {
    await session.browser?.close();
  } catch {
    // already gone
  }
  session.browser = undefined;
  const pgid = session.child?.pid;
  if (pgid) {
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
    session.child = undefined;
  }
  if (process.env.UNBLOCK_KEEP_TMP) log(`kept ${session.tmp}`);
  else fs.rmSync(session.tmp, { recursive: true, force: true });
}
