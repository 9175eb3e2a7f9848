import type { Suppressions } from '../model';

const MARKER = /(\/\/|\/\*)\s*unblock:\s*ignore(?:\[([^\]]*)\])?/;

/**
 * `// unblock: ignore` silences every rule on its line; `// unblock:
 * ignore[js/x, js/y]` only those. A marker alone on its line also covers the
 * next line. Read from the text, so it works on files that do not parse.
 */
export function findSuppressions(text: string): Suppressions {
  const result: Suppressions = new Map();
  if (!text.includes('unblock:')) return result;
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((line, index) => {
    const match = MARKER.exec(line);
    if (!match) return;
    const ids = match[2] === undefined ? null : new Set(match[2].split(',').map((s) => s.trim()).filter(Boolean));
    const targets = [index + 1];
    if (line.slice(0, match.index).trim() === '') targets.push(index + 2);
    for (const lineNo of targets) merge(result, lineNo, ids);
  });
  return result;
}

function merge(map: Suppressions, line: number, ids: Set<string> | null): void {
  const existing = map.get(line);
  if (existing === null || ids === null) {
    map.set(line, null);
    return;
  }
  map.set(line, new Set([...(existing ?? []), ...ids]));
}
