import * as assert from 'assert';
import * as path from 'path';
import { DeploymentModel, concurrencyNote, cooperativeUnder } from '../../src/core/deployment';
import { RuleCatalog } from '../../src/core/rules/catalog';
import { FIXTURES, readText, tempTree } from './helpers';
import { scan } from '../../src/core/scan';
import type { Finding } from '../../src/core/model';

const discover = (root: string, files: string[] = []) => DeploymentModel.discover([root], files, readText);
const fixture = (name: string) => path.join(FIXTURES, name);

describe('deployment: facts per app', () => {
  it('gunicorn -k gevent in a Procfile: gevent facts, sync Flask views become cooperative', async () => {
    const root = fixture('procfile-gevent');
    const model = await discover(root);
    const facts = model.factsFor(path.join(root, 'myapp.py'))!;
    assert.deepStrictEqual([facts.kind, facts.server, facts.workers, facts.source.file, facts.source.line], ['gevent', 'gunicorn', 4, path.join(root, 'Procfile'), 1]);
    const refined = model.refineContext(path.join(root, 'myapp.py'), 'flask', 'sync-worker');
    assert.strictEqual(refined.context, 'cooperative');
    assert.strictEqual(refined.deployment?.file, path.join(root, 'Procfile'));
    // Async views keep their private loop.
    assert.strictEqual(model.refineContext(path.join(root, 'myapp.py'), 'flask', 'private-loop').context, 'private-loop');
  });

  it('gunicorn.conf.py with workers and threads: context unchanged, note counts requests at once', async () => {
    const root = fixture('gunicorn-conf');
    const model = await discover(root);
    const refined = model.refineContext(path.join(root, 'wsgi.py'), 'flask', 'sync-worker');
    assert.strictEqual(refined.context, 'sync-worker');
    assert.strictEqual(refined.note, '4 workers × 2 threads = 8 requests at once');
    assert.deepStrictEqual([refined.deployment?.file, refined.deployment?.line], [path.join(root, 'gunicorn.conf.py'), 4]);
  });

  it('command-line settings override gunicorn.conf.py', async () => {
    const root = tempTree({
      'requirements.txt': 'flask\n',
      'gunicorn.conf.py': 'worker_class = "sync"\nworkers = 2\npreload_app = True\n',
      'Procfile': 'web: gunicorn -k gevent -c gunicorn.conf.py app:app\n',
      'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
    });
    const facts = (await discover(root)).factsFor(path.join(root, 'app.py'))!;
    assert.deepStrictEqual([facts.kind, facts.workers, facts.source.file], ['gevent', 2, path.join(root, 'Procfile')]);
  });

  it('monkey patching in code with gevent.pywsgi: gevent, from the server line', async () => {
    const root = fixture('late-patch');
    const model = await discover(root);
    const facts = model.factsFor(path.join(root, 'app.py'))!;
    assert.deepStrictEqual([facts.kind, facts.server, facts.source.line], ['gevent', 'gevent.pywsgi', 17]);
    assert.deepStrictEqual(facts.patched, { file: path.join(root, 'app.py'), line: 5, late: { importLine: 2, module: 'requests' } });
  });

  it('patching alone (no server found) still makes the app cooperative; psycogreen is exposed', async () => {
    const root = tempTree({
      'requirements.txt': 'flask\ngevent\npsycopg2\npsycogreen\n',
      'app.py': [
        'from gevent import monkey',
        'monkey.patch_all()',
        'from psycogreen.gevent import patch_psycopg',
        'patch_psycopg()',
        'from flask import Flask',
        'app = Flask(__name__)',
        '',
      ].join('\n'),
    });
    const model = await discover(root);
    const facts = model.factsFor(path.join(root, 'app.py'))!;
    assert.deepStrictEqual([facts.kind, facts.patched?.line, facts.patched?.psycogreen, facts.patched?.late], ['gevent', 2, true, undefined]);
    assert.strictEqual(model.refineContext(path.join(root, 'app.py'), 'flask', 'sync-worker').context, 'cooperative');
    const driver = RuleCatalog.builtin().get('py/sync-db-c-driver')!;
    assert.strictEqual(cooperativeUnder(driver, facts, 'psycopg2.connect().cursor().execute'), true);
    assert.strictEqual(cooperativeUnder(driver, facts, 'MySQLdb.connect().cursor().execute'), false);
    const withoutPsycogreen = { ...facts, psycogreen: undefined, patched: { file: facts.patched!.file, line: 2 } };
    assert.strictEqual(cooperativeUnder(driver, withoutPsycogreen, 'psycopg2.connect().cursor().execute'), false);
  });

  it('resolves aliased patch imports (import gevent.monkey as m, from gevent.monkey import patch_all)', async () => {
    const root = tempTree({
      'a/requirements.txt': 'gevent\n',
      'a/app.py': 'import gevent.monkey as m\nm.patch_all()\n',
      'b/requirements.txt': 'gevent\n',
      'b/app.py': 'from gevent.monkey import patch_all as pa\npa()\n',
      'c/requirements.txt': 'gevent\n',
      'c/app.py': 'def patch_all():\n    pass\npatch_all()\n',
    });
    const model = await discover(root);
    assert.strictEqual(model.factsFor(path.join(root, 'a', 'app.py'))?.kind, 'gevent');
    assert.strictEqual(model.factsFor(path.join(root, 'b', 'app.py'))?.kind, 'gevent');
    assert.strictEqual(model.factsFor(path.join(root, 'c', 'app.py')), undefined);
  });

  it('partial patching is recorded; a Flask app.run() under patching counts as the server', async () => {
    const root = tempTree({
      'requirements.txt': 'flask\ngevent\n',
      'run.py': 'from gevent import monkey\nmonkey.patch_socket()\nmonkey.patch_ssl()\nfrom flask import Flask\napp = Flask(__name__)\n\nif __name__ == "__main__":\n    app.run(port=5000)\n',
    });
    const facts = (await discover(root)).factsFor(path.join(root, 'run.py'))!;
    assert.deepStrictEqual([facts.kind, facts.server, facts.source.line, facts.patched?.only], ['gevent', 'app.run', 8, ['socket', 'ssl']]);
  });

  it('relative roots give the same absolute facts', async () => {
    const relative = path.relative(process.cwd(), fixture('late-patch'));
    const model = await DeploymentModel.discover([relative], [], readText);
    const facts = model.factsFor(path.join(relative, 'app.py'))!;
    assert.deepStrictEqual([facts.source.file, facts.patched?.late?.file], [path.join(fixture('late-patch'), 'app.py'), undefined]);
  });

  it('Django 4.0+ under an ASGI server: async views on the shared loop, each sync view in a thread of its own', async () => {
    const root = fixture('shell-script');
    const model = await discover(root);
    const file = path.join(root, 'proj', 'asgi.py');
    assert.strictEqual(model.factsFor(file)?.kind, 'asgi');
    assert.strictEqual(model.refineContext(file, 'django', 'private-loop').context, 'event-loop');
    const sync = model.refineContext(file, 'django', 'sync-worker');
    assert.deepStrictEqual([sync.context, sync.note], ['threadpool', "served by gunicorn: Django 4.0+ runs each request's sync view in a thread of its own"]);
    assert.strictEqual(model.refineContext(file, 'fastapi', 'threadpool').context, 'threadpool');
  });

  it('an s6-overlay or runit `run` script without extension serves the app (paperless-ngx: s6-setuidgid paperless granian ... paperless.asgi:application)', async () => {
    const asgi = 'from django.core.asgi import get_asgi_application\napplication = get_asgi_application()\n';
    const run = [
      '#!/command/with-contenv /usr/bin/bash',
      'cd ${PAPERLESS_SRC_DIR}',
      'if [[ -n "${USER_IS_NON_ROOT}" ]]; then',
      '\texec granian --interface asginl --ws --loop uvloop "paperless.asgi:application"',
      'else',
      '\texec s6-setuidgid paperless granian --interface asginl --ws --loop uvloop "paperless.asgi:application"',
      'fi',
      '',
    ].join('\n');
    const root = tempTree({
      'requirements.txt': 'django>=5.1\ngranian\n',
      'docker/rootfs/etc/s6-overlay/s6-rc.d/svc-webserver/run': run,
      'src/paperless/__init__.py': '',
      'src/paperless/asgi.py': asgi,
    });
    const model = await discover(root);
    const sync = model.refineContext(path.join(root, 'src', 'paperless', 'asgi.py'), 'django', 'sync-worker');
    assert.deepStrictEqual([sync.context, sync.note], ['threadpool', "served by granian: Django 4.0+ runs each request's sync view in a thread of its own"]);
    // A `run` file that is not a shell script (a Python entry point here) is not read as one.
    const wsgi = 'from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n';
    const served = (run: string) => tempTree({ 'requirements.txt': 'django>=5.1\ngevent\n', run, 'app/__init__.py': '', 'app/wsgi.py': wsgi });
    const contextOf = async (root: string) => (await discover(root)).refineContext(path.join(root, 'app', 'wsgi.py'), 'django', 'sync-worker').context;
    assert.strictEqual(await contextOf(served('#!/bin/sh\nexec gunicorn -k gevent app.wsgi:application\n')), 'cooperative');
    assert.strictEqual(await contextOf(served('#!/usr/bin/env python\n"""\ngunicorn -k gevent app.wsgi:application\n"""\n')), 'sync-worker');
  });

  it("a script an image runs is the image's launch, with the settings of the image's ENV (searxng: granian under GRANIAN_INTERFACE=wsgi GRANIAN_BLOCKING_THREADS=4)", async () => {
    const root = tempTree({
      'requirements.txt': 'flask\ngranian\n',
      'container/dist.dockerfile': 'FROM python:3.12\nENV GRANIAN_INTERFACE="wsgi" \\\n    GRANIAN_BLOCKING_THREADS="4"\nENTRYPOINT ["/usr/local/app/entrypoint.sh"]\n',
      'container/entrypoint.sh': '#!/bin/sh\nexport GRANIAN_PORT=8080\nexec /usr/local/app/.venv/bin/granian app.web:app\n',
      // A distribution's template, which ranked first before: an image runs the script.
      'utils/templates/uwsgi/app.ini': '[uwsgi]\nmodule = app.web:app\nprocesses = 2\n',
      'app/__init__.py': '',
      'app/web.py': 'from flask import Flask\napp = Flask(__name__)\n',
    });
    const model = await discover(root);
    const facts = model.factsFor(path.join(root, 'app', 'web.py'))!;
    assert.deepStrictEqual([facts.server, facts.kind, facts.threads, facts.source.file], ['granian', 'gthread', 4, path.join(root, 'container', 'entrypoint.sh')]);
    assert.strictEqual(model.refineContext(path.join(root, 'app', 'web.py'), 'flask', 'sync-worker').note, '4 threads per worker: each blocking call holds one of them');
  });

  it('a development launch (runserver, or a script named local or dev) does not stand for the production one beside it (plane: docker-entrypoint-api-local.sh)', async () => {
    const asgi = 'from django.core.asgi import get_asgi_application\napplication = get_asgi_application()\n';
    for (const [name, dev] of [
      ['bin/docker-entrypoint-api-local.sh', 'exec python manage.py runserver 0.0.0.0:8000 --settings=plane.settings.local\n'],
      ['bin/start-dev.sh', 'exec gunicorn -w 1 plane.wsgi:application\n'],
    ] as const) {
      const root = tempTree({
        'requirements.txt': 'Django==4.2.30\n',
        [name]: dev,
        'bin/docker-entrypoint-api.sh': 'exec gunicorn -w "$GUNICORN_WORKERS" -k uvicorn.workers.UvicornWorker plane.asgi:application\n',
        'plane/__init__.py': '',
        'plane/asgi.py': asgi,
        'plane/wsgi.py': '',
      });
      const sync = (await discover(root)).refineContext(path.join(root, 'plane', 'asgi.py'), 'django', 'sync-worker');
      assert.deepStrictEqual([sync.context, sync.deployment?.file], ['threadpool', path.join(root, 'bin', 'docker-entrypoint-api.sh')], name);
    }
  });

  it('Django pinned below 4.0 under an ASGI server: sync views share asgiref\'s one thread', async () => {
    const start = 'exec gunicorn proj.asgi:application -k uvicorn_worker.UvicornWorker --workers 2\n';
    const asgi = 'from django.core.asgi import get_asgi_application\napplication = get_asgi_application()\n';
    for (const [declaredIn, declared, context] of [
      ['requirements.txt', 'Django==3.2.18\nuvicorn-worker\n', 'asgi-sync-thread'],
      ['requirements.txt', 'django>=3.2,<4.0\n', 'asgi-sync-thread'],
      ['pyproject.toml', '[tool.poetry.dependencies]\ndjango = "^3.1"\n', 'asgi-sync-thread'],
      ['requirements.txt', 'django~=4.2.7\n', 'threadpool'],
      ['requirements.txt', 'Django==4.2.30\n', 'threadpool'],
      ['requirements.txt', 'Django==5.0.14\n', 'threadpool'],
      ['requirements.txt', 'django>=3.2\n', 'threadpool'],
    ] as const) {
      const root = tempTree({ [declaredIn]: declared, 'start.sh': start, 'proj/__init__.py': '', 'proj/asgi.py': asgi });
      const model = await discover(root);
      assert.strictEqual(model.refineContext(path.join(root, 'proj', 'asgi.py'), 'django', 'sync-worker').context, context, declared);
    }
  });

  it('Django under gunicorn sync stays private-loop / sync-worker', async () => {
    const root = fixture('systemd-unit');
    const model = await discover(root);
    const file = path.join(root, 'shop', 'wsgi.py');
    const refined = model.refineContext(file, 'django', 'private-loop');
    assert.strictEqual(refined.context, 'private-loop');
    assert.strictEqual(refined.note, '3 workers × 8 threads = 24 requests at once');
    assert.strictEqual(refined.deployment?.file, path.join(root, 'deploy', 'shop.service'));
  });

  it('uwsgi gevent, supervisord eventlet and a Dockerfile in docker/ each reach their app', async () => {
    const uwsgi = fixture('uwsgi-gevent');
    assert.strictEqual((await discover(uwsgi)).refineContext(path.join(uwsgi, 'app.py'), 'flask', 'sync-worker').context, 'cooperative');
    const sup = fixture('supervisord');
    assert.strictEqual((await discover(sup)).factsFor(path.join(sup, 'app.py'))?.kind, 'eventlet');
    const sub = fixture('docker-subdir');
    const facts = (await discover(sub)).factsFor(path.join(sub, 'app.py'))!;
    assert.deepStrictEqual([facts.kind, facts.source.file], ['gevent', path.join(sub, 'docker', 'Dockerfile')]);
  });

  it('sync worker note: one request per worker', async () => {
    const root = tempTree({ 'requirements.txt': 'flask\n', 'Procfile': 'web: gunicorn -w 3 app:app\n', 'app.py': 'x = 1\n' });
    const facts = (await discover(root)).factsFor(path.join(root, 'app.py'))!;
    assert.deepStrictEqual([facts.kind, concurrencyNote(facts)], ['sync', '3 workers × 1 thread = 3 requests at once']);
  });

  it('an entrypoint script that runs a helper before `exec gunicorn` is served by gunicorn', async () => {
    const root = tempTree({
      'requirements.txt': 'flask\ngevent\ngunicorn\n',
      'docker-entrypoint.sh': '#!/bin/bash\nWORKER_CLASS=${WORKER_CLASS:-gevent}\npython ping.py\nexec gunicorn "app:create_app()" --worker-class "$WORKER_CLASS"\n',
      'ping.py': 'import socket\n\nif __name__ == "__main__":\n    socket.create_connection(("db", 5432))\n',
      'app.py': 'from flask import Flask\n\n\ndef create_app():\n    return Flask(__name__)\n',
    });
    const facts = (await discover(root)).factsFor(path.join(root, 'app.py'))!;
    assert.deepStrictEqual([facts.kind, facts.server, facts.source.line], ['gevent', 'gunicorn', 2]);
  });

  it('a gunicorn config among helper scripts does not make that folder an app (LibreTranslate: scripts/entrypoint.sh runs gunicorn -c scripts/gunicorn_conf.py from the root)', async () => {
    const root = tempTree({
      'pyproject.toml': '[project]\nname = "translate"\ndependencies = ["flask", "gunicorn"]\n',
      'wsgi.py': 'from translate.app import create_app\n\n\ndef app():\n    return create_app()\n',
      'translate/app.py': 'from flask import Flask\n\n\ndef create_app():\n    return Flask(__name__)\n',
      'scripts/entrypoint.sh': '#!/bin/bash\ncd "$(dirname "$0")/.."\n./venv/bin/gunicorn -c scripts/gunicorn_conf.py --workers $LT_THREADS \'wsgi:app()\'\n',
      'scripts/gunicorn_conf.py': 'timeout = 120\n',
      'scripts/install_models.py': 'import sys\n\nif __name__ == "__main__":\n    sys.exit(0)\n',
    });
    const facts = (await discover(root)).factsFor(path.join(root, 'translate', 'app.py'))!;
    assert.deepStrictEqual([facts.kind, facts.server, facts.source.file], ['sync', 'gunicorn', path.join(root, 'scripts', 'entrypoint.sh')]);
  });

  it('apps without deployment facts are left unchanged', async () => {
    const root = tempTree({ 'requirements.txt': 'flask\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\napp.run()\n' });
    const model = await discover(root);
    assert.strictEqual(model.factsFor(path.join(root, 'app.py')), undefined);
    assert.deepStrictEqual(model.refineContext(path.join(root, 'app.py'), 'flask', 'sync-worker'), {
      context: 'sync-worker',
      note: 'no deployment found (server command, gunicorn config or monkey patching): each worker serves one request at a time',
    });
    // Only WSGI contexts depend on the deployment; an event loop is the same whatever serves it.
    assert.deepStrictEqual(model.refineContext(path.join(root, 'app.py'), 'fastapi', 'event-loop'), { context: 'event-loop' });
  });
});

