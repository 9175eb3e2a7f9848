import { parse as parseShell } from 'shell-quote';
import { lookupTable } from '../lookup';

/**
 * How one server process serves requests, as far as its own settings say.
 * `thread-per-request`: Werkzeug's threaded server (`app.run()`), a new thread for each request.
 */
export type DeploymentKind = 'gevent' | 'eventlet' | 'sync' | 'gthread' | 'thread-per-request' | 'asgi' | 'unknown';

/** A web server started by a command line (Procfile, CMD, ExecStart...). */
export interface ServerLaunch {
  /** `gunicorn`, `uvicorn`, `hypercorn`, `daphne`, `granian`, `uwsgi`, `waitress`, `python`, `flask`. */
  server: string;
  argv: string[];
  kind: DeploymentKind;
  /** The worker class as written (`gevent`, `uvicorn.workers.UvicornWorker`). */
  workerClass?: string;
  workers?: number;
  threads?: number;
  preload?: boolean;
  /** `myapp:app`, `proj.wsgi:application`, `main:create_app()`. */
  appSpec?: string;
  /** A config file named on the command line (`-c gunicorn.conf.py`, `--ini uwsgi.ini`). */
  configFile?: string;
  /** `python app.py`: the script run. */
  script?: string;
  /** Directory the command changed into first (`cd api && ...`, `--chdir api`). */
  chdir?: string;
  /** gunicorn `--pythonpath a,b`: folders added to `sys.path`. */
  pythonPath?: string[];
}

/** Prefix commands that run the real command after their own arguments. */
const WRAPPERS = lookupTable<number>({
  exec: 0, nohup: 0, time: 0, 'ddtrace-run': 0, 'opentelemetry-instrument': 0, 'dumb-init': 0, tini: 0,
  gosu: 1, 'su-exec': 1, chpst: 0, 's6-setuidgid': 1, setuidgid: 1,
});
/** `poetry run X`, `newrelic-admin run-program X`. */
const RUNNERS: Record<string, string> = {
  poetry: 'run', pipenv: 'run', uv: 'run', pdm: 'run', hatch: 'run', rye: 'run', 'newrelic-admin': 'run-program',
};
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ash']);
/** A variable the parse left as written (`$SU_EXEC`): its value is not in the file. */
const UNSET_VARIABLE = /^\$\{?\w+\}?$/;
/** Servers whose console script an interpreter may be given (`python /venv/bin/gunicorn …`). */
const SERVER_SCRIPTS = new Set(['gunicorn', 'uvicorn', 'hypercorn', 'daphne', 'granian', 'uwsgi', 'waitress-serve']);

/** `${NAME:-value}` and `${NAME-value}`. */
export const SHELL_DEFAULT = /\$\{(\w+):?-([^}]*)\}/g;

/** Splits a shell command into simple commands (argv lists), entering `sh -c "..."`. */
export function splitCommands(text: string): string[][] {
  const commands: string[][] = [];
  let current: string[] = [];
  let tokens: ReturnType<typeof parseShell>;
  try {
    // `${WEB_WORKERS:-4}`: the value the shell uses when the variable is unset (deployment.ts says it is a default).
    tokens = parseShell(text.replace(SHELL_DEFAULT, (_m, _name: string, value: string) => value), (name) => `$${name}`);
  } catch {
    return [];
  }
  const flush = () => {
    if (current.length > 0) commands.push(current);
    current = [];
  };
  for (const token of tokens) {
    if (typeof token === 'string') current.push(token);
    else if ('op' in token) {
      if (token.op === 'glob') current.push((token as { pattern: string }).pattern);
      else flush();
    } else if ('comment' in token) break;
  }
  flush();
  return commands.flatMap((argv) => {
    const inner = stripPrefixes(argv);
    const c = inner.indexOf('-c');
    if (inner.length > 0 && SHELLS.has(basename(inner[0])) && c > 0 && inner[c + 1]) return splitCommands(inner[c + 1]);
    return [argv];
  });
}

function basename(token: string): string {
  return token.slice(token.lastIndexOf('/') + 1);
}

/** Drops env assignments and wrapper commands: `FOO=1 exec poetry run gunicorn` → `gunicorn ...`. */
function stripPrefixes(argv: string[]): string[] {
  let i = 0;
  for (;;) {
    while (i < argv.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i])) i++;
    // `exec $SU_EXEC "${PYTHON_BIN}" /venv/bin/gunicorn …`: a variable where a command goes names a wrapper or an interpreter.
    while (i < argv.length - 1 && UNSET_VARIABLE.test(argv[i])) i++;
    const word = basename(argv[i] ?? '');
    if (word === 'env') {
      i++;
      continue;
    }
    if (word in WRAPPERS) {
      i += 1 + WRAPPERS[word];
      if (argv[i] === '--') i++;
      continue;
    }
    if (word in RUNNERS && argv[i + 1] === RUNNERS[word]) {
      i += 2;
      if (argv[i] === '--') i++;
      continue;
    }
    return argv.slice(i);
  }
}

/** Value of `-k X`, `-kX`, `--worker-class X`, `--worker-class=X`; the last one wins, as in argparse. */
function pythonPathOf(argv: string[]): { pythonPath?: string[] } {
  const value = option(argv, ['--pythonpath'])?.value;
  return value ? { pythonPath: value.split(',').filter(Boolean) } : {};
}

function option(argv: string[], names: string[]): { value: string; index: number } | undefined {
  let found: { value: string; index: number } | undefined;
  argv.forEach((token, index) => {
    for (const name of names) {
      if (token === name && index + 1 < argv.length) found = { value: argv[index + 1], index };
      else if (name.startsWith('--') && token.startsWith(`${name}=`)) found = { value: token.slice(name.length + 1), index };
      else if (!name.startsWith('--') && token.startsWith(name) && token.length > name.length && token[name.length] !== '-')
        found = { value: token.slice(name.length).replace(/^=/, ''), index };
    }
  });
  return found;
}

