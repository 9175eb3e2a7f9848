import type { ArgRecord, CallRecord } from '../syntax';
import type { Value } from '../types';

/**
 * Calls that run a function handed to them on the same thread or loop, now
 * or later (framework facts, not rule-catalog API names): the callback's
 * blocking calls block the loop as if called directly. Offload helpers
 * (`offload.ts`) are the opposite and end the chain.
 */

/** Matched on the last name segment, whatever the receiver: `loop.call_soon(cb)`, `fut.add_done_callback(cb)`. */
const CALLBACK_METHODS: ReadonlySet<string> = new Set([
  // asyncio event loop and futures
  'call_soon', 'call_soon_threadsafe', 'call_later', 'call_at', 'add_done_callback', 'add_signal_handler',
  'add_reader', 'add_writer',
  // Tornado's IOLoop
  'add_callback', 'add_callback_from_signal', 'spawn_callback', 'add_timeout', 'add_future',
]);

/** Matched on the qualified name: library functions that call what they are given. */
const CALLBACK_FUNCTIONS: ReadonlySet<string> = new Set([
  'builtins.map', 'builtins.filter', 'builtins.sorted', 'builtins.min', 'builtins.max', 'functools.reduce',
  'tornado.ioloop.PeriodicCallback', 'itertools.starmap', 'itertools.takewhile', 'itertools.dropwhile', 'itertools.groupby',
]);

/** Keyword arguments that hold a callback (`sorted(xs, key=f)`). */
const CALLBACK_KEYWORDS: ReadonlySet<string> = new Set(['key', 'callback']);

/**
 * The arguments of a call that it runs as callbacks: the first positional
 * argument that is a project callable (the rest are its arguments), and
 * callback keywords. `undefined` when the call runs nothing it is given.
 */
export function callbackArgs(name: string, record: CallRecord): ArgRecord[] | undefined {
  const last = name.slice(name.lastIndexOf('.') + 1);
  if (!CALLBACK_FUNCTIONS.has(name) && !(name.includes('.') && CALLBACK_METHODS.has(last))) return undefined;
  const found: ArgRecord[] = [];
  const first = record.positional.find((arg) => mayBeProjectCallable(arg.value));
  if (first) found.push(first);
  for (const [key, arg] of record.keywords) if (CALLBACK_KEYWORDS.has(key)) found.push(arg);
  return found;
}

/**
 * A project function or bound method, or a name imported by absolute path
 * that the index may find in the project (`from app.tasks import flush`).
 */
export function mayBeProjectCallable(value: Value): boolean {
  if (value.kind === 'proj') return !value.instance;
  return value.kind === 'ext' && !value.name.startsWith('builtins.') && (value.name.match(/\(\)/g) ?? []).length <= 1;
}

/** How the chain names a callback handed to `name`. */
export function callbackLabel(name: string): string {
  const short = name.replace(/^builtins\./, '');
  return `callback passed to ${short.slice(short.lastIndexOf('.') + 1)}`;
}
