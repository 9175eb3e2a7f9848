/**
 * Which fixes "apply all safe fixes" and `source.fixAll.unblock` take: pure,
 * shared by the language server and the extension's Apply All command.
 */
import type { BatchVerdict } from '../core/fixes/checkBatch';
import { uniqueEdits } from '../core/fixes/edits';
import type { WireEdit, WireFinding, WireFix } from './engine/protocol';

const editKey = (e: WireEdit) => `${e.file}\0${e.span.start}\0${e.span.end}\0${e.newText}`;

/** The fix a finding's quick fix list marks preferred when it is safe and applicable. */
export function safePreferredFix(finding: WireFinding): WireFix | undefined {
  return finding.fixes.find((x) => x.preferred && x.safe && !x.unavailable && x.kind !== 'suppress' && x.edits.length > 0);
}

/** The edits of every safe preferred fix, one group per fix, leaving out fixes that overlap an earlier one. */
export function fixAllGroups(findings: readonly WireFinding[]): WireEdit[][] {
  const chosen: WireEdit[] = [];
  const seen = new Set<string>();
  const groups: WireEdit[][] = [];
  const fixes = findings.map(safePreferredFix).filter((x): x is WireFix => x !== undefined);
  for (const fix of fixes) {
    const fresh = fix.edits.filter((e) => !seen.has(editKey(e)));
    const overlaps = fresh.some((e) => chosen.some((c) => c.file === e.file && e.span.start < c.span.end && c.span.start < e.span.end));
    // Two fixes touching the same text: keep the first, the next run of fix-all takes the other.
    if (overlaps) continue;
    for (const e of fresh) {
      seen.add(editKey(e));
      chosen.push(e);
    }
    groups.push(fix.edits);
  }
  return groups;
}

/** The edits of the groups the project check kept, each edit once (two fixes may add the same import). */
export function keptEdits(groups: readonly WireEdit[][], kept: readonly number[]): WireEdit[] {
  return uniqueEdits(kept.flatMap((index) => groups[index]));
}

/**
 * The edits of every safe preferred fix that pass the whole-project check
 * (`--fix`'s: a batch that would leave a coroutine un-awaited or break a
 * handler loses those fixes), with what the check left out.
 */
export async function checkedSafeEdits(
  findings: readonly WireFinding[],
  check: (groups: WireEdit[][]) => PromiseLike<BatchVerdict>,
): Promise<{ edits: WireEdit[]; rejected: BatchVerdict['rejected'] }> {
  const groups = fixAllGroups(findings);
  if (groups.length === 0) return { edits: [], rejected: [] };
  const verdict = await check(groups);
  return { edits: keptEdits(groups, verdict.kept), rejected: verdict.rejected };
}
