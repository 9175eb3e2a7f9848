import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { staticString } from '../imports';
import type { ClassHandler, ClassMatcher } from './types';

const ROUTE_DECORATORS: Record<string, string> = {
  Get: 'GET', Post: 'POST', Put: 'PUT', Delete: 'DELETE', Patch: 'PATCH',
  Options: 'OPTIONS', Head: 'HEAD', All: '*', Search: 'SEARCH',
};

/** NestJS GraphQL operation decorators and the root type each serves. */
const GRAPHQL_DECORATORS: Record<string, string> = {
  Query: 'Query', Mutation: 'Mutation', Subscription: 'Subscription', ResolveField: 'field', FieldResolver: 'field', ResolveProperty: 'field',
};

/** Per-request methods of enhancer classes, by the interface they implement. */
const ENHANCERS: Record<string, string> = {
  CanActivate: 'canActivate',
  NestInterceptor: 'intercept',
  PipeTransform: 'transform',
  NestMiddleware: 'use',
  ExceptionFilter: 'catch',
};
const ENHANCER_METHODS = new Set(Object.values(ENHANCERS));
/** Per-client methods of a gateway (`OnGatewayConnection`, `OnGatewayDisconnect`). */
const GATEWAY_HOOKS = new Set(['handleConnection', 'handleDisconnect']);

type Decorated = { decorators?: TSESTree.Decorator[] };

function decoratorCall(d: TSESTree.Decorator): { name: string; args: TSESTree.CallExpressionArgument[] } | undefined {
  const e = d.expression;
  if (e.type === 'CallExpression' && e.callee.type === 'Identifier') return { name: e.callee.name, args: e.arguments };
  if (e.type === 'Identifier') return { name: e.name, args: [] };
  return undefined;
}

/** The first decorator whose name (`nameOf` its local one) `names` accepts, under that name. */
function findDecorator(node: Decorated, names: (name: string) => boolean, nameOf: (local: string) => string | undefined) {
  for (const d of node.decorators ?? []) {
    const call = decoratorCall(d);
    const name = call && nameOf(call.name);
    if (name !== undefined && names(name)) return { ...call!, name };
  }
  return undefined;
}

/** `@Controller('users')` / `@Controller({ path: 'users' })` / `@Get(':id')` path argument. */
function pathArg(args: TSESTree.CallExpressionArgument[]): string {
  const first = args[0];
  const direct = staticString(first);
  if (direct !== undefined) return direct;
  if (first?.type === 'ObjectExpression') {
    for (const p of first.properties) {
      if (p.type === 'Property' && p.key.type === 'Identifier' && p.key.name === 'path') return staticString(p.value) ?? '';
    }
  }
  return '';
}

function joinRoute(prefix: string, path: string): string {
  const parts = [prefix, path].map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean);
  return `/${parts.join('/')}`;
}

function methodName(m: TSESTree.ClassElement): string | undefined {
  if (m.type !== 'MethodDefinition' && m.type !== 'PropertyDefinition') return undefined;
  if (m.key.type === 'Identifier' && !m.computed) return m.key.name;
  return staticString(m.key);
}

/**
 * The methods `@nestjs/passport`'s `AuthGuard(name)` mixin calls on each
 * request it guards, which a subclass may override, and whether it awaits
 * what they return: it takes `getRequest`'s and `getResponse`'s result as
 * the request and response at once, and spreads `getAuthenticateOptions`'s
 * (awaited only by later versions).
 */
const AUTH_GUARD_METHODS = new Map([
  ['canActivate', { awaited: true }],
  ['handleRequest', { awaited: true }],
  ['getRequest', { awaited: false }],
  ['getResponse', { awaited: false }],
  ['getAuthenticateOptions', { awaited: false }],
]);

/**
 * What `cls` extends of `@nestjs/passport`'s mixins: `PassportStrategy(Base,
 * name?)` with the strategy's name (the one given, else the base class as
 * written: the base names itself at run time, `passport-jwt`'s `Strategy` is
 * `'jwt'`), or `AuthGuard(name?)`.
 */
function passportMixin(cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression, importedAs: (name: string) => string | undefined): { strategy: string } | { guard: true } | undefined {
  const parent = cls.superClass;
  if (parent?.type !== 'CallExpression' || parent.callee.type !== 'Identifier') return undefined;
  const mixin = importedAs(parent.callee.name);
  if (mixin === '@nestjs/passport.AuthGuard') return { guard: true };
  if (mixin !== '@nestjs/passport.PassportStrategy') return undefined;
  const [base, name] = parent.arguments;
  return { strategy: staticString(name) ?? (base?.type === 'Identifier' ? base.name : 'strategy') };
}

/**
 * NestJS: `@Controller` route methods, `@Resolver` GraphQL operations,
 * `@WebSocketGateway` message handlers, microservice `@MessagePattern` /
 * `@EventPattern` handlers, guards/interceptors/pipes/middleware/filters, and
 * the `validate` of `@nestjs/passport` strategies.
 */
