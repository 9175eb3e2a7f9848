/**
 * Deployment facts belong to a process, not a folder: in a folder holding
 * several apps, each app's findings equal those of scanning it alone, for
 * a scan of the top, of the app, of one file, and for the engine set up as
 * the editor's worker sets it up.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DeploymentModel } from '../../src/core/deployment';
import { Engine } from '../../src/core/engine';
import type { Finding } from '../../src/core/model';
import { scan } from '../../src/core/scan';
import { FLASK_FETCH_VIEW, readText, tempTree } from './helpers';

const PLAIN = [
  'import subprocess',
  'import time',
  '',
  'import requests',
  'from flask import Flask',
  '',
  'app = Flask(__name__)',
  '',
  '',
  '@app.route("/fetch")',
  'def fetch():',
  '    return requests.get("https://example.com", timeout=5).text',
  '',
  '',
  '@app.route("/run")',
  'def run():',
  '    subprocess.run(["true"], check=True)',
  '    time.sleep(1)',
  '    return "ok"',
  '',
].join('\n');

const MONOREPO: Record<string, string> = {
  // The article's situation: a plain app next to a gevent-patched sibling.
  'plain/requirements.txt': 'flask\nrequests\n',
  'plain/app.py': PLAIN,
  'patched/requirements.txt': 'flask\nrequests\ngevent\n',
  'patched/app.py': `from gevent import monkey\nmonkey.patch_all()\n\nimport requests\n${FLASK_FETCH_VIEW}`,
  // Patches after importing requests: reported whatever the sibling does.
  'late/requirements.txt': 'flask\nrequests\ngevent\n',
  'late/app.py': `import requests\nfrom gevent import monkey\nmonkey.patch_all()\n\n${FLASK_FETCH_VIEW}`,
  // gevent workers from the Procfile.
  'kgevent/requirements.txt': 'flask\nrequests\ngevent\ngunicorn\n',
  'kgevent/Procfile': 'web: gunicorn -k gevent -w 4 app:app\n',
  'kgevent/app.py': `import requests\n${FLASK_FETCH_VIEW}`,
  'fast/requirements.txt': 'fastapi\n',
  'fast/main.py': 'import time\n\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/")\nasync def root():\n    time.sleep(1)\n    return {}\n',
};
const APPS = ['plain', 'patched', 'late', 'kgevent', 'fast'];

/** What a user reads of a finding, with the file relative to the monorepo's top. */
function view(top: string, findings: readonly Finding[]): string[] {
  return findings
    .map((f) => `${path.relative(top, f.file)}:${f.range.line} ${f.rule} ${f.severity} ${f.context} ${f.deployment?.summary ?? '-'} | ${f.message}`)
    .sort();
}

