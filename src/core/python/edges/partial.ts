import type { CallEdgeKind } from '../../model';
import type { CallRecord } from '../syntax';
import type { Value } from '../types';
import { mayBeProjectCallable } from './callbacks';

/** Wrappers whose result calls their first argument with the rest bound (framework facts). */
const PARTIALS: ReadonlySet<string> = new Set(['functools.partial', 'functools.partialmethod']);

export const VIA_PARTIAL: CallEdgeKind = { kind: 'partial', label: 'via partial' };

/**
 * `functools.partial(f, ...)` evaluates to `f` marked as a partial: calling
 * it, or handing it to a scheduler, runs `f` (and the chain says so).
 */
export function partialResult(name: string | undefined, record: CallRecord): Value | undefined {
  if (name === undefined || !PARTIALS.has(name)) return undefined;
  const wrapped = record.positional[0]?.value;
  if (!wrapped || !mayBeProjectCallable(wrapped)) return undefined;
  return { ...wrapped, edge: VIA_PARTIAL } as Value;
}
