import * as path from 'path';
import type { ModuleHost } from '../language';
import { resolveModule } from '../python/resolve';
import { isTestCode } from '../testCode';

/** A module that is a process of its own: it builds a web app object or runs as a script. */
const APP_OBJECT = /\b(Flask|Quart|FastAPI|Starlette|Sanic|Litestar|Bottle)\s*\(|\bfalcon\.(asgi\.)?App\s*\(|\bweb\.Application\s*\(/;
/** A module that builds a Flask app object: `Flask(__name__)`, `flask.Flask(...)`. */
const FLASK_APP = /(?:^|[^\w.])(?:flask\.)?Flask\s*\(/m;
const MAIN_BLOCK = /__name__\s*==\s*['"]__main__['"]/;
const FROM_IMPORT = /^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]*)/gm;
const PLAIN_IMPORT = /^[ \t]*import[ \t]+([^\n#]+)/gm;

/**
 * The project's import graph inside one app folder, read from the text (no
 * execution): which modules a process loads. Monkey patching done in one
 * module reaches the modules its process imports, not every file of the
 * folder: a plain Flask app next to a gevent-patched one stays unpatched.
 */
export class ProcessMap {
  private readonly files: Set<string>;
  private readonly edges = new Map<string, string[]>();
  private readonly reached = new Map<string, Set<string>>();
  private readonly host: ModuleHost;

  constructor(
    private readonly appRoot: string,
    pythonFiles: readonly string[],
    private readonly readText: (file: string) => string | undefined,
    importRoots: readonly string[] = [],
  ) {
    this.files = new Set(pythonFiles.map((f) => path.resolve(f)));
    // Imports resolve as the analyzer resolves them, from the app folder (and a src/ layout) or the importing file's folder.
    this.host = { hasFile: (f) => this.files.has(f), roots: [appRoot, path.join(appRoot, 'src'), ...importRoots], readConfig: () => undefined };
  }

  /** Modules that build an app or (with `scripts`) run as `__main__`: each is a process of its own. Tests are no deployed process. */
  processRoots(scripts = true): string[] {
    return [...this.files].filter((f) => {
      if (isTestCode(f, this.appRoot)) return false;
      const text = this.readText(f) ?? '';
      return APP_OBJECT.test(text) || (scripts && MAIN_BLOCK.test(text));
    });
  }

  /** Whether the process `file` starts builds a Flask app in one of the modules it loads. */
  buildsFlaskApp(file: string): boolean {
    for (const module of this.reach(file)) if (FLASK_APP.test(this.readText(module) ?? '')) return true;
    return false;
  }

  /** Every project module `file` loads, itself included (packages bring their `__init__`). */
  reach(file: string): Set<string> {
    const start = path.resolve(file);
    const known = this.reached.get(start);
    if (known) return known;
    const seen = new Set<string>();
    const stack = [start];
    while (stack.length) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...this.importsOf(next));
    }
    this.reached.set(start, seen);
    return seen;
  }

  private importsOf(file: string): string[] {
    let known = this.edges.get(file);
    if (known) return known;
    const text = this.readText(file) ?? '';
    const out = new Set<string>();
    const add = (module: string, names: string[] = []) => {
      for (const target of this.resolve(file, module, names)) out.add(target);
    };
    for (const m of text.matchAll(FROM_IMPORT)) {
      const names = m[2].replace(/[()\\]/g, ' ').split(',').map((n) => n.trim().split(/\s+/)[0]).filter((n) => /^\w+$/.test(n));
      add(m[1], names);
    }
    for (const m of text.matchAll(PLAIN_IMPORT)) {
      for (const part of m[1].split(',')) add(part.trim().split(/\s+/)[0]);
    }
    known = [...out];
    this.edges.set(file, known);
    return known;
  }

  /** `pkg.mod` (or `.mod` from `file`) to project files: the module, its packages' `__init__`, and imported submodules. */
  private resolve(file: string, module: string, names: readonly string[]): string[] {
    const found: string[] = [];
    const add = (spec: string) => {
      // A script's own folder is on sys.path too (`python scripts/run.py` imports its siblings).
      const target = resolveModule(spec, file, this.host) ?? resolveModule(spec, file, { ...this.host, roots: [path.dirname(file)] });
      if (target) found.push(target);
    };
    add(module);
    const join = (name: string) => (/\.$/.test(module) ? `${module}${name}` : `${module}.${name}`);
    for (const name of names) add(join(name));
    // `import pkg.sub.mod` runs `pkg/__init__.py` and `pkg/sub/__init__.py` first.
    const dots = /^\.*/.exec(module)![0];
    const parts = module.slice(dots.length).split('.').filter(Boolean);
    for (let i = 1; i < parts.length; i++) add(dots + parts.slice(0, i).join('.'));
    return found;
  }
}

/** Which modules the deployment found in code applies to (see processScope). */
export interface ProcessScope {
  patched: Set<string>;
  plain: Set<string>;
  /** Modules both kinds of process load: the process that patches (or serves) and a plain one that loads it too. */
  shared: Map<string, { patchedBy: string; plainBy: string }>;
}

/**
 * Which modules a deployment fact applies to: the modules loaded by the
 * anchors (the modules that patch or start the server, or the module a server
 * command names) and by every process root that loads an anchor; `plain`
 * holds what other process roots load. A module neither set holds (loaded by
 * a string, a plugin system) keeps the folder's facts. Under a server
 * command, only modules that build another app object are processes of their
 * own (`scripts` false): a `__main__` script loading the app is not a server.
 */
export function processScope(map: ProcessMap, anchors: readonly string[], scripts = true): ProcessScope {
  const patchedBy = new Map<string, string>();
  const mark = (files: Iterable<string>, by: string) => {
    for (const f of files) if (!patchedBy.has(f)) patchedBy.set(f, by);
  };
  for (const anchor of anchors) mark(map.reach(anchor), path.resolve(anchor));
  const roots = map.processRoots(scripts);
  // Entries that load an anchor (wsgi.py importing the patching module) run in the same process.
  for (const root of roots) {
    const loaded = map.reach(root);
    if (anchors.some((a) => loaded.has(path.resolve(a)))) mark(loaded, path.resolve(root));
  }
  const plain = new Set<string>();
  const shared = new Map<string, { patchedBy: string; plainBy: string }>();
  // A root the patched process loads (an app factory in app/__init__.py) is part of it, not a process of its own.
  for (const root of roots) {
    if (patchedBy.has(path.resolve(root))) continue;
    for (const f of map.reach(root)) {
      plain.add(f);
      const by = patchedBy.get(f);
      if (by && !shared.has(f)) shared.set(f, { patchedBy: by, plainBy: path.resolve(root) });
    }
  }
  return { patched: new Set(patchedBy.keys()), plain, shared };
}
