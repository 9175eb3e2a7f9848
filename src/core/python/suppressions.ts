import type { Suppressions } from '../model';

const MARKER = /#\s*unblock:\s*ignore\b(?:\[([^\]]*)\])?/;

/**
 * Reads one comment: `# unblock: ignore` silences every rule on its line,
 * `# unblock: ignore[py/blocking-sleep, py/blocking-http]` only those.
 */
export function addSuppression(into: Suppressions, line: number, comment: string): void {
  const match = MARKER.exec(comment);
  if (!match) return;
  if (match[1] === undefined) {
    into.set(line, null);
    return;
  }
  const existing = into.get(line);
  if (existing === null) return;
  const ids = existing ?? new Set<string>();
  for (const id of match[1].split(',')) {
    const trimmed = id.trim();
    if (trimmed) ids.add(trimmed);
  }
  into.set(line, ids);
}
