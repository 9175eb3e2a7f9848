/**
 * Files a scan leaves out (src/core/unimported.ts): a scan that computes no
 * fixes analyses only the test files, and with `scope: 'handlers'` the
 * migrations, some analysed file may import, and that must not change one
 * production handler or finding.
 * Real trees written to disk and scanned.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { scan } from '../../src/core/scan';
import { toJsonReport } from '../../src/core/report/json';
import { moduleName, unimportedFiles } from '../../src/core/unimported';
import { isMigration } from '../../src/core/migrationCode';
import { isTestCode } from '../../src/core/testCode';
import { generateTree } from '../../scripts/bench/generate';
import { openCaches } from '../../src/core/analysis/caches';
import { RuleCatalog } from '../../src/core/rules/catalog';
import { makeTree, removeTree } from '../files/tree';
import { scratchDir } from '../helpers/scratch';

/** A FastAPI app whose handler calls a seeding helper kept in its tests folder, which calls another; plus tests nothing imports. */
const APP: Record<string, string> = {
  'app/__init__.py': '',
  'app/main.py': [
    'from fastapi import FastAPI',
    'from app.tests.seeding import seed',
    '',
    'app = FastAPI()',
    '',
    '@app.get("/demo")',
    'async def demo():',
    '    seed()',
    '',
  ].join('\n'),
  'app/tests/__init__.py': '',
  'app/tests/seeding.py': ['from .factories import make_rows', '', 'def seed():', '    make_rows()', ''].join('\n'),
  'app/tests/factories.py': ['import time', '', 'def make_rows():', '    time.sleep(1)', ''].join('\n'),
  'app/tests/test_main.py': ['import time', 'from app.main import demo', '', 'async def test_demo():', '    time.sleep(2)', '    await demo()', ''].join('\n'),
  'app/migrations/__init__.py': '',
  'app/migrations/0001_initial.py': ['import requests', '', 'def backfill(apps, schema_editor):', '    requests.get("http://x", timeout=1)', ''].join('\n'),
  'app/migrations/0002_rows.py': ['from app.main import demo', '', 'dependencies = [("app", "0001_initial")]', ''].join('\n'),
  'app/tests/conftest.py': ['import requests', 'from fastapi import FastAPI', '', 'stub = FastAPI()', '', '@stub.get("/stub")', 'async def stub_route():', '    requests.get("http://x", timeout=1)', ''].join('\n'),
};

const production = (report: ReturnType<typeof toJsonReport>) => JSON.stringify({ handlers: report.handlers.filter((h) => !h.testCode), findings: report.findings, errors: report.errors });

