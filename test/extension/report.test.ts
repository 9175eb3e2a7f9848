import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../../src/core/engine';
import { DeploymentModel } from '../../src/core/deployment';
import type { Finding } from '../../src/core/model';
import type { WireFinding } from '../../src/server/engine/protocol';
import { parseWebviewMessage } from '../../src/extension/report/messages';
import { buildView, locationKey, viewLocations, type ReportData } from '../../src/extension/report/view';
import { barChartSvg } from '../../src/extension/report/chart';
import { reportData, renderedReport } from '../../src/server/engine/workerReport';
import { makeTree, removeTree } from '../files/tree';

const EXAMPLE = path.resolve(__dirname, '..', '..', '..', 'examples', 'flask-sync');

/** Positions do not matter to the view model; only whether a fix has edits. */
function wire(f: Finding): WireFinding {
  const at = { line: 0, character: 0 };
  return { ...f, fixes: f.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, start: at, end: at })) })) };
}

async function exampleData(): Promise<ReportData> {
  const engine = await Engine.create([EXAMPLE]);
  const file = path.join(EXAMPLE, 'app.py');
  engine.setFile(file, fs.readFileSync(file, 'utf8'));
  // As the extension's worker does: deployment facts refine contexts and bring the server cures.
  engine.setRefiner(await DeploymentModel.discover([EXAMPLE], [file], (f) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined)));
  return { roots: [EXAMPLE], files: 1, loading: false, fixes: true, handlers: engine.handlers(), findings: engine.findings().map(wire), testFindingsHidden: engine.hiddenTestFindings(), errors: [], versions: {} };
}

describe('report view model (examples/flask-sync)', () => {
  it('groups handlers by framework and file with their blocking calls', async () => {
    const data = await exampleData();
    const view = buildView(data);
    assert.strictEqual(view.state, 'ready');
    assert.deepStrictEqual(view.frameworks.map((f) => f.framework), ['flask']);
    const [file] = view.frameworks[0].files;
    assert.strictEqual(file.rel, 'app.py');
    const byName = Object.fromEntries(file.handlers.map((h) => [h.name, h]));
    assert.deepStrictEqual(Object.keys(byName).sort(), ['build_report', 'health', 'weather']);
    assert.strictEqual(byName.weather.route, '/weather/<city>');
    assert.strictEqual(byName.weather.kind, 'sync');
    const rules = (ids: string[]) => ids.map((id) => view.findings.find((f) => f.id === id)!.rule).sort();
    assert.deepStrictEqual(rules(byName.weather.findings), ['py/blocking-http']);
    assert.deepStrictEqual(rules(byName.build_report.findings), ['py/blocking-sleep', 'py/blocking-subprocess']);
    assert.deepStrictEqual(byName.health.findings, []);
    const total = view.totals.severity.error + view.totals.severity.warning + view.totals.severity.info;
    assert.strictEqual(total, data.findings.length);
    assert.strictEqual(Object.values(view.totals.category).reduce((a, b) => a + (b ?? 0), 0), data.findings.length);
  });

  it('names each preferred fix, or defers the lookup when fixes were not computed', async () => {
    const data = await exampleData();
    const sleep = (v: ReturnType<typeof buildView>) => v.findings.find((f) => f.rule === 'py/blocking-sleep')!;
    assert.deepStrictEqual(sleep(buildView(data)).fix, { title: 'Serve with gevent workers (create gunicorn.conf.py)', safe: true });
    assert.strictEqual(sleep(buildView({ ...data, fixes: false })).fix, 'lookup');
  });

  it('offers only the locations it shows for opening', async () => {
    const view = buildView(await exampleData());
    const locations = viewLocations(view);
    const sleep = view.findings.find((f) => f.rule === 'py/blocking-sleep')!;
    assert.ok(locations.has(locationKey(sleep.location.file, sleep.location.line)));
    assert.ok(!locations.has(locationKey('/etc/passwd', 1)));
  });

  it('counts findings in test code apart, as the CLI reports do', async () => {
    const root = makeTree({
      'app.py': 'import time\nfrom fastapi import FastAPI\napp = FastAPI()\n\n@app.get("/")\nasync def index():\n    time.sleep(1)\n',
      'tests/test_app.py': 'import time\nfrom fastapi import FastAPI\nstub = FastAPI()\n\n@stub.get("/stub")\nasync def stub_route():\n    time.sleep(1)\n',
    });
    try {
      const engine = await Engine.create([root]);
      for (const rel of ['app.py', 'tests/test_app.py']) engine.setFile(path.join(root, rel), fs.readFileSync(path.join(root, rel), 'utf8'));
      const data = await reportData(engine, [root], undefined, wire, false, new Map());
      assert.strictEqual(data.testFindingsHidden, 1);
      assert.strictEqual(data.findings.length, 1);
      assert.strictEqual(buildView(data).testNote, '1 finding in test code not shown; setting unblock.includeTests');
      assert.match(renderedReport(engine, [root], 'text'), /1 finding in test code not shown; --include-tests\n$/);
    } finally {
      removeTree(root);
    }
  });

  it('shows the loading and empty states', () => {
    const none: ReportData = { roots: ['/w'], files: 3, loading: true, fixes: true, handlers: [], findings: [], testFindingsHidden: 0, errors: [], versions: {} };
    assert.strictEqual(buildView(none).state, 'loading');
    assert.strictEqual(buildView({ ...none, loading: false }).state, 'empty');
  });
});

describe('report chart', () => {
  it('draws one bar per severity and category and escapes labels', () => {
    const svg = barChartSvg({ error: 2, warning: 1, info: 0 }, { network: 2, sleep: 1 });
    assert.strictEqual((svg.match(/<rect /g) ?? []).length, 5);
    assert.match(svg, /<desc id="chart-desc">error: 2, warning: 1, info: 0, network: 2, sleep: 1<\/desc>/);
    assert.ok(!barChartSvg({ error: 0, warning: 0, info: 0 }, { ['<x>' as 'network']: 1 }).includes('<x>'));
  });
});

describe('report webview messages', () => {
  it('accepts well-formed messages', () => {
    assert.deepStrictEqual(parseWebviewMessage({ type: 'open', file: '/w/app.py', line: 3, column: 1 }), { type: 'open', file: '/w/app.py', line: 3, column: 1 });
    assert.deepStrictEqual(parseWebviewMessage({ type: 'fix', id: 'x' }), { type: 'fix', id: 'x' });
    assert.deepStrictEqual(parseWebviewMessage({ type: 'command', command: 'export', extra: 1 }), { type: 'command', command: 'export' });
    assert.deepStrictEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
  });

  it('rejects malformed or unknown messages', () => {
    for (const bad of [
      null,
      'open',
      [],
      { type: 'open', file: '/w/app.py', line: 0, column: 1 },
      { type: 'open', file: '/w/app.py', line: 1.5, column: 1 },
      { type: 'open', file: 7, line: 1, column: 1 },
      { type: 'open', file: '', line: 1, column: 1 },
      { type: 'fix' },
      { type: 'command', command: 'workbench.action.terminal.new' },
      { type: 'eval', code: '1' },
    ]) {
      assert.strictEqual(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });
});
