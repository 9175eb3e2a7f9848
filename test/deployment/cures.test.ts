/**
 * The article's server cures as fixes (src/core/deployment/cures.ts), on
 * real trees on disk through `scan()`: which cure is preferred, what it
 * writes, and that a re-scan of the fixed tree sees the new deployment.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Finding, Fix } from '../../src/core/model';
import { scan } from '../../src/core/scan';
import { textsAfterEdits } from '../../src/core/fixes/edits';
import { assertValidPython, FLASK_FETCH_VIEW, readText, tempTree } from './helpers';

const VIEW = `import requests\n${FLASK_FETCH_VIEW}`;

async function findings(root: string): Promise<Finding[]> {
  return (await scan([root])).findings;
}

function only(list: Finding[], rule: string): Finding {
  const found = list.filter((f) => f.rule === rule);
  assert.strictEqual(found.length, 1, `${rule}: ${list.map((f) => f.rule).join(', ')}`);
  return found[0];
}

const deploymentFixes = (f: Finding) => f.fixes.filter((x) => x.kind === 'deployment');

/** Writes a fix's edits to disk (new files created). */
function apply(fix: Fix): void {
  for (const [file, text] of textsAfterEdits(fix.edits, (f) => readText(f) ?? '')) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}

describe('deployment cures: which server fix a sync view gets', function () {
  this.timeout(30000);

  it('plain Flask app: gevent workers preferred, then threads; the same edits for every finding', async () => {
    const root = tempTree({
      'requirements.txt': 'flask\nrequests\n',
      'app.py': VIEW + '\n\n@app.route("/b")\ndef b():\n    import time\n    time.sleep(1)\n    return "ok"\n',
    });
    const list = await findings(root);
    assert.strictEqual(list.length, 2);
    const cures = list.map(deploymentFixes);
    for (const c of cures) {
      assert.deepStrictEqual(c.map((f) => [f.title, !!f.preferred, f.safe]), [
        ['Serve with gevent workers (create gunicorn.conf.py)', true, true],
        ['Serve with 4 threads per worker (create gunicorn.conf.py)', false, true],
      ]);
    }
    assert.deepStrictEqual(cures[0][0].edits, cures[1][0].edits, 'one fix, applied once, serves both findings');
    apply(cures[0][0]);
    const conf = readText(path.join(root, 'gunicorn.conf.py'))!;
    assert.match(conf, /^wsgi_app = "app:app"$/m);
    assert.match(conf, /^worker_class = "gevent"$/m);
    await assertValidPython(conf);
    assert.strictEqual(readText(path.join(root, 'requirements.txt')), 'flask\nrequests\ngevent\n');
    assert.deepStrictEqual(await findings(root), [], 'the re-scan sees gevent workers: the findings are cleared');
  });

  it('psycopg2 without psycogreen: threads preferred, gevent alone unavailable, gevent + psycogreen offered and effective', async () => {
    const root = tempTree({
      'requirements.txt': 'flask\nrequests\npsycopg2-binary\n',
      'app.py': VIEW + '\n\n@app.route("/db")\ndef db():\n    import psycopg2\n    conn = psycopg2.connect("dbname=x")\n    cur = conn.cursor()\n    cur.execute("select 1")\n    return "ok"\n',
    });
    const list = await findings(root);
    const http = only(list, 'py/blocking-http');
    const cures = deploymentFixes(http);
    assert.strictEqual(cures[0].title, 'Serve with 4 threads per worker (create gunicorn.conf.py)');
    assert.ok(cures[0].preferred);
    const geventAlone = cures.find((f) => f.title === 'Serve with gevent workers')!;
    assert.match(geventAlone.unavailable ?? '', /psycopg2-binary: a C driver gevent cannot patch/);
    const psycogreen = cures.find((f) => /psycogreen/.test(f.title))!;
    assert.ok(psycogreen && !psycogreen.unavailable && !psycogreen.preferred);
    apply(psycogreen);
    const conf = readText(path.join(root, 'gunicorn.conf.py'))!;
    assert.match(conf, /^def post_fork\(server, worker\):$/m);
    await assertValidPython(conf);
    assert.match(readText(path.join(root, 'requirements.txt'))!, /^gevent$/m);
    assert.match(readText(path.join(root, 'requirements.txt'))!, /^psycogreen$/m);
    // gevent workers with psycopg2 patched in post_fork: the network call and the psycopg2 query both yield now.
    assert.deepStrictEqual((await findings(root)).map((f) => f.rule), []);
  });

  it('threads on an existing gunicorn.conf.py that already runs threads: unavailable, so nothing is preferred after it', async () => {
    const root = tempTree({
      'requirements.txt': 'flask\nrequests\nmysqlclient\n',
      'gunicorn.conf.py': 'workers = 2\nthreads = 8\n',
      'app.py': VIEW,
    });
    const http = only(await findings(root), 'py/blocking-http');
    const cures = deploymentFixes(http);
    assert.match(cures[0].unavailable ?? '', /already runs 8 threads per worker/);
    assert.ok(!http.fixes.some((f) => f.preferred && f.kind === 'deployment'));
    assert.ok(!http.fixes.some((f) => f.preferred && f.kind === 'make-async'), 'a Flask view with one call is never made async instead');
  });

  it('served by uwsgi: the gunicorn cure is unavailable and names the command to use', async () => {
    const root = tempTree({ 'requirements.txt': 'flask\nrequests\n', Procfile: 'web: uwsgi --http :8000 --module app:app\n', 'app.py': VIEW });
    const cure = deploymentFixes(only(await findings(root), 'py/blocking-http'))[0];
    assert.match(cure.unavailable ?? '', /served by uwsgi \(Procfile:1\); change that command by hand to `gunicorn -k gevent -w 4 app:app` \(or add `--gevent 1000`/);
  });

  it('--preload on the command: gevent unavailable until it is removed', async () => {
    const root = tempTree({ 'requirements.txt': 'flask\nrequests\n', Procfile: 'web: gunicorn --preload -w 2 app:app\n', 'app.py': VIEW });
    const cure = deploymentFixes(only(await findings(root), 'py/blocking-http'))[0];
    assert.match(cure.unavailable ?? '', /--preload \(Procfile:1\) imports the app before the gevent worker patches/);
  });

  it('CPU work: no server cure, and the fix says gevent does not help, under sync workers and under gevent', async () => {
    const cpu = 'import hashlib\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\n@app.post("/login")\ndef login():\n    return hashlib.pbkdf2_hmac("sha256", b"pw", b"salt", 600000).hex()\n';
    const sync = only(await findings(tempTree({ 'requirements.txt': 'flask\n', 'app.py': cpu })), 'py/cpu-password-hash');
    assert.deepStrictEqual(deploymentFixes(sync), []);
    assert.match(sync.fixes.find((f) => /process pool or a task queue/.test(f.title))?.unavailable ?? '', /gevent workers and threads do not help CPU-bound Python/);
    const gevent = only(await findings(tempTree({ 'requirements.txt': 'flask\ngevent\n', Procfile: 'web: gunicorn -k gevent app:app\n', 'app.py': cpu })), 'py/cpu-password-hash');
    assert.match(gevent.fixes.find((f) => /process pool or a task queue/.test(f.title))?.unavailable ?? '', /gevent does not make CPU work yield/);
  });

  it('FastAPI on the event loop and Django under ASGI get no server cure', async () => {
    const fast = only(await findings(tempTree({ 'requirements.txt': 'fastapi\n', 'main.py': 'import time\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/")\nasync def root():\n    time.sleep(1)\n    return {}\n' })), 'py/blocking-sleep');
    assert.deepStrictEqual(deploymentFixes(fast), []);
  });

  it('a Django view under WSGI with one call is not made async (it would still hold the worker)', async () => {
    const root = tempTree({
      'requirements.txt': 'django\nrequests\n',
      'shop/views.py': 'import requests\nfrom django.http import JsonResponse\n\n\ndef rates(request):\n    return JsonResponse(requests.get("https://example.com", timeout=5).json())\n',
      'shop/urls.py': 'from django.urls import path\nfrom . import views\n\nurlpatterns = [path("rates/", views.rates)]\n',
    });
    const http = only(await findings(root), 'py/blocking-http');
    assert.ok(deploymentFixes(http)[0].preferred);
    assert.match(http.fixes.find((f) => f.kind === 'make-async')?.unavailable ?? '', /Django async view under WSGI still holds its worker/);
  });
});