export const nest: ClassMatcher = {
  framework: 'nestjs',
  match(cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression, importedAs: (name: string) => string | undefined): ClassHandler[] {
    // Nest's name for a local one, through its import (`Injectable as NestInjectable`). Angular has the same
    // names (`@Injectable`, `CanActivate`, `PipeTransform`): one imported from another library is not Nest's.
    const nestName = (local: string): string | undefined => {
      const library = importedAs(local);
      if (library === undefined) return local;
      return library.startsWith('@nestjs/') ? library.slice(library.lastIndexOf('.') + 1) : undefined;
    };
    const find = (node: Decorated, names: (name: string) => boolean) => findDecorator(node, names, nestName);
    const out: ClassHandler[] = [];
    const controller = find(cls, (n) => n === 'Controller');
    if (controller) {
      const prefix = pathArg(controller.args);
      for (const member of cls.body.body) {
        const name = methodName(member);
        if (!name || member.type !== 'MethodDefinition') continue;
        const route = find(member, (n) => n in ROUTE_DECORATORS);
        if (route) out.push({ method: name, route: joinRoute(prefix, pathArg(route.args)), methods: [ROUTE_DECORATORS[route.name]] });
      }
    }
    // `@Resolver(() => User)` classes: `@Query/@Mutation/@Subscription/@ResolveField` methods serve GraphQL operations.
    if (find(cls, (n) => n === 'Resolver')) {
      for (const member of cls.body.body) {
        const name = methodName(member);
        if (!name || member.type !== 'MethodDefinition') continue;
        const op = find(member, (n) => n in GRAPHQL_DECORATORS);
        if (op) out.push({ method: name, route: `${GRAPHQL_DECORATORS[op.name]}.${staticString(op.args[0]) ?? name}`, kind: 'graphql-resolver' });
      }
    }
    // `@WebSocketGateway()` classes: `@SubscribeMessage('event')` methods serve socket messages, and the connection hooks run per client.
    if (find(cls, (n) => n === 'WebSocketGateway')) {
      for (const member of cls.body.body) {
        const name = methodName(member);
        if (!name || member.type !== 'MethodDefinition') continue;
        const message = find(member, (n) => n === 'SubscribeMessage');
        if (message) out.push({ method: name, route: staticString(message.args[0]) ?? name, kind: 'websocket' });
        else if (GATEWAY_HOOKS.has(name)) out.push({ method: name, route: name, kind: 'hook' });
      }
    }
    // Microservice controllers: `@MessagePattern(...)` and `@EventPattern(...)` methods serve each message on the transport.
    for (const member of cls.body.body) {
      const name = methodName(member);
      if (!name || member.type !== 'MethodDefinition') continue;
      const pattern = find(member, (n) => n === 'MessagePattern' || n === 'EventPattern');
      if (pattern) out.push({ method: name, route: staticString(pattern.args[0]) ?? pattern.name, kind: 'route' });
    }
    // `class JwtStrategy extends PassportStrategy(Strategy, 'jwt')`: the mixin's verify callback calls `validate` on every
    // request a guard of that strategy authenticates; `class JwtAuthGuard extends AuthGuard('jwt')`: its overrides run per request.
    const passport = passportMixin(cls, importedAs);
    if (passport) {
      for (const member of cls.body.body) {
        const name = methodName(member);
        if (!name || member.type !== 'MethodDefinition') continue;
        if ('strategy' in passport && name === 'validate') out.push({ method: name, route: `passport ${passport.strategy}`, kind: 'callback' });
        const step = 'guard' in passport ? AUTH_GUARD_METHODS.get(name) : undefined;
        if (step) out.push({ method: name, route: name, kind: 'hook', ...(step.awaited ? {} : { syncResult: true }) });
      }
    }
    const implemented = new Set(
      (cls.implements ?? []).map((i) => (i.expression.type === 'Identifier' ? nestName(i.expression.name) ?? '' : '')).filter((n) => n in ENHANCERS),
    );
    // Without an `implements` clause only the unambiguous names count: a service may well have a `use` or `transform` method.
    const injectable = find(cls, (n) => n === 'Injectable') !== undefined;
    const filter = find(cls, (n) => n === 'Catch') !== undefined;
    for (const member of cls.body.body) {
      const name = methodName(member);
      if (!name || member.type !== 'MethodDefinition' || !ENHANCER_METHODS.has(name)) continue;
      const declared = [...implemented].some((i) => ENHANCERS[i] === name);
      const implied = (injectable && (name === 'canActivate' || name === 'intercept')) || (filter && name === 'catch');
      if ((declared || implied) && !out.some((h) => h.method === name)) out.push({ method: name, route: name === 'use' ? 'middleware' : name, kind: name === 'use' ? 'middleware' : 'hook' });
    }
    return out;
  },
};
