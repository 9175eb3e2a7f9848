import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { addRequirementFix, declares, gunicornGeventFix, patchFirstFix, projectDependencies } from '../../src/core/deployment';
import { readGunicornConf } from '../../src/core/deployment/sources/gunicornConf';
import { initPythonParser } from '../../src/core/python/parse';
import { FIXTURES, applyEdits, assertValidPython, readText, tempTree } from './helpers';

/** Applies a fix's edits to the files of a temp tree and returns the new text of `file`. */
function applyToDisk(fix: { edits: Array<{ file: string; span: { start: number; end: number }; newText: string }> }): void {
  const byFile = new Map<string, typeof fix.edits>();
  for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  for (const [file, edits] of byFile) fs.writeFileSync(file, applyEdits(readText(file) ?? '', edits));
}

describe('deployment fixes: patch first', () => {
  before(() => initPythonParser());

  it('moves a late patch_all (with its import) below the module docstring', async () => {
    const file = path.join(FIXTURES, 'late-patch', 'app.py');
    const text = readText(file)!;
    const fix = patchFirstFix(file, text);
    assert.deepStrictEqual([fix.kind, fix.safe, fix.unavailable], ['deployment', true, undefined]);
    const fixed = applyEdits(text, fix.edits);
    assert.strictEqual(
      fixed.split('\n').slice(0, 7).join('\n'),
      ['"""Serves the shop with gevent."""', 'from gevent import monkey', 'monkey.patch_all()', 'import requests', 'from flask import Flask', 'from gevent.pywsgi import WSGIServer', ''].join('\n'),
    );
    assert.strictEqual(fixed.match(/patch_all/g)!.length, 1);
    await assertValidPython(fixed);
    assert.strictEqual(patchFirstFix(file, fixed).unavailable, 'monkey patching already runs before any other import');
  });

  it('splits a `from gevent import monkey; monkey.patch_all()` line and keeps call arguments', async () => {
    const text = 'import os\nimport requests\nfrom gevent import monkey; monkey.patch_all(thread=False)  # noqa: E402\n\nprint(requests)\n';
    const fixed = applyEdits(text, patchFirstFix('/x/app.py', text).edits);
    assert.strictEqual(fixed, 'from gevent import monkey\nmonkey.patch_all(thread=False)\nimport os\nimport requests\n\nprint(requests)\n');
    await assertValidPython(fixed);
  });

  it('adds a fresh patch after `from __future__` imports, keeping CRLF line endings', async () => {
    const text = '#!/usr/bin/env python\r\n"""Entry."""\r\nfrom __future__ import annotations\r\nimport ssl\r\nfrom myapp import create_app\r\n\r\napp = create_app()\r\n';
    const fix = patchFirstFix('/x/wsgi.py', text);
    assert.strictEqual(fix.safe, false);
    const fixed = applyEdits(text, fix.edits);
    assert.strictEqual(
      fixed,
      '#!/usr/bin/env python\r\n"""Entry."""\r\nfrom __future__ import annotations\r\nfrom gevent import monkey\r\nmonkey.patch_all()\r\n\r\nimport ssl\r\nfrom myapp import create_app\r\n\r\napp = create_app()\r\n',
    );
    await assertValidPython(fixed);
  });

  it('a patch inside `if __name__ == "__main__"` is not moved; patching is added at the top', async () => {
    const text = 'import requests\nfrom flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == "__main__":\n    from gevent import monkey\n    monkey.patch_all()\n    app.run()\n';
    const fixed = applyEdits(text, patchFirstFix('/x/app.py', text).edits);
    assert.ok(fixed.startsWith('from gevent import monkey\nmonkey.patch_all()\n\nimport requests\n'));
    assert.ok(fixed.includes('    monkey.patch_all()\n    app.run()'));
    await assertValidPython(fixed);
  });

  it('eventlet patching moves the same way', async () => {
    const text = 'import socket\nimport eventlet\neventlet.monkey_patch()\n';
    const fixed = applyEdits(text, patchFirstFix('/x/app.py', text, 'eventlet').edits);
    assert.strictEqual(fixed, 'import eventlet\neventlet.monkey_patch()\nimport socket\n');
  });

  it('an import that binds other names stays; the patch gets its own import', async () => {
    const text = 'import requests\nfrom gevent import monkey as m\nimport json, gevent\nm.patch_all()\n';
    const fixed = applyEdits(text, patchFirstFix('/x/app.py', text).edits);
    assert.strictEqual(fixed, 'from gevent import monkey as m\nm.patch_all()\nimport requests\nimport json, gevent\n');
    await assertValidPython(fixed);
  });
});

