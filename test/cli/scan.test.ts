import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { makeTree, removeTree } from '../files/tree';
import { sarifProblems } from '../report/sarif-schema';
import { main } from '../../src/cli/main';
import { REPO, runCli, runInProcess } from './run-cli';

const version = require('../../../package.json').version as string;

/** A FastAPI app: a direct sleep in an async handler and an HTTP call two hops away in another module. */
const BLOCKING_APP = {
  'app/__init__.py': '',
  'app/main.py': [
    'import time',
    'from fastapi import FastAPI',
    'from app.services import fetch_rates',
    '',
    'app = FastAPI()',
    '',
    '',
    '@app.get("/rates")',
    'async def get_rates():',
    '    time.sleep(1)',
    '    return fetch_rates()',
    '',
  ].join('\n'),
  'app/services.py': [
    'import requests',
    '',
    '',
    'def fetch_rates():',
    '    return _download("https://rates.example.org")',
    '',
    '',
    'def _download(url):',
    '    return requests.get(url).json()',
    '',
  ].join('\n'),
};

const CLEAN_APP = {
  'main.py': [
    'import asyncio',
    'from fastapi import FastAPI',
    '',
    'app = FastAPI()',
    '',
    '',
    '@app.get("/ping")',
    'async def ping():',
    '    await asyncio.sleep(0)',
    '    return {"pong": True}',
    '',
  ].join('\n'),
};

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function prefixed(prefix: string, tree: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tree).map(([file, text]) => [prefix + file, text]));
}

function assertTypes(value: Json, types: Record<string, string>, where: string): void {
  for (const [key, type] of Object.entries(types)) {
    assert.ok(key in value, `${where}: missing "${key}"`);
    const actual = value[key] === null ? 'null' : Array.isArray(value[key]) ? 'array' : typeof value[key];
    assert.ok(type.split('|').includes(actual), `${where}.${key}: expected ${type}, got ${actual}`);
  }
}

/** Every field of the JSON contract is there with its type; paths are relative with forward slashes. */
function assertJsonContract(report: Json): void {
  assertTypes(report, { tool: 'string', version: 'string', schema: 'number', root: 'string', filesScanned: 'number', handlers: 'array', findings: 'array', errors: 'array' }, 'report');
  assert.strictEqual(report.tool, 'unblock');
  assert.strictEqual(report.version, version);
  assert.strictEqual(report.schema, 1);
  assert.ok(path.isAbsolute(report.root));
  const relative = (file: string, where: string) => {
    assert.ok(!path.isAbsolute(file) && !file.includes('\\') && !file.startsWith('..'), `${where}: "${file}" is not root-relative`);
  };
  report.handlers.forEach((h: Json, i: number) => {
    assertTypes(h, { file: 'string', line: 'number', name: 'string', framework: 'string', kind: 'string', route: 'string|null' }, `handlers[${i}]`);
    assert.ok(['sync', 'async'].includes(h.kind));
    relative(h.file, `handlers[${i}]`);
  });
  report.findings.forEach((f: Json, i: number) => {
    const where = `findings[${i}]`;
    assertTypes(f, {
      file: 'string', line: 'number', column: 'number', endLine: 'number', endColumn: 'number', rule: 'string', category: 'string',
      severity: 'string', call: 'string', message: 'string', context: 'string', handler: 'object|null', chain: 'array', fixes: 'array',
    }, where);
    relative(f.file, where);
    assert.ok(['error', 'warning', 'info'].includes(f.severity), `${where}.severity`);
    assert.ok(f.line >= 1 && f.column >= 1, `${where}: positions are 1-based`);
    if (f.handler) {
      assertTypes(f.handler, { file: 'string', line: 'number', name: 'string', framework: 'string' }, `${where}.handler`);
      relative(f.handler.file, `${where}.handler`);
    }
    f.chain.forEach((hop: Json, j: number) => {
      assertTypes(hop, { file: 'string', line: 'number', column: 'number', name: 'string' }, `${where}.chain[${j}]`);
      relative(hop.file, `${where}.chain[${j}]`);
    });
    f.fixes.forEach((fix: Json, j: number) => assertTypes(fix, { title: 'string', kind: 'string' }, `${where}.fixes[${j}]`));
  });
  report.errors.forEach((e: Json, i: number) => assertTypes(e, { file: 'string', message: 'string' }, `errors[${i}]`));
}

