import type { ClassHandlerKind, HandlerInfo } from '../../model';
import type { CallRecord, PyFileFacts } from '../syntax';
import {
  arg,
  callName,
  callParts,
  dedupe,
  functionHandler,
  keyOfNode,
  type FrameworkMatcher,
  owned,
  ownership,
  referencedHandler,
  stringList,
  stringValue,
  classKindHandlers,
  VIEW_METHODS,
  WORKER_CONTEXT,
} from './common';
import { projectUrlHandlers, unwrappedView, URL_FUNCTIONS, urlFacts } from './djangoUrls';
import { settingsMiddleware } from './djangoMiddleware';

/** Django: sync views hold a worker; async views under WSGI get a private loop (deployment refines ASGI). */

/** DRF routers (and project subclasses of them, through `ownership`). */
const ROUTERS = ['rest_framework.routers.DefaultRouter()', 'rest_framework.routers.SimpleRouter()', 'rest_framework.routers.BaseRouter()'];
/** Methods Django's generic views call on every request they serve. */
const CBV_HOOKS = ['get_queryset', 'get_context_data', 'get_object', 'get_form_kwargs', 'form_valid', 'form_invalid', 'get_success_url'];
const CBV_METHODS = [...VIEW_METHODS, 'dispatch'];
/** DRF's generic views and viewsets call these per request. */
const DRF_HOOKS = ['initial', 'get_queryset', 'get_object', 'get_serializer_class', 'perform_create', 'perform_update', 'perform_destroy'];
const VIEWSET_METHODS = [...VIEW_METHODS, 'list', 'create', 'retrieve', 'update', 'partial_update', 'destroy'];
/**
 * What DRF's generic views and viewsets call on their `serializer_class` per
 * request: field and object validation, `create`/`update` through `save()`,
 * and rendering (`get_<field>` of a SerializerMethodField).
 */
const SERIALIZER_HOOKS = { serializer_class: ['validate', 'validate_*', 'create', 'update', 'save', 'to_representation', 'to_internal_value', 'get_*'] };

const CLASS_KINDS: ClassHandlerKind[] = [
  {
    framework: 'django',
    bases: ['rest_framework.viewsets.*'],
    classMethods: [...VIEWSET_METHODS, ...DRF_HOOKS],
    hooks: DRF_HOOKS,
    attributeHooks: SERIALIZER_HOOKS,
    contextByKind: WORKER_CONTEXT,
  },
  {
    framework: 'django',
    bases: ['rest_framework.generics.*'],
    classMethods: [...VIEW_METHODS, ...DRF_HOOKS],
    hooks: DRF_HOOKS,
    attributeHooks: SERIALIZER_HOOKS,
    contextByKind: WORKER_CONTEXT,
  },
  {
    framework: 'django',
    bases: ['rest_framework.views.APIView'],
    classMethods: [...VIEW_METHODS, ...DRF_HOOKS],
    hooks: DRF_HOOKS,
    contextByKind: WORKER_CONTEXT,
  },
  { framework: 'django', bases: ['django.views.View', 'django.views.generic.*'], classMethods: [...CBV_METHODS, ...CBV_HOOKS], hooks: CBV_HOOKS, contextByKind: WORKER_CONTEXT },
];
const CBV_KIND = CLASS_KINDS.find((kind) => kind.bases.includes('django.views.View'))!;
/**
 * The routes a DRF router gives a viewset: the list route serves `list` and
 * `create`, the detail route the rest; the per-request hooks go with the first.
 */
const ROUTER_ROUTES: Array<{ suffix: string; methods: string[]; actions: string[] }> = [
  { suffix: '/', methods: ['GET', 'POST'], actions: ['list', 'create', ...DRF_HOOKS] },
  { suffix: '/<pk>/', methods: ['GET', 'PUT', 'PATCH', 'DELETE'], actions: ['retrieve', 'update', 'partial_update', 'destroy'] },
];

/** `router.register(r'users', UserViewSet)` on a DRF router or a project subclass of one (netbox's `NetBoxRouter`). */
function routerRegistrations(facts: PyFileFacts): Array<{ call: CallRecord; router: string; own: ReturnType<typeof ownership> }> {
  const found: Array<{ call: CallRecord; router: string; own: ReturnType<typeof ownership> }> = [];
  for (const call of facts.calls) {
    const parts = callParts(call);
    if (parts?.attr !== 'register' || parts.object?.type !== 'identifier') continue;
    const own = ownership(parts, ROUTERS, facts, 'rest_framework', true);
    if (own) found.push({ call, router: parts.object.text, own });
  }
  return found;
}

