import type { Fix } from '../model';

/**
 * Marks exactly one fix preferred: the first safe, applicable rewrite in the
 * provider's order (providers list their best idea first). Suppressions are
 * never preferred.
 */
export function markPreferred(fixes: Fix[]): Fix[] {
  let chosen = false;
  return fixes.map((fix) => {
    const candidate = !chosen && fix.safe && !fix.unavailable && fix.edits.length > 0 && fix.kind !== 'suppress';
    if (candidate) chosen = true;
    const { preferred: _ignored, ...rest } = fix;
    return candidate ? { ...rest, preferred: true } : rest;
  });
}

export function unavailableFix(title: string, kind: Fix['kind'], reason: string, safe = true): Fix {
  return { title, kind, safe, unavailable: reason, edits: [] };
}
