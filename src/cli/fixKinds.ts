import type { FixKind } from '../core/model';

export const FIX_KINDS: readonly FixKind[] = ['await', 'offload', 'make-async', 'make-sync', 'deployment', 'suppress'];

/** Parses `--fix-kind a,b`; throws on unknown kinds. */
export function parseFixKinds(values: readonly string[] | undefined): FixKind[] | undefined {
  if (!values || values.length === 0) return undefined;
  const kinds = values.flatMap((v) => v.split(',')).map((k) => k.trim()).filter(Boolean);
  const bad = kinds.find((k) => !(FIX_KINDS as readonly string[]).includes(k));
  if (bad) throw new Error(`invalid --fix-kind "${bad}": expected one of ${FIX_KINDS.join(', ')}`);
  return kinds as FixKind[];
}
