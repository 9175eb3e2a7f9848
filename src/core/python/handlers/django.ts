import type { HandlerInfo } from '../../model';
import type { PyFileFacts } from '../syntax';
import {
  arg,
  callName,
  callParts,
  classHandler,
  type ContextByKind,
  dedupe,
  functionHandler,
  type FrameworkMatcher,
  lastSegment,
  referencedHandler,
  stringList,
  stringValue,
  subclassesOf,
  VIEW_METHODS,
} from './common';

/** Django: sync views hold a worker; async views under WSGI get a private loop (deployment refines ASGI). */
const CONTEXT: ContextByKind = { sync: 'sync-worker', async: 'private-loop' };

const URL_FUNCTIONS = new Set(['django.urls.path', 'django.urls.re_path', 'django.conf.urls.url']);
const CBV_METHODS = [...VIEW_METHODS, 'dispatch'];
const VIEWSET_METHODS = [...VIEW_METHODS, 'list', 'create', 'retrieve', 'update', 'partial_update', 'destroy'];
const DRF_VIEW_BASES = [
  'rest_framework.views.APIView',
  'rest_framework.viewsets.ViewSet',
  'rest_framework.viewsets.GenericViewSet',
  'rest_framework.viewsets.ModelViewSet',
  'rest_framework.viewsets.ReadOnlyModelViewSet',
  'rest_framework.generics.GenericAPIView',
  'rest_framework.generics.ListAPIView',
  'rest_framework.generics.CreateAPIView',
  'rest_framework.generics.RetrieveAPIView',
  'rest_framework.generics.ListCreateAPIView',
  'rest_framework.generics.RetrieveUpdateDestroyAPIView',
];

export const django: FrameworkMatcher = {
  framework: 'django',
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
        const handler = referencedHandler(view.value, view.node, facts, 'django', CONTEXT, route, undefined, CBV_METHODS);
        if (handler) handlers.push(handler);
        continue;
      }
      // DRF routers: `router.register(r'users', UserViewSet)`.
      const parts = callParts(call);
      if (parts?.attr === 'register' && parts.owner?.startsWith('rest_framework.routers.')) {
        const viewset = arg(call, 1, 'viewset');
        if (!viewset) continue;
        const route = stringValue(arg(call, 0, 'prefix')?.node) ?? null;
        const handler = referencedHandler(viewset.value, viewset.node, facts, 'django', CONTEXT, route, undefined, VIEWSET_METHODS);
        if (handler) handlers.push({ ...handler, classMethods: VIEWSET_METHODS });
      }
    }
    for (const fn of facts.functions) {
      for (const dec of fn.decorators) {
        const name = dec.call ? callName(dec.call) : undefined;
        if (name === 'rest_framework.decorators.api_view') {
          const methods = stringList(dec.call?.positional[0]?.node) ?? ['GET'];
          handlers.push(functionHandler(fn, dec.node, facts, 'django', CONTEXT, null, methods));
        } else if (name === 'rest_framework.decorators.action' && fn.cls) {
          // Extra ViewSet endpoints: `@action(detail=True, methods=["post"])`.
          const methods = stringList(dec.call?.keywords.get('methods')?.node) ?? ['GET'];
          handlers.push(functionHandler(fn, dec.node, facts, 'django', CONTEXT, null, methods));
        }
      }
    }
    for (const cls of subclassesOf(facts, DRF_VIEW_BASES)) {
      const viewset = facts.ancestry(cls).some((n) => lastSegment(n).endsWith('ViewSet'));
      handlers.push(classHandler(cls, facts, 'django', CONTEXT, viewset ? VIEWSET_METHODS : VIEW_METHODS));
    }
    return dedupe(handlers);
  },
};
