import * as path from 'path';
import type { DeploymentRef, ExecutionContext, Finding, Fix, HandlerReport } from '../model';
import { initPythonParser } from '../python/parse';
import { RuleCatalog } from '../rules/catalog';
import { yieldsUnderGevent } from '../severity';
import type { RuleDefinition } from '../rules/types';
import { AppRoots } from './appRoots';
import { kindOfWorkerClass, type DeploymentKind } from './command';
import { enclosingApp, isProjectMarker, readerFor, walkRoots } from './discover';
import { configFindings } from './findings';
import { firstImportBefore, isHarmlessBeforePatch, patchFirstFix, patchStatements } from './fixes';
import { scanPython, type PythonDeploymentScan, type PyPatch, type PyServer } from './pythonScan';
import type { LaunchRecord } from './sources/types';
import { databaseUrlsInCode, isEnvFile, readDatabaseUrls, type DatabaseUrl } from './sources/databaseUrls';
import { readCompose } from './sources/compose';
import { readDockerfile, readImage } from './sources/dockerfile';
import { withImageEnvironments, type ImageScript } from './sources/imageScripts';
import { readGunicornConf } from './sources/gunicornConf';
import { SHELL_DEFAULT } from './command';
import { ProcessMap, processScope, type ProcessScope } from './processes';
import { workerCures, type CureApp } from './cures';
import { unavailableFix } from '../fixes/preferred';
import type { ContextRefiner } from '../index/roots';
import { wsgiAppSpec } from './wsgiApp';

/** Frameworks whose handlers are Django views: under ASGI, sync ones get a thread, async ones the server's loop. */
const DJANGO_VIEWS = new Set(['django', 'graphene', 'django-ninja']);
import { projectDependencies } from './requirements';
import { capsBelow } from './versions';
import { importRootsOf } from './importRoots';

export { patchFirstFix, gunicornGeventFix } from './fixes';
export { addRequirementFix, projectDependencies, declares } from './requirements';
export type { DeploymentKind } from './command';

export interface DeploymentFacts {
  appRoot: string;
  kind: DeploymentKind;
  workers?: number;
  threads?: number;
  /** The fact that decided `kind`. */
  source: DeploymentRef;
  patched?: {
    file: string;
    line: number;
    /** A module imported before patching: it keeps unpatched sockets/ssl/locks. `file` when it is not the patching file (the entry module). */
    late?: { importLine: number; module: string; file?: string };
    /** psycogreen patches psycopg2 too: its calls become cooperative. */
    psycogreen?: boolean;
    /** Set when only parts are patched (`patch_socket()`...): the modules patched, e.g. `['socket', 'ssl']`. */
    only?: string[];
  };
  /** `gunicorn`, `uvicorn`, `gevent.pywsgi`, `uwsgi`... */
  server?: string;
  /** psycogreen patches psycopg2 somewhere the process runs (a module, or gunicorn's post_fork hook). */
  psycogreen?: boolean;
  /** Counts taken from a shell default (`-w${WEB_WORKERS:-4}`): the variable named, for the message. */
  defaults?: { workers?: string; threads?: string };
  /** Database URLs the deployment sets (compose `environment:`, env files): which driver the ORM's calls go through. */
  databaseUrls?: DatabaseUrl[];
}

/** Everything read for one app; findings and fixes use it. */
export interface AppDeployment {
  appRoot: string;
  facts?: DeploymentFacts;
  /** The launch that decided, merged with gunicorn.conf.py settings. */
  launch?: LaunchRecord;
  conf?: LaunchRecord;
  /** The gunicorn config that applies: `conf`, or the file the command names with `-c`. */
  confUsed?: LaunchRecord;
  launches: LaunchRecord[];
  patches: Array<PyPatch & { file: string }>;
  entry?: string;
  /** Every module scanned for patching, by file. */
  scans: Map<string, PythonDeploymentScan>;
  preload?: boolean;
  workerClass?: string;
  /** Database URLs set in compose files and env files of the app. */
  databaseUrls?: DatabaseUrl[];
  /**
   * When the facts come from code (monkey patching, a server started in a
   * module) rather than a server command: the modules that process loads,
   * and the ones other processes of the folder load (they keep the defaults).
   */
  scope?: ProcessScope;
  /** What the scope follows: a server command's named module, or patching (or a server) in code. */
  scopeBy?: 'command' | 'code';
  /** Every module that patches after another import, each entry on its own (a sibling patching in time does not excuse it). */
  latePatches?: Array<{ patch: PyPatch & { file: string }; late: NonNullable<NonNullable<DeploymentFacts['patched']>['late']> }>;
}

