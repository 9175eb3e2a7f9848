import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { ProjectLookup } from '../../language';
import type { FileModel, HandlerInfo } from '../../model';
import { propertyName, unwrap } from '../ast';
import { isFunction, type CallContext, type CallMatcher, type Node, type Registration } from './types';

/** Calls that build a GraphQL server or schema from resolver maps (`{ typeDefs, resolvers }`). */
const SINK = /^(apollo-server(-[\w-]+)?|@apollo\/server|@apollo\/subgraph|graphql-tools|@graphql-tools\/schema|graphql-yoga|@graphql-yoga\/node|apollo-server-core)(\.default)?\.(ApolloServer|makeExecutableSchema|createSchema|createServer|createYoga|buildSubgraphSchema|buildFederatedSchema)$/;
const RESOLVER_FUNCTIONS = new Set(['resolve', 'subscribe', '__resolveType', '__isTypeOf', '__resolveReference']);

/** The `resolvers` option of a sink's options object (also under `schema`, as graphql-yoga takes it). */
function resolversOption(node: Node | undefined, depth = 0): Node | undefined {
  const obj = node && unwrap(node);
  if (obj?.type === 'ArrayExpression' && depth === 0) return obj.elements.map((e) => (e ? resolversOption(e, 1) : undefined)).find(Boolean);
  if (obj?.type !== 'ObjectExpression') return undefined;
  for (const prop of obj.properties) {
    if (prop.type !== 'Property') continue;
    const key = propertyName(prop);
    if (key === 'resolvers') return prop.value;
    if (key === 'schema' && depth === 0) {
      const inner = resolversOption(prop.value, 1);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** graphql-js types whose field configs carry `resolve`/`subscribe` functions. */
const OBJECT_TYPE = /^graphql(\/type(\/definition)?)?(\.default)?\.GraphQLObjectType$/;

/**
 * `new GraphQLObjectType({ name: 'Query', fields: { user: { type, resolve } } })`, `fields` also a
 * thunk (`() => ({…})`): the type's name and its fields object. Every such type is taken to be in a
 * schema (`new GraphQLSchema({ query })` reaches its types through their fields, any module deep).
 */
function objectTypeConfig(call: TSESTree.CallExpression | TSESTree.NewExpression): { type: string; fields: TSESTree.ObjectExpression } | undefined {
  const config = call.arguments[0] && unwrap(call.arguments[0]);
  if (config?.type !== 'ObjectExpression') return undefined;
  let type = 'Object';
  let fields: TSESTree.ObjectExpression | undefined;
  for (const prop of config.properties) {
    if (prop.type !== 'Property') continue;
    const key = propertyName(prop);
    const value = unwrap(prop.value);
    if (key === 'name' && value.type === 'Literal' && typeof value.value === 'string') type = value.value;
    if (key !== 'fields') continue;
    if (value.type === 'ObjectExpression') fields = value;
    else if (isFunction(value)) {
      const body = value.body.type === 'BlockStatement' ? value.body.body.find((s) => s.type === 'ReturnStatement')?.argument : value.body;
      const returned = body && unwrap(body);
      if (returned?.type === 'ObjectExpression') fields = returned;
    }
  }
  return fields && { type, fields };
}

/** Apollo Server, graphql-tools, graphql-yoga, federation: where the resolvers handed to a server come from; graphql-js object types. */
export const graphql: CallMatcher = {
  framework: 'graphql',
  match(call: TSESTree.CallExpression | TSESTree.NewExpression, ctx: CallContext): Registration | undefined {
    const callee = ctx.externalName(call.callee);
    if (callee && OBJECT_TYPE.test(callee)) {
      const objectType = objectTypeConfig(call);
      return objectType ? { framework: 'graphql', handlers: [], route: null, objectType } : undefined;
    }
    if (!callee || !SINK.test(callee)) return undefined;
    const resolvers = resolversOption(call.arguments[0]);
    return resolvers ? { framework: 'graphql', handlers: [], route: null, resolvers } : undefined;
  },
};

/** A field of a resolver map: the function (or the name of one) serving `Type.field`. */
export interface ResolverField {
  route: string;
  /** Dotted name for an inline function: `Query.user`, `User.posts.resolve`. */
  name: string;
  node: Node;
}

function isResolverValue(node: Node): boolean {
  const value = unwrap(node);
  if (isFunction(value) || value.type === 'Identifier' || value.type === 'MemberExpression') return true;
  if (value.type === 'ObjectExpression') {
    return value.properties.some((p) => p.type === 'Property' && RESOLVER_FUNCTIONS.has(propertyName(p) ?? '') && isFunction(unwrap(p.value)));
  }
  return value.type === 'CallExpression' && value.arguments.some((a) => isFunction(unwrap(a)));
}

/** Type names are capitalised (`Query`, `Mutation`, `User`); their value is an object of field resolvers. */
function typeEntries(obj: TSESTree.ObjectExpression): Array<{ type: string; fields: TSESTree.ObjectExpression }> {
  const out: Array<{ type: string; fields: TSESTree.ObjectExpression }> = [];
  for (const prop of obj.properties) {
    if (prop.type !== 'Property') continue;
    const type = propertyName(prop);
    const value = unwrap(prop.value);
    if (type && /^[A-Z]/.test(type) && value.type === 'ObjectExpression') out.push({ type, fields: value });
  }
  return out;
}

/** `{ Query: { user: (…) => … }, User: { posts() {} } }`: some type with a field resolver. */
export function isResolverMap(obj: TSESTree.ObjectExpression): boolean {
  return typeEntries(obj).some(({ fields }) => fields.properties.some((p) => p.type === 'Property' && isResolverValue(p.value)));
}

/** Every field resolver of a map: functions, names of functions, `{ resolve, subscribe }` configs, wrapped functions. */
export function resolverFields(obj: TSESTree.ObjectExpression): ResolverField[] {
  return typeFieldResolvers(typeEntries(obj));
}

/** The field resolvers of types given with their fields objects (a resolver map's entries, a graphql-js object type). */
export function typeFieldResolvers(types: ReadonlyArray<{ type: string; fields: TSESTree.ObjectExpression }>): ResolverField[] {
  const out: ResolverField[] = [];
  for (const { type, fields } of types) {
    for (const prop of fields.properties) {
      if (prop.type !== 'Property') continue;
      const field = propertyName(prop);
      if (field === undefined) continue;
      const value = unwrap(prop.value);
      const route = `${type}.${field}`;
      if (value.type === 'ObjectExpression') {
        for (const inner of value.properties) {
          const key = inner.type === 'Property' ? propertyName(inner) : undefined;
          if (inner.type === 'Property' && key && RESOLVER_FUNCTIONS.has(key) && isResolverValue(inner.value)) out.push({ route, name: `${route}.${key}`, node: inner.value });
        }
      } else if (isResolverValue(value)) out.push({ route, name: route, node: prop.value });
    }
  }
  return out;
}

/** Resolver maps a file defines, by the export that carries them (`default` for `module.exports = {…}`). */
export interface ResolverMapFact {
  exports: string[];
  handlers: HandlerInfo[];
}

/** A module whose export a server's resolvers come from; `name` '' is the whole module (`require('./x')`). */
export interface ResolverUse {
  module: string;
  name: string;
}

/** An export made of resolver maps: other modules' exports (`uses`) and maps of the file (`locals`, by key). */
export interface ResolverForward {
  exports: string[];
  uses: ResolverUse[];
  locals: string[];
}

/** How a map only a merged export names is listed among the file's maps. */
export const LOCAL_MAP = 'local:';

export interface GraphqlFacts {
  resolverMaps?: ResolverMapFact[];
  resolverUses?: ResolverUse[];
  resolverForwards?: ResolverForward[];
}

/** Resolver maps of other modules that reach a GraphQL server: imported where the server is built. */
export function resolverHandlers(models: Iterable<FileModel>, lookup: ProjectLookup): Map<string, HandlerInfo[]> {
  const byFile = new Map<string, FileModel>();
  for (const m of models) if (m.language === 'javascript') byFile.set(m.file, m);
  const wanted = new Map<string, Set<string>>();
  const queue: Array<{ file: string; name: string }> = [];
  const want = (file: string, name: string): void => {
    const names = wanted.get(file) ?? new Set<string>();
    if (names.has(name)) return;
    names.add(name);
    wanted.set(file, names);
    queue.push({ file, name });
  };
  for (const model of byFile.values()) {
    for (const use of (model.facts as GraphqlFacts | undefined)?.resolverUses ?? []) {
      const file = lookup.resolveModule(use.module, model.file);
      if (file) want(file, use.name);
    }
  }
  // An export merging maps (`export default merge(users, posts)`) hands the server the maps it is made of, modules deep.
  for (let next = queue.shift(); next; next = queue.shift()) {
    const { file, name } = next;
    for (const forward of (byFile.get(file)?.facts as GraphqlFacts | undefined)?.resolverForwards ?? []) {
      if (name !== '' && !forward.exports.includes(name)) continue;
      for (const local of forward.locals) want(file, `${LOCAL_MAP}${local}`);
      for (const use of forward.uses) {
        const target = lookup.resolveModule(use.module, file);
        if (target) want(target, use.name);
      }
    }
  }
  const out = new Map<string, HandlerInfo[]>();
  for (const [file, names] of wanted) {
    const maps = (byFile.get(file)?.facts as GraphqlFacts | undefined)?.resolverMaps ?? [];
    const found = maps.filter((m) => names.has('') || m.exports.some((e) => names.has(e))).flatMap((m) => m.handlers);
    if (found.length > 0) out.set(file, found);
  }
  return out;
}
