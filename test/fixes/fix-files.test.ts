/**
 * What `unblock scan --fix` does to the files themselves: encodings, BOMs,
 * line endings, modes and symlinks are kept; nothing outside the scanned
 * folders is written; a fix that fails the project check is rolled back.
 * Real files in temp folders, the CLI run in process.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as iconv from 'iconv-lite';
import type { ScanResult } from '../../src/core/model';
import { applyFixes } from '../../src/cli/fix';
import { scan } from '../../src/core/scan';
import { Engine } from '../../src/core/engine';
import { checkFixGroups } from '../../src/core/fixes/checkBatch';
import { runInProcess } from '../cli/run-cli';
import { tempProject } from './harness';

const APP = (comment: string, eol = '\n') =>
  [`# -*- coding: latin-1 -*-`, 'import time', 'from fastapi import FastAPI', '', 'app = FastAPI()', '', '', '@app.get("/")', 'async def index():', `    time.sleep(1)  # ${comment}`, '    return {}', ''].join(eol);

function write(dir: string, name: string, data: string | Buffer): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
  return file;
}

describe('cli --fix: the files it writes', function () {
  this.timeout(60000);

  it('keeps a Latin-1 file Latin-1 (PEP 263), bytes outside the edit untouched', async () => {
    const dir = tempProject();
    const file = write(dir, 'app.py', iconv.encode(APP('café crème'), 'latin1'));
    await runInProcess(['scan', '.', '--fix'], { cwd: dir });
    const bytes = fs.readFileSync(file);
    const text = iconv.decode(bytes, 'latin1');
    assert.match(text, /await asyncio\.sleep\(1\)  # café crème/);
    assert.ok(bytes.includes(Buffer.from([0x63, 0x61, 0x66, 0xe9])), 'é must stay the single byte 0xE9');
    assert.ok(!bytes.includes(Buffer.from([0xef, 0xbf, 0xbd])), 'no U+FFFD');
  });

  it('keeps a UTF-8 BOM and CRLF line endings', async () => {
    const dir = tempProject();
    const file = write(dir, 'app.py', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(APP('ok', '\r\n').replace('latin-1', 'utf-8'))]));
    await runInProcess(['scan', '.', '--fix'], { cwd: dir });
    const bytes = fs.readFileSync(file);
    assert.deepStrictEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    assert.match(text, /await asyncio\.sleep\(1\)/);
    assert.ok(!/[^\r]\n/.test(text), 'a bare LF slipped in');
  });

  it('reads and writes UTF-16 with its BOM', async () => {
    const dir = tempProject();
    const source = APP('ok').replace('latin-1', 'utf-16');
    const file = write(dir, 'app.py', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(source, 'utf16le')]));
    const run = await runInProcess(['scan', '.', '--fix'], { cwd: dir });
    assert.match(run.stdout, /Applied 1 fix/);
    const bytes = fs.readFileSync(file);
    assert.deepStrictEqual([...bytes.subarray(0, 2)], [0xff, 0xfe]);
    assert.match(iconv.decode(bytes.subarray(2), 'utf16le'), /await asyncio\.sleep\(1\)/);
  });

  it('does not rewrite a file whose bytes are not valid in its encoding', async () => {
    const dir = tempProject();
    const bytes = Buffer.concat([Buffer.from(APP('x').replace('# -*- coding: latin-1 -*-', '# plain')), Buffer.from([0xe9, 0x0a])]);
    const file = write(dir, 'app.py', bytes);
    const run = await runInProcess(['scan', '.', '--fix'], { cwd: dir });
    assert.match(run.stdout, /not valid utf8/);
    assert.deepStrictEqual(fs.readFileSync(file), bytes);
  });

  it('keeps the file mode and a symlink inside the roots stays a symlink', async () => {
    const dir = tempProject();
    const real = write(dir, 'src/real_app.py', APP('ok').replace('latin-1', 'utf-8'));
    fs.chmodSync(real, 0o751);
    fs.symlinkSync(path.join('src', 'real_app.py'), path.join(dir, 'app.py'));
    await runInProcess(['scan', 'app.py', 'src', '--fix'], { cwd: dir });
    assert.ok(fs.lstatSync(path.join(dir, 'app.py')).isSymbolicLink());
    assert.match(fs.readFileSync(real, 'utf8'), /await asyncio\.sleep\(1\)/);
    assert.strictEqual(fs.statSync(real).mode & 0o777, 0o751);
  });

  it('follows no symlink out of the scanned folder and writes nothing there', async () => {
    const dir = tempProject();
    const outside = write(dir, 'shared/app.py', APP('ok').replace('latin-1', 'utf-8'));
    fs.mkdirSync(path.join(dir, 'project'));
    fs.symlinkSync(path.join(dir, 'shared'), path.join(dir, 'project', 'shared'));
    const before = fs.readFileSync(outside, 'utf8');
    const run = await runInProcess(['scan', 'project', '--fix'], { cwd: dir });
    assert.strictEqual(fs.readFileSync(outside, 'utf8'), before);
    assert.match(run.stdout, /symbolic link to .*shared, outside the scanned folders/);
  });

  it('refuses --output pointing at a scanned source file', async () => {
    const dir = tempProject();
    const file = write(dir, 'app.py', APP('ok'));
    const before = fs.readFileSync(file);
    const run = await runInProcess(['scan', '.', '--output', 'app.py'], { cwd: dir });
    assert.strictEqual(run.status, 2);
    assert.match(run.stderr, /source file being scanned/);
    assert.deepStrictEqual(fs.readFileSync(file), before);
  });
});

describe('cli --fix: the project check after each round', function () {
  this.timeout(60000);

  it('rolls back a fix that leaves a coroutine un-awaited and reports why, keeping the good one', async () => {
    const dir = tempProject();
    const helpers = write(dir, 'helpers.py', 'def load():\n    return 1\n');
    const app = write(dir, 'app.py', 'import time\nfrom fastapi import FastAPI\n\nfrom helpers import load\n\napp = FastAPI()\n\n\n@app.get("/")\nasync def index():\n    time.sleep(1)\n    if load():\n        return {}\n    return {"x": 1}\n');
    const initial = await scan([dir]);
    const finding = initial.findings.find((f) => f.call === 'time.sleep');
    assert.ok(finding);
    // A fix as an unsafe rewrite would make it: `load` becomes async, its caller is not updated.
    const bad = { title: 'make load async (broken)', kind: 'make-async' as const, safe: true, preferred: true, edits: [{ file: helpers, span: { start: 0, end: 0 }, newText: 'async ' }] };
    const tampered: ScanResult = Object.assign(Object.create(Object.getPrototypeOf(initial)), initial, {
      findings: [{ ...finding, fixes: [bad] }, { ...finding, call: 'other', range: { ...finding.range, line: finding.range.line + 100 }, fixes: finding.fixes }],
    });
    Object.defineProperty(tampered, 'snapshot', { value: (initial as unknown as { snapshot: unknown }).snapshot });
    const outcome = await applyFixes(tampered, { write: true, roots: [dir], rescan: () => scan([dir]) });
    assert.strictEqual(fs.readFileSync(helpers, 'utf8'), 'def load():\n    return 1\n');
    const skipped = outcome.skipped.find((s) => s.title === bad.title);
    assert.ok(skipped, JSON.stringify(outcome.skipped));
    assert.match(skipped.reason, /rolled back: load is async now but is not awaited at app\.py:12/);
    assert.match(fs.readFileSync(app, 'utf8'), /await asyncio\.sleep\(1\)/);
  });
});

describe('cli --fix: the scans a round no longer needs', function () {
  this.timeout(60000);

  it('lets go of the engine of the scan whose fixes it applied, and still checks against that scan', async () => {
    const dir = tempProject();
    write(dir, 'app.py', 'import time\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/")\nasync def index():\n    time.sleep(1)\n    return {}\n');
    const initial = await scan([dir]);
    assert.ok(Object.getOwnPropertyDescriptor(initial, 'snapshot'), 'a scan carries its engine for the check after fixes');
    const outcome = await applyFixes(initial, { write: true, roots: [dir], rescan: () => scan([dir]) });
    assert.deepStrictEqual(outcome.applied.map((a) => a.rule), ['py/blocking-sleep']);
    assert.strictEqual(Object.getOwnPropertyDescriptor(initial, 'snapshot'), undefined, 'the first scan no longer holds its engine');
    assert.ok(Object.getOwnPropertyDescriptor(outcome.result, 'snapshot'), 'the re-scan the report comes from still does');
  });
});

describe('editor fix-all: the same project check, in memory', function () {
  this.timeout(60000);

  it('keeps the groups that pass, rejects the one that leaves a coroutine un-awaited, and restores the engine', async () => {
    const dir = tempProject();
    const helpersText = 'def load():\n    return 1\n';
    const appText = 'import time\nfrom fastapi import FastAPI\n\nfrom helpers import load\n\napp = FastAPI()\n\n\n@app.get("/")\nasync def index():\n    time.sleep(1)\n    if load():\n        return {}\n    return {"x": 1}\n';
    const helpers = write(dir, 'helpers.py', helpersText);
    const app = write(dir, 'app.py', appText);
    const engine = await Engine.create([dir]);
    engine.setFile(helpers, helpersText);
    engine.setFile(app, appText);
    const sleep = engine.findings().find((f) => f.call === 'time.sleep')!;
    const good = sleep.fixes.find((f) => f.preferred)!.edits;
    const bad = [{ file: helpers, span: { start: 0, end: 0 }, newText: 'async ' }];
    const verdict = checkFixGroups(engine, dir, [good, bad]);
    assert.deepStrictEqual(verdict.kept, [0]);
    assert.strictEqual(verdict.rejected[0].index, 1);
    assert.match(verdict.rejected[0].problems.join('\n'), /load is async now but is not awaited at app\.py:13/);
    assert.strictEqual(engine.text(helpers), helpersText);
    assert.strictEqual(engine.text(app), appText);
  });
});
