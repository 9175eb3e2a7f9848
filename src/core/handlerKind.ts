import type { HandlerInfo, HandlerKind } from './model';

/** Route texts matchers use for per-request hooks (`before_request`, `hook:onRequest`, `on:request`, `exception_handler`). */
const HOOK_ROUTE = /^(hook:|on:)|^(before|after|teardown)_|^(on_)?(request|response)$|error_?handler|^exception(_handler)?$|^context_processor$|^(startup|shutdown|lifespan)$/;

/**
 * What a handler is: the matcher's own `kind` when it set one, otherwise
 * read from what every matcher already records (a class registration, or the
 * words matchers put in `route` for non-route entries).
 */
export function handlerKindOf(handler: Pick<HandlerInfo, 'kind' | 'route' | 'classMethods'>): HandlerKind {
  if (handler.kind) return handler.kind;
  const route = handler.route ?? '';
  if (route === 'middleware' || route === 'error middleware' || route.endsWith('middleware')) return 'middleware';
  if (route === 'Depends' || route.startsWith('param:')) return 'callback';
  if (HOOK_ROUTE.test(route)) return 'hook';
  if (handler.classMethods) return 'class-view';
  return 'route';
}
