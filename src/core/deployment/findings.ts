import * as path from 'path';
import type { Category, DeploymentRef, Finding, Fix, HandlerReport, TextEdit } from '../model';
import type { RuleDefinition } from '../rules/types';
import { severityFor } from '../severity';
import { gunicornGeventFix, patchFirstFix } from './fixes';
import { scanPython } from './pythonScan';
import type { AppDeployment } from './index';
import { addRequirementFix, declares, listFromDisk, projectDependencies } from './requirements';
import type { LaunchRecord, SettingSite } from './sources/types';
import { TextLines } from './text';

export interface FindingContext {
  readText: (file: string) => string | undefined;
  rule: (id: string) => RuleDefinition | undefined;
  appOf: (file: string) => AppDeployment;
}

const UNPATCHED_HINT: Record<string, string> = {
  requests: '`requests` (and the `ssl`/`urllib3` sockets it set up)',
  urllib3: '`urllib3` and `ssl`',
  ssl: '`ssl`',
  threading: '`threading` locks',
  socket: '`socket`',
};

function unpatchedWords(module: string): string {
  return UNPATCHED_HINT[module.split('.')[0]] ?? `\`${module}\` and whatever it imported (\`ssl\`, \`socket\`, \`threading\`)`;
}

class Builder {
  readonly findings: Finding[] = [];
  constructor(readonly ctx: FindingContext) {}

  add(ruleId: string, file: string, at: { start: number; end: number } | undefined, line: number, call: string, message: string, deployment: DeploymentRef, fixes: Fix[]): void {
    const rule = this.ctx.rule(ruleId);
    const text = this.ctx.readText(file) ?? '';
    const lines = new TextLines(text);
    const span = at ?? lines.wholeLine(line).span;
    const category: Category = rule?.category ?? 'config';
    this.findings.push({
      file,
      range: lines.rangeOf(span),
      span,
      rule: ruleId,
      category,
      severity: (rule && severityFor(rule, 'unknown')) || 'warning',
      call,
      message,
      context: 'unknown',
      handler: null,
      chain: [],
      fixes,
      deployment,
    });
  }

  /** The span of a setting's text on its line. */
  siteSpan(file: string, site: SettingSite): { start: number; end: number } {
    const lines = new TextLines(this.ctx.readText(file) ?? '');
    return lines.locate(site.text, site.line).span;
  }
}

function ref(summary: string, file: string, line: number, extra: Record<string, unknown> = {}): DeploymentRef {
  return { summary, file, line, ...extra };
}

function launchRef(rec: LaunchRecord, site?: SettingSite): DeploymentRef {
  return ref(`${rec.launch.server}${rec.launch.workerClass ? ` -k ${rec.launch.workerClass}` : ''} (${rec.origin})`, rec.file, site?.line ?? rec.line, { origin: rec.origin });
}

/** Replaces one setting's token on its line (`-k eventlet` → `-k gevent`). */
function replaceOnLine(builder: Builder, rec: LaunchRecord, site: SettingSite, from: string, to: string): TextEdit | undefined {
  const span = builder.siteSpan(rec.file, site);
  const text = builder.ctx.readText(rec.file) ?? '';
  const within = text.slice(span.start, span.end).indexOf(from);
  if (within < 0) return undefined;
  return { file: rec.file, span: { start: span.start + within, end: span.start + within + from.length }, newText: to };
}

/** Every config finding for the apps. */
export function configFindings(apps: AppDeployment[], handlers: HandlerReport[], ctx: FindingContext): Finding[] {
  const b = new Builder(ctx);
  for (const a of apps) {
    latePatch(b, a, ctx);
    bothLibraries(b, a);
    eventlet(b, a, ctx);
    uvicornWorker(b, a, ctx);
    preloadWithGevent(b, a, ctx);
  }
  flaskAsyncWithoutAsgiref(b, handlers, ctx);
  return b.findings;
}

function latePatch(b: Builder, a: AppDeployment, ctx: FindingContext): void {
  // gunicorn's gevent worker patches before it imports the app (unless --preload).
  if (a.facts?.server === 'gunicorn' && a.facts.kind === 'gevent' && !a.preload) return;
  for (const { patch, late } of a.latePatches ?? []) latePatchFinding(b, patch, late, ctx);
}

