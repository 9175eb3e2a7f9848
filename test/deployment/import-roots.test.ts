/**
 * Imports resolve from each app's own import roots, not the scan root: two
 * apps with a package of the same name each import their own, and a src
 * layout, a Dockerfile PYTHONPATH or gunicorn --chdir put namespace packages
 * on the path. Scanning the top gives each app's findings alone.
 */
import * as assert from 'assert';
import * as path from 'path';
import { scan } from '../../src/core/scan';
import type { Finding } from '../../src/core/model';
import { importRootsOf } from '../../src/core/deployment/importRoots';
import { tempTree } from './helpers';

const VIEWS = (module: string) =>
  `from flask import Flask\n\nfrom ${module} import load\n\napp = Flask(__name__)\n\n\n@app.route("/")\ndef index():\n    return load()\n`;
const BLOCKING = 'import requests\n\n\ndef load():\n    return requests.get("https://example.com", timeout=5).text\n';
const HARMLESS = 'def load():\n    return "cached"\n';

const TREE: Record<string, string> = {
  // Two apps, both with a package named `app`: each imports its own services.
  'alpha/requirements.txt': 'flask\nrequests\n',
  'alpha/app/__init__.py': '',
  'alpha/app/views.py': VIEWS('app.services'),
  'alpha/app/services.py': BLOCKING,
  'beta/requirements.txt': 'flask\n',
  'beta/app/__init__.py': '',
  'beta/app/views.py': VIEWS('app.services'),
  'beta/app/services.py': HARMLESS,
  // A src layout of namespace packages (no __init__.py), declared in pyproject.toml.
  'gamma/pyproject.toml': '[project]\nname = "gamma"\ndependencies = ["flask", "requests"]\n\n[tool.setuptools.packages.find]\nwhere = ["src"]\n',
  'gamma/src/gamma_web/views.py': VIEWS('gamma_web.client'),
  'gamma/src/gamma_web/client.py': BLOCKING,
  // A library folder copied to /opt/lib and put on PYTHONPATH by the Dockerfile.
  'delta/requirements.txt': 'flask\nrequests\ngunicorn\n',
  'delta/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY requirements.txt /srv/\nCOPY service/ /srv/service/\nCOPY lib/ /opt/lib/\nENV PYTHONPATH=/opt/lib\nCMD ["gunicorn", "-w", "2", "service.web:app"]\n',
  'delta/service/web.py': VIEWS('shared.http'),
  'delta/lib/shared/http.py': BLOCKING,
  // gunicorn --chdir runs the app from code/: its namespace packages resolve from there.
  'epsilon/requirements.txt': 'flask\nrequests\ngunicorn\n',
  'epsilon/Procfile': 'web: gunicorn --chdir code -w 2 web:app\n',
  'epsilon/code/web.py': VIEWS('clients.remote'),
  'epsilon/code/clients/remote.py': BLOCKING,
};

function view(top: string, findings: readonly Finding[]): string[] {
  return findings.map((f) => `${path.relative(top, f.file)}:${f.range.line} ${f.rule} ${f.context}`).sort();
}

describe('import roots per app', function () {
  this.timeout(60000);
  let top: string;
  let whole: Finding[];
  before(async () => {
    top = tempTree(TREE);
    whole = (await scan([top])).findings;
  });
  const inApp = (app: string) => whole.filter((f) => f.file.startsWith(path.join(top, app) + path.sep));

  it('follows each view into its own app\'s modules', () => {
    assert.deepStrictEqual(view(top, whole), [
      'alpha/app/services.py:5 py/blocking-http sync-worker',
      'alpha/app/views.py:10 py/via-call sync-worker',
      'delta/lib/shared/http.py:5 py/blocking-http sync-worker',
      'delta/service/web.py:10 py/via-call sync-worker',
      'epsilon/code/clients/remote.py:5 py/blocking-http sync-worker',
      'epsilon/code/web.py:10 py/via-call sync-worker',
      'gamma/src/gamma_web/client.py:5 py/blocking-http sync-worker',
      'gamma/src/gamma_web/views.py:10 py/via-call sync-worker',
    ]);
  });

  for (const app of ['alpha', 'beta', 'gamma', 'delta', 'epsilon']) {
    it(`${app}: scanning the top, the app alone and each of its files alone agree`, async () => {
      const alone = (await scan([path.join(top, app)])).findings;
      assert.deepStrictEqual(view(top, alone), view(top, inApp(app)));
      for (const file of Object.keys(TREE).filter((f) => f.startsWith(`${app}/`) && f.endsWith('.py'))) {
        const single = await scan([path.join(top, file)]);
        assert.deepStrictEqual(view(top, single.findings), view(top, inApp(app).filter((f) => f.file === path.join(top, file))), `${file} scanned alone`);
        assert.strictEqual(single.filesScanned, 1);
        assert.ok(single.handlers.every((h) => h.file === path.join(top, file)));
      }
    });
  }

  it('reads src layouts from pyproject.toml (setuptools, poetry, hatch) and setup.cfg', () => {
    const dir = path.resolve('/p');
    assert.deepStrictEqual(importRootsOf(path.join(dir, 'pyproject.toml'), '[tool.setuptools]\npackage-dir = {"" = "src"}\n'), [path.join(dir, 'src')]);
    assert.deepStrictEqual(importRootsOf(path.join(dir, 'pyproject.toml'), '[tool.poetry]\npackages = [{ include = "svc", from = "lib" }]\n'), [path.join(dir, 'lib')]);
    assert.deepStrictEqual(importRootsOf(path.join(dir, 'pyproject.toml'), '[tool.hatch.build.targets.wheel]\npackages = ["src/svc"]\n'), [path.join(dir, 'src')]);
    assert.deepStrictEqual(importRootsOf(path.join(dir, 'setup.cfg'), '[options]\npackage_dir =\n    =src\n'), [path.join(dir, 'src')]);
    assert.deepStrictEqual(importRootsOf(path.join(dir, 'pyproject.toml'), 'not = [valid'), []);
  });

  it('maps a Dockerfile WORKDIR and PYTHONPATH back to the build context', () => {
    const dir = path.resolve('/ctx');
    // full-stack-fastapi-template's backend: WORKDIR /app/, COPY ./app /app/app, PYTHONPATH=/app.
    assert.deepStrictEqual(importRootsOf(path.join(dir, 'Dockerfile'), 'FROM python:3.10\nWORKDIR /app/\nENV PYTHONPATH=/app\nCOPY ./app /app/app\n'), [dir]);
    assert.deepStrictEqual(importRootsOf(path.join(dir, 'Dockerfile'), 'FROM python:3.12\nWORKDIR /code\nCOPY . .\nENV PYTHONPATH="/code/src:/usr/lib"\n'), [dir, path.join(dir, 'src')]);
    // Only the final stage runs; a path copied from nowhere maps to nothing.
    assert.deepStrictEqual(importRootsOf(path.join(dir, 'Dockerfile'), 'FROM python:3.12 AS build\nWORKDIR /x\nCOPY . .\nFROM python:3.12\nWORKDIR /y\n'), []);
  });
});