describe('unblock scan', () => {
  const roots: string[] = [];
  let blocking: string;
  let clean: string;
  let json: Json;
  let jsonRun: Awaited<ReturnType<typeof runInProcess>>;
  before(async () => {
    blocking = makeTree(BLOCKING_APP);
    clean = makeTree(CLEAN_APP);
    roots.push(blocking, clean);
    jsonRun = await runInProcess(['scan', '--format', 'json'], { cwd: blocking });
    json = JSON.parse(jsonRun.stdout);
  });
  after(() => roots.forEach(removeTree));

  it('exits 1 when there are findings of warning or above (a real process)', () => {
    const run = runCli(['scan', '--format', 'json'], { cwd: blocking });
    assert.strictEqual(run.status, 1, run.stderr);
    assert.deepStrictEqual(JSON.parse(run.stdout), json);
    assert.ok(json.findings.some((f: Json) => f.severity !== 'info'));
  });

  it('writes the JSON contract with relative paths', () => {
    assertJsonContract(json);
    assert.strictEqual(json.root, blocking);
    assert.strictEqual(json.filesScanned, 3);
    assert.deepStrictEqual(
      json.handlers.map((h: Json) => [h.file, h.line, h.name, h.kind]),
      [['app/main.py', 9, 'get_rates', 'async']],
    );
    const sleep = json.findings.find((f: Json) => f.call === 'time.sleep');
    assert.ok(sleep, JSON.stringify(json.findings, null, 2));
    assert.deepStrictEqual([sleep.file, sleep.line, sleep.column, sleep.severity], ['app/main.py', 10, 5, 'error']);
    assert.deepStrictEqual(sleep.handler, { file: 'app/main.py', line: 9, name: 'get_rates', framework: json.handlers[0].framework });
  });

  it('takes a folder named like a file (shop.api) as the root, not its parent', async () => {
    const dotted = `${blocking}.api`;
    fs.cpSync(blocking, dotted, { recursive: true });
    roots.push(dotted);
    const report = JSON.parse((await runInProcess(['scan', dotted, '--format', 'json'], { cwd: path.dirname(dotted) })).stdout);
    assert.strictEqual(report.root, dotted);
    assert.ok(report.findings.some((f: Json) => f.file === 'app/main.py' && f.call === 'time.sleep'), JSON.stringify(report.findings.map((f: Json) => f.file)));
  });

  it('follows the call chain into another module', () => {
    const chained = json.findings.find((f: Json) => f.chain.length > 2);
    assert.ok(chained, JSON.stringify(json.findings, null, 2));
    assert.strictEqual(chained.chain[0].file, 'app/main.py');
    assert.ok(chained.chain.some((hop: Json) => hop.file === 'app/services.py'));
  });

  it('exits 0 when nothing blocks', () => {
    const run = runCli(['scan', clean, '--format', 'json']);
    assert.strictEqual(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assertJsonContract(report);
    assert.deepStrictEqual(report.findings, []);
    assert.strictEqual(report.handlers.length, 1);
  });

  it('writes valid SARIF with the chain as a code flow', async () => {
    const run = await runInProcess(['scan', blocking, '--format', 'sarif']);
    assert.strictEqual(run.status, 1, run.stderr);
    const log = JSON.parse(run.stdout);
    assert.deepStrictEqual(sarifProblems(log), []);
    const results = log.runs[0].results;
    assert.strictEqual(results.length, json.findings.length);
    assert.ok(results.some((r: Json) => r.codeFlows?.[0].threadFlows[0].locations.length > 2));
    assert.ok(results.every((r: Json) => r.locations[0].physicalLocation.artifactLocation.uriBaseId === 'SRCROOT'));
  });

  it('prints chains in the text and markdown reports', async () => {
    const chained = json.findings.find((f: Json) => f.chain.length > 2);
    const chain = chained.chain.map((hop: Json) => hop.name);
    const text = await runInProcess(['scan', blocking]);
    assert.strictEqual(text.status, 1);
    assert.ok(text.stdout.includes(`via ${chain.join(' → ')}`), text.stdout);
    assert.ok(text.stdout.includes('get_rates'), text.stdout);
    assert.doesNotMatch(text.stdout, /\u001b\[/, 'no colours when stdout is not a TTY');
    const md = await runInProcess(['scan', blocking, '--format', 'markdown']);
    assert.strictEqual(md.status, 1);
    assert.ok(md.stdout.includes(`via ${chain.map((n: string) => `\`${n}\``).join(' → ')}`), md.stdout);
    assert.ok(md.stdout.includes('| Category | Error | Warning | Info | Total |'));
  });

  it('writes the report to --output and nothing to stdout', async () => {
    const target = path.join(clean, 'reports', 'unblock.sarif');
    const run = await runInProcess(['scan', '.', '--format', 'sarif', '--output', target], { cwd: blocking });
    assert.strictEqual(run.status, 1);
    assert.strictEqual(run.stdout, '');
    assert.deepStrictEqual(sarifProblems(JSON.parse(fs.readFileSync(target, 'utf8'))), []);
  });

  it('scans files named one by one next to a folder: reports exactly those', async () => {
    const both = makeTree({ ...prefixed('one/', BLOCKING_APP), ...prefixed('two/', CLEAN_APP) });
    roots.push(both);
    const named = [path.join(both, 'one', 'app', 'main.py'), path.join(both, 'two')];
    const report = JSON.parse((await runInProcess(['scan', ...named, '--format', 'json'], { cwd: both })).stdout);
    const twoFiles = Object.keys(CLEAN_APP).filter((f) => f.endsWith('.py')).length;
    assert.strictEqual(report.filesScanned, 1 + twoFiles);
    assert.deepStrictEqual(report.findings.map((f: Json) => `${f.file} ${f.call}`), ['one/app/main.py time.sleep']);
  });

  it('reports a missing path as an error entry and scans the rest', async () => {
    const run = await runInProcess(['scan', clean, path.join(clean, 'missing'), '--format', 'json']);
    assert.strictEqual(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.deepStrictEqual(report.errors, [{ file: 'missing', message: 'cannot scan: no such file or directory' }]);
    assert.strictEqual(report.filesScanned, 1);
    assert.match(run.stderr, /1 problem\(s\) while scanning/);
  });

  it('reports binary source files as errors, not crashes', async () => {
    const root = makeTree({ ...CLEAN_APP, 'blob.py': Buffer.from([0x00, 0x01, 0x02]) });
    roots.push(root);
    const run = await runInProcess(['scan', root, '--format', 'json']);
    assert.strictEqual(run.status, 0, run.stderr);
    assert.deepStrictEqual(JSON.parse(run.stdout).errors, [{ file: 'blob.py', message: 'skipped: binary file (NUL bytes in the first 8 KB)' }]);
  });

  it('passes --scope and --max-depth to the engine', async () => {
    const root = makeTree({
      ...BLOCKING_APP,
      'app/jobs.py': 'import time\n\n\ndef nightly():\n    time.sleep(60)\n',
    });
    roots.push(root);
    const scoped = JSON.parse((await runInProcess(['scan', root, '--format', 'json'])).stdout);
    assert.ok(!scoped.findings.some((f: Json) => f.file === 'app/jobs.py'), 'not on a request path by default');
    const all = JSON.parse((await runInProcess(['scan', root, '--format', 'json', '--scope', 'all'])).stdout);
    const nightly = all.findings.find((f: Json) => f.file === 'app/jobs.py');
    assert.ok(nightly, JSON.stringify(all.findings, null, 2));
    assert.strictEqual(nightly.handler, null);
    const shallow = JSON.parse((await runInProcess(['scan', root, '--format', 'json', '--max-depth', '0'])).stdout);
    assert.ok(shallow.findings.some((f: Json) => f.call === 'time.sleep'));
    assert.ok(!shallow.findings.some((f: Json) => f.chain.length > 2), 'no call followed into helpers');
  });

  it('colours text only for a terminal without NO_COLOR', async () => {
    const run = (env: NodeJS.ProcessEnv, stdoutIsTTY: boolean) => {
      let out = '';
      return main(['scan', blocking], {
        cwd: REPO, env, stdoutIsTTY, stderrIsTTY: false, stdout: (t) => (out += t), stderr: () => undefined, progress: () => undefined,
      }).then(() => out);
    };
    assert.match(await run({}, true), /\u001b\[31merror/);
    assert.doesNotMatch(await run({ NO_COLOR: '1' }, true), /\u001b\[/);
    assert.doesNotMatch(await run({}, false), /\u001b\[/);
  });

  it('reports an unreadable source file (a dangling link) as an error entry', async () => {
    const root = makeTree(CLEAN_APP);
    roots.push(root);
    fs.symlinkSync(path.join(root, 'gone.py'), path.join(root, 'dangling.py'));
    const run = await runInProcess(['scan', root, '--format', 'json']);
    assert.strictEqual(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.deepStrictEqual(report.errors, [{ file: 'dangling.py', message: 'broken symbolic link: no such file or directory' }]);
    assert.strictEqual(report.filesScanned, 1);
  });

  describe('with a config file', () => {
    it('uses .unblock.json from the scan root (disable, ignore)', async () => {
      const root = makeTree({ ...BLOCKING_APP, '.unblock.json': JSON.stringify({ disable: ['py/blocking-sleep'], ignore: ['app/services.py'] }) });
      roots.push(root);
      const report = JSON.parse((await runInProcess(['scan', root, '--format', 'json'])).stdout);
      assert.deepStrictEqual(report.errors, []);
      assert.strictEqual(report.filesScanned, 2);
      assert.ok(!report.findings.some((f: Json) => f.rule === 'py/blocking-sleep'));
      assert.ok(!report.findings.some((f: Json) => f.file === 'app/services.py'));
    });

    it('reports an invalid config clearly and still scans with the valid part', async () => {
      const root = makeTree({ ...BLOCKING_APP, '.unblock.json': JSON.stringify({ scope: 'everything', ignore: ['app/services.py'] }) });
      roots.push(root);
      const run = await runInProcess(['scan', root, '--format', 'json']);
      assert.strictEqual(run.status, 1, 'findings still decide the exit code');
      const report = JSON.parse(run.stdout);
      assert.deepStrictEqual(report.errors, [
        { file: '.unblock.json', message: 'config field "scope" must be one of "handlers", "async", "all" (ignored)' },
      ]);
      assert.strictEqual(report.filesScanned, 2, 'the valid ignore field still applies');
      assert.ok(report.findings.some((f: Json) => f.call === 'time.sleep'));
    });

    it('reports a config that is not JSON and scans with defaults', async () => {
      const root = makeTree({ ...CLEAN_APP, 'custom.json': '{ nope' });
      roots.push(root);
      const run = await runInProcess(['scan', '--config', 'custom.json', '--format', 'json'], { cwd: root });
      assert.strictEqual(run.status, 0, run.stderr);
      const report = JSON.parse(run.stdout);
      assert.strictEqual(report.errors.length, 1);
      assert.strictEqual(report.errors[0].file, 'custom.json');
      assert.match(report.errors[0].message, /^config invalid JSON/);
    });
  });

  describe('on examples/', () => {
    const examples = fs.existsSync(path.join(REPO, 'examples'))
      ? fs.readdirSync(path.join(REPO, 'examples'), { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name)
      : [];
    for (const name of examples) {
      it(`scans examples/${name} without errors, to every format`, async () => {
        const dir = path.join(REPO, 'examples', name);
        const run = await runInProcess(['scan', dir, '--format', 'json']);
        assert.ok(run.status === 0 || run.status === 1, run.stderr);
        const report = JSON.parse(run.stdout);
        assertJsonContract(report);
        assert.deepStrictEqual(report.errors, []);
        assert.ok(report.filesScanned > 0);
        const sarif = await runInProcess(['scan', dir, '--format', 'sarif']);
        assert.strictEqual(sarif.status, run.status);
        assert.deepStrictEqual(sarifProblems(JSON.parse(sarif.stdout)), []);
        for (const format of ['text', 'markdown']) assert.strictEqual((await runInProcess(['scan', dir, '--format', format])).status, run.status);
      });
    }
  });
});
