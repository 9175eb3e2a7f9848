/**
 * Test, example and docs code (src/core/testCode.ts): handlers there are
 * found, their findings are counted apart unless `includeTests`; every report
 * format says how many were left out. Real apps written to disk and scanned.
 */
import * as assert from 'assert';
import * as path from 'path';
import { scan } from '../../src/core/scan';
import { Engine } from '../../src/core/engine';
import { isTestCode } from '../../src/core/testCode';
import { makeTree, removeTree } from '../files/tree';
import { runInProcess } from '../cli/run-cli';

/** A FastAPI app with a test app, an example and a docs snippet next to it; each handler blocks the loop. */
const APP: Record<string, string> = {
  'app/__init__.py': '',
  'app/helpers.py': ['import time', '', 'def slow():', '    time.sleep(1)', '', 'def only_for_tests():', '    time.sleep(2)', ''].join('\n'),
  'app/main.py': [
    'import time',
    'from fastapi import FastAPI',
    'from app.helpers import slow',
    '',
    'app = FastAPI()',
    '',
    '@app.get("/")',
    'async def index():',
    '    slow()',
    '    time.sleep(3)',
    '',
  ].join('\n'),
  'tests/conftest.py': [
    'import requests',
    'from fastapi import FastAPI',
    'from app.helpers import slow, only_for_tests',
    '',
    'stub = FastAPI()',
    '',
    '@stub.get("/stub")',
    'async def stub_route():',
    '    slow()',
    '    only_for_tests()',
    '    requests.get("http://localhost/x", timeout=1)',
    '',
  ].join('\n'),
  'examples/demo.py': [
    'import time',
    'from fastapi import FastAPI',
    '',
    'demo = FastAPI()',
    '',
    '@demo.get("/demo")',
    'async def demo_route():',
    '    time.sleep(1)',
    '',
  ].join('\n'),
  'app/test_views.py': [
    'import time',
    'from fastapi import FastAPI',
    '',
    'inline = FastAPI()',
    '',
    '@inline.get("/inline")',
    'async def inline_route():',
    '    time.sleep(1)',
    '',
  ].join('\n'),
};

const where = (root: string, findings: Array<{ file: string; range: { line: number } }>) =>
  findings.map((f) => `${path.relative(root, f.file).split(path.sep).join('/')}:${f.range.line}`).sort();

