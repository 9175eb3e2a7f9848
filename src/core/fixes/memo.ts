import type { FixContext } from './types';
import type { Memo } from '../language';

/**
 * Memoizes per file text for one batch of fixes. The text itself is the map
 * key: the engine hands out the same string each time, so V8 hashes it once,
 * where a key built by concatenation would be re-hashed (O(length)) on every
 * lookup, once per fix.
 */
export function perText<T>(context: Pick<FixContext, 'memo'>, kind: string, text: string, create: () => T, release?: (value: T) => void): T {
  const table = context.memo(`per-text\0${kind}`, () => new Map<string, T>(), release ? (m) => m.forEach(release) : undefined);
  let value = table.get(text);
  if (value === undefined && !table.has(text)) {
    value = create();
    table.set(text, value);
  }
  return value as T;
}

/** Memoizes a value computed from an object (a parse tree) for as long as the object lives. */
export function perObject<K extends object, T>(cache: WeakMap<K, T>, key: K, create: (key: K) => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = create(key);
    cache.set(key, value);
  }
  return value;
}

/** A memo for one batch of work and the release of what it holds (parse trees live in WASM memory). */
export function memoScope(releases: Array<() => void> = []): { memo: Memo; release(): void } {
  const values = new Map<string, unknown>();
  return {
    memo: <T>(key: string, create: () => T, release?: (value: T) => void): T => {
      if (values.has(key)) return values.get(key) as T;
      const value = create();
      values.set(key, value);
      if (release) releases.push(() => release(value));
      return value;
    },
    release: () => releases.splice(0).forEach((r) => r()),
  };
}
