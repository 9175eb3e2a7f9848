import * as path from 'path';
import type { Finding, Fix, TextEdit } from '../model';
import type { RuleDefinition } from '../rules/types';
import { markPreferred, unavailableFix } from '../fixes/preferred';
import { yieldsUnderGevent } from '../severity';
import { commandWorkerEdits } from './commandEdits';
import { confWorkerEdits, GTHREAD_THREADS, type WorkerTarget } from './fixes';
import type { AppDeployment, DeploymentFacts } from './index';
import { addRequirementFix, declares, type Dependencies, type ReadText } from './requirements';

/** Frameworks whose sync views hold a WSGI worker for the whole request. */
const WSGI_FRAMEWORKS = new Set(['flask', 'django', 'graphene', 'django-ninja', 'falcon', 'bottle', 'pyramid']);

/** C database drivers gevent cannot make cooperative: each query blocks every request of the worker. */
const C_DRIVERS: Array<{ name: string; psycogreen: boolean }> = [
  { name: 'psycopg2', psycogreen: true },
  { name: 'psycopg2-binary', psycogreen: true },
  { name: 'mysqlclient', psycogreen: false },
];

/** What the cures need to know about one app. */
export interface CureApp {
  appRoot: string;
  deployment?: AppDeployment;
  facts?: DeploymentFacts;
  dependencies: Dependencies;
  /** `module:app` for a gunicorn.conf.py created from nothing. */
  wsgiApp?: string;
  readText: ReadText;
}

/**
 * The article's cures for a blocking call in a sync Flask/Django view under
 * sync workers, ranked by what they buy: gevent workers (sockets, sleeps and
 * subprocess waits then yield), or threads when the app uses C drivers gevent
 * cannot patch, and psycogreen for psycopg2. One fix serves every such
 * finding of the app: the edits are the same, so applying them once clears
 * them all. CPU work gets no server cure: gevent and threads do not help it.
 */
export function workerCures(finding: Finding, rule: RuleDefinition | undefined, app: CureApp): Fix[] {
  const cooperative = finding.context === 'cooperative';
  if ((finding.context !== 'sync-worker' && !cooperative) || !finding.handler || !WSGI_FRAMEWORKS.has(finding.handler.framework.toLowerCase())) return [];
  if (!rule || rule.category === 'config' || rule.category === 'file-io') return [];
  if (rule.category === 'cpu') {
    const why = cooperative
      ? 'gevent does not make CPU work yield: while it runs, every request of the worker waits'
      : 'gevent workers and threads do not help CPU-bound Python: it holds the GIL and the worker';
    return [unavailableFix('Move the CPU work to a process pool or a task queue', 'offload', `${why}. Run it in a concurrent.futures.ProcessPoolExecutor, or in a task queue (Celery, RQ) and answer at once`)];
  }
  if (cooperative) return [];
  const driversLeft = C_DRIVERS.filter((d) => declares(app.dependencies, d.name) && !(d.psycogreen && (app.facts?.psycogreen || app.facts?.patched?.psycogreen)));
  // C-driver rules are not cooperative, so this is false for their calls too.
  const geventHelps = yieldsUnderGevent(rule);
  const fixes: Fix[] = [];
  if (geventHelps && driversLeft.length === 0) fixes.push(workerFix(app, 'gevent'), workerFix(app, 'gthread'));
  else if (geventHelps || rule.category === 'database') {
    fixes.push(workerFix(app, 'gthread'));
    if (driversLeft.some((d) => d.psycogreen) && !driversLeft.some((d) => !d.psycogreen)) fixes.push(psycogreenFix(app, workerFix(app, 'gevent')));
    if (geventHelps) {
      const names = driversLeft.map((d) => d.name).join(', ');
      fixes.push(unavailableFix('Serve with gevent workers', 'deployment', `${names}: a C driver gevent cannot patch; under gevent each query would block every request of the worker`));
    }
  }
  // Only the best cure may be preferred: when it is in place already (threads), the others are alternatives, not the next step.
  return fixes[0] && !fixes[0].unavailable ? markPreferred(fixes) : fixes;
}

/** Which gunicorn the app runs: its commands and the config file that applies. */
function gunicornOf(app: CureApp): { commands: AppDeployment['launches']; conf?: AppDeployment['conf']; other?: AppDeployment['launch'] } {
  const d = app.deployment;
  const decisive = d?.launch;
  if (decisive && decisive.launch.server !== 'gunicorn') return { commands: [], other: decisive };
  return { commands: (d?.launches ?? []).filter((r) => r.launch.server === 'gunicorn'), conf: d?.confUsed };
}

