import type { Finding, HandlerReport } from '../../core/model';

/** What a code lens above a handler shows. */
export interface HandlerLens {
  handler: HandlerReport;
  /** Findings whose chain starts at this handler. */
  blocking: number;
}

function key(file: string, line: number, name: string): string {
  return `${file}\0${line}\0${name}`;
}

/** Counts, per handler, the blocking calls it reaches (pure; runs in the worker). */
export function handlerLenses(handlers: HandlerReport[], findings: Finding[]): HandlerLens[] {
  const counts = new Map<string, number>();
  for (const f of findings) {
    if (!f.handler) continue;
    const k = key(f.handler.file, f.handler.line, f.handler.name);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return handlers.map((handler) => ({ handler, blocking: counts.get(key(handler.file, handler.line, handler.name)) ?? 0 }));
}
