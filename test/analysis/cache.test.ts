import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { scan } from '../../src/core/scan';
import { renderReport } from '../../src/core/report';
import { makeTree, removeTree } from '../files/tree';
import { runInProcess } from '../cli/run-cli';
import { ModelCache } from '../../src/core/analysis/modelCache';
import { emptyModel } from '../../src/core/index/workspace';
import type { FileModel } from '../../src/core/model';
import { Engine } from '../../src/core/engine';
import { RuleCatalog } from '../../src/core/rules/catalog';
import { openCaches } from '../../src/core/analysis/caches';
import { scratchDir } from '../helpers/scratch';
import { cachePacks } from '../helpers/findingsPack';

const REPO = path.resolve(__dirname, '..', '..', '..');

/** Three example apps in one tree: a multi-file FastAPI app, Express, and a plain Flask app. */
function examplesCopy(): string {
  const root = makeTree({}, 'unblock-cache-');
  for (const app of ['fastapi-app', 'express-app', 'flask-sync']) {
    // Not a cache an earlier CLI run left in examples/.
    fs.cpSync(path.join(REPO, 'examples', app), path.join(root, app), { recursive: true, filter: (source) => path.basename(source) !== '.cache' });
  }
  return root;
}

/**
 * The JSON report, without js/redos findings: recheck proves a regex
 * exponential within a time budget, so on a loaded machine two scans may
 * disagree on it whatever the cache or threads do.
 */
function json(result: Awaited<ReturnType<typeof scan>>): string {
  const report = JSON.parse(renderReport('json', result, { color: false })) as { findings: Array<{ rule: string }> };
  report.findings = report.findings.filter((f) => f.rule !== 'js/redos');
  return JSON.stringify(report, null, 1);
}

function walkedSources(root: string): Array<{ file: string; text: string }> {
  const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).map((name) => path.join(root, name)).filter((file) => /\.(py|js|ts)$/.test(file)).sort();
  return files.map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));
}

/** This process's open descriptors of `file` (Linux; elsewhere none are seen). */
function descriptorsOf(file: string): string[] {
  const dir = '/proc/self/fd';
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((fd) => {
    try {
      return fs.readlinkSync(path.join(dir, fd)).startsWith(file);
    } catch {
      return false;
    }
  });
}

function findingsText(engine: Engine): string {
  return engine.findings({ fixes: false }).filter((f) => f.rule !== 'js/redos').map((f) => `${f.file}:${f.range.line}:${f.range.column} ${f.rule} ${f.message}`).join('\n');
}

