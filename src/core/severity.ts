import type { Category, ExecutionContext, Severity } from './model';
import type { RuleDefinition } from './rules/types';

/** `null`: not reported in that context. */
export type SeverityOrNone = Severity | null;

type Table = Record<ExecutionContext, Record<Category, SeverityOrNone> & { cheap: SeverityOrNone }>;

/** A coroutine that never runs is a bug wherever it is: `error` in every context. */
const all = (s: SeverityOrNone, cheap: SeverityOrNone) => ({
  sleep: s, network: s, 'file-io': s, subprocess: s, cpu: s, database: s, lock: s, config: s, coroutine: 'error' as const, cheap,
});

/**
 * Default cost of a blocking call per context and category (framework facts):
 * a shared loop stalls every request; a sync worker is tied up but DB calls
 * are what it is for; a threadpool absorbs I/O; gevent makes patched I/O
 * cooperative (the rule's `cooperative` flag decides) but CPU still holds the hub.
 */
export const DEFAULT_SEVERITY: Table = {
  'event-loop': all('error', 'info'),
  'private-loop': all('warning', 'info'),
  'sync-worker': { ...all('warning', null), database: null },
  'asgi-sync-thread': all('warning', null),
  threadpool: { ...all(null, null), cpu: 'info' },
  cooperative: { ...all(null, null), cpu: 'warning' },
  'per-request-instance': all('warning', null),
  unknown: all('warning', 'info'),
};

const ASYNC_CONTEXTS: ReadonlySet<ExecutionContext> = new Set(['event-loop', 'private-loop']);

/**
 * What gevent's `patch_all()` makes cooperative: sockets and DNS (network),
 * `time.sleep`, `select`, `subprocess`, threading locks and queues. Not
 * regular file I/O, `fcntl.flock`, or C drivers.
 */
export const COOPERATIVE_CATEGORIES: ReadonlySet<string> = new Set(['sleep', 'network', 'subprocess', 'lock']);

/** Whether gevent's monkey patching makes `rule`'s calls yield: the rule's own flag, else its category's default. */
export function yieldsUnderGevent(rule: Pick<RuleDefinition, 'cooperative' | 'category'>): boolean {
  return rule.cooperative ?? COOPERATIVE_CATEGORIES.has(rule.category);
}

/** Disk reads and writes: file-io rules that do not say otherwise (`input()` waits on a terminal, not a disk). */
function isDiskIo(rule: Pick<RuleDefinition, 'category' | 'cooperative'>): boolean {
  return rule.category === 'file-io' && rule.cooperative === undefined;
}

/** The context explanation for one rule: disk I/O under gevent or in a sync worker is a case of its own. */
export function explanationFor(context: ExecutionContext, rule: Pick<RuleDefinition, 'category' | 'cooperative'>): string {
  if (context === 'cooperative' && isDiskIo(rule)) return 'blocks the gevent hub while the disk works (gevent does not patch file I/O); short on a local disk';
  if (context === 'sync-worker' && isDiskIo(rule)) return 'holds this worker while the disk works: short on a local disk, and the worker serves this one request anyway';
  return CONTEXT_EXPLANATION[context];
}

export interface SeverityOverrides {
  /** `unblock.severity` setting / config: `{ "sync-worker": { "network": "error" } }`. */
  [context: string]: Partial<Record<Category | 'cheap', SeverityOrNone>> | undefined;
}

/** The severity of `rule` in `context`, or null when it is not worth reporting there. */
export function severityFor(
  rule: RuleDefinition,
  context: ExecutionContext,
  overrides?: SeverityOverrides,
): SeverityOrNone {
  if (rule.asyncSeverity && ASYNC_CONTEXTS.has(context)) return rule.asyncSeverity;
  const key: Category | 'cheap' = rule.cost === 'cheap' ? 'cheap' : rule.category;
  let severity: SeverityOrNone;
  const override = overrides?.[context]?.[key];
  if (override !== undefined) severity = override;
  // Cheap metadata calls follow the table everywhere: under gevent, like in any worker, they are not worth a finding.
  else if (context === 'cooperative' && key !== 'cheap' && rule.category !== 'coroutine') {
    const cooperative = yieldsUnderGevent(rule);
    // gevent does not make regular file reads and writes cooperative: they hold the hub, briefly on a local disk.
    severity = cooperative ? null : isDiskIo(rule) ? 'info' : DEFAULT_SEVERITY.cooperative.cpu;
  } else if (context === 'sync-worker' && key !== 'cheap' && isDiskIo(rule)) {
    // A local disk read holds the worker briefly, and the worker serves that one request anyway.
    severity = 'info';
  } else severity = DEFAULT_SEVERITY[context][key];
  if (severity && rule.confidence === 'low') return 'info';
  return severity;
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };
export function severityRank(s: Severity): number {
  return RANK[s];
}

/** Words for messages: why a blocking call hurts in this context. */
export const CONTEXT_EXPLANATION: Record<ExecutionContext, string> = {
  'event-loop': 'blocks the event loop: every request served by this process waits',
  'private-loop': "blocks this request's event loop and holds its worker thread",
  'sync-worker': 'ties up a worker for the whole call',
  'asgi-sync-thread': 'holds the single thread that runs sync views under ASGI',
  threadpool: 'occupies a threadpool thread',
  cooperative: 'holds the gevent hub: no other greenlet runs until it returns',
  'per-request-instance': 'adds to this invocation\'s latency (one request per instance)',
  unknown: 'blocks the calling thread',
};