describe("deployment: Werkzeug's server started by the deployed script (changedetection.io: CMD python changedetection.py)", () => {
  const VIEWS = [
    'import hashlib',
    'import requests',
    'from flask import Flask',
    'from flask_login import login_required',
    '',
    'app = Flask(__name__)',
    '',
    '',
    '@app.route("/check")',
    'def check():',
    '    hashlib.pbkdf2_hmac("sha256", b"pw", b"salt", 600000)',
    '    return requests.get("https://example.com", timeout=5).text',
    '',
  ].join('\n');
  // The server starts inside a function of the package, as changedetectionio.main() does, on a local object.
  const serving = (run: string) => ({
    Dockerfile: 'FROM python:3.12\nCOPY . /app\nWORKDIR /app\nCMD ["python", "./serve.py", "-d", "/datastore"]\n',
    'requirements.txt': 'flask\nflask-login\nrequests\n',
    'serve.py': 'import shop\n\nif __name__ == "__main__":\n    shop.main()\n',
    'shop/__init__.py': `def main():\n    from flask_socketio import SocketIO\n    from shop.views import app\n    server = SocketIO(app)\n    ${run}\n`,
    'shop/views.py': VIEWS,
  });
  const brief = (f: Finding) => `${f.severity} ${f.rule} ${path.basename(f.file)}:${f.range.line} ${f.context}`;

  it('threads by default: each request has a thread of its own, so only the CPU work is reported (at info)', async () => {
    const root = tempTree(serving('server.run(app, host="0.0.0.0", port=5000, debug=False)'));
    const model = await discover(root);
    const facts = model.factsFor(path.join(root, 'shop', 'views.py'))!;
    assert.deepStrictEqual([facts.kind, facts.server, facts.source.file, facts.source.line], ['thread-per-request', 'app.run', path.join(root, 'shop', '__init__.py'), 5]);
    const refined = model.refineContext(path.join(root, 'shop', 'views.py'), 'flask', 'sync-worker');
    assert.deepStrictEqual([refined.context, refined.note], ['threadpool', "served by `app.run()`, Werkzeug's threaded server: each request runs in a thread of its own"]);
    const { findings } = await scan([root], { cacheDir: undefined });
    assert.deepStrictEqual(findings.map(brief), ['info py/cpu-password-hash views.py:11 threadpool']);
  });

  it('threaded=False or processes=N: one request at a time per process, as a sync worker', async () => {
    const views = (root: string) => path.join(root, 'shop', 'views.py');
    const single = tempTree(serving('server.run(threaded=False)'));
    const singleFacts = (await discover(single)).factsFor(views(single))!;
    assert.deepStrictEqual([singleFacts.kind, singleFacts.workers, concurrencyNote(singleFacts)], ['sync', undefined, 'each worker serves one request at a time']);
    const forking = tempTree(serving('server.run(processes=4)'));
    const forkingFacts = (await discover(forking)).factsFor(views(forking))!;
    assert.deepStrictEqual([forkingFacts.kind, forkingFacts.workers, concurrencyNote(forkingFacts)], ['sync', 4, '4 workers × 1 thread = 4 requests at once']);
    const { findings } = await scan([single], { cacheDir: undefined });
    assert.deepStrictEqual(findings.map(brief).sort(), ['warning py/blocking-http views.py:12 sync-worker', 'warning py/cpu-password-hash views.py:11 sync-worker']);
  });

  it('a run script that imports the app, or calls its factory, and imports nothing of Flask: the same threaded server; a Bottle app is not Flask', async () => {
    const deployed = (run: string, views: string) => ({
      Dockerfile: 'FROM python:3.12\nCOPY . /app\nWORKDIR /app\nCMD python run.py\n',
      'requirements.txt': 'flask\nbottle\nrequests\n',
      'run.py': run,
      'shop/__init__.py': views,
    });
    const factory = VIEWS.replace('app = Flask(__name__)', 'def create_app():\n    return Flask(__name__)\n\napp = create_app()');
    for (const run of ['from shop import app\n\nif __name__ == "__main__":\n    app.run(host="0.0.0.0", port=8000)\n', 'from shop import create_app\n\napp = create_app()\napp.run(host="0.0.0.0")\n']) {
      const root = tempTree(deployed(run, factory));
      const facts = (await discover(root)).factsFor(path.join(root, 'shop', '__init__.py'));
      assert.deepStrictEqual([facts?.kind, facts?.server, facts?.source.file], ['thread-per-request', 'app.run', path.join(root, 'run.py')], run);
    }
    // Bottle's own `run()` serves one request at a time (wsgiref): its `app.run()` decides nothing here.
    const bottle = tempTree(deployed('from shop import app\n\napp.run(host="0.0.0.0")\n', 'from bottle import Bottle\n\napp = Bottle()\n'));
    assert.strictEqual((await discover(bottle)).factsFor(path.join(bottle, 'shop', '__init__.py')), undefined);
  });

  it('a script the deployment does not run, or no deployment at all, leaves app.run() a development launch', async () => {
    const elsewhere = tempTree({ ...serving('server.run()'), Dockerfile: 'FROM python:3.12\nCMD ["python", "worker.py"]\n', 'worker.py': 'import time\n\nwhile True:\n    time.sleep(60)\n' });
    assert.strictEqual((await discover(elsewhere)).factsFor(path.join(elsewhere, 'shop', 'views.py')), undefined);
    const { Dockerfile: _, ...undeployed } = serving('server.run()');
    const bare = tempTree(undeployed);
    assert.strictEqual((await discover(bare)).factsFor(path.join(bare, 'shop', 'views.py')), undefined);
  });
});

