import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { scan, type ScanOptions } from '../../src/core/scan';
import type { ScanResult } from '../../src/core/model';
import { readPackFile } from '../../src/core/analysis/packFile';
import { splitReadKey } from '../../src/core/files/readLog';
import { setRegexCheckBudget } from '../../src/core/javascript/patterns/redos';
import { removeTree } from '../files/tree';
import { examplesCopy } from '../helpers/examplesCopy';

const REPO = path.resolve(__dirname, '..', '..', '..');

/** The result as a report shows it, without js/redos (its verdict depends on a time budget, so two scans may differ). */
function shown(result: ScanResult): string {
  return JSON.stringify({ ...result, findings: result.findings.filter((f) => f.rule !== 'js/redos') }, null, 1);
}

function edit(file: string, from: string, to: string): void {
  const text = fs.readFileSync(file, 'utf8');
  assert.ok(text.includes(from), `${path.basename(file)} holds ${JSON.stringify(from)}`);
  fs.writeFileSync(file, text.replace(from, to));
}

describe('result cache', function () {
  // Each test scans a copy of the example apps several times.
  this.timeout(180_000);
  let root: string;
  let cacheDir: string;
  afterEach(() => removeTree(root));

  /** A scan as the CLI runs a plain one; `reused` says whether it gave back a stored result. */
  async function cliScan(options: ScanOptions = {}): Promise<{ result: ScanResult; reused: boolean }> {
    const timings: Record<string, number> = {};
    const result = await scan([root], { cacheDir, fixes: false, reuseResult: true, timings, ...options });
    return { result, reused: 'reused' in timings };
  }

  /** The stored scans' files, the most recent first. */
  function storedScans(): string[] {
    const folder = path.join(cacheDir, 'results');
    return fs
      .readdirSync(folder)
      .map((name) => path.join(folder, name))
      .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  }

  async function filled(apps: string[]): Promise<ScanResult> {
    root = examplesCopy(apps, 'unblock-result-cache-');
    cacheDir = path.join(root, '.cache', 'unblock');
    const cold = await cliScan();
    assert.strictEqual(cold.reused, false);
    return cold.result;
  }

  /** After a change: the next scan analyses again and finds what a scan without any cache finds; the one after it reuses that. */
  async function assertScannedAgain(options: ScanOptions = {}): Promise<ScanResult> {
    const after = await cliScan(options);
    assert.strictEqual(after.reused, false, 'the change is seen');
    assert.strictEqual(shown(after.result), shown(await scan([root], { fixes: false, ...options })));
    assert.strictEqual((await cliScan(options)).reused, true, 'the new result is stored');
    return after.result;
  }

  it('gives back the stored result of an unchanged tree, equal to the cold scan', async () => {
    const cold = await filled(['fastapi-app', 'express-app', 'flask-gunicorn']);
    const warm = await cliScan();
    assert.strictEqual(warm.reused, true);
    assert.deepStrictEqual(warm.result, cold);
    assert.ok(warm.result.findings.length > 0 && warm.result.handlers.length > 0);
  });

  it('scans again after a source file changes, is added or is removed', async () => {
    await filled(['fastapi-app', 'flask-sync']);
    edit(path.join(root, 'fastapi-app', 'app', 'services', 'rates.py'), 'with open(f"/var/cache/rates/{currency}.json") as fh:', 'with open(f"/var/cache/rates/{currency}.v2.json") as fh:');
    await assertScannedAgain();
    fs.writeFileSync(path.join(root, 'flask-sync', 'extra.py'), 'import time\n\ndef pause():\n    time.sleep(1)\n');
    await assertScannedAgain();
    fs.rmSync(path.join(root, 'fastapi-app', 'scripts_warm_cache.py'));
    await assertScannedAgain();
    // Back to a state a stored result was built from: that result is right again.
    fs.rmSync(path.join(root, 'flask-sync', 'extra.py'));
    fs.copyFileSync(path.join(REPO, 'examples', 'fastapi-app', 'scripts_warm_cache.py'), path.join(root, 'fastapi-app', 'scripts_warm_cache.py'));
    assert.strictEqual((await cliScan()).reused, true);
  });

  it('scans again after a file the analysis read beside the sources changes: requirements, Procfile, tsconfig', async () => {
    const cold = await filled(['flask-gunicorn', 'nextjs-app']);
    assert.ok(cold.findings.some((f) => f.rule === 'py/config-flask-async-without-asgiref'));
    edit(path.join(root, 'flask-gunicorn', 'requirements.txt'), 'flask>=3.0', 'flask[async]>=3.0');
    const declared = await assertScannedAgain();
    assert.ok(!declared.findings.some((f) => f.rule === 'py/config-flask-async-without-asgiref'), 'the requirement was read anew');
    fs.writeFileSync(path.join(root, 'flask-gunicorn', 'Procfile'), 'web: gunicorn -k gevent -w 4 wsgi:app\n');
    await assertScannedAgain();
    edit(path.join(root, 'nextjs-app', 'tsconfig.json'), '"@/*": ["./*"]', '"@/*": ["./src/*"]');
    await assertScannedAgain();
  });

  it('scans again when a file the analysis looked for and did not find appears', async () => {
    await filled(['flask-sync']);
    // No gunicorn.conf.py was there: its absence was read too.
    fs.writeFileSync(path.join(root, 'flask-sync', 'gunicorn.conf.py'), 'worker_class = "gevent"\n');
    await assertScannedAgain();
  });

  it('reuses the result when a file nothing reads is added, and scans again when a deployment file appears deep in the tree', async () => {
    await filled(['flask-gunicorn']);
    fs.mkdirSync(path.join(root, 'flask-gunicorn', 'docs', 'notes'), { recursive: true });
    fs.writeFileSync(path.join(root, 'flask-gunicorn', 'docs', 'notes', 'todo.txt'), 'nothing to see\n');
    assert.strictEqual((await cliScan()).reused, true);
    fs.writeFileSync(path.join(root, 'flask-gunicorn', 'docs', 'notes', 'Dockerfile'), 'FROM python:3.12\nCMD ["gunicorn", "-k", "gevent", "wsgi:app"]\n');
    await assertScannedAgain();
  });

  it('keeps one result per scope, config and output: each is reused, a config change is seen', async () => {
    await filled(['fastapi-app']);
    await cliScan({ scope: 'async' });
    await cliScan({ fixes: true });
    assert.strictEqual((await cliScan()).reused, true);
    assert.strictEqual((await cliScan({ scope: 'async' })).reused, true);
    const withFixes = await cliScan({ fixes: true });
    assert.strictEqual(withFixes.reused, true);
    assert.ok(withFixes.result.findings.some((f) => f.fixes.length > 0), 'fixes are stored with the findings that asked for them');
    fs.writeFileSync(path.join(root, '.unblock.json'), JSON.stringify({ scope: 'all' }));
    await assertScannedAgain();
    // Four scans are kept: the oldest goes.
    await cliScan({ maxDepth: 3 });
    assert.strictEqual(storedScans().length, 4);
    assert.strictEqual((await cliScan({ maxDepth: 3 })).reused, true);
  });

  it('never reuses a result unless asked (a fix run needs the engine), and survives a damaged cache file', async () => {
    await filled(['flask-sync']);
    const timings: Record<string, number> = {};
    await scan([root], { cacheDir, fixes: false, timings });
    assert.ok(!('reused' in timings));
    const [file] = storedScans();
    const bytes = fs.readFileSync(file);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    fs.writeFileSync(file, bytes);
    const damaged = await cliScan();
    assert.strictEqual(damaged.reused, false);
    assert.strictEqual(shown(damaged.result), shown(await scan([root], { fixes: false })));
  });

  it('keeps no result that holds a verdict the clock decided (a regex check out of time)', async () => {
    await filled(['express-app']);
    // A pattern a route runs that no scan of this process has checked yet, with no time left to check it: undecided, so silent this time.
    fs.writeFileSync(
      path.join(root, 'express-app', 'src', 'pattern.js'),
      "const express = require('express');\nconst app = express();\napp.get('/slug', (req, res) => res.send(/^([a-z0-9]+-?)+unblocktest$/.test(req.query.s)));\napp.listen(3000);\n",
    );
    const budget = setRegexCheckBudget(0);
    try {
      assert.strictEqual((await cliScan()).reused, false);
      assert.strictEqual((await cliScan()).reused, false, 'the result was not stored');
    } finally {
      setRegexCheckBudget(budget);
    }
    await cliScan();
    assert.strictEqual((await cliScan()).reused, true, 'decided in time, it is stored');
  });

  it('notes every file and folder the analysis reads from the disk after its walk, fixes included', async () => {
    await filled([]);
    fs.cpSync(path.join(REPO, 'examples'), root, { recursive: true, filter: (source) => path.basename(source) !== '.cache' });
    fs.rmSync(cacheDir, { recursive: true, force: true });
    // Every synchronous read of the disk during a cold scan (the walk's are done again before a result is reused).
    const touched = new Set<string>();
    // Folders only listed or asked whether they are folders: a read noted as a whole walk's result may cover them.
    const folderQueries = new Set<string>();
    const spied = ['readFileSync', 'readdirSync', 'statSync', 'lstatSync', 'existsSync', 'openSync', 'accessSync', 'realpathSync'] as const;
    // The module object itself (`import * as fs` gives a namespace of getters, which read through to it).
    const nodeFs = require('fs') as Record<string, unknown>;
    const originals = spied.map((name) => [name, nodeFs[name]] as const);
    for (const [name, original] of originals) {
      const spy = function (this: unknown, p: unknown, ...rest: unknown[]) {
        if (typeof p === 'string') (name === 'readdirSync' || name === 'statSync' ? folderQueries : touched).add(path.resolve(p));
        return (original as (...a: unknown[]) => unknown).call(this, p, ...rest);
      };
      // `realpathSync.native` and the like stay reachable (the walk uses it; it is done again anyway).
      nodeFs[name] = Object.assign(spy, original);
    }
    try {
      // With fixes (what JSON and SARIF reports show): they read dependency files, package.json, Python versions.
      await cliScan({ fixes: true });
    } finally {
      for (const [name, original] of originals) nodeFs[name] = original;
    }
    const [stored] = storedScans();
    const reads = (readPackFile(stored) as { reads: Array<[string, string]> }).reads.map(([key]) => splitReadKey(key));
    const noted = new Set(reads.map((read) => read.file));
    // The deployment's walk and its search for the enclosing app note their results: the folders they list are theirs.
    const walked = reads.filter((read) => read.kind === 'deploymentFiles').flatMap((read) => JSON.parse(read.file) as string[]);
    const appSearches = reads.filter((read) => read.kind === 'enclosingApp').map((read) => read.file);
    // A vendored-library verdict lists its folder and the library-named folders in it.
    const judged = reads.filter((read) => read.kind === 'vendorFolder').map((read) => read.file);
    const listedByNotedWalk = (p: string) =>
      walked.some((dir) => p === dir || p.startsWith(dir + path.sep)) ||
      appSearches.some((start) => start === p || start.startsWith(p + path.sep)) ||
      judged.some((dir) => p === dir || path.dirname(p) === dir);
    // Not the project's content: the walk's own probes and the config's search (both done again before a result is
    // reused), the scanned folder (its root and walk were settled from it first), the scan's caches, Unblock's own files.
    const walkProbe = (p: string) => ['.gitignore', '.git', 'pyvenv.cfg', '.unblock.json'].includes(path.basename(p));
    const ours = (p: string) => p.startsWith(REPO + path.sep) || p.startsWith(cacheDir);
    const unnoted = [...touched].filter((p) => p !== root && !ours(p) && !walkProbe(p) && !noted.has(p));
    assert.deepStrictEqual(unnoted, []);
    const unnotedFolders = [...folderQueries].filter((p) => p !== root && !ours(p) && !walkProbe(p) && !noted.has(p) && !listedByNotedWalk(p));
    // A source file is read with statSync first (its size): it must be noted itself, never covered by a walk.
    assert.deepStrictEqual(unnotedFolders.filter((p) => !fs.statSync(p, { throwIfNoEntry: false })?.isDirectory()), [], 'files are noted one by one');
    assert.deepStrictEqual(unnotedFolders, []);
    assert.ok(noted.size > 50, `the log holds the sources and more (${noted.size})`);
  });
});
