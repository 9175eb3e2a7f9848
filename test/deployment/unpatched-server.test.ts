import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { scan } from '../../src/core/scan';
import type { Finding } from '../../src/core/model';
import { applyEdits, tempTree } from './helpers';

const VIEWS = [
  'import time',
  'import requests',
  'from flask import Flask',
  '',
  'app = Flask(__name__)',
  '',
  '',
  '@app.route("/rates")',
  'def rates():',
  '    with open("rates.csv") as f:',
  '        local = f.read()',
  '    return requests.get("https://rates.example.com", timeout=5).text + local',
  '',
].join('\n');

const SERVE = ['', 'if __name__ == "__main__":', '    from gevent.pywsgi import WSGIServer', '    WSGIServer(("", 8000), app).serve_forever()', ''].join('\n');

const brief = (f: Finding) => `${f.severity} ${f.rule} ${path.basename(f.file)}:${f.range.line}`;

describe('deployment: a gevent server started in code with nothing patched', () => {
  it('serves every request on one thread: network, file and SQL calls count as on an event loop, and the cure patches first in the entry script', async () => {
    const root = tempTree({ 'requirements.txt': 'flask\ngevent\nrequests\n', 'app.py': VIEWS + SERVE });
    const before = await scan([root], { cacheDir: undefined });
    assert.deepStrictEqual(before.findings.map(brief).sort(), ['error py/blocking-file-io app.py:10', 'error py/blocking-file-io app.py:11', 'error py/blocking-http app.py:12']);
    const http = before.findings.find((f) => f.rule === 'py/blocking-http')!;
    assert.strictEqual(http.context, 'cooperative');
    assert.match(http.message, /gevent\.pywsgi started in code, and nothing calls `gevent\.monkey\.patch_all\(\)`/);
    const cure = http.fixes.find((f) => f.kind === 'deployment')!;
    assert.deepStrictEqual([cure.title, cure.preferred, cure.safe, cure.unavailable], ['Patch with gevent first in app.py', true, false, undefined]);
    // Disk reads stay blocking under gevent: patching is no cure for them.
    assert.ok(before.findings.filter((f) => f.rule === 'py/blocking-file-io').every((f) => !f.fixes.some((x) => x.kind === 'deployment')));

    const file = path.join(root, 'app.py');
    fs.writeFileSync(file, applyEdits(fs.readFileSync(file, 'utf8'), cure.edits));
    assert.match(fs.readFileSync(file, 'utf8'), /^from gevent import monkey\nmonkey\.patch_all\(\)\n/);
    const after = await scan([root], { cacheDir: undefined });
    // Patched: the HTTP call yields; reading a file still holds the hub, briefly on a local disk.
    assert.deepStrictEqual(after.findings.map(brief).sort(), ['info py/blocking-file-io app.py:13', 'info py/blocking-file-io app.py:14']);
  });

  it('a server module inside a package is imported after others: the cure says where patching must go instead of editing it', async () => {
    const root = tempTree({
      'requirements.txt': 'flask\ngevent\nrequests\n',
      'run.py': 'from shop.server import serve\n\nserve()\n',
      'shop/__init__.py': VIEWS,
      'shop/server.py': 'from gevent.pywsgi import WSGIServer\nfrom . import app\n\n\ndef serve():\n    WSGIServer(("", 8000), app).serve_forever()\n',
    });
    const { findings } = await scan([root], { cacheDir: undefined });
    const http = findings.find((f) => f.rule === 'py/blocking-http')!;
    assert.strictEqual(http.severity, 'error');
    const cure = http.fixes.find((f) => f.kind === 'deployment')!;
    assert.strictEqual(cure.title, 'Patch with gevent first');
    assert.match(cure.unavailable ?? '', /server\.py is imported after other modules; put `from gevent import monkey; monkey\.patch_all\(\)` first in the script the process starts from/);
  });
});