describe('deployment: monorepos', () => {
  it('compose services apply to their own build context only', async () => {
    const root = fixture('compose-monorepo');
    const model = await discover(root);
    const api = model.factsFor(path.join(root, 'services', 'api', 'api.py'))!;
    const web = model.factsFor(path.join(root, 'services', 'web', 'web.py'))!;
    assert.deepStrictEqual([api.kind, api.appRoot], ['gevent', path.join(root, 'services', 'api')]);
    assert.deepStrictEqual([web.kind, web.workers, web.threads, web.appRoot], ['gthread', 3, 4, path.join(root, 'services', 'web')]);
    assert.strictEqual(model.refineContext(path.join(root, 'services', 'web', 'web.py'), 'flask', 'sync-worker').context, 'sync-worker');
  });

  it('a sibling app never inherits another app\'s patching or Procfile', async () => {
    const root = tempTree({
      'apps/patched/pyproject.toml': '[project]\nname = "p"\nversion = "1"\ndependencies = ["gevent"]\n',
      'apps/patched/Procfile': 'web: gunicorn -k gevent app:app\n',
      'apps/patched/app.py': 'from gevent import monkey\nmonkey.patch_all()\n',
      'apps/plain/requirements.txt': 'flask\n',
      'apps/plain/app.py': 'from flask import Flask\napp = Flask(__name__)\n',
      'apps/plain/views/home.py': 'def home():\n    return "hi"\n',
    });
    const model = await discover(root);
    assert.strictEqual(model.factsFor(path.join(root, 'apps', 'patched', 'app.py'))?.kind, 'gevent');
    assert.strictEqual(model.factsFor(path.join(root, 'apps', 'plain', 'app.py')), undefined);
    assert.strictEqual(model.factsFor(path.join(root, 'apps', 'plain', 'views', 'home.py')), undefined);
    assert.strictEqual(model.refineContext(path.join(root, 'apps', 'plain', 'views', 'home.py'), 'flask', 'sync-worker').context, 'sync-worker');
  });
});

