import { HANDLER_KINDS, type HandlerKind, type HandlerReport } from '../../src/core/model';

export function countBy(items: Array<{ framework: string; kind: HandlerKind }>): Map<string, Map<HandlerKind, number>> {
  const counts = new Map<string, Map<HandlerKind, number>>();
  for (const { framework, kind } of items) {
    const byKind = counts.get(framework) ?? new Map<HandlerKind, number>();
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    counts.set(framework, byKind);
  }
  return counts;
}

/** `[label, total]` then `['', 'flask       route 27, class-view 108, hook 6']`: one line per framework, kinds in model order. */
export function kindLines(label: string, counts: Map<string, Map<HandlerKind, number>>): Array<[string, string]> {
  const total = [...counts.values()].reduce((n, byKind) => n + [...byKind.values()].reduce((a, b) => a + b, 0), 0);
  const lines: Array<[string, string]> = [[label, String(total)]];
  for (const [framework, byKind] of [...counts.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const parts = HANDLER_KINDS.filter((k) => byKind.has(k)).map((k) => `${k} ${byKind.get(k)}`);
    lines.push(['', `${framework.padEnd(12)}${parts.join(', ')}`]);
  }
  return lines;
}

/** Handlers as the engine serves them, by framework and kind; those in test code apart. */
export function handlerLines(handlers: readonly HandlerReport[]): Array<[string, string]> {
  const byKind = (list: readonly HandlerReport[]) => countBy(list.map((h) => ({ framework: h.framework, kind: h.handlerKind })));
  const lines = kindLines('handlers', byKind(handlers.filter((h) => !h.testCode)));
  const inTests = handlers.filter((h) => h.testCode);
  if (inTests.length > 0) lines.push(...kindLines('in test code', byKind(inTests)));
  return lines;
}
