import * as assert from 'assert';
import * as path from 'path';
import { initPythonParser } from '../../src/core/python/parse';
import { readCompose } from '../../src/core/deployment/sources/compose';
import { readDockerfile, readImage } from '../../src/core/deployment/sources/dockerfile';
import { readGunicornConf } from '../../src/core/deployment/sources/gunicornConf';
import { readSupervisord, readSystemdUnit, readUwsgiIni } from '../../src/core/deployment/sources/ini';
import { readProcfile } from '../../src/core/deployment/sources/procfile';
import { readShellScript } from '../../src/core/deployment/sources/shell';
import { isEnvFile, readDatabaseUrls } from '../../src/core/deployment/sources/databaseUrls';
import { FIXTURES, readText } from './helpers';

const read = (rel: string) => {
  const file = path.join(FIXTURES, rel);
  return { file, text: readText(file)! };
};

describe('deployment: config sources', () => {
  before(() => initPythonParser());

  it('Procfile: each process type, with the worker class line', () => {
    const { file, text } = read('procfile-gevent/Procfile');
    const records = readProcfile(file, text);
    assert.deepStrictEqual(records.map((r) => [r.name, r.launch.server, r.launch.kind, r.line]), [
      ['web', 'gunicorn', 'gevent', 1],
      ['worker', 'python', 'unknown', 2],
    ]);
    assert.deepStrictEqual(records[0].settings.workerClass, { line: 1, text: 'gevent' });
  });

  it('Dockerfile: the final stage CMD in shell form, continued over lines', () => {
    const { file, text } = read('docker-uvicorn-worker/Dockerfile');
    const [r] = readDockerfile(file, text);
    assert.deepStrictEqual([r.launch.server, r.launch.kind, r.launch.workers, r.launch.appSpec], ['gunicorn', 'asgi', 4, 'main:app']);
    assert.strictEqual(r.settings.workerClass!.line, 11);
    assert.strictEqual(text.split('\n')[10].includes('uvicorn.workers.UvicornWorker'), true);
  });

  it('Dockerfile: exec-form ENTRYPOINT gets the CMD as arguments', () => {
    const { file, text } = read('docker-subdir/docker/Dockerfile');
    const [r] = readDockerfile(file, text);
    assert.deepStrictEqual([r.launch.kind, r.launch.workers, r.settings.workerClass!.line], ['gevent', 2, 4]);
  });

  it('docker-compose: command string and list, build context as the app directory', () => {
    const { file, text } = read('compose-monorepo/docker-compose.yml');
    const records = readCompose(file, text);
    assert.deepStrictEqual(
      records.map((r) => [r.name, r.launch.kind, r.launch.workers, r.launch.threads, path.relative(FIXTURES, r.appDir!), r.line]),
      [
        ['api', 'gevent', 2, undefined, 'compose-monorepo/services/api', 4],
        ['web', 'gthread', 3, 4, 'compose-monorepo/services/web', 10],
      ],
    );
  });

  it('Dockerfile ENV GUNICORN_CMD_ARGS and WEB_CONCURRENCY feed gunicorn; the command line wins', () => {
    const text = 'FROM python:3.12\nENV GUNICORN_CMD_ARGS="-k gevent --threads 4" \\\n    WEB_CONCURRENCY=3\nCMD ["gunicorn", "--threads", "1", "app:app"]\n';
    const [r] = readDockerfile('/x/Dockerfile', text);
    assert.deepStrictEqual([r.launch.kind, r.launch.workers, r.launch.threads], ['gevent', 3, 1]);
    assert.deepStrictEqual([r.settings.workerClass, r.settings.workers!.line], [{ line: 2, text: 'gevent' }, 3]);
  });

  it('Dockerfile exec form keeps the spaces inside its strings (`sh -c "gunicorn ..."`)', () => {
    const [r] = readDockerfile('/x/Dockerfile', 'FROM python:3.12\nCMD ["sh", "-c", "gunicorn -k gevent \\"--workers=3\\" app:app"]\n');
    assert.deepStrictEqual([r.launch.server, r.launch.kind, r.launch.workers, r.launch.appSpec], ['gunicorn', 'gevent', 3, 'app:app']);
  });

  it("granian reads its options from GRANIAN_* (Dockerfile ENV, compose environment); the command line wins", () => {
    const text = 'FROM python:3.12\nENV GRANIAN_INTERFACE=wsgi \\\n    GRANIAN_BLOCKING_THREADS="4" \\\n    GRANIAN_WORKERS=2\nCMD ["granian", "--workers", "3", "app:app"]\n';
    const [r] = readDockerfile('/x/Dockerfile', text);
    assert.deepStrictEqual([r.launch.kind, r.launch.threads, r.launch.workers], ['gthread', 4, 3]);
    assert.deepStrictEqual([r.settings.threads!.line, r.settings.workers!.line], [3, 5]);
    const compose = 'services:\n  web:\n    command: granian --interface asgi app:app\n    environment:\n      GRANIAN_INTERFACE: wsgi\n';
    assert.strictEqual(readCompose('/x/compose.yaml', compose)[0].launch.kind, 'asgi');
  });

  it("names the script an image runs, with the server settings of the image's ENV", () => {
    const env = 'ENV GRANIAN_INTERFACE=wsgi GRANIAN_BLOCKING_THREADS=4 OTHER=1\n';
    const named = (text: string) => readImage('/x/Dockerfile', text).script;
    assert.deepStrictEqual(named(`FROM base AS build\nFROM python:3.12\n${env}ENTRYPOINT ["/usr/local/app/entrypoint.sh"]\n`), {
      script: 'entrypoint.sh',
      env: { values: { GRANIAN_INTERFACE: 'wsgi', GRANIAN_BLOCKING_THREADS: '4' }, line: 3, endLine: 3 },
    });
    assert.strictEqual(named('FROM python:3.12\nCMD ["sh", "-c", "./docker/start.sh --migrate"]\n')?.script, 'start.sh');
    assert.strictEqual(named('FROM python:3.12\nCMD ./docker-entrypoint\n')?.script, 'docker-entrypoint');
    // A server started by the image itself, or an ENV in an earlier stage, is not a script's.
    assert.strictEqual(named(`FROM python:3.12\n${env}CMD ["granian", "app:app"]\n`), undefined);
    assert.strictEqual(named(`FROM python:3.12 AS build\n${env}FROM python:3.12\nENTRYPOINT ["/entrypoint.sh"]\n`)?.env, undefined);
  });

  it('compose environment (list form) feeds GUNICORN_CMD_ARGS', () => {
    const text = 'services:\n  app:\n    build: .\n    command: gunicorn app:app\n    environment:\n      - GUNICORN_CMD_ARGS=--worker-class=gevent --workers=5\n';
    const [r] = readCompose('/x/compose.yaml', text);
    assert.deepStrictEqual([r.launch.kind, r.launch.workers, r.settings.workerClass!.line], ['gevent', 5, 6]);
  });

  it('shell script: skips non-server commands and follows poetry run over continuation lines', () => {
    const { file, text } = read('shell-script/scripts/start.sh');
    const [r, ...rest] = readShellScript(file, text);
    assert.strictEqual(rest.length, 0);
    assert.deepStrictEqual([r.launch.workerClass, r.launch.kind, r.line, r.endLine, r.settings.workerClass!.line], ['uvicorn_worker.UvicornWorker', 'asgi', 5, 6, 6]);
  });

  it('shell script: variables set earlier stand for their value or default, and settings point at the assignment', () => {
    const text = [
      '#!/bin/bash',
      'WORKERS=${WORKERS:-1}',
      'WORKER_CLASS=${WORKER_CLASS:-gevent}',
      'LOG="$(date)"',
      'exec gunicorn \'app:create_app()\' \\',
      '    --workers $WORKERS \\',
      '    --worker-class "$WORKER_CLASS" \\',
      '    --error-logfile "$LOG"',
      '',
    ].join('\n');
    const [r] = readShellScript('/srv/docker-entrypoint.sh', text);
    assert.deepStrictEqual([r.launch.kind, r.launch.workerClass, r.launch.workers, r.launch.appSpec], ['gevent', 'gevent', 1, 'app:create_app()']);
    assert.strictEqual(r.settings.workerClass!.line, 3);
    assert.strictEqual(r.settings.workerClass!.text, 'gevent');
    // Nothing assigned: the variable stays unknown and gunicorn's default applies.
    const [plain] = readShellScript('/srv/run.sh', 'exec gunicorn -k "$CLASS" app:app\n');
    assert.strictEqual(plain.launch.workerClass, '$CLASS');
  });

  it('database URLs: compose environment (map and list) and env files, database variables only, with their lines', () => {
    const compose = [
      'services:',
      '  web:',
      '    environment:',
      '      - DATABASE_URL=mysql+pymysql://u:p@db/app',
      '      - REDIS_URL=redis://cache:6379',
      '  worker:',
      '    environment:',
      '      SQLALCHEMY_DATABASE_URI: "postgresql://u@db/app"',
      '      CELERY_BROKER_URL: amqp://mq',
    ].join('\n');
    assert.deepStrictEqual(
      readDatabaseUrls('/app/docker-compose.yml', compose).map((u) => `${u.scheme}@${u.line}`),
      ['mysql+pymysql@4', 'postgresql@8'],
    );
    const env = '# comment\nexport DB_URI=postgresql+pg8000://u@db/app\nSECRET=postgres://not-a-db-variable\n';
    assert.deepStrictEqual(readDatabaseUrls('/app/.env', env).map((u) => `${u.scheme}@${u.line}`), ['postgresql+pg8000@2']);
    assert.deepStrictEqual(['.env', '.env.production', 'prod.env', 'env.py', 'environment.yml'].map(isEnvFile), [true, true, true, false, false]);
    assert.deepStrictEqual(readDatabaseUrls('/app/compose.yml', 'services: [not, a, map'), []);
  });

  it('systemd unit: ExecStart continued with backslashes', () => {
    const { file, text } = read('systemd-unit/deploy/shop.service');
    const [r] = readSystemdUnit(file, text);
    assert.deepStrictEqual([r.launch.kind, r.launch.workers, r.launch.threads, r.launch.appSpec, r.line], ['gthread', 3, 8, 'shop.wsgi:application', 8]);
    assert.strictEqual(r.settings.workerClass!.line, 10);
  });

  it('supervisord: command= of a [program:x] section', () => {
    const { file, text } = read('supervisord/supervisord.conf');
    const [r] = readSupervisord(file, text);
    assert.deepStrictEqual([r.name, r.launch.kind, r.line], ['web', 'eventlet', 5]);
  });

  it('uwsgi.ini: gevent = N and processes', () => {
    const { file, text } = read('uwsgi-gevent/uwsgi.ini');
    const [r] = readUwsgiIni(file, text);
    assert.deepStrictEqual([r.launch.kind, r.launch.workers, r.launch.appSpec, r.settings.workerClass!.line], ['gevent', 2, 'app:app', 5]);
  });

  it('gunicorn.conf.py: literal settings with their lines; computed values stay unknown', () => {
    const { file, text } = read('gunicorn-conf/gunicorn.conf.py');
    const [r] = readGunicornConf(file, text);
    assert.deepStrictEqual([r.launch.kind, r.launch.workers, r.launch.threads, r.settings.threads!.line], ['gthread', 4, 2, 4]);
    const [computed] = readGunicornConf(file, 'import multiprocessing\nworkers = multiprocessing.cpu_count() * 2 + 1\nworker_class = "gevent"\npreload_app = True\n');
    assert.deepStrictEqual([computed.launch.kind, computed.launch.workers, computed.launch.preload, computed.settings.preload!.line], ['gevent', undefined, true, 4]);
  });
});