describe('deployment: patching belongs to a process, not a folder', () => {
  const PLAIN = 'import subprocess\nimport time\n\nimport requests\nfrom flask import Flask\n\nfrom shared import pause\n\napp = Flask(__name__)\n\n\n@app.route("/fetch")\ndef fetch():\n    pause()\n    return requests.get("https://example.org", timeout=5).text\n\n\n@app.route("/run")\ndef run():\n    subprocess.run(["ls"], check=True)\n    time.sleep(1)\n    return "ok"\n';
  const PATCHED = 'from gevent import monkey\n\nmonkey.patch_all()\n\nimport requests  # noqa: E402\nfrom flask import Flask  # noqa: E402\n\nfrom shared import pause  # noqa: E402\nfrom views import page  # noqa: E402\n\napp = Flask(__name__)\napp.add_url_rule("/page", view_func=page)\n\n\n@app.route("/fetch")\ndef fetch():\n    pause()\n    return requests.get("https://example.org", timeout=5).text\n';
  const files = {
    'plain_app.py': PLAIN,
    'gevent_app.py': PATCHED,
    'shared.py': 'import time\n\n\ndef pause():\n    time.sleep(1)\n',
    'views.py': 'import time\n\n\ndef page():\n    time.sleep(1)\n    return "ok"\n',
  };

  it('a test that builds an app of its own is no process: the patched module stays cooperative, and event-loop findings name no second process (frigate)', async () => {
    const root = tempTree({
      'gevent_app.py': PATCHED,
      'shared.py': files['shared.py'],
      'views.py': files['views.py'],
      'tests/test_views.py': 'from flask import Flask\n\nfrom views import page\n\n\ndef test_page():\n    app = Flask(__name__)\n    app.add_url_rule("/page", view_func=page)\n',
      'api/main.py': 'import time\n\nimport uvicorn\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/slow")\nasync def slow():\n    time.sleep(1)\n\n\nif __name__ == "__main__":\n    uvicorn.run(app)\n',
      'api/requirements.txt': 'fastapi\nuvicorn\n',
      'api/tests/test_main.py': 'from fastapi import FastAPI\nfrom fastapi.testclient import TestClient\n\nfrom main import app\n\nclient = TestClient(app)\n',
    });
    const model = await discover(root);
    assert.strictEqual(model.factsFor(path.join(root, 'views.py'))?.kind, 'gevent');
    const { findings } = await scan([root], { cacheDir: undefined });
    const slow = findings.find((f) => f.rule === 'py/blocking-sleep' && f.file.endsWith('main.py'))!;
    assert.strictEqual(slow.message, 'time.sleep() sleeps without yielding; here it blocks the event loop: every request served by this process waits.');
  });

  it('a plain Flask app next to a gevent-patched one keeps its findings; the patched process is cooperative', async () => {
    const root = tempTree(files);
    const model = await discover(root);
    assert.strictEqual(model.factsFor(path.join(root, 'gevent_app.py'))?.kind, 'gevent');
    assert.strictEqual(model.factsFor(path.join(root, 'views.py'))?.kind, 'gevent');
    assert.strictEqual(model.factsFor(path.join(root, 'plain_app.py')), undefined);
    // Loaded by both processes: the worst context, the plain one.
    assert.strictEqual(model.factsFor(path.join(root, 'shared.py')), undefined);
    assert.strictEqual(model.refineContext(path.join(root, 'plain_app.py'), 'flask', 'sync-worker').context, 'sync-worker');
    assert.strictEqual(model.refineContext(path.join(root, 'gevent_app.py'), 'flask', 'sync-worker').context, 'cooperative');
  });

  it('the folder scan, each file alone and each app alone report the same for each app', async () => {
    const root = tempTree(files);
    const key = (f: Finding) => `${path.basename(f.file)}:${f.range.line}:${f.rule}:${f.severity}`;
    const folder = (await scan([root])).findings.map(key).sort();
    assert.deepStrictEqual(folder.filter((k) => k.startsWith('plain_app.py')), ['plain_app.py:14:py/via-call:warning', 'plain_app.py:15:py/blocking-http:warning', 'plain_app.py:20:py/blocking-subprocess:warning', 'plain_app.py:21:py/blocking-sleep:warning']);
    assert.deepStrictEqual(folder.filter((k) => k.startsWith('gevent_app.py') || k.startsWith('views.py')), []);
    // A one-file scan indexes that file only: its direct findings and their severities (the facts) must match.
    const direct = (k: string) => !k.includes('py/via-call');
    for (const app of ['plain_app.py', 'gevent_app.py']) {
      const alone = (await scan([path.join(root, app)])).findings.map(key).filter((k) => k.startsWith(app) && direct(k)).sort();
      assert.deepStrictEqual(alone, folder.filter((k) => k.startsWith(app) && direct(k)), app);
    }
  });
});

