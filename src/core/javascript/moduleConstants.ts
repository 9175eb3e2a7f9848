import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { ConstValue } from '../model';
import { constantKey } from '../constValues';
import { constValue, type NamedConstant } from './paramGuards';

/**
 * Values and keys a module constant may hold to be kept (and cached in the
 * model): sizes, limits and names, not a table of translations or countries;
 * a caller passes one key of it at most.
 */
const MAX_SIZE = 64;
/** The longest string the cost model reads as a short literal (`max: 4096` in rules/); a longer one is not kept. */
const MAX_TEXT = 4096;

function sizeOf(value: ConstValue): number {
  if (value.kind === 'literal') return typeof value.value === 'string' && value.value.length > MAX_TEXT ? MAX_SIZE + 1 : 1;
  if (value.kind !== 'object') return 1;
  let size = value.unknown?.length ?? 0;
  for (const inner of Object.values(value.props)) {
    size += 1 + sizeOf(inner);
    if (size > MAX_SIZE) break;
  }
  return size;
}

/** What a module-level `const` is initialised with, as a constant small enough to keep; null otherwise. */
export function moduleConstant(init: TSESTree.Node, named: NamedConstant): ConstValue | null {
  // Not even read when plainly too large: the walk runs on every keystroke.
  if (init.type === 'ObjectExpression' && init.properties.length > MAX_SIZE) return null;
  const value = constValue(init, named);
  return value && sizeOf(value) <= MAX_SIZE ? value : null;
}

/** The constant at `path` inside `value` (`OAUTH_CONFIG` → `.CODE_LENGTH`); null when a step is unknown or absent. */
export function keyPath(value: ConstValue, path: readonly string[]): ConstValue | null {
  let at: ConstValue | 'absent' | undefined = value;
  for (const key of path) at = typeof at === 'object' ? constantKey(at, key) : undefined;
  return typeof at === 'object' ? at : null;
}

/** A number or string constant, as the cost model reads a module `const`. */
export function literalOf(value: ConstValue | undefined): number | string | undefined {
  return value?.kind === 'literal' && (typeof value.value === 'number' || typeof value.value === 'string') ? value.value : undefined;
}
