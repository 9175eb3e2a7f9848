import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { scan } from '../../src/core/scan';
import type { Finding } from '../../src/core/model';
import { makeTree, removeTree } from '../files/tree';
import { examplesCopy } from '../helpers/examplesCopy';
import { cachePacks, markStoredFindings, STORED_MARK as MARK } from '../helpers/findingsPack';

/** Findings as the report lists them, marks removed, without js/redos (its verdict depends on a time budget). */
function unmarked(findings: Finding[]): string {
  return JSON.stringify(
    findings.filter((f) => f.rule !== 'js/redos').map((f) => ({ ...f, message: f.message.replace(MARK, ''), fixes: [] })),
    null,
    1,
  );
}

const stored = (findings: Finding[]) => findings.filter((f) => f.message.endsWith(MARK));

describe('findings cache', function () {
  // Each test scans the tree several times.
  this.timeout(180_000);
  let root: string;
  let cacheDir: string;
  afterEach(() => removeTree(root));

  /** A cold scan that fills the cache, with every stored finding marked. */
  async function filled(apps: string[]): Promise<void> {
    root = examplesCopy(apps, 'unblock-findings-cache-');
    cacheDir = path.join(root, '.cache', 'unblock');
    await scan([root], { cacheDir, fixes: false });
    assert.ok(markStoredFindings(cacheDir) > 0, 'the apps have findings to store');
  }

  it('gives back every stored root when nothing changed, as the cold scan found them', async () => {
    await filled(['fastapi-app', 'express-app', 'flask-sync']);
    const warm = await scan([root], { cacheDir, fixes: false });
    assert.strictEqual(stored(warm.findings).length, warm.findings.length);
    assert.strictEqual(unmarked(warm.findings), unmarked((await scan([root], { fixes: false })).findings));
  });

  it('builds again the roots that read an edited file, and only those', async () => {
    await filled(['fastapi-app', 'express-app']);
    const rates = path.join(root, 'fastapi-app', 'app', 'services', 'rates.py');
    fs.writeFileSync(rates, fs.readFileSync(rates, 'utf8').replace('with open(f"/var/cache/rates/{currency}.json") as fh:', 'with open(f"/var/cache/rates/{currency}.v2.json") as fh:'));
    const warm = await scan([root], { cacheDir, fixes: false });
    const throughRates = warm.findings.filter((f) => f.chain.some((hop) => hop.file === rates));
    assert.ok(throughRates.length > 0, 'some handler reaches the edited file');
    assert.deepStrictEqual(stored(throughRates), []);
    assert.ok(stored(warm.findings.filter((f) => f.file.includes(`${path.sep}express-app${path.sep}`))).length > 0, 'the other app kept its stored roots');
    assert.strictEqual(unmarked(warm.findings), unmarked((await scan([root], { fixes: false })).findings));
  });

  it('drops every stored root of a language when a file of it is added (imports may resolve elsewhere); the other language keeps its own', async () => {
    await filled(['flask-sync', 'express-app']);
    fs.writeFileSync(path.join(root, 'flask-sync', 'extra.py'), 'import time\n\ndef pause():\n    time.sleep(1)\n');
    const warm = await scan([root], { cacheDir, fixes: false });
    assert.deepStrictEqual(stored(warm.findings.filter((f) => f.file.endsWith('.py'))), []);
    const script = warm.findings.filter((f) => !f.file.endsWith('.py'));
    assert.ok(script.length > 0);
    assert.strictEqual(stored(script).length, script.length, 'no JS/TS import can resolve to a Python file');
    assert.strictEqual(unmarked(warm.findings), unmarked((await scan([root], { fixes: false })).findings));
  });

  it('drops every stored root when a config file resolution read changed (a tsconfig path alias)', async () => {
    await filled(['nextjs-app']);
    const tsconfig = path.join(root, 'nextjs-app', 'tsconfig.json');
    fs.writeFileSync(tsconfig, fs.readFileSync(tsconfig, 'utf8').replace('"@/*": ["./*"]', '"@/*": ["./src/*"]'));
    const warm = await scan([root], { cacheDir, fixes: false });
    assert.deepStrictEqual(stored(warm.findings), []);
    const fresh = await scan([root], { fixes: false });
    assert.strictEqual(unmarked(warm.findings), unmarked(fresh.findings));
  });

  it('builds again the roots whose deployment changed (gunicorn workers made gevent)', async () => {
    await filled(['flask-gunicorn', 'flask-sync']);
    const before = await scan([root], { cacheDir, fixes: false });
    const conf = path.join(root, 'flask-gunicorn', 'gunicorn.conf.py');
    fs.writeFileSync(conf, fs.readFileSync(conf, 'utf8').replace('worker_class = "sync"', 'worker_class = "gevent"'));
    const warm = await scan([root], { cacheDir, fixes: false });
    const shop = (findings: Finding[]) => findings.filter((f) => f.file.includes(`${path.sep}flask-gunicorn${path.sep}`));
    assert.notStrictEqual(unmarked(shop(warm.findings)), unmarked(shop(before.findings)), 'gevent workers change what is reported');
    assert.deepStrictEqual(stored(shop(warm.findings)), []);
    assert.strictEqual(unmarked(warm.findings), unmarked((await scan([root], { fixes: false })).findings));
  });

  it('builds again a root whose finding startup code decided, when another file stops running it at startup', async () => {
    root = makeTree({
      'app.py': [
        'import time',
        'from flask import Flask',
        '',
        'app = Flask(__name__)',
        '_table = None',
        '',
        '',
        'def table():',
        '    global _table',
        '    if _table is None:',
        '        time.sleep(2)',
        '        _table = {}',
        '    return _table',
        '',
        '',
        '@app.route("/")',
        'def index():',
        '    return str(table())',
        '',
      ].join('\n'),
      'wsgi.py': 'from app import app, table\n\ntable()\n',
    });
    cacheDir = path.join(root, '.cache', 'unblock');
    const warmed = await scan([root], { cacheDir, fixes: false });
    markStoredFindings(cacheDir);
    fs.writeFileSync(path.join(root, 'wsgi.py'), 'from app import app, table\n');
    const warm = await scan([root], { cacheDir, fixes: false });
    const fresh = await scan([root], { fixes: false });
    assert.notStrictEqual(unmarked(fresh.findings), unmarked(warmed.findings), 'startup code decides the finding');
    assert.strictEqual(unmarked(warm.findings), unmarked(fresh.findings));
  });

  it('ignores a damaged pack and writes a sound one', async () => {
    await filled(['flask-sync']);
    const files = cachePacks(cacheDir, 'findings');
    assert.strictEqual(files.length, 1);
    for (const file of files) {
      const bytes = fs.readFileSync(file);
      fs.writeFileSync(file, Buffer.from(bytes.map((b, i) => (i === Math.floor(bytes.length / 2) ? b ^ 0xff : b))));
    }
    const fresh = unmarked((await scan([root], { fixes: false })).findings);
    const warm = await scan([root], { cacheDir, fixes: false });
    assert.deepStrictEqual(stored(warm.findings), []);
    assert.strictEqual(unmarked(warm.findings), fresh);
    assert.strictEqual(unmarked((await scan([root], { cacheDir, fixes: false })).findings), fresh);
  });
});
