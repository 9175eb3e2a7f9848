#!/usr/bin/env node
// The language server driven by a second real client: Neovim (Debian's package,
// installed by scripts/vscode/setup-code-server.mjs) runs headless with its
// built-in LSP client and drive.lua against `node bin/unblock.js server --stdio`
// on a temporary copy of workspace/ (a Flask app under gunicorn sync workers and
// an Express app). Each case is one test; counts go to out/neovim-results.json.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureAptPackages, NVIM } from '../../scripts/vscode/setup-code-server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const RESULTS = path.join(REPO, 'out', 'neovim-results.json');
const TIMEOUT_MS = 5 * 60_000;

const results = { passed: 0, failed: 0, skipped: 0, failures: [], tests: [] };
function record(title, check) {
  try {
    check();
    results.passed++;
    results.tests.push({ title, state: 'passed' });
    console.log(`  ✔ ${title}`);
  } catch (error) {
    results.failed++;
    results.failures.push({ title, error: String(error?.stack ?? error) });
    results.tests.push({ title, state: 'failed' });
    console.log(`  ✘ ${title}\n${String(error?.message ?? error).replace(/^/gm, '      ')}`);
  }
}
function save() {
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, JSON.stringify(results, null, 2) + '\n');
  console.log(`\n${results.passed} passed, ${results.failed} failed`);
}

function runNeovim(env) {
  return new Promise((resolve) => {
    // --clean: no user config or plugins; the LSP client is Neovim's own.
    const child = spawn(NVIM, ['--headless', '--clean', '-n', '-c', `luafile ${path.join(HERE, 'drive.lua')}`], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      output += `\n[killed after ${TIMEOUT_MS / 1000} s]`;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, TIMEOUT_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      // The server may outlive a killed editor: end its process group too.
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
      resolve({ code, output });
    });
  });
}

async function main() {
  ensureAptPackages(['neovim']);
  if (!fs.existsSync(path.join(REPO, 'dist', 'cli.js'))) {
    const build = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'build.mjs')], { stdio: 'inherit' });
    if (build.status !== 0) throw new Error('build failed');
  }
  const version = spawnSync(NVIM, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
  console.log(`== Neovim: ${version}`);

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'unblock-nvim-'));
  fs.cpSync(path.join(HERE, 'workspace'), root, { recursive: true });
  const flask = path.join(root, 'flask', 'app.py');
  const express = path.join(root, 'express', 'server.js');
  const flaskBefore = fs.readFileSync(flask, 'utf8');
  const cases = [
    { name: 'flask', file: flask, rule: 'py/blocking-sleep' },
    { name: 'express', file: express, rule: 'js/sync-fs' },
  ];
  const resultsFile = path.join(root, 'nvim-results.json');
  try {
    const { code, output } = await runNeovim({
      UNBLOCK_NVIM_CASES: JSON.stringify(cases),
      UNBLOCK_NVIM_RESULTS: resultsFile,
      UNBLOCK_NVIM_ROOT: root,
      UNBLOCK_NODE: process.execPath,
      UNBLOCK_BIN: path.join(REPO, 'bin', 'unblock.js'),
      UNBLOCK_CACHE_DIR: path.join(os.tmpdir(), 'unblock-test-cache'),
    });
    const report = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) : undefined;
    const context = `nvim exit ${code}; results ${JSON.stringify(report)}; output:\n${output.slice(-3000)}`;
    const byName = (name) => {
      assert.ok(report && !report.error, context);
      const c = report.cases.find((x) => x.name === name);
      assert.ok(c, context);
      return c;
    };

    record('Neovim: a sync Flask view under gunicorn sync workers gets py/blocking-sleep; the preferred code action switches gunicorn.conf.py to gevent workers', () => {
      const c = byName('flask');
      assert.equal(c.filetype, 'python');
      const sleep = c.codes.find((d) => d.code === 'py/blocking-sleep');
      assert.ok(sleep, JSON.stringify(c.codes));
      assert.equal(sleep.line, flaskBefore.split('\n').findIndex((l) => l.includes('time.sleep(1)')) + 1);
      assert.equal(sleep.severity, 2, 'a warning: a sync worker waits, no event loop is shared');
      assert.equal(sleep.source, 'Unblock');
      assert.ok(c.actions.includes('Ignore py/blocking-sleep on this line'), JSON.stringify(c.actions));
      assert.equal(c.preferred, 'Serve with gevent workers (gunicorn.conf.py)', JSON.stringify(c));
      assert.equal(c.applied, true, context);
      const conf = fs.readFileSync(path.join(root, 'flask', 'gunicorn.conf.py'), 'utf8');
      assert.match(conf, /^worker_class = "gevent"$/m);
      assert.match(conf, /^workers = 4$/m, 'the existing settings stay');
      assert.match(fs.readFileSync(path.join(root, 'flask', 'requirements.txt'), 'utf8'), /^gevent$/m);
      assert.equal(fs.readFileSync(flask, 'utf8'), flaskBefore, 'the view itself is untouched');
    });

    record('Neovim: fs.readFileSync in an Express route gets js/sync-fs; the preferred code action makes the handler async and the finding goes away', () => {
      const c = byName('express');
      assert.equal(c.filetype, 'javascript');
      const sync = c.codes.find((d) => d.code === 'js/sync-fs');
      assert.ok(sync, JSON.stringify(c.codes));
      assert.equal(sync.severity, 1, 'an error: it blocks the event loop');
      assert.equal(c.preferred, 'Make the handler async and await fs.promises.readFile(...)');
      assert.equal(c.applied, true, context);
      const text = fs.readFileSync(express, 'utf8');
      // Express 4 does not catch a rejected promise: the async handler passes errors to next().
      assert.match(text, /app\.get\('\/config', async \(req, res, next\) => \{/);
      assert.match(text, /\} catch \(err\) \{\n\s+next\(err\);/);
      assert.match(text, /const text = await fs\.promises\.readFile\('config\.json', 'utf8'\);/);
      assert.doesNotMatch(text, /readFileSync/);
      assert.equal(c.cleared, true, 'the server re-analysed the edited buffer and cleared the finding');
    });
  } finally {
    if (!process.env.UNBLOCK_KEEP_TMP) fs.rmSync(root, { recursive: true, force: true });
  }
}

main()
  .catch((error) => {
    results.failed++;
    results.failures.push({ title: 'running Neovim', error: String(error?.stack ?? error) });
    console.log(`  ✘ running Neovim: ${error?.stack ?? error}`);
  })
  .finally(() => {
    save();
    process.exitCode = results.failed > 0 ? 1 : 0;
  });
