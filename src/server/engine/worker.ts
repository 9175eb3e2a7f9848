/**
 * The analysis worker (`dist/worker.js`): owns the engine so parsing and
 * interprocedural analysis never run on the extension host's thread. The host
 * sends editor texts and asks for findings; the worker also loads every
 * workspace file from disk in the background, because a handler's finding can
 * come from a helper in a file that is not open.
 */
import * as path from 'path';
import { parentPort } from 'worker_threads';
import ignore, { type Ignore } from 'ignore';
import { Engine } from '../../core/engine';
import { openCaches } from '../../core/analysis/caches';
import type { Finding } from '../../core/model';
import { RuleCatalog } from '../../core/rules/catalog';
import { SOURCE_EXTENSIONS } from '../../core/languages';
import { walkFiles } from '../../core/files/walk';
import { readSourceFileAsync, readTextOrUndefined } from '../../core/files/read';
import { findConfig, loadConfig } from '../../core/config';
import { DeploymentModel, editChangesDeployment } from '../../core/deployment';
import { checkFixGroups, type BatchVerdict } from '../../core/fixes/checkBatch';
import type {
  EngineSettings,
  FindingsResult,
  PostedFindings,
  Request,
  RequestEnvelope,
  ScanSummary,
  WireFinding,
  WirePosition,
  WorkerMessage,
} from './protocol';
import { VIRTUAL_ROOT } from './protocol';
import { handlerLenses, type HandlerLens } from './handlerCounts';
import { renderedReport, reportData } from './workerReport';
import { enableIdleCollection, onIdle, requestAnswered, requestArrived } from './idleTime';

/** Files between two yields while loading the workspace, so editor requests interleave. */
const YIELD_EVERY = 20;

const port = parentPort;
if (!port) throw new Error('unblock worker: must run in a worker thread');
enableIdleCollection();
onIdle(() => Engine.idle());

function post(message: WorkerMessage): void {
  port!.postMessage(message);
}

function log(message: string): void {
  post({ type: 'log', message });
}

interface State {
  settings: EngineSettings;
  engine: Engine;
  virtual?: Engine;
  ignored: Ignore;
  /** Files whose text comes from an open editor: the disk loader leaves them alone. */
  open: Map<string, number>;
  /** Loading the workspace from disk; replaced by each scan. */
  loading?: { promise: Promise<LoadResult>; abort: AbortController; progress: Set<number> };
}

interface LoadResult {
  files: number;
  cancelled: boolean;
  errors: { file: string; message: string }[];
  millis: number;
}

let state: Promise<State> | undefined;
const cancelled = new Set<number>();

function engineOptions(settings: EngineSettings, rules: RuleCatalog, errors: { file: string; message: string }[]) {
  const root = settings.roots[0];
  const configFile = root ? findConfig(root) : undefined;
  const loaded = configFile ? loadConfig(configFile) : { config: {}, errors: [] };
  errors.push(...loaded.errors);
  const config = loaded.config;
  // Project rules are code-like input: only in trusted workspaces.
  if (settings.trusted && config.rules?.length) rules.addUntrusted(config.rules, configFile ?? '.unblock.json');
  if (settings.trusted) for (const file of settings.ruleFiles) rules.loadFile(file);
  errors.push(...rules.errors);
  return {
    ignore: [...(config.ignore ?? []), ...settings.ignore],
    options: {
      scope: settings.scope ?? config.scope,
      maxDepth: settings.maxDepth ?? config.maxDepth,
      severity: { ...config.severity, ...settings.severity },
      disabledRules: [...(config.disable ?? []), ...settings.disabledRules],
      scanBundles: config.scanBundles,
      includeTests: settings.includeTests ?? config.includeTests,
    },
  };
}

async function configure(settings: EngineSettings): Promise<State> {
  const previous = state ? await state.catch(() => undefined) : undefined;
  previous?.loading?.abort.abort();
  const rules = RuleCatalog.builtin();
  const errors: { file: string; message: string }[] = [];
  const { ignore: globs, options } = engineOptions(settings, rules, errors);
  for (const e of errors) log(`config: ${e.file}: ${e.message}`);
  const started = Date.now();
  // Kept until the first workspace load is over (loadWorkspace): a reopened workspace is read from them, not parsed.
  const caches = settings.cacheDir ? openCaches(settings.cacheDir, settings.roots, rules, options) : undefined;
  const engine = await Engine.create(settings.roots, rules, { ...options, ...caches, editing: true });
  log(`engine ready in ${Date.now() - started} ms (${rules.all().length} rules)`);
  const next: State = { settings, engine, ignored: ignore().add(globs), open: new Map() };
  // Editor texts survive a reconfiguration; the host re-sends them.
  return next;
}

