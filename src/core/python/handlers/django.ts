import type { ClassHandlerKind, HandlerInfo } from '../../model';
import type { PyFileFacts } from '../syntax';
import {
  arg,
  callName,
  callParts,
  dedupe,
  functionHandler,
  type FrameworkMatcher,
  referencedHandler,
  stringList,
  stringValue,
  classKindHandlers,
  VIEW_METHODS,
  WORKER_CONTEXT,
} from './common';

/** Django: sync views hold a worker; async views under WSGI get a private loop (deployment refines ASGI). */

const URL_FUNCTIONS = new Set(['django.urls.path', 'django.urls.re_path', 'django.conf.urls.url']);
/** Methods Django's generic views call on every request they serve. */
const CBV_HOOKS = ['get_queryset', 'get_context_data', 'get_object', 'get_form_kwargs', 'form_valid', 'form_invalid', 'get_success_url'];
const CBV_METHODS = [...VIEW_METHODS, 'dispatch'];
/** DRF's generic views and viewsets call these per request. */
const DRF_HOOKS = ['initial', 'get_queryset', 'get_object', 'get_serializer_class', 'perform_create', 'perform_update', 'perform_destroy'];
const VIEWSET_METHODS = [...VIEW_METHODS, 'list', 'create', 'retrieve', 'update', 'partial_update', 'destroy'];

const CLASS_KINDS: ClassHandlerKind[] = [
  { framework: 'django', bases: ['rest_framework.viewsets.*'], classMethods: [...VIEWSET_METHODS, ...DRF_HOOKS], hooks: DRF_HOOKS, contextByKind: WORKER_CONTEXT },
  {
    framework: 'django',
    bases: ['rest_framework.views.APIView', 'rest_framework.generics.*'],
    classMethods: [...VIEW_METHODS, ...DRF_HOOKS],
    hooks: DRF_HOOKS,
    contextByKind: WORKER_CONTEXT,
  },
  { framework: 'django', bases: ['django.views.View', 'django.views.generic.*'], classMethods: [...CBV_METHODS, ...CBV_HOOKS], hooks: CBV_HOOKS, contextByKind: WORKER_CONTEXT },
];
const VIEWSET_KIND = CLASS_KINDS[0];

export const django: FrameworkMatcher = {
  framework: 'django',
  classKinds: CLASS_KINDS,
  match(facts: PyFileFacts): HandlerInfo[] {
    if (!facts.imports('django') && !facts.imports('rest_framework')) return [];
    const handlers: HandlerInfo[] = [];
    const isUrlConf = facts.moduleAssigns.has('urlpatterns');
    for (const call of facts.calls) {
      const name = callName(call);
      if (isUrlConf && name && URL_FUNCTIONS.has(name)) {
        const view = arg(call, 1, 'view');
        if (!view) continue;
        const route = stringValue(arg(call, 0, 'route')?.node) ?? null;
        const handler = referencedHandler(view.value, view.node, facts, 'django', WORKER_CONTEXT, route, undefined, CLASS_KINDS[2].classMethods);
        if (handler) handlers.push(handler);
        continue;
      }
      // DRF routers: `router.register(r'users', UserViewSet)`.
      const parts = callParts(call);
      if (parts?.attr === 'register' && parts.owner?.startsWith('rest_framework.routers.')) {
        const viewset = arg(call, 1, 'viewset');
        if (!viewset) continue;
        const route = stringValue(arg(call, 0, 'prefix')?.node) ?? null;
        const handler = referencedHandler(viewset.value, viewset.node, facts, 'django', WORKER_CONTEXT, route, undefined, VIEWSET_KIND.classMethods);
        if (handler) handlers.push({ ...handler, classMethods: VIEWSET_KIND.classMethods });
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
};
