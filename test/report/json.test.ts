import * as assert from 'assert';
import { render, toJsonReport } from '../../src/core/report/json';
import { sampleResult } from './sample';

const version = require('../../../package.json').version as string;

describe('JSON report', () => {
  const result = sampleResult();
  const report = JSON.parse(render(result));

  it('has the contract header', () => {
    assert.deepStrictEqual(Object.keys(report), ['tool', 'version', 'schema', 'root', 'filesScanned', 'handlers', 'findings', 'testFindingsHidden', 'testFilesNotAnalysed', 'migrationsNotAnalysed', 'errors']);
    assert.strictEqual(report.testFindingsHidden, 0);
    assert.strictEqual(report.testFilesNotAnalysed, 0);
    assert.strictEqual(report.migrationsNotAnalysed, 0);
    assert.strictEqual(report.tool, 'unblock');
    assert.strictEqual(report.version, version);
    assert.strictEqual(report.schema, 1);
    assert.strictEqual(report.root, result.root);
    assert.strictEqual(report.filesScanned, 4);
  });

  it('lists handlers in file order with root-relative paths', () => {
    assert.deepStrictEqual(report.handlers, [
      { file: 'app/main.py', line: 10, name: 'get_rates', framework: 'fastapi', kind: 'async', handlerKind: 'route', route: '/rates' },
      { file: 'web/server.js', line: 7, name: 'listUsers', framework: 'express', kind: 'sync', handlerKind: 'route', route: '/users' },
    ]);
  });

  it('writes every finding field, sorted by file and line, relative paths everywhere', () => {
    assert.deepStrictEqual(
      report.findings.map((f: { file: string; line: number }) => `${f.file}:${f.line}`),
      ['app/main.py:12', 'app/services/rates client.py:8', 'web/server.js:3'],
    );
    assert.deepStrictEqual(report.findings[1], {
      file: 'app/services/rates client.py',
      line: 8,
      column: 12,
      endLine: 8,
      endColumn: 24,
      rule: 'py/blocking-http',
      category: 'network',
      severity: 'warning',
      call: 'requests.get',
      message: 'requests.get() waits for the `HTTP` response | slow',
      context: 'event-loop',
      handler: { file: 'app/main.py', line: 10, name: 'get_rates', framework: 'fastapi' },
      chain: [
        { file: 'app/main.py', line: 13, column: 12, name: 'get_rates' },
        { file: 'app/services/rates client.py', line: 4, column: 5, name: 'fetch_rates' },
        { file: 'app/services/rates client.py', line: 8, column: 12, name: 'requests.get' },
      ],
      fixes: [{ title: 'Offload with asyncio.to_thread()', kind: 'offload', safe: false }],
      deployment: { summary: 'gunicorn sync ×4', file: 'gunicorn.conf.py', line: 2, workers: 4 },
    });
    assert.strictEqual(report.findings[2].handler, null);
    assert.ok(!('deployment' in report.findings[0]));
    assert.ok(!('span' in report.findings[0]));
  });

  it('writes errors with relative paths', () => {
    assert.deepStrictEqual(report.errors, [{ file: 'app/blob.py', message: 'skipped: binary file (NUL bytes in the first 8 KB)' }]);
  });

  it('renders the same value toJsonReport returns', () => {
    assert.deepStrictEqual(report, JSON.parse(JSON.stringify(toJsonReport(result))));
  });
});
