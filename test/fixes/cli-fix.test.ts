/**
 * `unblock scan --fix / --diff / --fix-kind` end to end (in process, real
 * files in temp folders), plus `applyFixes` on hand-made colliding fixes.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Finding, ScanResult } from '../../src/core/model';
import { applyFixes, parseFixKinds } from '../../src/cli/fix';
import { runInProcess } from '../cli/run-cli';
import { tempProject } from './harness';

const FLASK = 'import time\r\nfrom flask import Flask\r\n\r\napp = Flask(__name__)\r\n\r\n\r\n@app.route("/")\r\ndef index():\r\n    time.sleep(1)\r\n    return "ok"\r\n';

/** A Flask app in `api/`, with its requirements.txt in `api/` (default) or in the folder above. */
function flaskProject(requirementsAbove = false): string {
  const dir = tempProject();
  fs.mkdirSync(path.join(dir, 'api'));
  fs.writeFileSync(path.join(dir, 'api', 'app.py'), FLASK);
  fs.writeFileSync(path.join(dir, requirementsAbove ? '' : 'api', 'requirements.txt'), 'flask\n');
  return dir;
}

describe('cli: scan --fix', function () {
  this.timeout(60000);

  it('--diff alone previews without writing', async () => {
    const dir = flaskProject();
    const run = await runInProcess(['scan', 'api', '--diff'], { cwd: dir });
    assert.match(run.stdout, /\+async def index\(\):/);
    assert.match(run.stdout, /Would apply 1 fix/);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'api', 'app.py'), 'utf8'), FLASK);
  });

  it('--fix writes the preferred fix, keeps CRLF, re-scans and leaves no temp files', async () => {
    const dir = flaskProject();
    const run = await runInProcess(['scan', 'api', '--fix'], { cwd: dir });
    const text = fs.readFileSync(path.join(dir, 'api', 'app.py'), 'utf8');
    assert.match(text, /async def index\(\):\r\n    await asyncio\.sleep\(1\)\r\n/);
    assert.ok(!/[^\r]\n/.test(text), 'a bare LF slipped in');
    assert.strictEqual(fs.readFileSync(path.join(dir, 'api', 'requirements.txt'), 'utf8'), 'flask[async]\n');
    assert.match(run.stdout, /Applied 1 fix\(es\) in 2 file\(s\)/);
    assert.match(run.stdout, /0 finding\(s\) remain after re-scanning/);
    assert.deepStrictEqual(fs.readdirSync(path.join(dir, 'api')).filter((f) => f.includes('unblock')), []);
  });

  it('never writes outside the scanned folders', async () => {
    // The only requirements file is above the scanned folder.
    const dir = flaskProject(true);
    const run = await runInProcess(['scan', 'api', '--fix'], { cwd: dir });
    assert.match(run.stdout, /would write outside the scanned folders/);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'requirements.txt'), 'utf8'), 'flask\n');
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
