import type { ConstValue } from './model';

/**
 * One key into a constant: its value; `absent` when the object has no such
 * key; undefined when that is not known (a key whose value is not a
 * constant, or a value that is not an object). Into another module's
 * constant (a ref), the key joins the ref's path, read where it is defined.
 */
export function constantKey(value: ConstValue, key: string): ConstValue | 'absent' | undefined {
  if (value.kind === 'ref') return { ...value, path: [...value.path, key] };
  if (value.kind !== 'object' || value.unknown?.includes(key)) return undefined;
  return value.props[key] ?? 'absent';
}
