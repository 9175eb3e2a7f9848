import * as assert from 'assert';
import { launchFromArgv, launchFromCommand, splitCommands } from '../../src/core/deployment/command';

describe('deployment: server command lines', () => {
  it('reads the article\'s gunicorn command', () => {
    const l = launchFromCommand('gunicorn -k gevent -w 4 myapp:app')!;
    assert.deepStrictEqual([l.server, l.kind, l.workerClass, l.workers, l.appSpec], ['gunicorn', 'gevent', 'gevent', 4, 'myapp:app']);
  });

  it('reads long options with = and threads, defaulting to gthread when threads > 1', () => {
    const l = launchFromCommand('gunicorn --workers=3 --threads=2 --bind=0.0.0.0:8000 shop.wsgi:application')!;
    assert.deepStrictEqual([l.kind, l.workers, l.threads, l.appSpec], ['gthread', 3, 2, 'shop.wsgi:application']);
    assert.strictEqual(launchFromCommand('gunicorn app:app')!.kind, 'sync');
  });

  it('sees --preload, -c and --chdir', () => {
    const l = launchFromCommand('gunicorn --chdir src -c deploy/gunicorn.conf.py --preload "app:create_app()"')!;
    assert.deepStrictEqual([l.preload, l.configFile, l.chdir, l.appSpec], [true, 'deploy/gunicorn.conf.py', 'src', 'app:create_app()']);
  });

  it("reads a server's console script run by an interpreter, and wrappers or interpreters given as variables (pgAdmin's entrypoint.sh)", () => {
    const l = launchFromCommand('exec $SU_EXEC "${PYTHON_BIN}" /venv/bin/gunicorn --timeout "${TIMEOUT}" -w 1 --threads "${GUNICORN_THREADS:-25}" -c gunicorn_config.py run_pgadmin:app')!;
    assert.deepStrictEqual([l.server, l.kind, l.workers, l.threads, l.appSpec, l.configFile], ['gunicorn', 'gthread', 1, 25, 'run_pgadmin:app', 'gunicorn_config.py']);
    assert.strictEqual(launchFromCommand('/usr/bin/python3 /venv/bin/uvicorn main:app')?.server, 'uvicorn');
    // A variable alone is no command; a script that is not a server is not one either.
    assert.strictEqual(launchFromCommand('$RUNNER'), undefined);
    assert.strictEqual(launchFromCommand('python3 /venv/bin/celery -A app worker'), undefined);
  });

  it('strips env assignments and wrappers (exec, poetry run, ddtrace-run, python -m)', () => {
    for (const cmd of [
      'PORT=8000 exec gunicorn -k gevent app:app',
      'poetry run gunicorn -k gevent app:app',
      'ddtrace-run gunicorn -k gevent app:app',
      '/srv/.venv/bin/python -m gunicorn -k gevent app:app',
      // PyPI's Procfile runs gunicorn's entry module by name.
      'ddtrace-run python -m gunicorn.app.wsgiapp -k gevent -c gunicorn-prod.conf.py warehouse.wsgi:application',
      'newrelic-admin run-program gunicorn -k gevent app:app',
    ]) assert.strictEqual(launchFromCommand(cmd)?.kind, 'gevent', cmd);
  });

  it('enters sh -c and applies a leading cd', () => {
    const l = launchFromCommand('sh -c "cd api && gunicorn -k gevent api:app"')!;
    assert.deepStrictEqual([l.server, l.kind, l.chdir], ['gunicorn', 'gevent', 'api']);
    assert.deepStrictEqual(splitCommands('a && b; c | d'), [['a'], ['b'], ['c'], ['d']]);
  });

  it('recognises ASGI servers and worker classes', () => {
    assert.strictEqual(launchFromCommand('uvicorn main:app --workers 4')!.kind, 'asgi');
    assert.strictEqual(launchFromCommand('hypercorn -k uvloop main:app')!.kind, 'asgi');
    assert.strictEqual(launchFromCommand('daphne proj.asgi:application')!.kind, 'asgi');
    assert.strictEqual(launchFromCommand('granian --interface asgi main:app')!.kind, 'asgi');
    assert.strictEqual(launchFromCommand('gunicorn -k uvicorn.workers.UvicornWorker main:app')!.kind, 'asgi');
    assert.strictEqual(launchFromCommand('gunicorn -k uvicorn_worker.UvicornWorker main:app')!.kind, 'asgi');
  });

  it('reads uwsgi --gevent and ignores commands that start no server', () => {
    const l = launchFromCommand('uwsgi --http :8000 --gevent 100 --module app:app --processes 2')!;
    assert.deepStrictEqual([l.server, l.kind, l.workers, l.appSpec], ['uwsgi', 'gevent', 2, 'app:app']);
    assert.strictEqual(launchFromCommand('python manage.py migrate'), undefined);
    assert.strictEqual(launchFromCommand('pip install -r requirements.txt'), undefined);
    assert.strictEqual(launchFromArgv(['python', 'app.py'])!.script, 'app.py');
  });
});