describe('test code', () => {
  let root: string;
  before(() => {
    root = makeTree(APP, 'unblock-testcode-');
  });
  after(() => removeTree(root));

  it('decides by folder and file name below the scan root only', () => {
    const at = (rel: string, base = '/w/app') => isTestCode(path.join(base, rel), base);
    for (const rel of ['tests/a.py', 'pkg/test/a.py', 'src/__tests__/a.ts', 'spec/a.js', 'e2e/a.ts', 'fixtures/a.py', 'examples/a.py', 'docs/conf.py', 'cypress/plugins/index.js']) {
      assert.ok(at(rel), rel);
    }
    for (const rel of ['pkg/test_views.py', 'pkg/views_test.py', 'pkg/tests.py', 'conftest.py', 'src/a.test.ts', 'src/a.spec.js', 'web/a.test.tsx']) {
      assert.ok(at(rel), rel);
    }
    for (const rel of ['app/views.py', 'src/testing_utils.py', 'latest/views.py', 'src/contest.ts', 'src/attest.py', 'server/docs_api.py']) {
      assert.ok(!at(rel), rel);
    }
    // The scan root itself is never judged: `unblock scan examples` or `unblock scan test/fixtures` is production.
    assert.ok(!at('flask_app.py', '/repo/examples'));
    assert.ok(!at('py/blocking-http.py', '/repo/test/fixtures'));
    assert.ok(at('examples/flask_app.py', '/repo'));
    // Next.js routes by folder: `app/docs/page.tsx` is the /docs page; `__tests__` is never routed.
    assert.ok(!at('app/(docs)/docs/[[...slug]]/page.tsx', '/w/site'));
    assert.ok(!at('src/pages/examples/index.tsx', '/w/site'));
    assert.ok(at('app/__tests__/page.tsx', '/w/site'));
    assert.ok(at('app/docs/page.test.tsx', '/w/site'));
    // Python packages named app/ are not routed trees.
    assert.ok(at('backend/app/tests/api.py', '/w/fullstack'));
  });

  it('a scan without fixes leaves out the test files nothing imports, and counts them', async () => {
    const result = await scan([root], { fixes: false });
    assert.deepStrictEqual(result.handlers.map((h) => h.name), ['index']);
    assert.deepStrictEqual(where(root, result.findings), ['app/helpers.py:4', 'app/main.py:10', 'app/main.py:9']);
    // conftest.py, examples/demo.py and app/test_views.py: no other file names them.
    assert.strictEqual(result.testFilesNotAnalysed, 3);
    assert.strictEqual(result.testFindingsHidden, undefined);
  });

  it('with every test file analysed, finds handlers in test code but reports only production findings, counting the rest', async () => {
    const result = await scan([root], { fixes: false, allFiles: true });
    assert.strictEqual(result.testFilesNotAnalysed, undefined);
    const handlers = result.handlers.map((h) => `${h.name}${h.testCode ? ' (test code)' : ''}`).sort();
    assert.deepStrictEqual(handlers, ['demo_route (test code)', 'index', 'inline_route (test code)', 'stub_route (test code)']);
    // `slow` is reached from production and from the test app: production wins; `only_for_tests` is hidden.
    assert.deepStrictEqual(where(root, result.findings), ['app/helpers.py:4', 'app/main.py:10', 'app/main.py:9']);
    // Hidden: only_for_tests' sleep, the three calls in conftest, examples/demo.py and app/test_views.py.
    assert.strictEqual(result.testFindingsHidden, 6);
  });

  it('includeTests reports them all, and nothing is counted apart', async () => {
    const result = await scan([root], { fixes: false, includeTests: true });
    assert.deepStrictEqual(where(root, result.findings), [
      'app/helpers.py:4',
      'app/helpers.py:7',
      'app/main.py:10',
      'app/main.py:9',
      'app/test_views.py:8',
      'examples/demo.py:8',
      'tests/conftest.py:10',
      'tests/conftest.py:11',
      'tests/conftest.py:9',
    ]);
    assert.strictEqual(result.testFindingsHidden, undefined);
    assert.ok(!result.handlers.some((h) => h.testCode));
  });

  it('an example Flask app does not count in the readiness of the app around it', async () => {
    const flask = (name: string) => `import requests\nfrom flask import Flask\n${name} = Flask(__name__)\n\n@${name}.route("/")\ndef index():\n    return requests.get("http://x", timeout=1).text\n`;
    const tree = makeTree({ 'web/app.py': flask('app'), 'examples/minimal/app.py': flask('demo') }, 'unblock-testcode-readiness-');
    try {
      const result = await scan([tree], { fixes: false });
      assert.deepStrictEqual(result.readiness?.map((r) => r.views), [1]);
      const all = await scan([tree], { fixes: false, includeTests: true });
      assert.deepStrictEqual(all.readiness?.map((r) => r.views), [2]);
    } finally {
      removeTree(tree);
    }
  });

  it('a scan of the test folder itself treats it as production', async () => {
    const result = await scan([path.join(root, 'examples')], { fixes: false });
    assert.deepStrictEqual(where(root, result.findings), ['examples/demo.py:8']);
    assert.strictEqual(result.testFindingsHidden, undefined);
  });

  it('.unblock.json "includeTests" turns them on', async () => {
    const configured = makeTree({ ...APP, '.unblock.json': '{"includeTests": true}' }, 'unblock-testcode-config-');
    try {
      const result = await scan([configured], { fixes: false });
      assert.strictEqual(result.findings.length, 9);
    } finally {
      removeTree(configured);
    }
  });

  it('the editor path: a test file asked for by name shows its own findings, the workspace list does not', async () => {
    const engine = await Engine.create([root]);
    for (const [rel, text] of Object.entries(APP)) engine.setFile(path.join(root, rel), text);
    const conftest = path.join(root, 'tests/conftest.py');
    assert.deepStrictEqual(where(root, engine.findingsFor(conftest, { fixes: false })), ['tests/conftest.py:10', 'tests/conftest.py:11', 'tests/conftest.py:9']);
    assert.ok(!engine.findings({ fixes: false }).some((f) => f.file === conftest));
    assert.strictEqual(engine.hiddenTestFindings(), 6);
    // A production file shows only what production reaches: only_for_tests stays hidden there.
    assert.deepStrictEqual(where(root, engine.findingsFor(path.join(root, 'app/helpers.py'), { fixes: false })), ['app/helpers.py:4']);
  });

  it('every report format counts them apart; --include-tests shows them', async () => {
    const note = '6 findings in test code not shown; --include-tests';
    // The text report computes no fixes: the test files nothing imports are not analysed.
    const text = await runInProcess(['scan', root, '--exit-zero']);
    assert.ok(text.stdout.trimEnd().endsWith('3 test files not analysed (nothing else imports them); --include-tests'), text.stdout);
    // The others compute fixes, which need every caller: every test file is analysed.
    const json = JSON.parse((await runInProcess(['scan', root, '--format', 'json', '--exit-zero'])).stdout);
    assert.strictEqual(json.testFindingsHidden, 6);
    assert.strictEqual(json.testFilesNotAnalysed, 0);
    assert.strictEqual(json.findings.length, 3);
    assert.ok(json.handlers.some((h: { name: string; testCode?: boolean }) => h.name === 'stub_route' && h.testCode === true));
    const sarif = JSON.parse((await runInProcess(['scan', root, '--format', 'sarif', '--exit-zero'])).stdout);
    assert.strictEqual(sarif.runs[0].properties.testFindingsHidden, 6);
    assert.ok(sarif.runs[0].invocations[0].toolExecutionNotifications.some((n: { message: { text: string } }) => n.message.text === note));
    const markdown = (await runInProcess(['scan', root, '--format', 'markdown', '--exit-zero'])).stdout;
    assert.ok(markdown.includes('6 findings in test code not shown (`--include-tests` shows them)'), markdown);
    const all = JSON.parse((await runInProcess(['scan', root, '--format', 'json', '--include-tests', '--exit-zero'])).stdout);
    assert.strictEqual(all.findings.length, 9);
    assert.strictEqual(all.testFindingsHidden, 0);
  });
});