describe('deployment: late patching is checked per entry', () => {
  it('a module that patches late is reported even when a sibling module patches in time', async () => {
    const root = tempTree({
      'good_app.py': 'from gevent import monkey\n\nmonkey.patch_all()\n\nfrom flask import Flask  # noqa: E402\n\napp = Flask(__name__)\n',
      'late_app.py': 'import requests\nfrom gevent import monkey\n\nmonkey.patch_all()\n\nfrom flask import Flask  # noqa: E402\n\napp = Flask(__name__)\n',
    });
    const late = (await scan([root])).findings.filter((f) => f.rule === 'py/config-late-monkey-patch');
    assert.deepStrictEqual(late.map((f) => `${path.basename(f.file)}:${f.range.line}`), ['late_app.py:4']);
    assert.match(late[0].message, /runs after `import requests` on line 1/);
  });
});

describe('deployment: what gevent patches', () => {
  it('file I/O under gevent is reported at info (the hub waits for the disk); sockets and sleep are not', async () => {
    const root = tempTree({
      'app.py': 'from gevent import monkey\n\nmonkey.patch_all()\n\nimport time  # noqa: E402\n\nimport requests  # noqa: E402\nfrom flask import Flask  # noqa: E402\n\napp = Flask(__name__)\n\n\n@app.route("/")\ndef index():\n    time.sleep(1)\n    requests.get("https://example.org", timeout=5)\n    with open("/data/report.csv") as fh:\n        return fh.read()\n',
    });
    const findings = (await scan([root])).findings.filter((f) => f.category !== 'config');
    assert.deepStrictEqual(findings.map((f) => `${f.range.line}:${f.rule}:${f.severity}`), ['17:py/blocking-file-io:info', '18:py/blocking-file-io:info']);
    assert.match(findings[0].message, /blocks the gevent hub while the disk works \(gevent does not patch file I\/O\); short on a local disk/);
  });
});

