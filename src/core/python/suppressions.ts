import type { Node } from 'web-tree-sitter';
import type { Suppressions } from '../model';

const MARKER = /#\s*unblock:\s*ignore\b(?:\[([^\]]*)\])?/;
/** A blanket `# noqa` (no codes) exempts its line from every linter, as in flake8 and ruff; `# noqa: E501` names others' codes. */
const BLANKET_NOQA = /#\s*noqa\b(?!\s*:)/i;
const MARKER_ANYWHERE = /#\s*(?:unblock:\s*ignore|noqa)\b/gi;
/** `# noqa: ASYNC251, EVL001`: other linters' codes; a rule listing one in `peerCodes` is silenced too. */
const CODED_NOQA = /#\s*noqa\s*:\s*([A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*)/i;

/**
 * Reads one comment: `# unblock: ignore` and a blanket `# noqa` silence
 * every rule on its line, `# unblock: ignore[py/blocking-sleep, py/blocking-http]` only those.
 */
export function addSuppression(into: Suppressions, line: number, comment: string): void {
  if (BLANKET_NOQA.test(comment)) {
    into.set(line, null);
    return;
  }
  const coded = CODED_NOQA.exec(comment);
  if (coded) addIds(into, line, coded[1].split(/[\s,]+/).map((code) => code.toUpperCase()));
  const match = MARKER.exec(comment);
  if (!match) return;
  if (match[1] === undefined) {
    into.set(line, null);
    return;
  }
  addIds(into, line, match[1].split(',').map((id) => id.trim()));
}

function addIds(into: Suppressions, line: number, ids: readonly string[]): void {
  const existing = into.get(line);
  if (existing === null) return;
  const set = existing ?? new Set<string>();
  for (const id of ids) if (id) set.add(id);
  into.set(line, set);
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