describe('deployment per process: a folder holding several apps', function () {
  this.timeout(60000);
  let top: string;
  let whole: Finding[];
  before(async () => {
    top = tempTree(MONOREPO);
    whole = (await scan([top])).findings;
  });
  const inApp = (app: string, findings: readonly Finding[]) => findings.filter((f) => f.file.startsWith(path.join(top, app) + path.sep));

  it('reports each app in its own context', () => {
    assert.deepStrictEqual(view(top, whole).map((line) => line.split(' | ')[0]), [
      'fast/main.py:10 py/blocking-sleep error event-loop -',
      'late/app.py:3 py/config-late-monkey-patch warning unknown gevent-patched late',
      'plain/app.py:12 py/blocking-http warning sync-worker -',
      'plain/app.py:17 py/blocking-subprocess warning sync-worker -',
      'plain/app.py:18 py/blocking-sleep warning sync-worker -',
    ]);
    assert.match(whole.find((f) => f.rule === 'py/config-late-monkey-patch')!.message, /runs after `import requests` on line 1/);
    // The plain app's message says why the default applies.
    for (const f of inApp('plain', whole)) assert.match(f.message, /no deployment found \(server command, gunicorn config or monkey patching\)/);
  });

  it('a server command applies to the module it names and what that loads, not to a second app beside it', async () => {
    const withBlueprint = `import requests\nfrom views import bp\n${FLASK_FETCH_VIEW}app.register_blueprint(bp)\n`;
    const root = tempTree({
      'requirements.txt': 'flask\nrequests\ngevent\ngunicorn\n',
      'Procfile': 'web: gunicorn -k gevent -w 4 app:app\n',
      'views.py': 'import requests\nfrom flask import Blueprint\n\nbp = Blueprint("views", __name__)\n\n\n@bp.route("/load")\ndef load():\n    return requests.get("https://example.com", timeout=5).text\n',
      'app.py': withBlueprint,
      'admin.py': withBlueprint,
      // A script that loads the app is not a server: it does not make the app's modules plain.
      'seed.py': 'from app import app\n\nif __name__ == "__main__":\n    print(app.name)\n',
    });
    const findings = (await scan([root])).findings;
    assert.deepStrictEqual(findings.map((f) => `${path.basename(f.file)}:${f.range.line} ${f.rule} ${f.context}`).sort(), [
      'admin.py:10 py/blocking-http sync-worker',
      'views.py:9 py/blocking-http sync-worker',
    ]);
    assert.match(findings.find((f) => f.file.endsWith('admin.py'))!.message, /not loaded by the gunicorn gevent ×4 process \(Procfile\): no deployment found for it/);
    assert.match(findings.find((f) => f.file.endsWith('views.py'))!.message, /loaded by admin\.py, which is not served by gunicorn gevent ×4, and by app\.py, which is: reported for the worse of the two/);
  });

  it('a module of a patched folder that the patching process does not load says so', async () => {
    const root = tempTree({
      'requirements.txt': 'flask\nrequests\ngevent\n',
      'serve.py': `from gevent import monkey\nmonkey.patch_all()\n\nimport requests\n${FLASK_FETCH_VIEW}`,
      'admin.py': `import requests\n${FLASK_FETCH_VIEW}`,
    });
    const [http] = (await scan([root])).findings.filter((f) => f.rule === 'py/blocking-http' && f.file.endsWith('admin.py'));
    assert.strictEqual(http.context, 'sync-worker');
    assert.match(http.message, /not loaded by the gevent-patched process \(serve\.py\): no deployment found for it/);
  });

  for (const app of APPS) {
    it(`${app}: the top's scan, the app's scan and each file's scan agree`, async () => {
      const alone = (await scan([path.join(top, app)])).findings;
      assert.deepStrictEqual(view(top, alone), view(top, inApp(app, whole)));
      for (const file of fs.readdirSync(path.join(top, app)).filter((f) => f.endsWith('.py'))) {
        const single = (await scan([path.join(top, app, file)])).findings;
        assert.deepStrictEqual(view(top, single), view(top, inApp(app, whole).filter((f) => path.basename(f.file) === file)), `${app}/${file} scanned alone`);
      }
    });
  }

  it("the editor's engine (workspace root at the top) gives the same findings", async () => {
    const engine = await Engine.create([top]);
    const files = APPS.flatMap((app) => fs.readdirSync(path.join(top, app)).filter((f) => f.endsWith('.py')).map((f) => path.join(top, app, f)));
    for (const file of files) engine.setFile(file, readText(file)!);
    const deployment = await DeploymentModel.discover([top], files, (f) => engine.text(f) ?? readText(f), engine.rules);
    engine.setRefiner(deployment);
    engine.setExtraFindings((e) => deployment.configFindings(e.handlers()));
    assert.deepStrictEqual(view(top, engine.findings({ fixes: false })), view(top, whole));
  });

  it('the plain app gets the gevent cure; its patched siblings are left alone', () => {
    for (const f of inApp('plain', whole)) {
      const preferred = f.fixes.find((x) => x.preferred)!;
      assert.strictEqual(preferred.title, 'Serve with gevent workers (create gunicorn.conf.py)');
      assert.deepStrictEqual([...new Set(preferred.edits.map((e) => path.relative(top, e.file)))].sort(), ['plain/gunicorn.conf.py', 'plain/requirements.txt']);
    }
  });

  it('a module two processes load, one patched and one not, gets the worse context and a message naming both', async () => {
    const root = tempTree({
      'requirements.txt': 'flask\nrequests\ngevent\n',
      'views.py': 'import requests\nfrom flask import Blueprint\n\nbp = Blueprint("views", __name__)\n\n\n@bp.route("/fetch")\ndef fetch():\n    return requests.get("https://example.com", timeout=5).text\n',
      'app.py': 'from flask import Flask\n\nfrom views import bp\n\napp = Flask(__name__)\napp.register_blueprint(bp)\n',
      'serve_gevent.py': 'from gevent import monkey\nmonkey.patch_all()\n\nfrom flask import Flask\n\nfrom views import bp\n\napp = Flask(__name__)\napp.register_blueprint(bp)\n',
    });
    const [http] = (await scan([root])).findings.filter((f) => f.rule === 'py/blocking-http');
    assert.strictEqual(http.context, 'sync-worker');
    assert.match(http.message, /loaded by app\.py, which is not gevent-patched, and by serve_gevent\.py, which is \(gevent-patched\): reported for the worse of the two/);
  });
});