function workerFix(app: CureApp, target: WorkerTarget): Fix {
  const label = target === 'gevent' ? 'gevent workers' : `${GTHREAD_THREADS} threads per worker`;
  const { commands, conf, other } = gunicornOf(app);
  const title = (where: string) => `Serve with ${label} (${where})`;
  if (other) {
    const spec = app.wsgiApp ?? other.launch.appSpec ?? 'module:app';
    const command = target === 'gevent' ? `gunicorn -k gevent -w 4 ${spec}` : `gunicorn --threads ${GTHREAD_THREADS} -w 4 ${spec}`;
    const uwsgi = target === 'gevent' && other.launch.server === 'uwsgi' ? ' (or add `--gevent 1000` to it: uWSGI\'s own gevent loop)' : '';
    return unavailableFix(title('gunicorn'), 'deployment', `the app is served by ${other.launch.server} (${path.basename(other.file)}:${other.line}); change that command by hand to \`${command}\`${uwsgi}`);
  }
  const edits: TextEdit[] = [];
  const touched = new Set<string>();
  let created: string | undefined;
  const confDecides = !!conf && commands.every((r) => !r.launch.workerClass);
  for (const rec of commands) {
    if (target === 'gevent' && rec.launch.preload && rec.settings.preload) {
      return unavailableFix(title(path.basename(rec.file)), 'deployment', `--preload (${path.basename(rec.file)}:${rec.settings.preload.line}) imports the app before the gevent worker patches; remove it first`);
    }
    const text = app.readText(rec.file);
    if (text === undefined) continue;
    const result = commandWorkerEdits(rec, text, target, !!conf);
    if ('unavailable' in result) return unavailableFix(title(path.basename(rec.file)), 'deployment', result.unavailable);
    if (result.edits.length) touched.add(path.basename(rec.file));
    edits.push(...result.edits);
  }
  if (conf && (confDecides || commands.some((r) => !r.launch.workerClass))) {
    const result = confWorkerEdits(app.appRoot, target, { file: conf.file, text: app.readText(conf.file) ?? '' });
    if ('unavailable' in result) return unavailableFix(title(path.basename(conf.file)), 'deployment', result.unavailable);
    edits.push(...result.edits);
    touched.add(path.basename(conf.file));
  } else if (commands.length === 0) {
    const result = confWorkerEdits(app.appRoot, target, undefined, app.wsgiApp);
    if ('edits' in result) {
      edits.push(...result.edits);
      created = result.created;
    }
  }
  if (edits.length === 0) return unavailableFix(title('gunicorn'), 'deployment', `gunicorn already runs ${target} workers`);
  const notes: string[] = [];
  if (target === 'gevent') {
    const requirement = declares(app.dependencies, 'gevent') ? undefined : addRequirementFix(app.appRoot, 'gevent', app.readText);
    if (requirement?.unavailable) return unavailableFix(title('gunicorn'), 'deployment', `gevent must be installed, but ${requirement.unavailable}`);
    if (requirement) {
      edits.push(...requirement.edits);
      notes.push('adds gevent to the dependencies');
    }
    notes.push('each worker then serves up to 1000 requests at once: sockets, DNS, sleeps and subprocess waits yield instead of holding it; CPU-bound work and C drivers still block every request of the worker');
  } else {
    notes.push(`each worker then serves ${GTHREAD_THREADS} requests at once; blocking calls hold one thread, not the worker; code shared between requests must be thread-safe`);
  }
  if (created) notes.push(`run gunicorn from ${path.relative(path.dirname(app.appRoot), app.appRoot) || '.'}: it reads ${path.basename(created)} there`);
  const where = created ? `create ${path.basename(created)}` : [...touched].join(', ');
  return { title: title(where), kind: 'deployment', safe: true, description: notes.join('; '), edits };
}

/** gevent workers plus psycogreen, patched in gunicorn's `post_fork` hook so psycopg2 waits yield too. */
function psycogreenFix(app: CureApp, base: Fix): Fix {
  const title = 'Serve with gevent workers and make psycopg2 cooperative with psycogreen';
  if (base.unavailable) return { ...base, title };
  const { conf } = gunicornOf(app);
  const confFile = conf?.file ?? base.edits.find((e) => path.basename(e.file) === 'gunicorn.conf.py')?.file ?? path.join(app.appRoot, 'gunicorn.conf.py');
  const confText = app.readText(confFile);
  if (confText !== undefined && /\bdef\s+post_fork\b/.test(confText)) {
    return unavailableFix(title, 'deployment', `${path.basename(confFile)} already defines post_fork: call psycogreen.gevent.patch_psycopg() there by hand`);
  }
  const hook = [
    '',
    '',
    'def post_fork(server, worker):',
    '    # psycopg2 is a C driver: psycogreen makes its waits yield to other requests.',
    '    from psycogreen.gevent import patch_psycopg',
    '',
    '    patch_psycopg()',
    '',
  ].join('\n');
  const created = base.edits.find((e) => e.file === confFile && confText === undefined);
  if (!created && confText === undefined) return unavailableFix(title, 'deployment', 'the worker class is set on the command line: add a post_fork hook calling psycogreen.gevent.patch_psycopg() to a gunicorn.conf.py by hand');
  const edits = created
    ? base.edits.map((e) => (e === created ? { ...e, newText: e.newText.replace(/\n*$/, '\n') + hook } : e))
    : [...base.edits, { file: confFile, span: { start: confText!.length, end: confText!.length }, newText: (confText!.endsWith('\n') ? '' : '\n') + hook }];
  const requirement = declares(app.dependencies, 'psycogreen') ? undefined : addRequirementFix(app.appRoot, 'psycogreen', app.readText);
  return { title, kind: 'deployment', safe: true, description: `${base.description}; patches psycopg2 in each worker (post_fork)${requirement?.edits.length ? '; adds psycogreen to the dependencies' : ''}`, edits: [...edits, ...(requirement?.edits ?? [])] };
}