describe('test files and migrations nothing imports', () => {
  it('names a module by its file name, a package entry by its folder', () => {
    assert.strictEqual(moduleName('/w/app/tests/helpers.py'), 'helpers');
    assert.strictEqual(moduleName('/w/app/tests/__init__.py'), 'tests');
    assert.strictEqual(moduleName('/w/src/__tests__/index.ts'), '__tests__');
    assert.strictEqual(moduleName('/w/web/auth.test.tsx'), 'auth.test');
    assert.strictEqual(moduleName('/w/src/my-util.spec.ts'), 'my-util.spec');
    // Names the word scan cannot see whole are always analysed.
    assert.strictEqual(moduleName('/w/tests/café.py'), undefined);
    assert.strictEqual(moduleName('/w/tests/my util.py'), undefined);
  });

  it('follows imports from production through the test files they reach, in both languages', () => {
    const sources = [
      { file: '/w/app/main.py', text: 'from app.tests.seeding import seed\n' },
      { file: '/w/app/tests/seeding.py', text: 'from .factories import make_rows\n' },
      { file: '/w/app/tests/factories.py', text: 'import time\n' },
      { file: '/w/app/tests/test_main.py', text: 'from app.main import demo\n' },
      { file: '/w/web/server.ts', text: "import { fixture } from './__tests__/fixtures';\n" },
      { file: '/w/web/__tests__/fixtures.ts', text: 'export const fixture = 1;\n' },
      { file: '/w/web/server.test.ts', text: "import './server';\n" },
      // `auth` and `test` are everywhere (`pattern.test(x)`); `auth.test` only where it is imported.
      { file: '/w/web/auth.ts', text: 'export const auth = (token: string) => /^Bearer /.test(token);\n' },
      { file: '/w/web/auth.test.ts', text: "import { auth } from './auth';\n" },
      { file: '/w/web/login.test.ts', text: 'export const user = 1;\n' },
      { file: '/w/web/login.ts', text: "import { user } from './login.test.ts';\n" },
      // Inside a longer run of dotted words, as in a re-export path.
      { file: '/w/web/api.ts', text: "export * from 'pkg.v2.session.mock.fixtures.js';\n" },
      { file: '/w/web/__mocks__/session.mock.ts', text: 'export const session = 1;\n' },
      { file: '/w/db/index.js', text: "const up = require('./migrations/20160619080644-initial');\n" },
      { file: '/w/db/migrations/20160619080644-initial.js', text: 'module.exports = {};\n' },
      { file: '/w/db/migrations/20170101000000-users.js', text: 'module.exports = {};\n' },
      // Only a comment names it: kept, since the scan is on words (never the other way round).
      { file: '/w/web/routes.ts', text: '// see spec/loader for the fake data\n' },
      { file: '/w/spec/loader.js', text: 'module.exports = {};\n' },
    ];
    const left = unimportedFiles(sources, (file) => isTestCode(file, '/w') || isMigration(file, '/w'));
    assert.deepStrictEqual([...left].sort(), ['/w/app/tests/test_main.py', '/w/db/migrations/20170101000000-users.js', '/w/web/auth.test.ts', '/w/web/server.test.ts']);
  });

  it('a scan without fixes analyses the helpers a handler imports from tests, and leaves the rest out', async () => {
    const root = makeTree(APP, 'unblock-testimports-');
    try {
      const result = await scan([root], { fixes: false });
      // The chain runs through both test helpers: they were analysed.
      const via = result.findings.find((f) => f.rule === 'py/via-call');
      assert.ok(via, JSON.stringify(result.findings.map((f) => f.rule)));
      assert.deepStrictEqual(via.chain.map((h) => h.name), ['demo', 'seed', 'make_rows', 'time.sleep']);
      // test_main.py and conftest.py: not analysed, so conftest's stub app is not listed.
      assert.strictEqual(result.testFilesNotAnalysed, 2);
      // Nothing names 0002 or the folder's __init__.py, and 0002 names 0001 without importing it.
      assert.strictEqual(result.migrationsNotAnalysed, 3);
      assert.deepStrictEqual(result.handlers.map((h) => h.name), ['demo']);
      const all = await scan([root], { fixes: false, allFiles: true });
      assert.strictEqual(production(toJsonReport(all)), production(toJsonReport(result)));
      assert.ok(all.handlers.some((h) => h.name === 'stub_route' && h.testCode));
      // Named on the command line, as the bench and CI name files, it is still test code nothing imports.
      const named = await scan([path.join(root, 'app/main.py'), path.join(root, 'app/tests/conftest.py')], { fixes: false });
      assert.strictEqual(named.filesScanned, 2);
      assert.strictEqual(named.testFilesNotAnalysed, 1);
    } finally {
      removeTree(root);
    }
  });

  it('analyses migrations when every function is a root: their findings are production ones then', async () => {
    const root = makeTree(APP, 'unblock-unimported-migrations-');
    try {
      const result = await scan([root], { fixes: false, scope: 'all' });
      assert.strictEqual(result.migrationsNotAnalysed, undefined);
      assert.ok(result.findings.some((f) => f.file.endsWith('0001_initial.py') && f.call === 'requests.get'));
      assert.strictEqual(result.testFilesNotAnalysed, 2);
    } finally {
      removeTree(root);
    }
  });

  it('knows a migration by its folder', () => {
    assert.ok(isMigration('/w/shop/orders/migrations/0001_initial.py', '/w'));
    assert.ok(isMigration('/w/db/migrations/20230101120000_create_users.js', '/w'));
    assert.ok(isMigration('/w/migrations/versions/ae1027a6acf_add_users.py', '/w'));
    assert.ok(!isMigration('/w/shop/orders/0001_initial.py', '/w'));
    assert.ok(!isMigration('/w/shop/orders/migrations.py', '/w'));
    assert.ok(!isMigration('/w/migrations/0001_initial.py', '/w/migrations'));
  });

  it('a migration names the migrations it depends on without importing them', () => {
    const sources = [
      // A comment in production names one migration: it is kept, and the chain stops there.
      { file: '/w/shop/tasks.py', text: '# run by 0047_move_sales\n' },
      { file: '/w/shop/migrations/0047_move_sales.py', text: 'dependencies = [("shop", "0046_prices")]\n' },
      { file: '/w/shop/migrations/0046_prices.py', text: 'dependencies = []\n' },
    ];
    const left = unimportedFiles(sources, (file) => isMigration(file, '/w'), (file) => isMigration(file, '/w'));
    assert.deepStrictEqual([...left], ['/w/shop/migrations/0046_prices.py']);
  });

  it('changes no production handler or finding of a generated Python and JS/TS app', async () => {
    const root = scratchDir('unblock-testimports-tree-');
    try {
      generateTree(root, 300, 3);
      const some = await scan([root], { fixes: false, scope: 'all' });
      const all = await scan([root], { fixes: false, scope: 'all', allFiles: true });
      assert.ok((some.testFilesNotAnalysed ?? 0) > 10, `left out ${some.testFilesNotAnalysed}`);
      assert.ok(some.findings.length > 100);
      assert.strictEqual(production(toJsonReport(some)), production(toJsonReport(all)));
    } finally {
      removeTree(root);
    }
  });

  it('a left-out file keeps its stored model, for the next scan that analyses it', async () => {
    const root = makeTree(APP, 'unblock-unimported-cache-');
    const cacheDir = path.join(root, '.cache', 'unblock');
    try {
      await scan([root], { cacheDir });
      const left = await scan([root], { cacheDir, fixes: false });
      assert.strictEqual(left.testFilesNotAnalysed, 2);
      const conftest = path.join(root, 'app/tests/conftest.py');
      const stored = (text: string) => openCaches(cacheDir, [root], RuleCatalog.builtin(), {}).modelCache.get('python', { file: conftest, text, root }, () => assert.fail('damaged'));
      assert.ok(stored(APP['app/tests/conftest.py'])?.handlers.some((h) => h.ref.name === 'stub_route'));
      // Only while its text is the same.
      assert.strictEqual(stored(`${APP['app/tests/conftest.py']}\n# edited\n`), undefined);
    } finally {
      removeTree(root);
    }
  });

  it('a scan with fixes analyses every test file: making a function async must see its test callers', async () => {
    const root = makeTree(APP, 'unblock-testimports-fixes-');
    try {
      const result = await scan([root]);
      assert.strictEqual(result.testFilesNotAnalysed, undefined);
      assert.ok((result.testFindingsHidden ?? 0) > 0);
    } finally {
      removeTree(root);
    }
  });
});
