import type { ClassHandlerKind, HandlerInfo } from '../../model';
import type { PyFileFacts } from '../syntax';
import {
  arg,
  callName,
  callParts,
  classKindHandlers,
  type ContextByKind,
  decoratorParts,
  dedupe,
  functionHandler,
  type FrameworkMatcher,
  ownership,
  owned,
  referencedHandler,
  stringValue,
  LOOP_CONTEXT,
  WORKER_CONTEXT,
} from './common';

/**
 * GraphQL resolvers: every query a client sends runs them.
 *
 * Where they run depends on the server hosting the schema:
 * - graphene: almost always graphene-django's `GraphQLView`, a sync Django
 *   view: a worker (an async resolver gets a private loop); under an ASGI
 *   server the deployment pass moves it to asgiref's single sync thread, as
 *   for any Django view (framework `graphene` is refined like `django`).
 * - strawberry and ariadne: served by their ASGI apps (`strawberry.asgi`,
 *   FastAPI's `GraphQLRouter`, `ariadne.asgi.GraphQL`), whose executor calls
 *   sync resolvers inline on the event loop too: the shared loop for both.
 *   strawberry-django (a Django view) and a file importing flask or django
 *   next to ariadne get the worker contexts instead.
 */

const GRAPHENE_KINDS: ClassHandlerKind[] = [
  {
    framework: 'graphene',
    bases: ['graphene.Mutation', 'graphene.types.mutation.Mutation', 'graphene.relay.ClientIDMutation', 'graphene.relay.mutation.ClientIDMutation', 'graphene_django.forms.mutation.*', 'graphene_django.rest_framework.mutation.*'],
    classMethods: ['mutate', 'mutate_and_get_payload', 'resolve_*'],
    contextByKind: WORKER_CONTEXT,
    route: 'graphql mutation',
    kind: 'graphql-resolver',
  },
  {
    framework: 'graphene',
    // Interfaces and unions: their resolve_type runs for every abstract value a query returns.
    bases: [
      'graphene.ObjectType',
      'graphene.types.objecttype.ObjectType',
      'graphene.types.ObjectType',
      'graphene_django.DjangoObjectType',
      'graphene_django.types.DjangoObjectType',
      'graphene.Interface',
      'graphene.types.interface.Interface',
      'graphene.Union',
      'graphene.types.union.Union',
    ],
    classMethods: ['resolve_*'],
    contextByKind: WORKER_CONTEXT,
    route: 'graphql',
    kind: 'graphql-resolver',
  },
];

/** `@strawberry.field`, `@strawberry.mutation`, `@strawberry_django.field`, `strawberry.federation.field`... */
const STRAWBERRY_RESOLVER = /^strawberry(?:_django|\.django|\.federation|\.experimental\.pydantic)?\.(field|mutation|subscription|connection)$/;

/** Ariadne bindables whose `.field("x")` / `set_field("x", fn)` bind resolvers. */
const ARIADNE_BINDABLES = ['ariadne.QueryType()', 'ariadne.MutationType()', 'ariadne.ObjectType()', 'ariadne.SubscriptionType()', 'ariadne.InterfaceType()', 'ariadne.UnionType()'];

function strawberryContext(facts: PyFileFacts): ContextByKind {
  return facts.imports('strawberry_django') || facts.imports('strawberry.django') ? WORKER_CONTEXT : LOOP_CONTEXT;
}

function ariadneContext(facts: PyFileFacts): ContextByKind {
  return facts.imports('flask') || facts.imports('django') ? WORKER_CONTEXT : LOOP_CONTEXT;
}

function strawberry(facts: PyFileFacts): HandlerInfo[] {
  const context = strawberryContext(facts);
  const handlers: HandlerInfo[] = [];
  for (const fn of facts.functions) {
    for (const dec of fn.decorators) {
      const name = dec.call ? callName(dec.call) : dec.value.kind === 'ext' ? dec.value.name : undefined;
      const kind = name ? STRAWBERRY_RESOLVER.exec(name)?.[1] : undefined;
      if (kind) handlers.push(functionHandler(fn, dec.node, facts, 'strawberry', context, `graphql ${kind}`));
    }
  }
  // `users: list[User] = strawberry.field(resolver=get_users)`
  for (const call of facts.calls) {
    const name = callName(call);
    const kind = name ? STRAWBERRY_RESOLVER.exec(name)?.[1] : undefined;
    const resolver = kind ? arg(call, 0, 'resolver') : undefined;
    if (!kind || !resolver || resolver.node.type === 'call') continue;
    const handler = referencedHandler(resolver.value, resolver.node, facts, 'strawberry', context, `graphql ${kind}`, undefined, []);
    if (handler && !handler.classMethods) handlers.push(handler);
  }
  return handlers;
}

function ariadne(facts: PyFileFacts): HandlerInfo[] {
  const context = ariadneContext(facts);
  const handlers: HandlerInfo[] = [];
  for (const fn of facts.functions) {
    for (const dec of fn.decorators) {
      const parts = decoratorParts(dec);
      if (!parts || !['field', 'source', 'reference_resolver'].includes(parts.attr)) continue;
      const own = ownership(parts, ARIADNE_BINDABLES, facts, []);
      if (!own) continue;
      const field = dec.call ? stringValue(arg(dec.call, 0, 'name')?.node) : undefined;
      handlers.push(owned(functionHandler(fn, dec.node, facts, 'ariadne', context, field ? `graphql ${field}` : 'graphql'), own));
    }
  }
  for (const call of facts.calls) {
    const parts = callParts(call);
    if (parts?.attr !== 'set_field' && parts?.attr !== 'set_source') continue;
    const own = ownership(parts, ARIADNE_BINDABLES, facts, []);
    const resolver = arg(call, 1, 'resolver');
    if (!own || !resolver || resolver.node.type === 'call') continue;
    const field = stringValue(arg(call, 0, 'name')?.node);
    const handler = referencedHandler(resolver.value, resolver.node, facts, 'ariadne', context, field ? `graphql ${field}` : 'graphql', undefined, []);
    if (handler && !handler.classMethods) handlers.push(owned(handler, own));
  }
  return handlers;
}

export const graphql: FrameworkMatcher = {
  framework: 'graphql',
  classKinds: GRAPHENE_KINDS,
  match(facts: PyFileFacts): HandlerInfo[] {
    const handlers: HandlerInfo[] = [];
    if (facts.imports('graphene') || facts.imports('graphene_django')) handlers.push(...classKindHandlers(facts, GRAPHENE_KINDS));
    if (facts.imports('strawberry') || facts.imports('strawberry_django')) handlers.push(...strawberry(facts));
    if (facts.imports('ariadne')) handlers.push(...ariadne(facts));
    return dedupe(handlers).map((h) => ({ ...h, kind: 'graphql-resolver' as const }));
  },
};