function isIgnored(s: State, file: string): boolean {
  for (const root of s.settings.roots) {
    const rel = path.relative(root, file);
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return s.ignored.ignores(rel.split(path.sep).join('/'));
  }
  return false;
}

function startLoading(s: State): NonNullable<State['loading']> {
  s.loading?.abort.abort();
  const abort = new AbortController();
  const progress = new Set<number>();
  const promise = loadWorkspace(s, abort.signal, progress);
  s.loading = { promise, abort, progress };
  return s.loading;
}

async function loadWorkspace(s: State, signal: AbortSignal, progress: Set<number>): Promise<LoadResult> {
  const started = Date.now();
  const errors: { file: string; message: string }[] = [];
  if (s.settings.roots.length === 0) return { files: 0, cancelled: false, errors, millis: 0 };
  const walked = await walkFiles(s.settings.roots, {
    extensions: SOURCE_EXTENSIONS,
    signal,
  }).catch((error: Error) => ({ files: [] as string[], errors: [{ file: s.settings.roots[0], message: error.message }] }));
  errors.push(...walked.errors);
  const files = walked.files.filter((f) => !isIgnored(s, f));
  let done = 0;
  for (let at = 0; at < files.length; at += YIELD_EVERY) {
    // A batch's reads run together (awaited one by one, they held a cached saleor's load at 4.1 s instead of 2.5); files are still added in order.
    const batch = files.slice(at, at + YIELD_EVERY);
    const reads = await Promise.all(batch.map((file) => (s.open.has(file) ? undefined : readSourceFileAsync(file))));
    for (const [i, file] of batch.entries()) {
      if (signal.aborted) return { files: done, cancelled: true, errors, millis: Date.now() - started };
      const read = reads[i];
      if (read && 'error' in read) errors.push({ file, message: read.error });
      else if (read && !s.open.has(file)) s.engine.setFile(file, read.text);
      done++;
    }
    for (const id of progress) post({ type: 'progress', id, done, total: files.length, findings: 0 });
    await new Promise((resolve) => setImmediate(resolve));
  }
  await applyDeployment(s, files);
  try {
    s.engine.saveCaches();
  } catch (error) {
    log(`keeping the workspace's models and findings failed: ${(error as Error).stack ?? error}`);
  }
  const millis = Date.now() - started;
  post({ type: 'indexed', files: files.length, millis });
  return { files: files.length, cancelled: false, errors, millis };
}

/**
 * Deployment facts (gevent patching, gunicorn worker class, ASGI server)
 * refine handler contexts and add config findings, as in `scan()`. Found
 * again after each workspace load and disk change, not on every keystroke.
 */
async function applyDeployment(s: State, files: string[]): Promise<void> {
  try {
    const deployment = await DeploymentModel.discover(s.settings.roots, files, (f) => s.engine.text(f) ?? readTextOrUndefined(f), s.engine.rules);
    s.engine.setRefiner(deployment);
    s.engine.setExtraFindings((e) => deployment.configFindings(e.handlers()));
  } catch (error) {
    log(`deployment discovery failed: ${(error as Error).stack ?? error}`);
  }
}

let deploymentTimer: NodeJS.Timeout | undefined;
function rediscoverDeploymentSoon(s: State): void {
  clearTimeout(deploymentTimer);
  deploymentTimer = setTimeout(() => {
    void applyDeployment(s, s.engine.files()).then(() => post({ type: 'indexed', files: s.engine.files().length, millis: 0 }));
  }, 500);
}

// ---------------------------------------------------------------------------
// Findings → wire format (edit spans resolved to line/character)
// ---------------------------------------------------------------------------

const lineStartsCache = new WeakMap<object, number[]>();
const textKeys = new Map<string, { text: string; key: object }>();

function lineStarts(file: string, text: string): number[] {
  let entry = textKeys.get(file);
  if (!entry || entry.text !== text) {
    entry = { text, key: {} };
    textKeys.set(file, entry);
  }
  let starts = lineStartsCache.get(entry.key);
  if (!starts) {
    starts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
    lineStartsCache.set(entry.key, starts);
  }
  return starts;
}

