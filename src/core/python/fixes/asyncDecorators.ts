import { lookupTable } from '../../lookup';
/**
 * Decorators known to keep working when the function they wrap becomes a
 * coroutine function (data). Any other decorator may call the function and
 * use its result without awaiting (`functools.lru_cache` would cache the
 * coroutine object), so making the function async is then unavailable.
 */
const BUILTIN = new Set(['staticmethod', 'classmethod', 'abstractmethod', 'abc.abstractmethod', 'override', 'typing.override', 'typing_extensions.override']);

/** Short name → modules that define a coroutine-aware version of it. */
const LIBRARY = lookupTable<readonly string[]>({
  // flask_login >= 0.6 calls the view through current_app.ensure_sync.
  login_required: ['flask_login', 'django.contrib.auth.decorators'],
  fresh_login_required: ['flask_login'],
  // Django 5.0 made these decorators async-aware.
  csrf_exempt: ['django.views.decorators.csrf'],
  require_http_methods: ['django.views.decorators.http'],
  require_GET: ['django.views.decorators.http'],
  require_POST: ['django.views.decorators.http'],
  require_safe: ['django.views.decorators.http'],
});

/** `written` as it appears after `@` (without arguments); `text` is the file, to see where the name comes from. */
export function coroutineAwareDecorator(written: string, text: string): boolean {
  if (BUILTIN.has(written)) return true;
  const short = written.split('.').pop()!;
  const modules = LIBRARY[short];
  if (!modules) return false;
  return modules.some((m) => new RegExp(`^\\s*(from\\s+${m.replace(/\./g, '\\.')}\\s+import\\b|import\\s+${m.replace(/\./g, '\\.')}\\b)`, 'm').test(text));
}