describe('deployment fixes: gunicorn.conf.py', () => {
  before(() => initPythonParser());

  it('creates a gevent config when none exists', async () => {
    const root = tempTree({ 'requirements.txt': 'flask\n' });
    const fix = gunicornGeventFix(root);
    assert.deepStrictEqual(fix.edits.map((e) => [e.file, e.span]), [[path.join(root, 'gunicorn.conf.py'), { start: 0, end: 0 }]]);
    applyToDisk(fix);
    const text = readText(path.join(root, 'gunicorn.conf.py'))!;
    await assertValidPython(text, 'gunicorn.conf.py');
    const [conf] = readGunicornConf(path.join(root, 'gunicorn.conf.py'), text);
    assert.strictEqual(conf.launch.kind, 'gevent');
    assert.ok(conf.settings.workers, 'sets a workers count');
  });

  it('updates an existing config: worker class and connections added, workers kept, preload turned off, CRLF kept', async () => {
    const text = 'bind = "0.0.0.0:8000"\r\nworkers = 4\r\nthreads = 2\r\nworker_class = "sync"\r\npreload_app = True\r\n';
    const fix = gunicornGeventFix('/x', { file: '/x/gunicorn.conf.py', text });
    const fixed = applyEdits(text, fix.edits);
    assert.strictEqual(fixed, 'bind = "0.0.0.0:8000"\r\nworkers = 4\r\nthreads = 2\r\nworker_class = "gevent"\r\npreload_app = False\r\nworker_connections = 1000\r\n');
    const [conf] = readGunicornConf('/x/gunicorn.conf.py', fixed);
    assert.deepStrictEqual([conf.launch.kind, conf.launch.workers, conf.launch.preload], ['gevent', 4, false]);
  });

  it('appends to the fixture config that sets only workers and threads', async () => {
    const file = path.join(FIXTURES, 'gunicorn-conf', 'gunicorn.conf.py');
    const text = readText(file)!;
    const fixed = applyEdits(text, gunicornGeventFix(path.dirname(file), { file, text }).edits);
    assert.strictEqual(fixed, `${text}worker_class = "gevent"\nworker_connections = 1000\n`);
    await assertValidPython(fixed);
    assert.ok(gunicornGeventFix('/x', { file, text: fixed }).unavailable);
  });
});

describe('deployment fixes: requirements', () => {
  const cases: Array<{ name: string; files: Record<string, string>; requirement: string; file: string; expected: string }> = [
    { name: 'requirements.txt: append', files: { 'requirements.txt': 'flask==3.0.3\nrequests' }, requirement: 'gevent', file: 'requirements.txt', expected: 'flask==3.0.3\nrequests\ngevent\n' },
    { name: 'requirements.txt: add the extra to the existing line', files: { 'requirements.txt': 'Flask==3.0.3  # web\r\nrequests\r\n' }, requirement: 'flask[async]', file: 'requirements.txt', expected: 'Flask[async]==3.0.3  # web\r\nrequests\r\n' },
    { name: 'pyproject: multi-line array', files: { 'pyproject.toml': '[project]\nname = "a"\ndependencies = [\n  "flask>=3.0",\n  "gunicorn"\n]\n\n[tool.ruff]\nline-length = 100\n' }, requirement: 'gevent', file: 'pyproject.toml', expected: '[project]\nname = "a"\ndependencies = [\n  "flask>=3.0",\n  "gunicorn",\n  "gevent",\n]\n\n[tool.ruff]\nline-length = 100\n' },
    { name: 'pyproject: one-line array, extra on an existing entry', files: { 'pyproject.toml': '[project]\nname = "a"\ndependencies = ["flask>=3", "requests"]\n' }, requirement: 'flask[async]', file: 'pyproject.toml', expected: '[project]\nname = "a"\ndependencies = ["flask[async]>=3", "requests"]\n' },
    { name: 'pyproject: one-line array, new entry', files: { 'pyproject.toml': '[project]\nname = "a"\ndependencies = ["flask>=3"]\n' }, requirement: 'gevent', file: 'pyproject.toml', expected: '[project]\nname = "a"\ndependencies = ["flask>=3", "gevent"]\n' },
    { name: 'poetry table', files: { 'pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.12"\nflask = "^3.0"\n\n[build-system]\nrequires = ["poetry-core"]\n' }, requirement: 'flask[async]', file: 'pyproject.toml', expected: '[tool.poetry.dependencies]\npython = "^3.12"\nflask = {version = "^3.0", extras = ["async"]}\n\n[build-system]\nrequires = ["poetry-core"]\n' },
    { name: 'Pipfile [packages]', files: { Pipfile: '[[source]]\nurl = "https://pypi.org/simple"\n\n[packages]\nflask = "*"\n\n[dev-packages]\npytest = "*"\n' }, requirement: 'gevent', file: 'Pipfile', expected: '[[source]]\nurl = "https://pypi.org/simple"\n\n[packages]\nflask = "*"\ngevent = "*"\n\n[dev-packages]\npytest = "*"\n' },
    { name: 'setup.cfg install_requires', files: { 'setup.cfg': '[metadata]\nname = a\n\n[options]\ninstall_requires =\n    flask\n    requests\npackages = find:\n' }, requirement: 'gevent', file: 'setup.cfg', expected: '[metadata]\nname = a\n\n[options]\ninstall_requires =\n    flask\n    requests\n    gevent\npackages = find:\n' },
    { name: 'no dependency file: create requirements.txt', files: { 'app.py': 'x = 1\n' }, requirement: 'flask[async]', file: 'requirements.txt', expected: 'flask[async]\n' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const root = tempTree(c.files);
      const fix = addRequirementFix(root, c.requirement);
      assert.strictEqual(fix.unavailable, undefined);
      applyToDisk(fix);
      assert.strictEqual(readText(path.join(root, c.file)), c.expected);
      assert.ok(declares(projectDependencies(root), c.requirement), 'the project now declares it');
    });
  }

  it('reads requirements included with -r, and Pipfile extras', () => {
    const root = tempTree({ 'requirements.txt': '-r requirements/base.txt\ngunicorn\n', 'requirements/base.txt': 'Flask[async]>=3  # web\n' });
    assert.ok(declares(projectDependencies(root), 'flask[async]'));
    const pip = tempTree({ Pipfile: '[packages]\nflask = {version = "*", extras = ["async"]}\n' });
    assert.ok(declares(projectDependencies(pip), 'flask[async]'));
    assert.ok(!declares(projectDependencies(pip), 'gevent'));
  });

  it('prefers requirements.txt over requirements-dev.txt', () => {
    const root = tempTree({ 'requirements-dev.txt': 'pytest\n', 'requirements.txt': 'flask\n' });
    assert.strictEqual(addRequirementFix(root, 'gevent').edits[0].file, path.join(root, 'requirements.txt'));
  });
});
