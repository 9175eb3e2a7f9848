import type { Node } from 'web-tree-sitter';
import { parsePython } from '../python/parse';

/** An import statement at module level (not inside a def or class). */
export interface PyImport {
  line: number;
  /** First module the statement names (`requests`, `gevent.monkey`, `.views` for relative). */
  module: string;
  /** Local names it binds → qualified names (`monkey` → `gevent.monkey`). */
  bindings: Array<{ local: string; qualified: string }>;
  start: number;
  end: number;
  /** Directly in the module body: a fix may move it. */
  topLevel: boolean;
}

export type PatchLibrary = 'gevent' | 'eventlet' | 'psycogreen';

export interface PyPatch {
  library: PatchLibrary;
  /** Qualified call: `gevent.monkey.patch_all`. */
  call: string;
  line: number;
  column: number;
  start: number;
  end: number;
  /** The statement holding the call, when it is directly in the module body. */
  statement?: { start: number; end: number };
  /** The local name the call starts with (`monkey` in `monkey.patch_all()`). */
  head: string;
  /** What that local name was imported as (`gevent.monkey`). */
  headQualified: string;
}

export interface PyServer {
  /** `gevent.pywsgi`, `eventlet.wsgi`, `uvicorn`, `hypercorn`, `app.run`. */
  server: string;
  line: number;
  /** `app.run(threaded=False)` / `app.run(processes=4)`: Werkzeug serves one request at a time per process then. */
  threaded?: false;
  processes?: number;
  /**
   * `app.run()` in a module that imports nothing of Flask (`from shop import app`, `app = create_app()`):
   * it is Flask's only if the process builds a Flask app (`DeploymentModel` looks).
   */
  flaskUnseen?: true;
}

/** What deployment analysis needs from one Python module. */
export interface PythonDeploymentScan {
  file: string;
  imports: PyImport[];
  patches: PyPatch[];
  servers: PyServer[];
  /** Top-level statements in order: the fixes place patching among them. */
  statements: Array<{ type: string; start: number; end: number; line: number; isDocstring: boolean }>;
  /** Module-level assignments of literals (`worker_class = "gevent"`), for gunicorn config files. */
  assignments: Map<string, { value: string | number | boolean | undefined; line: number; start: number; end: number; valueStart: number; valueEnd: number }>;
  hasErrors: boolean;
}

const PATCHES: Array<{ match: RegExp; library: PatchLibrary }> = [
  { match: /^gevent\.monkey\.patch_\w+$/, library: 'gevent' },
  { match: /^eventlet\.monkey_patch$/, library: 'eventlet' },
  { match: /^eventlet\.patcher\.monkey_patch$/, library: 'eventlet' },
  { match: /^psycogreen\.(gevent|eventlet)\.patch_psycopg$/, library: 'psycogreen' },
];

const SERVERS: Array<{ match: RegExp; server: string }> = [
  { match: /^gevent\.pywsgi\.WSGIServer$/, server: 'gevent.pywsgi' },
  { match: /^gevent\.wsgi\.WSGIServer$/, server: 'gevent.pywsgi' },
  { match: /^eventlet\.wsgi\.server$/, server: 'eventlet.wsgi' },
  { match: /^uvicorn\.run$/, server: 'uvicorn' },
  { match: /^hypercorn\.asyncio\.serve$/, server: 'hypercorn' },
];

/** Objects whose `.run(...)` is no web server: the running instance's own method, asyncio's. */
const NOT_AN_APP = new Set(['asyncio', 'self', 'cls', 'super']);

/** `app.run(threaded=False)` and `processes=N` (Werkzeug's only ways to serve one request at a time per process); threads are its default. */
function werkzeugOptions(call: Node): Pick<PyServer, 'threaded' | 'processes'> {
  const options: Pick<PyServer, 'threaded' | 'processes'> = {};
  for (const argument of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (argument?.type !== 'keyword_argument') continue;
    const name = argument.childForFieldName('name')?.text;
    const value = literal(argument.childForFieldName('value'));
    if (name === 'threaded' && value === false) options.threaded = false;
    if (name === 'processes' && typeof value === 'number' && value > 1) options.processes = value;
  }
  return options;
}

function insideDefinition(node: Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'function_definition' || p.type === 'class_definition') return true;
  }
  return false;
}

function importOf(node: Node): PyImport | undefined {
  const bindings: PyImport['bindings'] = [];
  let module = '';
  if (node.type === 'import_statement') {
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'dotted_name') {
        bindings.push({ local: child.text.split('.')[0], qualified: child.text.split('.')[0] });
        module ||= child.text;
      } else if (child.type === 'aliased_import') {
        const name = child.childForFieldName('name')?.text ?? '';
        const alias = child.childForFieldName('alias')?.text ?? name;
        bindings.push({ local: alias, qualified: name });
        module ||= name;
      }
    }
  } else if (node.type === 'import_from_statement') {
    const source = node.childForFieldName('module_name');
    module = source?.text ?? '';
    const relative = source?.type === 'relative_import';
    for (const child of node.childrenForFieldName('name')) {
      if (!child || relative) continue;
      if (child.type === 'dotted_name') bindings.push({ local: child.text, qualified: `${module}.${child.text}` });
      else if (child.type === 'aliased_import') {
        const name = child.childForFieldName('name')?.text ?? '';
        bindings.push({ local: child.childForFieldName('alias')?.text ?? name, qualified: `${module}.${name}` });
      }
    }
  } else if (node.type === 'future_import_statement') {
    module = '__future__';
  } else return undefined;
  return {
    line: node.startPosition.row + 1,
    module,
    bindings,
    start: node.startIndex,
    end: node.endIndex,
    topLevel: node.parent?.type === 'module',
  };
}