describe('deployment: worker counts from real configs', () => {
  const app = 'import time\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route("/")\ndef index():\n    time.sleep(1)\n    return "ok"\n';

  it('reads the gunicorn config a command names with -c, whatever its name', async () => {
    const root = tempTree({ 'app.py': app, 'requirements.txt': 'flask\n', 'Procfile': 'web: gunicorn -c config/gunicorn.py app:app\n', 'config/gunicorn.py': 'workers = 3\nthreads = 5\n' });
    const facts = (await discover(root)).factsFor(path.join(root, 'app.py'))!;
    assert.deepStrictEqual([facts.kind, facts.workers, facts.threads], ['gthread', 3, 5]);
    assert.strictEqual(concurrencyNote(facts), '3 workers × 5 threads = 15 requests at once');
  });

  it('uses shell defaults (-w${WEB_WORKERS:-4}) and says they are defaults', async () => {
    const root = tempTree({ 'app.py': app, 'requirements.txt': 'flask\n', 'Procfile': 'web: gunicorn -w${WEB_WORKERS:-4} --threads ${THREADS:-2} app:app\n' });
    const facts = (await discover(root)).factsFor(path.join(root, 'app.py'))!;
    assert.deepStrictEqual([facts.kind, facts.workers, facts.threads], ['gthread', 4, 2]);
    assert.strictEqual(concurrencyNote(facts), '4 workers (the default of $WEB_WORKERS) × 2 threads (the default of $THREADS) = 8 requests at once');
  });
});

describe('deployment: an app factory loaded by the patching entry stays in its process', () => {
  it('wsgi.py patches and imports the package whose __init__ builds the Flask app: the views are cooperative', async () => {
    const root = tempTree({
      'wsgi.py': 'from gevent import monkey\n\nmonkey.patch_all()\n\nfrom shop import create_app  # noqa: E402\n\napp = create_app()\n',
      'shop/__init__.py': 'from flask import Flask\n\nfrom shop.views import bp\n\n\ndef create_app():\n    app = Flask(__name__)\n    app.register_blueprint(bp)\n    return app\n',
      'shop/views.py': 'import requests\nfrom flask import Blueprint\n\nbp = Blueprint("shop", __name__)\n\n\n@bp.route("/")\ndef index():\n    return requests.get("https://example.org", timeout=5).text\n',
    });
    const model = await discover(root);
    assert.strictEqual(model.factsFor(path.join(root, 'shop', 'views.py'))?.kind, 'gevent');
    assert.strictEqual(model.refineContext(path.join(root, 'shop', 'views.py'), 'flask', 'sync-worker').context, 'cooperative');
  });
});