/** `@action(detail=True, methods=["post"], url_path="x")` methods of the file's classes. */
function viewsetActionFacts(facts: PyFileFacts): Array<{ method: string; cls: string; detail: boolean; urlPath: string; methods: string[] }> {
  const actions: Array<{ method: string; cls: string; detail: boolean; urlPath: string; methods: string[] }> = [];
  for (const fn of facts.functions) {
    if (!fn.cls) continue;
    for (const dec of fn.decorators) {
      if (!dec.call || callName(dec.call) !== 'rest_framework.decorators.action') continue;
      const method = fn.info.name.slice(fn.cls.name.length + 1);
      const detail = dec.call.keywords.get('detail')?.node.text === 'True';
      const urlPath = stringValue(dec.call.keywords.get('url_path')?.node) ?? method;
      actions.push({ method, cls: fn.cls.name, detail, urlPath, methods: stringList(dec.call.keywords.get('methods')?.node) ?? ['GET'] });
    }
  }
  return actions;
}

export const django: FrameworkMatcher = {
  framework: 'django',
  classKinds: CLASS_KINDS,
  match(facts: PyFileFacts): HandlerInfo[] {
    // A router of a project class (netbox's `NetBoxRouter`) registers in files importing neither.
    const handlers: HandlerInfo[] = [];
    for (const { call, own } of routerRegistrations(facts)) {
      const viewset = arg(call, 1, 'viewset');
      if (!viewset) continue;
      const prefix = stringValue(arg(call, 0, 'prefix')?.node);
      for (const route of ROUTER_ROUTES) {
        const handler = referencedHandler(viewset.value, viewset.node, facts, 'django', WORKER_CONTEXT, prefix === undefined ? null : `${prefix}${route.suffix}`, route.methods, route.actions);
        if (handler) handlers.push(owned({ ...handler, classMethods: route.actions, exactClassMethods: true }, own));
      }
    }
    handlers.push(...settingsMiddleware(facts));
    if (!facts.imports('django') && !facts.imports('rest_framework')) return handlers;
    const isUrlConf = facts.moduleAssigns.has('urlpatterns');
    for (const call of facts.calls) {
      const name = callName(call);
      if (isUrlConf && name && URL_FUNCTIONS.has(name)) {
        const written = arg(call, 1, 'view');
        if (!written) continue;
        const view = unwrappedView(written, facts);
        const route = stringValue(arg(call, 0, 'route')?.node) ?? null;
        const handler = referencedHandler(view.value, view.node, facts, 'django', WORKER_CONTEXT, route, undefined, CBV_KIND.classMethods);
        if (handler) handlers.push(handler);
        continue;
      }
    }
    for (const fn of facts.functions) {
      for (const dec of fn.decorators) {
        const name = dec.call ? callName(dec.call) : undefined;
        if (name === 'rest_framework.decorators.api_view') {
          const methods = stringList(dec.call?.positional[0]?.node) ?? ['GET'];
          handlers.push(functionHandler(fn, dec.node, facts, 'django', WORKER_CONTEXT, null, methods));
        } else if (name === 'rest_framework.decorators.action' && fn.cls) {
          // Extra ViewSet endpoints: `@action(detail=True, methods=["post"])`.
          const methods = stringList(dec.call?.keywords.get('methods')?.node) ?? ['GET'];
          handlers.push(functionHandler(fn, dec.node, facts, 'django', WORKER_CONTEXT, null, methods));
        }
      }
    }
    handlers.push(...classKindHandlers(facts, CLASS_KINDS));
    return dedupe(handlers);
  },
  projectFacts(facts: PyFileFacts, handlers: readonly HandlerInfo[]) {
    const routers = new Map<string, Set<string>>();
    for (const { call, router } of routerRegistrations(facts)) {
      const viewset = arg(call, 1, 'viewset');
      if (!viewset) continue;
      routers.set(router, (routers.get(router) ?? new Set()).add(keyOfNode(viewset.node)));
    }
    if (!facts.imports('django') && !facts.imports('rest_framework') && routers.size === 0) return undefined;
    return urlFacts(facts, handlers, routers, viewsetActionFacts(facts));
  },
  project: (models, lookup) => projectUrlHandlers(models, lookup, 'django', WORKER_CONTEXT, CBV_KIND.classMethods),
};