/** The callee as a dotted name (`monkey.patch_all`), or undefined for computed callees. */
function dottedCallee(node: Node | null): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const object = dottedCallee(node.childForFieldName('object'));
    const attr = node.childForFieldName('attribute')?.text;
    return object && attr ? `${object}.${attr}` : undefined;
  }
  return undefined;
}

function literal(node: Node | null): string | number | boolean | undefined {
  if (!node) return undefined;
  if (node.type === 'string' && !node.descendantsOfType('interpolation').length) {
    return node.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c!.text).join('');
  }
  if (node.type === 'integer' && /^\d+$/.test(node.text)) return Number(node.text);
  if (node.type === 'true') return true;
  if (node.type === 'false') return false;
  return undefined;
}

/**
 * Reads monkey patching, servers started in code, imports and module-level
 * assignments from one module. Import aliases are resolved only for the
 * names this analysis looks for (gevent, eventlet, psycogreen, servers).
 */
export function scanPython(file: string, text: string): PythonDeploymentScan {
  const tree = parsePython(text);
  const root = tree.rootNode;
  const imports: PyImport[] = [];
  const aliases = new Map<string, string>();
  /** Names bound by `from m import name`: objects, where `import m` binds modules. */
  const fromImported = new Set<string>();
  const calls: Node[] = [];
  const visit = (node: Node) => {
    const imported = importOf(node);
    if (imported) {
      if (!insideDefinition(node)) imports.push(imported);
      for (const b of imported.bindings) aliases.set(b.local, b.qualified);
      if (node.type === 'import_from_statement') for (const b of imported.bindings) fromImported.add(b.local);
      return;
    }
    if (node.type === 'call') calls.push(node);
    for (const child of node.namedChildren) if (child) visit(child);
  };
  visit(root);

  const patches: PyPatch[] = [];
  const servers: PyServer[] = [];
  // Flask or one of its extensions (`flask_socketio`, `flask_login`): `x.run(...)` there starts Werkzeug's server.
  const importsFlask = [...aliases.values()].some((q) => /^flask(\.|_|$)/.test(q));
  for (const call of calls) {
    const callee = dottedCallee(call.childForFieldName('function'));
    if (!callee) continue;
    const head = callee.split('.')[0];
    const base = aliases.get(head);
    const qualified = base ? base + callee.slice(head.length) : undefined;
    const line = call.startPosition.row + 1;
    if (qualified) {
      const patch = PATCHES.find((p) => p.match.test(qualified));
      if (patch) {
        const statement = call.parent?.type === 'expression_statement' && call.parent.parent?.type === 'module' ? call.parent : undefined;
        patches.push({
          library: patch.library, call: qualified, line, column: call.startPosition.column + 1,
          start: call.startIndex, end: call.endIndex, head, headQualified: base!,
          statement: statement ? { start: statement.startIndex, end: statement.endIndex } : undefined,
        });
        continue;
      }
      const server = SERVERS.find((s) => s.match.test(qualified));
      if (server) servers.push({ server: server.server, line });
    }
    // An object of this module, or one imported by name from another (`from shop import app`); never a module's `run`.
    const appObject = (!qualified || fromImported.has(head)) && !NOT_AN_APP.has(head);
    if (appObject && /^\w+\.run$/.test(callee)) servers.push({ server: 'app.run', line, ...werkzeugOptions(call), ...(importsFlask ? {} : { flaskUnseen: true as const }) });
  }

  const statements = root.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment').map((n, index) => ({
    type: n.type,
    start: n.startIndex,
    end: n.endIndex,
    line: n.startPosition.row + 1,
    isDocstring: index === 0 && n.type === 'expression_statement' && n.namedChildCount === 1 && n.namedChild(0)?.type === 'string',
  }));

  const assignments: PythonDeploymentScan['assignments'] = new Map();
  for (const statement of root.namedChildren) {
    const assignment = statement?.type === 'expression_statement' ? statement.namedChild(0) : undefined;
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type !== 'identifier' || !right) continue;
    assignments.set(left.text, {
      value: literal(right), line: assignment.startPosition.row + 1,
      start: statement!.startIndex, end: statement!.endIndex, valueStart: right.startIndex, valueEnd: right.endIndex,
    });
  }

  const scan = { file, imports, patches, servers, statements, assignments, hasErrors: root.hasError };
  tree.delete();
  return scan;
}