const ORIGIN_PRIORITY: Record<string, number> = {
  procfile: 0, compose: 1, dockerfile: 2, systemd: 3, supervisord: 3, 'uwsgi-ini': 4, shell: 5, 'gunicorn-conf': 9,
};
const CONVENTIONAL_ENTRIES = ['wsgi.py', 'asgi.py', 'app.py', 'main.py', 'run.py', 'server.py', 'application.py'];
// `app.run(...)` starts a server; `subprocess.run`/`asyncio.run` never do (and are common: parsing for them is wasted).
// `monkey` as a word (`gevent.monkey`) or `monkey_patch`, not pytest's `monkeypatch` fixture, which every other test file of a large project uses.
const PYTHON_HINTS = /\bmonkey\b|monkey_patch|patch_psycopg|pywsgi|WSGIServer|eventlet|uvicorn|hypercorn|(?<!\b(?:subprocess|asyncio|anyio|trio))\.run\s*\(/;

const isGunicornConf = (file: string) => /gunicorn/.test(path.basename(file));

/**
 * Whether an edit of a Python source may change how its app is served: a
 * gunicorn config changed, or a line naming monkey patching or a server
 * (`app.run(...)`) came, went or changed. Other edits leave the deployment as it was.
 */
export function editChangesDeployment(file: string, before: string | undefined, after: string): boolean {
  if (isGunicornConf(file)) return before !== after;
  if (!file.endsWith('.py')) return false;
  // Runs on every keystroke: most files name no server or patching, and one test of the whole text says so.
  const hints = (text: string | undefined) => (text && PYTHON_HINTS.test(text) ? text.split('\n').filter((line) => PYTHON_HINTS.test(line)).join('\n') : '');
  return hints(before) !== hints(after);
}

/** A handler's context as its deployment makes it (`refineContext`). */
type RefinedContext = ReturnType<ContextRefiner['refineContext']>;

/**
 * How each app in the workspace is served (gevent, gunicorn sync/gthread,
 * ASGI), read from code and server configuration, and what that changes.
 */
export class DeploymentModel {
  private constructor(
    private readonly apps: Map<string, AppDeployment>,
    private readonly roots: AppRoots,
    private readonly readText: (file: string) => string | undefined,
    private readonly rules: RuleCatalog,
    private readonly pythonFiles: readonly string[],
    /** Folders on the deployed processes' `sys.path` (src layouts, Dockerfile PYTHONPATH, `--chdir`). */
    readonly importRoots: readonly string[],
  ) {}

  private readonly cureApps = new Map<string, Omit<CureApp, 'facts'>>();
  private readonly djangoBelow4 = new Map<string, boolean>();
  private readonly refinedContexts = new Map<string, RefinedContext>();
  private readonly processMaps = new Map<string, ProcessMap>();

  static async discover(
    roots: string[],
    files: string[],
    readText: (file: string) => string | undefined,
    rules: RuleCatalog = RuleCatalog.builtin(),
  ): Promise<DeploymentModel> {
    await initPythonParser();
    // A scan of one file or sub-folder reads the deployment of the app it belongs to.
    const appDirs = [...new Set(roots.map(enclosingApp))];
    const all = [...new Set([...files, ...walkRoots(appDirs)].map((f) => path.resolve(f)))];
    const appRoots = new AppRoots(appDirs);
    const pythonDirs = new Set(all.filter((f) => f.endsWith('.py')).map((f) => path.dirname(f)));
    for (const file of all) if (isProjectMarker(file)) appRoots.add(path.dirname(file));

    // Server configs mark their own directory as an app when Python code sits beside them
    // (a `docker/Dockerfile` belongs to the project above it).
    const read: LaunchRecord[] = [];
    const imageScripts: ImageScript[] = [];
    const deployedUrls: DatabaseUrl[] = [];
    for (const file of all) {
      let text: string | undefined;
      const lazy = () => (text ??= readText(file));
      const reader = readerFor(file, lazy);
      if ((reader === readCompose || isEnvFile(path.basename(file))) && lazy() !== undefined) {
        try {
          deployedUrls.push(...readDatabaseUrls(file, text!));
        } catch {
          // An unparsable compose file sets no URL.
        }
      }
      if (!reader || lazy() === undefined) continue;
      try {
        // A Dockerfile's image may run a script instead of a server: its settings go to the script's launch.
        const image = reader === readDockerfile ? readImage(file, text!) : undefined;
        read.push(...(image ? image.launches : reader(file, text!)));
        if (image?.script) imageScripts.push({ dockerfile: file, ...image.script });
      } catch {
        // Unreadable config: no facts from it.
      }
    }
    const records = withImageEnvironments(read, imageScripts);
    // A gunicorn config is Python itself, and often sits among helper scripts (LibreTranslate's scripts/gunicorn_conf.py,
    // named by `gunicorn -c` from the project root): it never makes its folder an app.
    const marksApp = (r: LaunchRecord) => r.origin !== 'shell' && r.origin !== 'systemd' && r.origin !== 'supervisord' && r.origin !== 'gunicorn-conf';
    for (const r of records) {
      if (marksApp(r) && pythonDirs.has(path.dirname(r.file))) appRoots.add(path.dirname(r.file));
      if (r.appDir) appRoots.add(r.appDir);
    }

    const apps = new Map<string, AppDeployment>();
    const app = (root: string) => {
      let a = apps.get(root);
      if (!a) apps.set(root, (a = { appRoot: root, launches: [], patches: [], scans: new Map() }));
      return a;
    };
    for (const r of records) {
      const a = app(r.appDir ? appRoots.rootOf(r.appDir, true) : appRoots.rootOf(r.file));
      if (r.origin === 'gunicorn-conf') a.conf ??= r;
      else a.launches.push(r);
    }
    const codeUrls = new Map<string, DatabaseUrl[]>();
    for (const file of all) {
      if (!file.endsWith('.py') || isGunicornConf(file)) continue;
      const text = readText(file);
      const urls = text ? databaseUrlsInCode(file, text) : [];
      if (urls.length > 0) {
        const root = appRoots.rootOf(file);
        codeUrls.set(root, [...(codeUrls.get(root) ?? []), ...urls]);
      }
      if (!text || !PYTHON_HINTS.test(text)) continue;
      const scan = safeScan(file, text);
      if (!scan || (scan.patches.length === 0 && scan.servers.length === 0)) continue;
      const a = app(appRoots.rootOf(file));
      a.scans.set(file, scan);
      a.patches.push(...scan.patches.map((p) => ({ ...p, file })));
    }
    for (const url of deployedUrls) (app(appRoots.rootOf(url.file)).databaseUrls ??= []).push(url);
    const importRoots = new Set<string>();
    for (const file of all) {
      if (!/^(pyproject\.toml|setup\.cfg)$|ockerfile|Containerfile/.test(path.basename(file))) continue;
      const text = readText(file);
      if (text !== undefined) for (const dir of importRootsOf(file, text)) importRoots.add(dir);
    }
    for (const r of records) {
      const base = r.appDir ?? path.dirname(r.file);
      if (r.launch.chdir) importRoots.add(path.resolve(base, r.launch.chdir));
      for (const dir of r.launch.pythonPath ?? []) importRoots.add(path.resolve(base, r.launch.chdir ?? '', dir));
    }
    const model = new DeploymentModel(apps, appRoots, readText, rules, all.filter((f) => f.endsWith('.py')), [...importRoots]);
    for (const a of apps.values()) {
      model.decide(a, all);
      if (!a.facts) continue;
      // The deployment's URLs override the code's defaults.
      const urls = a.databaseUrls ?? codeUrls.get(a.appRoot);
      if (urls) a.facts.databaseUrls = urls;
      // A server command applies to the module it names and what that loads; patching in code, to what its process loads.
      const fromCommand = !!((a.launch && a.launch.launch.server !== 'python') || a.conf);
      const commandEntry = fromCommand ? model.namedEntry(a, all) : undefined;
      const anchors = fromCommand
        ? (commandEntry ? [commandEntry] : [])
        : [...new Set([...a.patches.filter((p) => p.library !== 'psycogreen').map((p) => p.file), ...(a.facts.source.file.endsWith('.py') ? [a.facts.source.file] : [])])];
      if (anchors.length === 0) continue;
      a.scope = processScope(model.processMap(a), anchors, !fromCommand);
      a.scopeBy = fromCommand ? 'command' : 'code';
    }
    return model;
  }

  /**
   * The facts for the process that runs `file`: its app's, except that
   * patching (or a server) found in code applies only to the modules that
   * process loads; a module another process of the folder loads keeps the
   * defaults (the worst context when both load it).
   */
  factsFor(file: string): DeploymentFacts | undefined {
    const resolved = path.resolve(file);
    const a = this.apps.get(this.roots.rootOf(resolved));
    if (a?.scope?.plain.has(resolved)) return undefined;
    return a?.facts;
  }

  /** A module two processes load, one patched and one not: it is reported for the plain one, and the message names both. */
  private sharedNote(file: string): { note?: string } {
    const resolved = path.resolve(file);
    const a = this.apps.get(this.roots.rootOf(resolved));
    const shared = a?.scope?.shared.get(resolved);
    if (!shared || !a?.facts) return {};
    const rel = (f: string) => path.relative(a.appRoot, f) || path.basename(f);
    const patching = a.scopeBy === 'code' && (a.facts.kind === 'gevent' || a.facts.kind === 'eventlet');
    const not = patching ? `not ${a.facts.kind}-patched` : `not served by ${a.facts.source.summary}`;
    const is = patching ? `which is (${a.facts.source.summary})` : 'which is';
    return { note: `loaded by ${rel(shared.plainBy)}, which is ${not}, and by ${rel(shared.patchedBy)}, ${is}: reported for the worse of the two` };
  }

  /**
   * A WSGI view whose process no deployment fact covers: the framework's
   * default (one request per worker) is assumed, and the message says why.
   */
  private undeployedNote(file: string): { note?: string } {
    const a = this.apps.get(this.roots.rootOf(path.resolve(file)));
    if (a?.facts) {
      const rel = path.relative(a.appRoot, a.facts.source.file) || path.basename(a.facts.source.file);
      return { note: `not loaded by the ${a.facts.source.summary} process (${rel}): no deployment found for it, so each worker serves one request at a time` };
    }
    return { note: 'no deployment found (server command, gunicorn config or monkey patching): each worker serves one request at a time' };
  }

  /** Every app with its facts (reports, the fixes work). */
  appsWithFacts(): AppDeployment[] {
    return [...this.apps.values()].filter((a) => a.facts);
  }

  /** The folder of the app `file` belongs to. */
  appRootOf(file: string): string {
    return this.roots.rootOf(path.resolve(file));
  }

  appFor(file: string): AppDeployment | undefined {
    return this.apps.get(this.roots.rootOf(path.resolve(file)));
  }

  /**
   * Refines a handler's framework context: sync views under gevent/eventlet
   * become 'cooperative'; Django under an ASGI server runs async views on the
   * shared loop, and sync views in a thread per request (Django 4.0+) or on
   * asgiref's single thread (a project pinned below 4.0).
   */
  refineContext(file: string, framework: string, context: ExecutionContext): RefinedContext {
    // Asked per handler after every edit (a 5,000-line file holds hundreds); the answer is the model's, fixed at discovery.
    const key = `${file}\0${framework}\0${context}`;
    let refined = this.refinedContexts.get(key);
    if (!refined) this.refinedContexts.set(key, (refined = this.refine(file, framework, context)));
    return refined;
  }

  private refine(file: string, framework: string, context: ExecutionContext): RefinedContext {
    const facts = this.factsFor(file);
    if (!facts) {
      // Only WSGI contexts depend on the deployment: an event loop is the same whichever process runs it.
      if (context !== 'sync-worker' && context !== 'private-loop') return { context };
      const shared = this.sharedNote(file);
      return { context, ...(shared.note ? shared : this.undeployedNote(file)) };
    }
    const deployment = facts.source;
    const fw = framework.toLowerCase();
    switch (facts.kind) {
      case 'gevent':
      case 'eventlet':
        if (context !== 'sync-worker') return { context };
        // Unpatched, the hub is an event loop: calls are weighed as there, while the cures stay the deployment's.
        if (nothingPatched(facts)) return { context: 'cooperative', deployment, note: unpatchedNote(facts), weighedAs: 'event-loop' };
        return { context: 'cooperative', deployment, note: cooperativeNote(facts) };
      case 'sync':
      case 'gthread': {
        if (context !== 'sync-worker' && context !== 'private-loop') return { context };
        return { context, deployment, note: concurrencyNote(facts) };
      }
      case 'thread-per-request':
        if (context !== 'sync-worker') return { context };
        return { context: 'threadpool', deployment, note: "served by `app.run()`, Werkzeug's threaded server: each request runs in a thread of its own" };
      case 'asgi':
        // graphene resolvers run inside graphene-django's view.
        if (DJANGO_VIEWS.has(fw) && context === 'private-loop') return { context: 'event-loop', deployment, note: `served by ${facts.server ?? 'an ASGI server'}: async views share its event loop` };
        if (DJANGO_VIEWS.has(fw) && context === 'sync-worker') {
          const server = facts.server ?? 'an ASGI server';
          // Django 4.0 gave each ASGI request a thread-sensitive context of its own; before, all sync views shared one thread.
          if (this.pinsDjangoBelow4(this.appRootOf(file))) {
            return { context: 'asgi-sync-thread', deployment, note: `served by ${server} with Django < 4.0: sync views share one thread` };
          }
          return { context: 'threadpool', deployment, note: `served by ${server}: Django 4.0+ runs each request's sync view in a thread of its own` };
        }
        return { context };
      default:
        return { context };
    }
  }

  /** Whether `call` yields under this app's cooperative runtime (psycopg2 once psycogreen is patched). */
  cooperativeCall(file: string, rule: RuleDefinition, call: string): boolean {
    return cooperativeUnder(rule, this.factsFor(file), call);
  }

  /**
   * The article's server cures for a finding in a sync WSGI view (gevent
   * workers, threads, psycogreen), the same fix for every such finding of an
   * app; [] for other findings.
   */
  fixesFor(finding: Finding): Fix[] {
    if ((finding.context !== 'sync-worker' && finding.context !== 'cooperative') || !finding.handler) return [];
    // Facts stay per file: a module a plain process loads keeps the defaults.
    const facts = this.factsFor(finding.file);
    if (finding.context === 'cooperative' && facts && nothingPatched(facts)) return this.patchCure(finding, facts);
    return workerCures(finding, this.rules.get(finding.rule), { ...this.cureApp(this.appRootOf(finding.file)), facts });
  }

  /**
   * Under an unpatched gevent/eventlet server, the article's cure: patch the
   * standard library first thing in the entry module, so sockets, DNS, sleeps
   * and subprocess waits yield. Not for what patching leaves blocking (CPU
   * work, file reads, C drivers).
   */
  private patchCure(finding: Finding, facts: DeploymentFacts): Fix[] {
    const rule = this.rules.get(finding.rule);
    if (!rule || !yieldsUnderGevent(rule)) return [];
    const library = facts.kind === 'eventlet' ? 'eventlet' : 'gevent';
    const entry = this.appFor(finding.file)?.entry ?? facts.source.file;
    const text = this.readText(entry);
    // Patching must come before anything imports the standard library: a module inside the app's packages is imported after others.
    if (text === undefined || path.dirname(entry) !== facts.appRoot) {
      return [unavailableFix(`Patch with ${library} first`, 'deployment', `${path.basename(entry)} is imported after other modules; put \`${patchStatements(library).join('; ')}\` first in the script the process starts from, before any other import`, false)];
    }
    return [patchFirstFix(entry, text, library)];
  }

  /** Whether the app's requirements rule out every Django from 4.0 on; read once per app (every view asks). */
  private pinsDjangoBelow4(appRoot: string): boolean {
    let pinned = this.djangoBelow4.get(appRoot);
    if (pinned === undefined) {
      pinned = capsBelow(this.cureApp(appRoot).dependencies.get('django')?.versions ?? [], 4);
      this.djangoBelow4.set(appRoot, pinned);
    }
    return pinned;
  }

  /** What the cures read of one app, read once per app (every finding of a view asks). */
  private cureApp(appRoot: string): Omit<CureApp, 'facts'> {
    let known = this.cureApps.get(appRoot);
    if (!known) {
      const deployment = this.apps.get(appRoot);
      const spec = deployment?.launch?.launch.appSpec ?? deployment?.confUsed?.launch.appSpec;
      known = {
        appRoot,
        deployment,
        dependencies: projectDependencies(appRoot, this.readText),
        wsgiApp: spec ?? wsgiAppSpec(appRoot, this.pythonFiles.filter((f) => this.roots.rootOf(f) === appRoot), this.readText),
        readText: this.readText,
      };
      this.cureApps.set(appRoot, known);
    }
    return known;
  }

  /** Config-category findings (py/config-*), each on the line that causes it. */
  configFindings(handlers: HandlerReport[]): Finding[] {
    return configFindings([...this.apps.values()], handlers, {
      readText: this.readText,
      rule: (id) => this.rules.get(id),
      appOf: (file) => this.appFor(file) ?? { appRoot: this.roots.rootOf(path.resolve(file)), launches: [], patches: [], scans: new Map() },
    });
  }

  // -------------------------------------------------------------------------

  private decide(a: AppDeployment, all: string[]): void {
    let launch = [...a.launches].sort((x, y) => rank(x) - rank(y))[0];
    // `uwsgi --ini uwsgi.ini`: the ini file holds the settings.
    const ini = a.launches.find((r) => r.origin === 'uwsgi-ini');
    if (launch?.launch.server === 'uwsgi' && launch.launch.configFile && ini && launch.launch.kind !== 'gevent') launch = ini;
    const conf = a.conf;
    a.launch = launch;
    // Command-line settings override gunicorn.conf.py, as gunicorn itself does.
    const useConf = conf && (!launch || launch.launch.server === 'gunicorn');
    const l = launch?.launch;
    // `gunicorn -c config/gunicorn.py`: the file the command names is the config, whatever its name.
    const named = useConf || !l?.configFile || l.server !== 'gunicorn' ? undefined : this.namedConf(a, l);
    const confRecord = useConf ? conf : named;
    const c = confRecord?.launch;
    a.confUsed = confRecord;
    a.workerClass = l?.workerClass ?? c?.workerClass;
    const threads = l?.threads ?? c?.threads;
    let workers = l?.workers ?? c?.workers;
    a.preload = l?.preload ?? c?.preload;
    const defaults = launch ? shellDefaults(this.readText(launch.file), launch.line, workers, threads) : undefined;
    a.entry = this.entryOf(a, all);
    const patched = this.patchedFacts(a);

    let kind: DeploymentKind = 'unknown';
    let source: DeploymentRef | undefined;
    let server: string | undefined;
    const serverLaunch = launch && launch.launch.server !== 'python' ? launch : undefined;
    if (serverLaunch || c) {
      server = l && serverLaunch ? l.server : 'gunicorn';
      kind = server === 'gunicorn' ? kindOfWorkerClass(a.workerClass ?? 'sync', threads) : l!.kind;
      const classSite = l?.workerClass ? launch!.settings.workerClass && { rec: launch!, site: launch!.settings.workerClass } : c?.workerClass ? { rec: confRecord!, site: confRecord!.settings.workerClass! } : undefined;
      const rec = classSite?.rec ?? serverLaunch ?? confRecord!;
      const line = classSite?.site?.line ?? rec.settings.threads?.line ?? rec.settings.workers?.line ?? rec.line;
      source = { summary: summaryOf(server, kind, a.workerClass, workers, threads), file: rec.file, line };
    }
    const launchedScript = launch?.launch.server === 'python' ? this.namedEntry(a, all) : undefined;
    const codeServer = [...a.scans.values()].flatMap((s) => s.servers.map((sv) => ({ ...sv, file: s.file })))
      .find((s) => this.servesInCode(a, s, !!patched, launchedScript));
    if ((kind === 'unknown') && codeServer) {
      server = codeServer.server;
      kind = codeServer.server === 'gevent.pywsgi' ? 'gevent' : codeServer.server === 'eventlet.wsgi' ? 'eventlet' : codeServer.server === 'app.run' ? firstLibrary(a) ?? werkzeugKind(codeServer) : 'asgi';
      const processes = kind === 'sync' ? codeServer.processes : undefined;
      const how = kind === 'thread-per-request' ? ", Werkzeug's threaded server" : kind === 'sync' ? `, Werkzeug serving one request at a time per process` : kind === 'asgi' ? '' : ` (${kind})`;
      source = { summary: `${codeServer.server}${how} started in code`, file: codeServer.file, line: codeServer.line };
      if (processes !== undefined) workers = processes;
    }
    if (kind === 'unknown' && patched && firstLibrary(a)) {
      kind = firstLibrary(a)!;
      source = { summary: `${kind}-patched`, file: patched.file, line: patched.line };
    }
    if (!source) return;
    source.kind = kind;
    source.appRoot = a.appRoot;
    if (server) source.server = server;
    if (workers !== undefined) source.workers = workers;
    if (threads !== undefined) source.threads = threads;
    const psycogreen = patched?.psycogreen || (confRecord && this.patchesPsycogreen(confRecord.file)) || undefined;
    if (psycogreen) source.psycogreen = true;
    a.facts = {
      appRoot: a.appRoot, kind, source,
      ...(workers !== undefined ? { workers } : {}),
      ...(threads !== undefined ? { threads } : {}),
      ...(patched ? { patched } : {}),
      ...(server ? { server } : {}),
      ...(defaults ? { defaults } : {}),
      ...(psycogreen ? { psycogreen } : {}),
    };
  }

  /** A gunicorn config that patches psycopg2 (in a `post_fork` hook, as the cures write it). */
  private patchesPsycogreen(file: string): boolean {
    const text = this.readText(file);
    return !!text && /patch_psycopg/.test(text) && !!safeScan(file, text)?.patches.some((p) => p.library === 'psycogreen');
  }

  /**
   * Whether a server started in code serves the app. `app.run()` is mostly a development launch: it
   * does when patching makes it cooperative, or when the app's deployment runs the script that reaches
   * it (`CMD ["python", "run.py"]`); in a module that imports nothing of Flask, only when that process
   * builds a Flask app.
   */
  private servesInCode(a: AppDeployment, server: PyServer & { file: string }, patched: boolean, launchedScript: string | undefined): boolean {
    if (server.server !== 'app.run') return true;
    if (patched && !server.flaskUnseen) return true;
    if (!launchedScript) return false;
    const map = this.processMap(a);
    return map.reach(launchedScript).has(path.resolve(server.file)) && (!server.flaskUnseen || map.buildsFlaskApp(launchedScript));
  }

  /** The import graph of an app's folder: which modules each process loads. */
  private processMap(a: AppDeployment): ProcessMap {
    let map = this.processMaps.get(a.appRoot);
    if (!map) {
      const modules = this.pythonFiles.filter((f) => this.roots.rootOf(f) === a.appRoot);
      this.processMaps.set(a.appRoot, (map = new ProcessMap(a.appRoot, modules, this.readText, this.importRoots)));
    }
    return map;
  }

  /** The gunicorn config a command names with `-c`, read as gunicorn.conf.py. */
  private namedConf(a: AppDeployment, l: NonNullable<LaunchRecord['launch']>): LaunchRecord | undefined {
    const spec = l.configFile!.replace(/^python:/, '');
    const base = l.chdir ? path.resolve(a.appRoot, l.chdir) : a.appRoot;
    const file = spec.includes('/') || spec.endsWith('.py') ? path.resolve(base, spec) : path.join(base, ...spec.split('.')) + '.py';
    const text = this.readText(file);
    if (text === undefined) return undefined;
    try {
      return readGunicornConf(file, text)[0];
    } catch {
      return undefined;
    }
  }

  /** The module a server command names (`myapp:app`, `python run.py`), when it is in the project. */
  private namedEntry(a: AppDeployment, all: string[]): string | undefined {
    const l = a.launch?.launch ?? a.conf?.launch;
    const bases = [...new Set([l?.chdir ? path.resolve(a.appRoot, l.chdir) : undefined, a.appRoot, path.join(a.appRoot, 'src')])].filter(Boolean) as string[];
    const exists = (f: string) => all.includes(f) || this.readText(f) !== undefined;
    const spec = l?.appSpec ?? a.conf?.launch.appSpec;
    if (spec) {
      const module = spec.split(':')[0].replace(/\./g, path.sep);
      for (const base of bases) {
        for (const candidate of [path.join(base, `${module}.py`), path.join(base, module, '__init__.py')]) if (exists(candidate)) return candidate;
      }
    }
    if (l?.script) {
      for (const base of bases) if (exists(path.resolve(base, l.script))) return path.resolve(base, l.script);
    }
    return undefined;
  }

  /** The module the server imports first: from the command (`myapp:app`), a script, a server in code, or convention. */
  private entryOf(a: AppDeployment, all: string[]): string | undefined {
    const named = this.namedEntry(a, all);
    if (named) return named;
    const exists = (f: string) => all.includes(f) || this.readText(f) !== undefined;
    const codeServer = [...a.scans.values()].find((s) => s.servers.length > 0);
    if (codeServer) return codeServer.file;
    for (const name of CONVENTIONAL_ENTRIES) if (exists(path.join(a.appRoot, name))) return path.join(a.appRoot, name);
    return undefined;
  }

  private patchedFacts(a: AppDeployment): DeploymentFacts['patched'] {
    const stdlib = a.patches.filter((p) => p.library !== 'psycogreen');
    if (stdlib.length === 0) return undefined;
    const first = stdlib.find((p) => p.file === a.entry) ?? stdlib[0];
    const psycogreen = a.patches.some((p) => p.library === 'psycogreen') || undefined;
    const scan = a.scans.get(first.file)!;
    const own = firstImportBefore(scan.imports, first.start);
    let late: NonNullable<DeploymentFacts['patched']>['late'];
    if (own) late = { importLine: own.line, module: own.module };
    else if (a.entry && a.entry !== first.file) {
      const entryScan = this.scanOf(a, a.entry);
      const leading = entryScan ? importsBeforeReaching(entryScan, a.appRoot, first.file) : undefined;
      if (leading) late = { importLine: leading.line, module: leading.module, file: a.entry };
    }
    a.latePatches = [];
    const firstPatch = stdlib.find((p) => p.file === first.file && p.line === first.line)!;
    if (late) a.latePatches.push({ patch: firstPatch, late });
    for (const file of new Set(stdlib.map((p) => p.file))) {
      if (file === first.file) continue;
      const patch = stdlib.find((p) => p.file === file)!;
      const before = firstImportBefore(a.scans.get(file)!.imports, patch.start);
      if (before) a.latePatches.push({ patch, late: { importLine: before.line, module: before.module } });
    }
    const partial = stdlib.every((p) => /\.patch_(?!all$)\w+$/.test(p.call));
    const only = partial ? [...new Set(stdlib.map((p) => p.call.replace(/^.*\.patch_/, '')))] : undefined;
    return { file: first.file, line: first.line, ...(late ? { late } : {}), ...(psycogreen ? { psycogreen } : {}), ...(only ? { only } : {}) };
  }

  private scanOf(a: AppDeployment, file: string): PythonDeploymentScan | undefined {
    const known = a.scans.get(file);
    if (known) return known;
    const text = this.readText(file);
    return text === undefined ? undefined : safeScan(file, text);
  }
}

function safeScan(file: string, text: string): PythonDeploymentScan | undefined {
  try {
    return scanPython(file, text);
  } catch {
    return undefined;
  }
}

/** A file named for development: `docker-entrypoint-api-local.sh`, `Dockerfile.dev`, `docker-compose.development.yml`. */
const DEVELOPMENT_FILE = /(?:^|[^a-z])(?:local|dev|develop|development|debug)(?:[^a-z]|$)/i;

/**
 * A launch production does not make: a development server (`manage.py
 * runserver`, `flask run`), or a command in a file named for development
 * (plane's docker-entrypoint-api-local.sh runs runserver beside the
 * docker-entrypoint-api.sh that runs gunicorn).
 */
function isDevelopmentLaunch(r: LaunchRecord): boolean {
  return r.launch.server === 'django-runserver' || r.launch.server === 'flask' || DEVELOPMENT_FILE.test(path.basename(r.file));
}

function rank(r: LaunchRecord): number {
  const web = r.name === 'web' || r.name === 'app' || r.name === 'api' ? 0 : 0.5;
  // `python ping.py` before `exec gunicorn ...` in an entrypoint script is a helper, not the server.
  const script = r.launch.server === 'python' ? 0.25 : 0;
  // After every production launch, whatever file holds it.
  const development = isDevelopmentLaunch(r) ? 10 : 0;
  // A script an image runs is the image's command.
  const origin = r.runByImage ? 'dockerfile' : r.origin;
  return (ORIGIN_PRIORITY[origin] ?? 8) + web + script + development;
}

/** Werkzeug's server as `app.run()` starts it: a thread per request, unless told to serve one at a time. */
function werkzeugKind(server: PyServer): DeploymentKind {
  return server.threaded === false || server.processes !== undefined ? 'sync' : 'thread-per-request';
}

function firstLibrary(a: AppDeployment): 'gevent' | 'eventlet' | undefined {
  const p = a.patches.find((x) => x.library !== 'psycogreen');
  return p?.library as 'gevent' | 'eventlet' | undefined;
}

/**
 * In the entry module, the first import that is not harmless and comes
 * before the import that reaches `patcher` (itself or its package).
 */
function importsBeforeReaching(entry: PythonDeploymentScan, appRoot: string, patcher: string) {
  const rel = path.relative(appRoot, patcher).replace(/\.py$/, '').replace(/[\\/]__init__$/, '').split(path.sep);
  const reaches = (module: string) => {
    const parts = module.split('.');
    return rel.slice(0, parts.length).join('.') === module || (rel[0] === 'src' && rel.slice(1, parts.length + 1).join('.') === module);
  };
  for (const i of entry.imports) {
    if (i.module === '__future__') continue;
    const names = [i.module, ...i.bindings.map((b) => b.qualified)];
    if (names.some(reaches)) return undefined;
    if (!isHarmlessBeforePatch(i.module)) return i;
  }
  return undefined;
}

function summaryOf(server: string, kind: DeploymentKind, workerClass: string | undefined, workers?: number, threads?: number): string {
  // gunicorn switches `sync` to gthread when threads > 1: name what really runs.
  const named = ['sync', 'gthread', 'gevent', 'eventlet'].includes(kind) ? kind : workerClass ?? kind;
  const cls = server === 'gunicorn' || server === 'uwsgi' ? ` ${named}` : '';
  const count = workers !== undefined ? ` ×${workers}` : '';
  const th = threads && threads > 1 && kind === 'gthread' ? `, ${threads} threads` : '';
  return `${server}${cls}${count}${th}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "4 workers × 2 threads = 8 requests at once"; a count from a shell default says so. */
export function concurrencyNote(facts: DeploymentFacts): string {
  const threads = facts.kind === 'gthread' ? facts.threads ?? 1 : 1;
  const byDefault = (name: string | undefined) => (name ? ` (the default of $${name})` : '');
  if (facts.workers === undefined) {
    return threads > 1 ? `${plural(threads, 'thread')}${byDefault(facts.defaults?.threads)} per worker: each blocking call holds one of them` : 'each worker serves one request at a time';
  }
  return `${plural(facts.workers, 'worker')}${byDefault(facts.defaults?.workers)} × ${plural(threads, 'thread')}${threads > 1 ? byDefault(facts.defaults?.threads) : ''} = ${facts.workers * threads} requests at once`;
}

/** Which counts on the launch's line come from `${NAME:-N}` shell defaults. */
function shellDefaults(text: string | undefined, line: number, workers?: number, threads?: number): DeploymentFacts['defaults'] {
  const source = text?.split('\n')[line - 1] ?? '';
  const found: NonNullable<DeploymentFacts['defaults']> = {};
  for (const m of source.matchAll(new RegExp(SHELL_DEFAULT.source, 'g'))) {
    const before = source.slice(0, m.index).trimEnd();
    if (/(-w|--workers)=?$/.test(before) && String(workers) === m[2]) found.workers = m[1];
    if (/--threads=?$/.test(before) && String(threads) === m[2]) found.threads = m[1];
  }
  return found.workers || found.threads ? found : undefined;
}

/**
 * A gevent/eventlet WSGI server started in code (`WSGIServer(...).serve_forever()`)
 * while nothing calls `monkey.patch_all()`: its one thread runs every request's
 * greenlet, and the standard library's sockets, sleeps and locks stay blocking.
 */
export function nothingPatched(facts: DeploymentFacts): boolean {
  return (facts.kind === 'gevent' || facts.kind === 'eventlet') && !facts.patched && (facts.server === 'gevent.pywsgi' || facts.server === 'eventlet.wsgi');
}

function unpatchedNote(facts: DeploymentFacts): string {
  return `${facts.server} started in code, and nothing calls \`${facts.kind === 'eventlet' ? 'eventlet.monkey_patch()' : 'gevent.monkey.patch_all()'}\`: one thread serves every request, and no blocking call yields to the others`;
}

function cooperativeNote(facts: DeploymentFacts): string {
  const via = facts.server === 'gunicorn' ? `gunicorn ${facts.kind} workers` : facts.patched ? `${facts.kind} monkey patching` : `${facts.server ?? facts.kind}`;
  return `${via}: patched I/O yields to other requests; CPU work and unpatched C drivers still block the worker`;
}

/** C drivers psycogreen does not touch. */
const NOT_PSYCOPG2 = /^(psycopg\.|MySQLdb\.|sqlite3\.|pyodbc\.|cx_Oracle\.|oracledb\.|ibm_db)/;

/**
 * Whether `rule`'s call yields to other greenlets under these facts: the
 * rule's own `cooperative` flag (or its category's default), and psycopg2
 * calls of rules whose `cooperativeFix` names psycogreen once the app
 * patches with psycogreen. `call` is the resolved call name, when known.
 */
export function cooperativeUnder(rule: RuleDefinition, facts: DeploymentFacts | undefined, call?: string): boolean {
  if (yieldsUnderGevent(rule)) return true;
  // Every database URL the deployment sets goes through a pure-Python driver that patched sockets make cooperative.
  const urls = facts?.databaseUrls ?? [];
  if (rule.cooperativeDrivers && urls.length > 0 && urls.every((u) => rule.cooperativeDrivers!.includes(u.scheme))) return true;
  if (!(facts?.patched?.psycogreen || facts?.psycogreen) || !/psycogreen/.test(rule.cooperativeFix ?? '')) return false;
  return call === undefined || !NOT_PSYCOPG2.test(call);
}
