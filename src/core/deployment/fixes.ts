import * as path from 'path';
import type { Fix, TextEdit } from '../model';
import { scanPython, type PatchLibrary, type PyImport, type PythonDeploymentScan } from './pythonScan';
import { TextLines } from './text';

/**
 * Modules that may come before patching: they create no sockets, locks or
 * threads, and import none of the modules gevent patches (checked with
 * `python -X importtime`; `logging` is not one: it imports `threading`).
 */
const HARMLESS_FIRST = new Set([
  '__future__', 'gevent', 'eventlet', 'psycogreen', 'sys', 'os',
  'argparse', 'collections', 'dataclasses', 'enum', 'functools', 'itertools', 'json', 'math', 'pathlib', 're', 'string', 'textwrap', 'typing', 'warnings',
]);

export function isHarmlessBeforePatch(module: string): boolean {
  return HARMLESS_FIRST.has(module.split('.')[0]);
}

/** `from gevent import monkey` for a local name bound to `gevent.monkey`. */
function importLineFor(head: string, qualified: string): string {
  const dot = qualified.lastIndexOf('.');
  if (dot < 0) return head === qualified ? `import ${qualified}` : `import ${qualified} as ${head}`;
  const parent = qualified.slice(0, dot);
  const last = qualified.slice(dot + 1);
  return head === last ? `from ${parent} import ${last}` : `from ${parent} import ${last} as ${head}`;
}

const FRESH: Record<Exclude<PatchLibrary, 'psycogreen'>, string[]> = {
  gevent: ['from gevent import monkey', 'monkey.patch_all()'],
  eventlet: ['import eventlet', 'eventlet.monkey_patch()'],
};

/** The statements that patch with `library` first thing in a module. */
export function patchStatements(library: Exclude<PatchLibrary, 'psycogreen'>): readonly string[] {
  return FRESH[library];
}