function latePatchFinding(b: Builder, patch: AppDeployment['patches'][number], late: NonNullable<AppDeployment['latePatches']>[number]['late'], ctx: FindingContext): void {
  const patched = { file: patch.file, line: patch.line };
  const where = late.file ? `\`import ${late.module}\` (${path.basename(late.file)} line ${late.importLine}), imported before this module` : `\`import ${late.module}\` on line ${late.importLine}`;
  const message = `${patch.call.split('.').slice(-2).join('.')}() runs after ${where}: it leaves ${unpatchedWords(late.module)} unpatched, so I/O through them blocks the whole process. Patch before any other import.`;
  const fixFile = late.file ?? patched.file;
  const text = ctx.readText(fixFile);
  const fixes = text !== undefined ? [patchFirstFix(fixFile, text, patch.library === 'eventlet' ? 'eventlet' : 'gevent')] : [];
  b.add('py/config-late-monkey-patch', patched.file, { start: patch.start, end: patch.end }, patched.line, patch.call, message,
    ref(`${patch.library}-patched late`, late.file ?? patched.file, late.importLine, { module: late.module }), fixes);
}

function bothLibraries(b: Builder, a: AppDeployment): void {
  const gevent = a.patches.find((p) => p.library === 'gevent');
  const eventletPatch = a.patches.find((p) => p.library === 'eventlet');
  if (gevent && eventletPatch) {
    const second = gevent.file === eventletPatch.file && gevent.start > eventletPatch.start ? gevent : eventletPatch;
    const other = second === gevent ? eventletPatch : gevent;
    b.add('py/config-gevent-and-eventlet', second.file, second, second.line, second.call,
      `This app is patched by both gevent and eventlet (${path.basename(other.file)} line ${other.line}): they replace the same modules with incompatible hubs; keep one (gevent).`,
      ref(`${other.library}-patched`, other.file, other.line), []);
    return;
  }
  // Patched by one library, served by the other's worker.
  const rec = a.launch ?? a.conf;
  const workerKind = a.facts?.server === 'gunicorn' ? a.facts.kind : undefined;
  const patch = gevent ?? eventletPatch;
  if (patch && rec && (workerKind === 'gevent' || workerKind === 'eventlet') && workerKind !== patch.library) {
    b.add('py/config-gevent-and-eventlet', patch.file, patch, patch.line, patch.call,
      `The code patches with ${patch.library} but gunicorn runs ${workerKind} workers (${path.basename(a.facts!.source.file)} line ${a.facts!.source.line}): the two hubs conflict; use one library.`,
      a.facts!.source, []);
  }
}

function eventlet(b: Builder, a: AppDeployment, ctx: FindingContext): void {
  const why = 'eventlet is discouraged for new code by its own maintainers, and gunicorn 26 removed its eventlet worker: move to gevent (or asyncio).';
  for (const p of a.patches.filter((x) => x.library === 'eventlet')) {
    b.add('py/config-eventlet', p.file, p, p.line, p.call, `${p.call}(): ${why}`, ref('eventlet-patched', p.file, p.line), [
      { title: 'Port to gevent', kind: 'deployment', safe: false, edits: [], unavailable: 'eventlet APIs (eventlet.spawn, GreenPool, eventlet.wsgi) need porting by hand' },
    ]);
  }
  for (const rec of [...a.launches, ...(a.conf ? [a.conf] : [])]) {
    if (!rec.launch.workerClass || !/eventlet/i.test(rec.launch.workerClass) || rec.launch.server !== 'gunicorn') continue;
    const site = rec.settings.workerClass!;
    const fixes: Fix[] = [];
    if (rec.origin === 'gunicorn-conf') fixes.push(gunicornGeventFix(a.appRoot, { file: rec.file, text: ctx.readText(rec.file) ?? '' }));
    else {
      const edit = replaceOnLine(b, rec, site, rec.launch.workerClass, 'gevent');
      if (edit) fixes.push({ title: 'Use gevent workers', kind: 'deployment', safe: false, edits: [edit], description: 'Needs gevent installed; eventlet-specific code must be ported.' });
    }
    fixes.push(addRequirementFix(a.appRoot, 'gevent', ctx.readText, listFromDisk));
    b.add('py/config-eventlet', rec.file, b.siteSpan(rec.file, site), site.line, rec.launch.workerClass, `gunicorn worker class ${rec.launch.workerClass}: ${why}`, launchRef(rec, site), fixes);
  }
}