function positionAt(starts: number[], offset: number): WirePosition {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

function toWire(engine: Engine, finding: Finding): WireFinding {
  return {
    ...finding,
    fixes: finding.fixes.map((fix) => ({
      ...fix,
      edits: fix.edits.map((edit) => {
        // Fixes may touch files the engine does not analyse (requirements.txt) or that do not exist yet.
        const text = engine.text(edit.file) ?? readTextOrUndefined(edit.file);
        const starts = lineStarts(edit.file, text ?? '');
        const wire = { ...edit, start: positionAt(starts, edit.span.start), end: positionAt(starts, edit.span.end) };
        return text === undefined ? { ...wire, create: true } : wire;
      }),
    })),
  };
}

/** Each engine's wire copies of the findings it gave without fixes: a keystroke leaves most of a file's findings the same objects. */
const pendingWires = new WeakMap<Engine, WeakMap<Finding, WireFinding>>();

/** A finding without its fixes, and whether its rule offers a rewrite or an offload (no edit computed). */
function pendingWire(engine: Engine, finding: Finding): WireFinding {
  let made = pendingWires.get(engine);
  if (!made) pendingWires.set(engine, (made = new WeakMap()));
  let wire = made.get(finding);
  if (!wire) {
    const rule = engine.rules.get(finding.rule);
    const likely = !!rule && (rule.replacements.length > 0 || rule.offload !== 'none') || finding.fixes.some((f) => !f.unavailable && f.kind !== 'suppress');
    made.set(finding, (wire = { ...toWire(engine, finding), fixesPending: { likely } }));
  }
  return wire;
}

/** Each file's findings in the last `findings` reply without fixes, as the client holds them (`PostedFindings`). */
const postedFindings = new Map<string, WireFinding[]>();

/** `findings` as `PostedFindings`: what the last reply posted for the file goes as its index there. */
function postedOf(result: FindingsResult): PostedFindings {
  const byFile: PostedFindings['byFile'] = {};
  for (const [file, findings] of Object.entries(result.byFile)) {
    const before = new Map((postedFindings.get(file) ?? []).map((finding, i) => [finding, i]));
    byFile[file] = findings.map((finding) => before.get(finding) ?? finding);
    postedFindings.set(file, findings);
  }
  return { ...result, byFile, posted: true };
}

function findingsOf(s: State, files: string[], withFixes: boolean, indexes?: number[]): FindingsResult {
  const started = Date.now();
  const byFile: Record<string, WireFinding[]> = {};
  const versions: Record<string, number> = {};
  for (const [engine, isVirtual] of [[s.engine, false], [s.virtual, true]] as const) {
    if (!engine) continue;
    const mine = files.filter((f) => f.startsWith(VIRTUAL_ROOT) === isVirtual);
    if (mine.length === 0) continue;
    // Fixes re-parse files: compute them for the requested files only, never the whole workspace.
    for (const file of mine) {
      if (engine.text(file) === undefined) continue;
      const raw = engine.findingsFor(file, { fixes: false });
      if (!withFixes) byFile[file] = raw.map((finding) => pendingWire(engine, finding));
      else {
        const chosen = indexes ? indexes.flatMap((i) => raw[i] ?? []) : raw;
        byFile[file] = engine.withFixes(chosen).map((finding) => toWire(engine, finding));
      }
    }
  }
  for (const file of files) {
    const version = s.open.get(file);
    if (version !== undefined) versions[file] = version;
  }
  return { byFile, versions, millis: Date.now() - started };
}

async function virtualEngine(s: State): Promise<Engine> {
  s.virtual ??= await Engine.create([VIRTUAL_ROOT], s.engine.rules, {
    scope: s.settings.scope,
    maxDepth: s.settings.maxDepth,
    severity: s.settings.severity,
    disabledRules: s.settings.disabledRules,
  });
  return s.virtual;
}

// ---------------------------------------------------------------------------
// Request handling
// ---------------------------------------------------------------------------

async function current(): Promise<State> {
  if (!state) throw new Error('worker not configured');
  return state;
}

async function handle(id: number, request: Request): Promise<unknown> {
  switch (request.type) {
    case 'configure': {
      state = configure(request.settings);
      const s = await state;
      startLoading(s);
      return { rules: s.engine.rules.all().length };
    }
    case 'setFile': {
      const s = await current();
      if (request.virtual) {
        (await virtualEngine(s)).setFile(request.file, request.text);
        s.open.set(request.file, request.version);
        return true;
      }
      if (isIgnored(s, request.file)) {
        s.engine.removeFile(request.file);
        s.open.set(request.file, request.version);
        return false;
      }
      s.open.set(request.file, request.version);
      // Unsaved text counts: typing gevent workers into gunicorn.conf.py (or `monkey.patch_all()`) changes the app's contexts.
      if (editChangesDeployment(request.file, s.engine.text(request.file), request.text)) rediscoverDeploymentSoon(s);
      return s.engine.setFile(request.file, request.text, { open: true });
    }
    case 'closeFile': {
      const s = await current();
      s.open.delete(request.file);
      if (request.virtual) {
        s.virtual?.removeFile(request.file);
        return true;
      }
      const read = await readSourceFileAsync(request.file);
      if ('error' in read || isIgnored(s, request.file)) s.engine.removeFile(request.file);
      else s.engine.setFile(request.file, read.text);
      return true;
    }
    case 'diskChange': {
      const s = await current();
      // Any change may be a deployment fact (gunicorn.conf.py, Procfile, requirements.txt, a monkey patch).
      rediscoverDeploymentSoon(s);
      if (s.open.has(request.file) || !s.engine.handles(request.file) || isIgnored(s, request.file)) return false;
      if (request.deleted) {
        s.engine.removeFile(request.file);
        return true;
      }
      const read = await readSourceFileAsync(request.file);
      if ('error' in read) s.engine.removeFile(request.file);
      else s.engine.setFile(request.file, read.text);
      return true;
    }
    case 'findings':
      if (request.fixes !== false) return findingsOf(await current(), request.files, true, request.indexes);
      return postedOf(findingsOf(await current(), request.files, false));
    case 'handlers': {
      const s = await current();
      // One document's lenses: after each burst of edits the editor asks again, and a large workspace has 17,000 handlers.
      const file = request.file;
      const handlers = file !== undefined ? s.engine.handlersIn(file) : s.engine.handlers();
      // A test handler's lens counts what its open file shows (Engine.findingsFor adds a test file's own findings).
      const findings = [...s.engine.findings({ fixes: false }), ...s.engine.testFindings()];
      return handlerLenses(handlers, file !== undefined ? findings.filter((f) => f.handler?.file === file) : findings) satisfies HandlerLens[];
    }
    case 'rule':
      return (await current()).engine.rules.get(request.id) ?? null;
    case 'scanWorkspace': {
      const s = await current();
      const started = Date.now();
      const loading = startLoading(s);
      loading.progress.add(id);
      const onCancel = setInterval(() => {
        if (cancelled.has(id)) loading.abort.abort();
      }, 50);
      try {
        const loaded = await loading.promise;
        // Diagnostics for every file: fixes are computed when a code action asks.
        const findings = s.engine.findings({ fixes: false });
        const byFile: Record<string, WireFinding[]> = {};
        for (const f of findings) (byFile[f.file] ??= []).push(pendingWire(s.engine, f));
        return {
          files: loaded.files,
          findings: findings.length,
          handlers: s.engine.handlers().length,
          errors: [...loaded.errors, ...s.engine.errors()],
          byFile,
          cancelled: loaded.cancelled,
          millis: Date.now() - started,
        } satisfies ScanSummary;
      } finally {
        clearInterval(onCancel);
        cancelled.delete(id);
      }
    }
    case 'cancel':
      cancelled.add(request.id);
      return true;
    case 'checkFixes': {
      const s = await current();
      return checkFixGroups(s.engine, s.settings.roots[0] ?? '', request.groups) satisfies BatchVerdict;
    }
    case 'report': {
      const s = await current();
      if (request.complete) await s.loading?.promise;
      return reportData(s.engine, s.settings.roots, s.loading?.promise, (f) => toWire(s.engine, f), request.fixes !== false, s.open);
    }
    case 'renderReport': {
      const s = await current();
      await s.loading?.promise;
      return renderedReport(s.engine, s.settings.roots, request.format);
    }
  }
}

/**
 * Requests that read or change the engine run one after another, so an
 * async step (reading a closed file from disk) cannot interleave with the
 * next editor text. A workspace scan only waits inside, and cancel is immediate.
 */
let queue: Promise<unknown> = Promise.resolve();
function schedule(id: number, request: Request): Promise<unknown> {
  if (request.type === 'cancel' || request.type === 'scanWorkspace') return handle(id, request);
  const run = queue.then(() => handle(id, request));
  queue = run.catch(() => undefined);
  return run;
}

port.on('message', (envelope: RequestEnvelope) => {
  requestArrived();
  schedule(envelope.id, envelope.request)
    .then(
      (value) => post({ id: envelope.id, ok: true, value }),
      (error: Error) => {
        post({ id: envelope.id, ok: false, error: error?.stack ?? String(error) });
        // An aborted WASM parser cannot be used again: end this worker, the host starts a fresh one.
        if (/Aborted\(/.test(String(error?.message))) process.exit(70);
      },
    )
    .finally(requestAnswered);
});
