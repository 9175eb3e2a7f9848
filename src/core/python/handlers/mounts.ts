import type { Node } from 'web-tree-sitter';
import type { ProjectLookup } from '../../language';
import type { FileModel, HandlerInfo } from '../../model';
import type { PyFileFacts } from '../syntax';
import { arg, callName, callParts, decoratorParts, frameworkFacts, keyOfPosition, positionOfNode, stringValue } from './common';
import { nameKey, nameRefOf, resolveName, type NameRef } from './djangoUrls';
import { namedEntries } from '../../lookup';

/**
 * Routers mounted under a prefix, across modules: FastAPI's
 * `APIRouter(prefix=...)` and `include_router(r, prefix=...)`, Flask's
 * `Blueprint(url_prefix=...)` and `register_blueprint(bp, url_prefix=...)`.
 * The file records which router each route decorator is on and what it
 * mounts where; the project pass joins the prefixes down to each route.
 */

/** How one framework spells mounting. */
export interface MountSyntax {
  /** Keyword giving a router its own prefix at construction (`prefix`, `url_prefix`). */
  ownPrefix: string;
  /** Methods mounting a router on another (`include_router`, `register_blueprint`), with their prefix keyword or position. */
  mounts: ReadonlyArray<{ method: string; keyword: string; index?: number }>;
  /** Constructors whose first argument is what the new object is mounted on (flask-restx `Api(blueprint)`). */
  attachedBy?: readonly string[];
}

interface MountFacts {
  /** Router variables of the module with their own prefix. */
  routers?: Record<string, string>;
  /** The router variable each route decorator is on, at the decorator's line and column (positions an edit moves, not keys). */
  entries?: Array<{ line: number; column: number; router: string }>;
  /** `app.include_router(users.router, prefix="/api")`: parent variable, prefix, the child as this module names it. */
  mounts?: Array<{ parent: string; prefix: string; child: NameRef }>;
}

/** Joins URL paths: `/api` + `/users` → `/api/users`, `/api/` + `users` → `/api/users`. */
function joinPath(prefix: string, route: string): string {
  if (!prefix) return route;
  if (!route) return prefix;
  return prefix.replace(/\/+$/, '') + (route.startsWith('/') ? route : `/${route}`);
}

/** Deeper mount chains than this are cut (and guard cycles). */
const MAX_DEPTH = 16;

export function mountFacts(facts: PyFileFacts, handlers: readonly HandlerInfo[], syntax: MountSyntax): MountFacts | undefined {
  const out: MountFacts = {};
  const routers = namedEntries<string>();
  const mounts: NonNullable<MountFacts['mounts']> = [];
  for (const call of facts.calls) {
    const own = stringValue(call.keywords.get(syntax.ownPrefix)?.node);
    const name = callName(call);
    const parentNode = call.positional[0]?.node;
    const attaches = !!name && !!syntax.attachedBy?.includes(name) && parentNode?.type === 'identifier';
    // Reading a node's parent walks the tree from its root: only for calls that may name a router.
    if (own !== undefined || attaches) {
      const assignment = call.node.parent;
      const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : undefined;
      const isModuleName = left?.type === 'identifier' && facts.moduleAssigns.has(left.text);
      if (own !== undefined && isModuleName) routers[left!.text] = own;
      // `api = Api(blueprint)`: the new object is mounted on its first argument.
      if (attaches && isModuleName) mounts.push({ parent: parentNode!.text, prefix: '', child: { module: null, name: left!.text } });
    }
    const parts = callParts(call);
    const mount = parts && syntax.mounts.find((m) => m.method === parts.attr);
    if (!mount || parts?.object?.type !== 'identifier') continue;
    const childNode = call.positional[0]?.node;
    const child = childNode && (childNode.type === 'identifier' || childNode.type === 'attribute') ? nameRefOf(childNode.text, facts) : undefined;
    if (!child) continue;
    const prefix = stringValue((mount.index === undefined ? call.keywords.get(mount.keyword) : arg(call, mount.index, mount.keyword))?.node) ?? '';
    mounts.push({ parent: parts.object.text, prefix, child });
  }
  const routed = new Set(handlers.filter((h) => h.route !== null).map((h) => keyOfPosition(h.location)));
  const entries: NonNullable<MountFacts['entries']> = [];
  const enter = (at: Node, router: string): void => {
    const position = positionOfNode(at);
    if (routed.has(keyOfPosition(position))) entries.push({ ...position, router });
  };
  for (const fn of facts.functions) {
    for (const dec of fn.decorators) {
      const parts = decoratorParts(dec);
      if (parts?.object?.type === 'identifier') enter(dec.node, parts.object.text);
    }
  }
  // `@ns.route("/x")` on a class: the handler sits at the class name.
  for (const cls of facts.classes.values()) {
    const object = cls.decorators.map((d) => decoratorParts(d)).find((p) => p?.attr === 'route')?.object;
    if (object?.type === 'identifier') enter(cls.node.childForFieldName('name') ?? cls.node, object.text);
  }
  if (Object.keys(routers).length > 0) out.routers = routers;
  if (mounts.length > 0) out.mounts = mounts;
  if (entries.length > 0) out.entries = entries;
  // A module that only assigns a router with a prefix counts too: other modules route on it or mount it.
  return out.entries || out.mounts || out.routers ? out : undefined;
}

