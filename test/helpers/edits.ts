import type { FileModel } from '../../src/core/model';

/** Deterministic pseudo-random numbers, so a failing sequence of edits repeats. */
export function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

/** A model as text, Maps and Sets included, fields in the order they were set (an incremental analysis must keep a fresh one's order too). */
export function canonical(model: FileModel): string {
  return JSON.stringify(model, (_key, value: unknown) => (value instanceof Map ? { map: [...value] } : value instanceof Set ? { set: [...value] } : value));
}