describe('model cache', function () {
  // Each test scans the tree several times.
  this.timeout(180_000);
  let root: string;
  let cacheDir: string;
  beforeEach(() => {
    root = examplesCopy();
    cacheDir = path.join(root, '.cache', 'unblock');
  });
  afterEach(() => removeTree(root));

  it('a warm scan reads every model from the cache and reports exactly what the cold scan did', async () => {
    const uncached = await scan([root]);
    const cold = await scan([root], { cacheDir });
    // One pack per language: the scan analyses each with an engine of its own.
    assert.deepStrictEqual(cachePacks(cacheDir, 'models').map((file) => path.basename(file)), ['models-javascript.bin', 'models-python.bin']);
    for (const pack of cachePacks(cacheDir, 'models')) assert.ok(fs.statSync(pack).size > 0);
    const warm = await scan([root], { cacheDir });
    assert.strictEqual(json(cold), json(uncached));
    assert.strictEqual(json(warm), json(uncached));
    assert.ok(uncached.findings.length > 10, 'the examples have findings to compare');
  });

  it('re-analyses only the file that changed', async () => {
    await scan([root], { cacheDir });
    const views = path.join(root, 'flask-sync', 'app.py');
    fs.appendFileSync(views, '\n\n@app.route("/late")\ndef late():\n    time.sleep(3)\n    return "ok"\n');
    const warm = await scan([root], { cacheDir });
    const fresh = await scan([root]);
    assert.strictEqual(json(warm), json(fresh));
    assert.ok(warm.findings.some((f) => f.file === views && f.call === 'time.sleep' && f.handler?.name === 'late'));
  });

  for (const [name, damage] of [
    ['truncated', (bytes: Buffer) => bytes.subarray(0, Math.floor(bytes.length / 2))],
    ['flipped', (bytes: Buffer) => Buffer.from(bytes.map((b, i) => (i === Math.floor(bytes.length * 0.7) ? b ^ 0xff : b)))],
    ['garbage', () => Buffer.from('not a cache at all')],
  ] as const) {
    it(`ignores a ${name} cache file and rewrites it`, async () => {
      const expected = json(await scan([root], { cacheDir }));
      for (const file of cachePacks(cacheDir, 'models')) fs.writeFileSync(file, damage(fs.readFileSync(file)));
      assert.strictEqual(json(await scan([root], { cacheDir })), expected);
      assert.strictEqual(json(await scan([root], { cacheDir })), expected);
    });
  }

  it('analyses again the files whose bodies were damaged on disk, and writes a sound cache next time', async () => {
    const expected = json(await scan([root], { cacheDir }));
    const files = cachePacks(cacheDir, 'models');
    assert.strictEqual(files.length, 2);
    for (const file of files) {
      const bytes = fs.readFileSync(file);
      // The bodies come first; then the index, its length and its CRC (u32 each): flip bytes all over the bodies, leaving the index whole.
      const bodiesEnd = bytes.length - 8 - bytes.readUInt32LE(bytes.length - 8);
      assert.ok(bodiesEnd > 1000, `bodies end at ${bodiesEnd}`);
      fs.writeFileSync(file, Buffer.from(bytes.map((b, i) => (i < bodiesEnd && i % 61 === 0 ? b ^ 0xff : b))));
    }
    assert.strictEqual(json(await scan([root], { cacheDir })), expected);
    for (const file of files) assert.ok(!fs.existsSync(file), `the damaged ${path.basename(file)} is gone`);
    assert.strictEqual(json(await scan([root], { cacheDir })), expected);
    for (const file of files) assert.ok(fs.existsSync(file), `and ${path.basename(file)} written again`);
    assert.strictEqual(json(await scan([root], { cacheDir })), expected);
  });

  it('once saved, a model analysed in this run reads its body from the pack, and is analysed again when the pack went before it was read', async () => {
    const files = walkedSources(root);
    const fresh = await Engine.create([root], RuleCatalog.builtin(), { threads: 0 });
    await fresh.setFiles(files);
    const expected = findingsText(fresh);
    for (const change of ['kept', 'removed', 'damaged'] as const) {
      fs.rmSync(cacheDir, { recursive: true, force: true });
      const rules = RuleCatalog.builtin();
      const caches = openCaches(cacheDir, [root], rules, {});
      const engine = await Engine.create([root], rules, { threads: 0, modelCache: caches.modelCache });
      await engine.setFiles(files);
      caches.modelCache.save();
      caches.modelCache.release();
      // One engine over both languages writes the packs a scan's passes do, one per language.
      const written = cachePacks(cacheDir, 'models');
      assert.strictEqual(written.length, 2);
      for (const pack of written) {
        if (change === 'removed') fs.rmSync(pack);
        // Same size and place: only the bodies' CRCs tell.
        if (change === 'damaged') fs.writeFileSync(pack, Buffer.from(fs.readFileSync(pack).map((b, i) => (i < 2000 && i % 7 === 0 ? b ^ 0xff : b))));
      }
      assert.strictEqual(findingsText(engine), expected, `pack ${change}`);
      // Bodies are read through one descriptor per task: none is left open after it, so another run may replace the pack.
      await new Promise((resolve) => setImmediate(resolve));
      for (const pack of written) assert.deepStrictEqual(descriptorsOf(pack), [], `pack ${change}`);
    }
    assert.ok(expected.split('\n').length > 10, 'the examples have findings to compare');
  });

  it('the editor engine reads the models a scan wrote: both keep one pack per language', async () => {
    await scan([root], { cacheDir });
    const store = openCaches(cacheDir, [root], RuleCatalog.builtin(), {}).modelCache;
    for (const [language, file] of [['python', path.join(root, 'flask-sync', 'app.py')], ['javascript', path.join(root, 'express-app', 'src', 'server.js')]] as const) {
      const text = fs.readFileSync(file, 'utf8');
      const stored = store.get(language, { file, text, root }, () => assert.fail(`${file}: damaged`));
      assert.strictEqual(stored?.file, file);
      assert.ok(stored.functions.length > 0, `${file}: its body is read from the pack`);
    }
  });

  it('a project rule added after a cached scan applies to the warm scan', async () => {
    await scan([root], { cacheDir });
    const docs = { why: 'slow', example: 'x', useInstead: 'y', whenNotToUse: 'z' };
    const rules = ['python', 'javascript'].map((language) => ({
      id: `${language === 'python' ? 'py' : 'js'}/project-slow`, language, title: 'Slow', category: 'network',
      calls: language === 'python' ? ['requests.Session().get'] : ['fs.readFileSync'], message: '{call}() is slow', replacements: [], offload: 'none', docs,
    }));
    fs.writeFileSync(path.join(root, '.unblock.json'), JSON.stringify({ rules }));
    const warm = await scan([root], { cacheDir });
    assert.deepStrictEqual(warm.errors.filter((e) => e.file.endsWith('.unblock.json')), []);
    assert.ok(warm.findings.some((f) => f.rule === 'py/project-slow'));
    assert.ok(warm.findings.some((f) => f.rule === 'js/project-slow'));
    assert.strictEqual(json(warm), json(await scan([root])));
  });

  it('the CLI caches under the scanned folder by default in a self-ignoring folder, and --no-cache writes nothing', async () => {
    const app = path.join(root, 'fastapi-app');
    const defaults = { env: { UNBLOCK_CACHE_DIR: '' } };
    const cold = await runInProcess(['scan', app, '--format', 'json', '--no-cache'], defaults);
    assert.ok(!fs.existsSync(path.join(app, '.cache')));
    const first = await runInProcess(['scan', app, '--format', 'json'], defaults);
    assert.ok(fs.existsSync(path.join(app, '.cache', 'unblock', 'models-python.bin')));
    // The folder ignores itself, so `git add .` in the user's project leaves it out.
    assert.match(fs.readFileSync(path.join(app, '.cache', 'unblock', '.gitignore'), 'utf8'), /^\*$/m);
    const second = await runInProcess(['scan', app, '--format', 'json'], defaults);
    const findings = (stdout: string) => JSON.stringify((JSON.parse(stdout) as { findings: unknown[] }).findings);
    assert.strictEqual(findings(first.stdout), findings(cold.stdout));
    assert.strictEqual(findings(second.stdout), findings(cold.stdout));
  });

  it('UNBLOCK_CACHE_DIR moves the cache out of the scanned folder; --cache-dir wins over it', async () => {
    const app = path.join(root, 'flask-sync');
    const elsewhere = scratchDir('unblock-cache-env-');
    try {
      await runInProcess(['scan', app, '--format', 'json'], { env: { UNBLOCK_CACHE_DIR: elsewhere } });
      assert.ok(fs.existsSync(path.join(elsewhere, 'models-python.bin')));
      assert.ok(!fs.existsSync(path.join(app, '.cache')));
      const flag = path.join(elsewhere, 'flag');
      await runInProcess(['scan', app, '--format', 'json', '--cache-dir', flag], { env: { UNBLOCK_CACHE_DIR: elsewhere } });
      assert.ok(fs.existsSync(path.join(flag, 'models-python.bin')));
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});

describe('analysis threads', function () {
  this.timeout(180_000);
  it('a scan on worker threads reports exactly what a scan in one thread does', async () => {
    const root = examplesCopy();
    try {
      const single = await scan([root], { threads: 0 });
      const threaded = await scan([root], { threads: 2 });
      assert.strictEqual(json(threaded), json(single));
    } finally {
      removeTree(root);
    }
  });
});