/** Routes under the prefixes of the routers they are on and of everything those are mounted on. */
export function mountedHandlers(models: readonly FileModel[], lookup: ProjectLookup, framework: string): Map<string, HandlerInfo[]> {
  const out = new Map<string, HandlerInfo[]>();
  const withFacts = models.flatMap((model) => {
    const facts = frameworkFacts<{ mounts?: MountFacts }>(model, framework)?.mounts;
    return facts ? [{ model, facts }] : [];
  });
  if (withFacts.length === 0) return out;
  // A router is known by the file that assigns it: another module may mount it, or route on it, through an import or a re-export.
  const keys = new Map<string, string>();
  const routerKey = (file: string, name: string): string => {
    const written = nameKey(file, name);
    let key = keys.get(written);
    if (key === undefined) {
      const at = lookup.variableOf(file, name);
      keys.set(written, (key = at ? nameKey(at.file, at.name) : written));
    }
    return key;
  };
  const own = new Map<string, string>();
  const incoming = new Map<string, Array<{ from: string; prefix: string }>>();
  for (const { model, facts } of withFacts) {
    for (const [name, prefix] of Object.entries(facts.routers ?? {})) own.set(nameKey(model.file, name), prefix);
    for (const mount of facts.mounts ?? []) {
      const child = resolveName(mount.child, model.file, lookup, false, routerKey);
      if (!child) continue;
      const list = incoming.get(child) ?? [];
      list.push({ from: routerKey(model.file, mount.parent), prefix: mount.prefix });
      incoming.set(child, list);
    }
  }
  // No prefix anywhere (no router has one, nothing is mounted): no route changes, and the handlers need not be read.
  if (incoming.size === 0 && ![...own.values()].some(Boolean)) return out;
  const memo = new Map<string, string[]>();
  /** Every full prefix of a router: its parents', the mount's, its own. */
  const prefixesOf = (key: string, depth: number): string[] => {
    const known = memo.get(key);
    if (known) return known;
    const mine = own.get(key) ?? '';
    const edges = incoming.get(key);
    if (!edges || depth > MAX_DEPTH) return [mine];
    const found = new Set<string>();
    for (const edge of edges) for (const above of prefixesOf(edge.from, depth + 1)) found.add(joinPath(joinPath(above, edge.prefix), mine));
    const result = [...found].slice(0, 8);
    memo.set(key, result);
    return result;
  };
  for (const { model, facts } of withFacts) {
    const found: HandlerInfo[] = [];
    const routers = new Map(facts.entries?.map((entry) => [keyOfPosition(entry), entry.router]));
    for (const handler of model.handlers) {
      if (handler.route === null || handler.framework !== framework) continue;
      const router = routers.get(keyOfPosition(handler.location));
      if (!router) continue;
      for (const prefix of prefixesOf(routerKey(model.file, router), 0)) if (prefix) found.push({ ...handler, route: joinPath(prefix, handler.route) });
    }
    if (found.length > 0) out.set(model.file, found);
  }
  return out;
}