/** Deletes a statement; its whole line when nothing else is on it. */
function deletion(file: string, lines: TextLines, span: { start: number; end: number }, all: Array<{ start: number; end: number }>): TextEdit {
  const text = lines.text;
  const firstLine = text.slice(0, span.start).split('\n').length;
  const lastLine = text.slice(0, span.end).split('\n').length;
  const lineStart = lines.lineStart(firstLine);
  const lineEnd = lines.lineEnd(lastLine);
  // What is left on these lines once every moved statement is gone.
  let rest = text.slice(lineStart, lineEnd);
  for (const s of [...all].sort((a, b) => b.start - a.start)) {
    if (s.start >= lineStart && s.end <= lineEnd) rest = rest.slice(0, s.start - lineStart) + rest.slice(s.end - lineStart);
  }
  if (/^[\s;]*(#.*)?$/.test(rest)) return { file, span: { start: lineStart, end: lines.lineEndWithBreak(lastLine) }, newText: '' };
  const after = /^\s*;[ \t]*/.exec(text.slice(span.end, lineEnd));
  if (after) return { file, span: { start: span.start, end: span.end + after[0].length }, newText: '' };
  const before = /;\s*$/.exec(text.slice(lineStart, span.start));
  return { file, span: { start: before ? span.start - before[0].length : span.start, end: span.end }, newText: '' };
}

/**
 * Makes monkey patching the first statement of `entryFile` (after a module
 * docstring and `from __future__` imports). A module-level patch call found
 * later in the file is moved there with the import that binds its name;
 * otherwise gevent's `monkey.patch_all()` is inserted.
 */
export function patchFirstFix(entryFile: string, text: string, library: 'gevent' | 'eventlet' = 'gevent'): Fix {
  const scan = scanPython(entryFile, text);
  const lines = new TextLines(text);
  const existing = scan.patches.find((p) => p.library !== 'psycogreen' && p.statement);
  const moved: Array<{ start: number; end: number }> = [];
  const block: string[] = [];
  let fresh = false;
  if (existing) {
    const binders = scan.imports.filter(
      (i) => i.topLevel && i.start < existing.start && i.bindings.some((b) => b.local === existing.head),
    );
    const movable = binders.length > 0 && binders.every((i) => i.bindings.every((b) => isHarmlessBeforePatch(b.qualified)));
    if (movable) moved.push(...binders.map((i) => ({ start: i.start, end: i.end })));
    else block.push(importLineFor(existing.head, existing.headQualified));
    moved.push(existing.statement!);
    block.push(...moved.map((s) => text.slice(s.start, s.end)));
  } else {
    fresh = true;
    block.push(...FRESH[library]);
  }
  const isMoved = (s: { start: number }) => moved.some((m) => m.start === s.start);
  const before = firstRealStatement(scan, isMoved);
  const title = fresh ? `Patch with ${library} first in ${path.basename(entryFile)}` : `Move monkey patching to the top of ${path.basename(entryFile)}`;
  if (existing && before && before.start > existing.start) {
    return { title, kind: 'deployment', safe: true, edits: [], unavailable: 'monkey patching already runs before any other import' };
  }
  let at: number;
  let prefix = '';
  if (before) at = lines.lineStart(before.line) <= before.start && /^\s*$/.test(text.slice(lines.lineStart(before.line), before.start)) ? lines.lineStart(before.line) : before.start;
  else {
    const header = scan.statements.filter((s) => (s.isDocstring || s.type === 'future_import_statement') && !isMoved(s)).pop();
    at = header ? header.end : 0;
    if (header) prefix = lines.eol;
    else if (text.length > 0 && moved.length === 0) at = text.length;
    if (!header && text.length > 0 && !/\n$/.test(text) && at === text.length) prefix = lines.eol;
  }
  const newText = prefix + block.join(lines.eol) + lines.eol + (fresh && before ? lines.eol : '');
  const edits: TextEdit[] = [{ file: entryFile, span: { start: at, end: at }, newText }];
  for (const span of moved) edits.push(deletion(entryFile, lines, span, moved));
  return {
    title,
    kind: 'deployment',
    safe: !fresh,
    preferred: true,
    description: fresh
      ? `gevent must patch the standard library before anything imports it; this makes ${path.basename(entryFile)} patch first.`
      : 'Modules imported before patching keep unpatched sockets, ssl and locks.',
    edits: mergeEdits(edits),
  };
}

/** Sorts edits and merges deletions that overlap (two moved statements on one line delete it once). */
function mergeEdits(edits: TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const out: TextEdit[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && last.newText === '' && e.newText === '' && e.span.start < last.span.end) {
      last.span = { start: last.span.start, end: Math.max(last.span.end, e.span.end) };
    } else out.push({ ...e, span: { ...e.span } });
  }
  return out;
}

function firstRealStatement(scan: PythonDeploymentScan, isMoved: (s: { start: number }) => boolean) {
  return scan.statements.find((s) => !s.isDocstring && s.type !== 'future_import_statement' && !isMoved(s));
}

/** First module-level import that is not harmless before patching, and before `offset`. */
export function firstImportBefore(imports: PyImport[], offset: number): PyImport | undefined {
  return imports.find((i) => i.start < offset && (i.module.startsWith('.') || !isHarmlessBeforePatch(i.module)));
}

export type WorkerTarget = 'gevent' | 'gthread';

/** Threads per gthread worker the fixes write: enough to overlap a few blocking calls, few enough for the GIL. */
export const GTHREAD_THREADS = 4;

function newConf(target: WorkerTarget, wsgiApp: string | undefined, eol: string): string {
  const lines = [
    target === 'gevent'
      ? '# gunicorn settings: gevent workers serve many requests per process.'
      : `# gunicorn settings: each worker serves ${GTHREAD_THREADS} requests at once on threads.`,
    'import multiprocessing',
    '',
    ...(wsgiApp ? [`wsgi_app = ${JSON.stringify(wsgiApp)}`] : []),
    `worker_class = "${target}"`,
    'workers = multiprocessing.cpu_count() * 2 + 1',
    target === 'gevent' ? 'worker_connections = 1000' : `threads = ${GTHREAD_THREADS}`,
    '',
  ];
  return lines.join(eol);
}

/**
 * The edits that make a gunicorn config file run `target` workers: create it
 * (in `appRoot`, naming the WSGI app when known), or update an existing one:
 * set `worker_class`, add a workers count (and threads for gthread) when
 * missing, and turn off `preload_app` for gevent (it imports the app before
 * the gevent worker patches).
 */
export function confWorkerEdits(
  appRoot: string,
  target: WorkerTarget,
  existing?: { file: string; text: string },
  wsgiApp?: string,
): { edits: TextEdit[]; created?: string } | { unavailable: string } {
  if (!existing) {
    const file = path.join(appRoot, 'gunicorn.conf.py');
    return { edits: [{ file, span: { start: 0, end: 0 }, newText: newConf(target, wsgiApp, '\n') }], created: file };
  }
  const { file, text } = existing;
  const lines = new TextLines(text);
  const settings = scanPython(file, text).assignments;
  const edits: TextEdit[] = [];
  const append: string[] = [];
  const workerClass = settings.get('worker_class');
  const threads = settings.get('threads');
  const threaded = typeof threads?.value === 'number' && threads.value > 1;
  // gunicorn runs `sync` with threads > 1 as gthread: nothing to change then.
  if (target === 'gthread' && threaded && (!workerClass || workerClass.value === 'sync' || workerClass.value === 'gthread')) {
    return { unavailable: `gunicorn already runs ${threads.value} threads per worker` };
  }
  if (workerClass) {
    if (workerClass.value !== target) edits.push({ file, span: { start: workerClass.valueStart, end: workerClass.valueEnd }, newText: `"${target}"` });
  } else append.push(`worker_class = "${target}"`);
  if (!settings.has('workers')) append.push('import multiprocessing', 'workers = multiprocessing.cpu_count() * 2 + 1');
  if (target === 'gevent' && !settings.has('worker_connections')) append.push('worker_connections = 1000');
  if (target === 'gthread' && !threaded) {
    if (threads) edits.push({ file, span: { start: threads.valueStart, end: threads.valueEnd }, newText: String(GTHREAD_THREADS) });
    else append.push(`threads = ${GTHREAD_THREADS}`);
  }
  const preload = settings.get('preload_app');
  if (target === 'gevent' && preload?.value === true) edits.push({ file, span: { start: preload.valueStart, end: preload.valueEnd }, newText: 'False' });
  if (append.length > 0) {
    const lead = text.length > 0 && !/\n$/.test(text) ? lines.eol : '';
    edits.push({ file, span: { start: text.length, end: text.length }, newText: lead + append.join(lines.eol) + lines.eol });
  }
  if (edits.length === 0) return { unavailable: `gunicorn is already configured for ${target} workers` };
  return { edits: edits.sort((a, b) => a.span.start - b.span.start) };
}

/** `gunicornGeventFix` for the config findings: gevent workers in gunicorn.conf.py (created or updated). */
export function gunicornGeventFix(appRoot: string, existing?: { file: string; text: string }): Fix {
  const title = existing ? `Use gevent workers in ${path.basename(existing.file)}` : 'Create gunicorn.conf.py with gevent workers';
  const result = confWorkerEdits(appRoot, 'gevent', existing);
  const description = 'Needs gevent installed; plain `def` views then serve many requests per worker. CPU-bound work and C drivers gevent cannot patch still block a whole worker.';
  if ('unavailable' in result) return { title, kind: 'deployment', safe: false, description, edits: [], unavailable: result.unavailable };
  return { title, kind: 'deployment', safe: false, description, edits: result.edits };
}
