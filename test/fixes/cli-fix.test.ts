/**
 * `unblock scan --fix / --diff / --fix-kind` end to end (in process, real
 * files in temp folders), plus `applyFixes` on hand-made colliding fixes.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Finding, ScanResult } from '../../src/core/model';
import { applyFixes } from '../../src/cli/fix';
import { parseFixKinds } from '../../src/cli/fixKinds';
import { runInProcess } from '../cli/run-cli';
import { tempProject } from './harness';

const FLASK = 'import time\r\nfrom flask import Flask\r\n\r\napp = Flask(__name__)\r\n\r\n\r\n@app.route("/")\r\ndef index():\r\n    time.sleep(1)\r\n    return "ok"\r\n';
const FASTAPI = 'import time\r\nfrom fastapi import FastAPI\r\n\r\napp = FastAPI()\r\n\r\n\r\n@app.get("/")\r\nasync def index():\r\n    time.sleep(1)\r\n    return {}\r\n';

/** An app in `api/`, with its requirements.txt in `api/` (default) or in the folder above. */
function project(source: string, requirements: string, requirementsAbove = false): string {
  const dir = tempProject();
  fs.mkdirSync(path.join(dir, 'api'));
  fs.writeFileSync(path.join(dir, 'api', 'app.py'), source);
  fs.writeFileSync(path.join(dir, requirementsAbove ? '' : 'api', 'requirements.txt'), requirements);
  return dir;
}
const flaskProject = (requirementsAbove = false) => project(FLASK, 'flask\n', requirementsAbove);

describe('cli: scan --fix', function () {
  this.timeout(60000);

  it('--diff alone previews without writing', async () => {
    const dir = project(FASTAPI, 'fastapi\n');
    const run = await runInProcess(['scan', 'api', '--diff'], { cwd: dir });
    assert.match(run.stdout, /\+    await asyncio\.sleep\(1\)/);
    assert.match(run.stdout, /Would apply 1 fix/);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'api', 'app.py'), 'utf8'), FASTAPI);
  });

  it('--fix writes the preferred fix, keeps CRLF, re-scans and leaves no temp files', async () => {
    const dir = project(FASTAPI, 'fastapi\n');
    const run = await runInProcess(['scan', 'api', '--fix'], { cwd: dir });
    const text = fs.readFileSync(path.join(dir, 'api', 'app.py'), 'utf8');
    assert.match(text, /async def index\(\):\r\n    await asyncio\.sleep\(1\)\r\n/);
    assert.ok(!/[^\r]\n/.test(text), 'a bare LF slipped in');
    assert.match(run.stdout, /Applied 1 fix\(es\) in 1 file\(s\)/);
    assert.match(run.stdout, /0 finding\(s\) remain after re-scanning/);
    assert.deepStrictEqual(fs.readdirSync(path.join(dir, 'api')).filter((f) => f.includes('unblock')), []);
  });

  it('serves a sync Flask app with gevent workers once for all its findings, and the re-scan clears them', async () => {
    const dir = tempProject();
    fs.writeFileSync(path.join(dir, 'requirements.txt'), 'flask\nrequests\n');
    fs.writeFileSync(path.join(dir, 'Procfile'), 'web: gunicorn -w 4 app:app\n');
    fs.writeFileSync(path.join(dir, 'app.py'), 'import subprocess\nimport time\n\nimport requests\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route("/a")\ndef a():\n    return requests.get("https://example.com").text\n\n\n@app.route("/b")\ndef b():\n    subprocess.run(["true"], check=True)\n    time.sleep(1)\n    return "ok"\n');
    const run = await runInProcess(['scan', '.', '--fix'], { cwd: dir });
    assert.strictEqual(fs.readFileSync(path.join(dir, 'Procfile'), 'utf8'), 'web: gunicorn -k gevent -w 4 app:app\n');
    assert.strictEqual(fs.readFileSync(path.join(dir, 'requirements.txt'), 'utf8'), 'flask\nrequests\ngevent\n');
    assert.match(run.stdout, /Applied 3 fix\(es\) in 2 file\(s\)/);
    assert.match(run.stdout, /0 finding\(s\) remain after re-scanning/);
  });

  it('never writes outside the scanned folders', async () => {
    // The app (its requirements.txt) is the folder above the scanned one: the server cure would write there.
    const dir = flaskProject(true);
    const run = await runInProcess(['scan', 'api', '--fix'], { cwd: dir });
    assert.match(run.stdout, /would write outside the scanned folders/);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'requirements.txt'), 'utf8'), 'flask\n');
    assert.deepStrictEqual(fs.readdirSync(dir).filter((f) => f !== '.git').sort(), ['api', 'requirements.txt']);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'api', 'app.py'), 'utf8'), FLASK);
  });

  it('--fix-kind narrows the fixes (suppress only here)', async () => {
    const dir = flaskProject();
    const run = await runInProcess(['scan', 'api', '--fix-kind', 'suppress'], { cwd: dir });
    assert.match(fs.readFileSync(path.join(dir, 'api', 'app.py'), 'utf8'), /time\.sleep\(1\)  # unblock: ignore\[py\/blocking-sleep\]\r\n/);
    assert.match(run.stdout, /Applied 1 fix/);
  });

  it('rejects an unknown --fix-kind as a usage error', async () => {
    assert.throws(() => parseFixKinds(['await,bogus']), /invalid --fix-kind "bogus"/);
    const run = await runInProcess(['scan', '.', '--fix-kind', 'bogus'], { cwd: tempProject() });
    assert.strictEqual(run.status, 2);
  });

  it('applies the first of two colliding fixes and reports the other', async () => {
    const dir = tempProject();
    const file = path.join(dir, 'a.py');
    fs.writeFileSync(file, 'x = 1\n');
    const finding = (line: number, newText: string): Finding => ({
      file,
      range: { line, column: 1, endLine: line, endColumn: 2 },
      span: { start: 0, end: 1 },
      rule: 'py/test',
      category: 'sleep',
      severity: 'error',
      call: `c${line}`,
      message: '',
      context: 'event-loop',
      handler: null,
      chain: [],
      fixes: [{ title: `to ${newText}`, kind: 'await', safe: true, preferred: true, edits: [{ file, span: { start: 0, end: 1 }, newText }] }],
    });
    const initial: ScanResult = { root: dir, filesScanned: 1, handlers: [], findings: [finding(1, 'y'), finding(2, 'z')], errors: [] };
    const rescan = async (): Promise<ScanResult> => ({ ...initial, findings: [] });
    const outcome = await applyFixes(initial, { write: true, roots: [dir], rescan });
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'y = 1\n');
    assert.deepStrictEqual(outcome.applied.map((a) => a.title), ['to y']);
    assert.deepStrictEqual(outcome.skipped.map((s) => [s.title, s.reason]), [['to z', 'its edits overlap another fix']]);
  });
});
