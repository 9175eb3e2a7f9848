import * as path from 'path';
import type { Finding, ScanResult } from '../../src/core/model';

/**
 * A scan result as the engine produces it for a small FastAPI + Express
 * project (absolute paths under `root`): a direct finding, one reached
 * through two helpers in another file, one outside any handler, and a read error.
 */
export function sampleResult(root = path.resolve('/tmp/unblock-sample')): ScanResult {
  const at = (rel: string) => path.join(root, ...rel.split('/'));
  const range = (line: number, column: number, endColumn: number) => ({ line, column, endLine: line, endColumn });
  const direct: Finding = {
    file: at('app/main.py'),
    range: range(12, 5, 20),
    span: { start: 200, end: 215 },
    rule: 'py/blocking-sleep',
    category: 'sleep',
    severity: 'error',
    call: 'time.sleep',
    message: 'time.sleep() sleeps without yielding',
    context: 'event-loop',
    handler: { file: at('app/main.py'), line: 10, name: 'get_rates', framework: 'fastapi' },
    chain: [
      { file: at('app/main.py'), line: 10, column: 1, name: 'get_rates' },
      { file: at('app/main.py'), line: 12, column: 5, name: 'time.sleep' },
    ],
    fixes: [
      { title: 'Replace with await asyncio.sleep()', kind: 'await', safe: true, preferred: true, edits: [] },
      { title: 'Suppress on this line', kind: 'suppress', safe: true, edits: [] },
    ],
  };
  const chained: Finding = {
    file: at('app/services/rates client.py'),
    range: range(8, 12, 24),
    span: { start: 90, end: 102 },
    rule: 'py/blocking-http',
    category: 'network',
    severity: 'warning',
    call: 'requests.get',
    message: 'requests.get() waits for the `HTTP` response | slow',
    context: 'event-loop',
    handler: direct.handler,
    chain: [
      { file: at('app/main.py'), line: 13, column: 12, name: 'get_rates' },
      { file: at('app/services/rates client.py'), line: 4, column: 5, name: 'fetch_rates' },
      { file: at('app/services/rates client.py'), line: 8, column: 12, name: 'requests.get' },
    ],
    fixes: [{ title: 'Offload with asyncio.to_thread()', kind: 'offload', safe: false, edits: [] }],
    deployment: { summary: 'gunicorn sync ×4', file: at('gunicorn.conf.py'), line: 2, workers: 4 },
  };
  const outside: Finding = {
    file: at('web/server.js'),
    range: range(3, 1, 30),
    span: { start: 40, end: 69 },
    rule: 'js/sync-fs',
    category: 'file-io',
    severity: 'info',
    call: 'fs.readFileSync',
    message: 'fs.readFileSync() blocks the event loop',
    context: 'unknown',
    handler: null,
    chain: [],
    fixes: [],
  };
  return {
    root,
    filesScanned: 4,
    handlers: [
      { file: at('web/server.js'), line: 7, name: 'listUsers', framework: 'express', kind: 'sync', handlerKind: 'route', route: '/users', methods: ['GET'], context: 'event-loop' },
      { file: at('app/main.py'), line: 10, name: 'get_rates', framework: 'fastapi', kind: 'async', handlerKind: 'route', route: '/rates', methods: ['GET'], context: 'event-loop' },
    ],
    findings: [outside, chained, direct],
    errors: [{ file: at('app/blob.py'), message: 'skipped: binary file (NUL bytes in the first 8 KB)' }],
  };
}