function numberOption(argv: string[], names: string[]): number | undefined {
  const value = option(argv, names)?.value;
  return value && /^\d+$/.test(value) ? Number(value) : undefined;
}

const APP_SPEC = /^[A-Za-z_][\w.]*(:[A-Za-z_][\w.]*(\(.*\))?)?$/;

/** The last positional that looks like `module:app` (or a bare module). */
function appSpecOf(argv: string[]): string | undefined {
  for (let i = argv.length - 1; i >= 1; i--) {
    const token = argv[i];
    if (token.startsWith('-') || !APP_SPEC.test(token)) continue;
    const previous = argv[i - 1];
    if (!token.includes(':') && previous.startsWith('-') && !previous.includes('=')) continue;
    return token;
  }
  return undefined;
}

/** Kind implied by a gunicorn worker class name (`gevent`, `egg:gunicorn#gevent`, a dotted class). */
export function kindOfWorkerClass(workerClass: string, threads?: number): DeploymentKind {
  const name = workerClass.toLowerCase();
  if (name.includes('gevent')) return 'gevent';
  if (name.includes('eventlet')) return 'eventlet';
  if (name.includes('gthread')) return 'gthread';
  if (name.includes('uvicorn') || name.includes('asgi')) return 'asgi';
  if (name.includes('sync')) return threads && threads > 1 ? 'gthread' : 'sync';
  return 'unknown';
}

/** Recognises the web server an argv starts; undefined for any other command. */
export function launchFromArgv(raw: string[]): ServerLaunch | undefined {
  let argv = stripPrefixes(raw);
  if (argv.length === 0) return undefined;
  let program = basename(argv[0]);
  if (/^python[\d.]*$/.test(program)) {
    const m = argv.indexOf('-m');
    if (m > 0 && argv[m + 1]) {
      argv = argv.slice(m + 1);
      // `python -m gunicorn.app.wsgiapp` (PyPI's Procfile) is gunicorn's own entry module.
      program = /^gunicorn\.app\.(wsgiapp|base)$/.test(argv[0]) ? 'gunicorn' : argv[0];
    } else {
      const script = argv.slice(1).find((t) => !t.startsWith('-'));
      if (script && SERVER_SCRIPTS.has(basename(script))) return launchFromArgv(argv.slice(argv.indexOf(script)));
      if (!script || !script.endsWith('.py')) return undefined;
      if (basename(script) === 'manage.py') {
        return argv.includes('runserver') ? { server: 'django-runserver', argv, kind: 'gthread', script } : undefined;
      }
      return { server: 'python', argv, kind: 'unknown', script };
    }
  }
  const chdir = option(argv, ['--chdir'])?.value;
  switch (program) {
    case 'gunicorn': {
      const workerClass = option(argv, ['-k', '--worker-class'])?.value;
      const threads = numberOption(argv, ['--threads']);
      return {
        server: 'gunicorn', argv, workerClass, threads, chdir,
        kind: kindOfWorkerClass(workerClass ?? 'sync', threads),
        workers: numberOption(argv, ['-w', '--workers']),
        preload: argv.includes('--preload') ? true : undefined,
        appSpec: appSpecOf(argv),
        configFile: option(argv, ['-c', '--config'])?.value,
        ...pythonPathOf(argv),
      };
    }
    case 'uvicorn':
    case 'hypercorn':
    case 'daphne':
      return { server: program, argv, kind: 'asgi', workers: numberOption(argv, ['-w', '--workers']), appSpec: appSpecOf(argv), chdir };
    case 'granian': {
      const iface = option(argv, ['--interface'])?.value ?? 'rsgi';
      return {
        server: 'granian', argv, appSpec: appSpecOf(argv),
        kind: iface.startsWith('asgi') ? 'asgi' : iface === 'wsgi' ? 'gthread' : 'unknown',
        workers: numberOption(argv, ['--workers']), threads: numberOption(argv, ['--blocking-threads']),
      };
    }
    case 'uwsgi': {
      const gevent = numberOption(argv, ['--gevent']);
      const threads = numberOption(argv, ['--threads']);
      const module = option(argv, ['--module', '-w'])?.value;
      return {
        server: 'uwsgi', argv, threads, chdir,
        kind: gevent ? 'gevent' : threads && threads > 1 ? 'gthread' : 'sync',
        workerClass: gevent ? 'gevent' : undefined,
        workers: numberOption(argv, ['--processes', '-p', '--workers']),
        appSpec: module,
        script: option(argv, ['--wsgi-file'])?.value,
        configFile: option(argv, ['--ini'])?.value,
      };
    }
    case 'waitress-serve':
      return { server: 'waitress', argv, kind: 'gthread', threads: numberOption(argv, ['--threads']) ?? 4, appSpec: appSpecOf(argv) };
    case 'flask':
      return argv[1] === 'run' ? { server: 'flask', argv, kind: 'gthread' } : undefined;
    default:
      return undefined;
  }
}

/** The first web server started anywhere in a shell command, with `cd` applied. */
export function launchFromCommand(text: string): ServerLaunch | undefined {
  let cwd: string | undefined;
  for (const argv of splitCommands(text)) {
    if (argv[0] === 'cd' && argv[1]) {
      cwd = argv[1];
      continue;
    }
    const launch = launchFromArgv(argv);
    if (launch) return cwd && !launch.chdir ? { ...launch, chdir: cwd } : launch;
  }
  return undefined;
}
