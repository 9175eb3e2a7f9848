import type { Node } from 'web-tree-sitter';
import type { Suppressions } from '../model';

const MARKER = /#\s*unblock:\s*ignore\b(?:\[([^\]]*)\])?/;
/** A blanket `# noqa` (no codes) exempts its line from every linter, as in flake8 and ruff; `# noqa: E501` names others' codes. */
const BLANKET_NOQA = /#\s*noqa\b(?!\s*:)/i;
const MARKER_ANYWHERE = /#\s*(?:unblock:\s*ignore|noqa)\b/gi;

/**
 * Reads one comment: `# unblock: ignore` and a blanket `# noqa` silence
 * every rule on its line, `# unblock: ignore[py/blocking-sleep, py/blocking-http]` only those.
 */
export function addSuppression(into: Suppressions, line: number, comment: string): void {
  if (BLANKET_NOQA.test(comment)) {
    into.set(line, null);
    return;
  }
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

/**
 * Every suppression comment of a file. Found by text search (comments sit
 * anywhere: after a `def ...:` header, between decorators) and confirmed
 * against the tree so that `"# unblock: ignore"` inside a string is not one.
 */
export function readSuppressions(root: Node, text: string): Suppressions {
  const suppressions: Suppressions = new Map();
  for (const match of text.matchAll(MARKER_ANYWHERE)) {
    const node = root.descendantForIndex(match.index!);
    if (node?.type !== 'comment') continue;
    addSuppression(suppressions, node.startPosition.row + 1, node.text);
  }
  return suppressions;
}