function uvicornWorker(b: Builder, a: AppDeployment, ctx: FindingContext): void {
  for (const rec of [...a.launches, ...(a.conf ? [a.conf] : [])]) {
    const cls = rec.launch.workerClass;
    if (rec.launch.server !== 'gunicorn' || !cls || !/^uvicorn\.workers\.Uvicorn\w*Worker$/.test(cls)) continue;
    const site = rec.settings.workerClass!;
    const edit = replaceOnLine(b, rec, site, 'uvicorn.workers.', 'uvicorn_worker.');
    const requirement = addRequirementFix(a.appRoot, 'uvicorn-worker', ctx.readText, listFromDisk);
    const fixes: Fix[] = edit
      ? [{ title: `Use ${cls.replace('uvicorn.workers.', 'uvicorn_worker.')} (uvicorn-worker package)`, kind: 'deployment', safe: true, preferred: true, edits: [edit, ...requirement.edits] }]
      : [];
    b.add('py/config-uvicorn-worker-deprecated', rec.file, b.siteSpan(rec.file, site), site.line, cls,
      `${cls} is deprecated since uvicorn 0.30: use uvicorn_worker.UvicornWorker from the uvicorn-worker package (or gunicorn's ASGI worker).`,
      launchRef(rec, site), fixes);
  }
}

function preloadWithGevent(b: Builder, a: AppDeployment, ctx: FindingContext): void {
  if (a.facts?.server !== 'gunicorn' || a.facts.kind !== 'gevent' || !a.preload) return;
  // Patching at the top of gunicorn.conf.py runs before the app is preloaded: the known workaround.
  const confText = a.conf ? ctx.readText(a.conf.file) : undefined;
  if (confText !== undefined && scanPython(a.conf!.file, confText).patches.some((p) => p.library === 'gevent')) return;
  const rec = a.launch?.launch.preload ? a.launch : a.conf?.launch.preload ? a.conf : undefined;
  const site = rec?.settings.preload;
  if (!rec || !site) return;
  const span = b.siteSpan(rec.file, site);
  const text = ctx.readText(rec.file) ?? '';
  const fixes: Fix[] = [];
  if (rec.origin === 'gunicorn-conf') fixes.push(gunicornGeventFix(a.appRoot, { file: rec.file, text }));
  else {
    // Remove `--preload` and one neighbouring blank.
    const before = text[span.start - 1] === ' ' ? 1 : 0;
    const after = !before && text[span.end] === ' ' ? 1 : 0;
    fixes.push({ title: 'Remove --preload', kind: 'deployment', safe: false, description: 'Each worker then imports the app itself (more memory, slower start).', edits: [{ file: rec.file, span: { start: span.start - before, end: span.end + after }, newText: '' }] });
  }
  b.add('py/config-gevent-preload', rec.file, span, site.line, '--preload',
    `${rec.origin === 'gunicorn-conf' ? 'preload_app = True' : '--preload'} with gevent workers imports the app before the worker monkey-patches: sockets, ssl and locks created at import stay blocking.`,
    a.facts.source, fixes);
}

function flaskAsyncWithoutAsgiref(b: Builder, handlers: HandlerReport[], ctx: FindingContext): void {
  const byApp = new Map<string, HandlerReport[]>();
  for (const h of handlers) {
    if (h.framework.toLowerCase() !== 'flask' || h.kind !== 'async') continue;
    const root = ctx.appOf(h.file).appRoot;
    byApp.set(root, [...(byApp.get(root) ?? []), h]);
  }
  for (const [root, views] of byApp) {
    const deps = projectDependencies(root, ctx.readText, listFromDisk);
    if (declares(deps, 'asgiref') || declares(deps, 'flask[async]') || declares(deps, 'quart')) continue;
    const first = [...views].sort((x, y) => x.file.localeCompare(y.file) || x.line - y.line)[0];
    const text = ctx.readText(first.file) ?? '';
    const lines = new TextLines(text);
    const lineText = lines.lines[first.line - 1] ?? '';
    const def = /async\s+def\s+\w+/.exec(lineText);
    const span = def ? lines.rangeOn(first.line, def.index + 1, def.index + 1 + def[0].length).span : undefined;
    const depFile = ['requirements.txt', 'pyproject.toml', 'Pipfile', 'setup.cfg'].map((n) => path.join(root, n)).find((f) => ctx.readText(f) !== undefined);
    b.add('py/config-flask-async-without-asgiref', first.file, span, first.line, first.name,
      `Flask async view ${first.name}() needs flask[async] (asgiref), which ${depFile ? path.basename(depFile) : 'this project'} does not list: Flask raises RuntimeError on the first request${views.length > 1 ? ` (and ${views.length - 1} more async view${views.length > 2 ? 's' : ''})` : ''}.`,
      ref(depFile ? `no asgiref in ${path.basename(depFile)}` : 'no dependency file', depFile ?? first.file, depFile ? 1 : first.line, { appRoot: root }),
      [addRequirementFix(root, 'flask[async]', ctx.readText, listFromDisk)]);
  }
}
