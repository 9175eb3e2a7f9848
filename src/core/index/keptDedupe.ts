import type { Finding } from '../model';
import { findingKey } from '../findingKey';
import { compareFindings, betterFinding } from './findings';

/** Past this share of lists changed since the last compute, deduplicating them all again costs less than patching. */
const PATCH_LIMIT = 0.25;

/**
 * The deduplication of the roots' findings (`dedupeFindings`), kept between
 * an editing engine's computes. A keystroke changes the findings of a few
 * roots (their lists are new objects; a root whose findings hold is given
 * the same list): only the keys those lists hold are decided again, and the
 * sorted result is patched. In a 10,000-file workspace (17,710 handlers)
 * deduplicating every root's findings again took most of a keystroke.
 *
 * The result is `dedupeFindings(lists.flat())`: a key's finding is the first,
 * in the lists' order, of the best (most severe, then shortest chain), since
 * the first list holding a best finding holds it as its own first best.
 */
export class KeptDedupe {
  private lists: ReadonlyArray<readonly Finding[]> = [];
  /** Each key's lists, by their position in `lists`. */
  private holders = new Map<string, Set<number>>();
  private winners = new Map<string, Finding>();
  private sorted: Finding[] = [];
  /** Each list's own best finding per key, in its order. */
  private readonly bestOf = new WeakMap<readonly Finding[], Map<string, Finding>>();

  /**
   * The deduplicated, sorted findings of `lists`: the last result itself when
   * no key's finding changed. `candidates`: the only positions at which
   * `lists` may differ from `from` (the caller knows), taken when `from` is
   * what the last call was given; else every position is compared.
   */
  update(lists: ReadonlyArray<readonly Finding[]>, candidates?: { from: ReadonlyArray<readonly Finding[]>; at: readonly number[] }): Finding[] {
    const changed = this.changedPositions(lists, candidates?.from === this.lists ? candidates.at : undefined);
    if (changed === undefined) return this.rebuild(lists);
    if (changed.length === 0) {
      this.lists = lists;
      return this.sorted;
    }
    const affected = new Set<string>();
    for (const at of changed) {
      for (const key of this.best(this.lists[at]).keys()) {
        affected.add(key);
        this.holders.get(key)?.delete(at);
      }
      for (const key of this.best(lists[at]).keys()) {
        affected.add(key);
        this.holdersOf(key).add(at);
      }
    }
    this.lists = lists;
    const gone = new Set<Finding>();
    const added: Finding[] = [];
    for (const key of affected) {
      const before = this.winners.get(key);
      const now = this.decide(key);
      if (!now) this.holders.delete(key);
      if (now === before) continue;
      if (before) gone.add(before);
      if (now) {
        this.winners.set(key, now);
        added.push(now);
      } else {
        this.winners.delete(key);
      }
    }
    if (gone.size === 0 && added.length === 0) return this.sorted;
    this.sorted = mergeSorted(gone.size > 0 ? this.sorted.filter((f) => !gone.has(f)) : this.sorted, added.sort(compareFindings));
    return this.sorted;
  }

  /** Whether `key` has a finding in the result. */
  has(key: string): boolean {
    return this.winners.has(key);
  }

  /** Positions whose list is another object than last time; undefined when the lists are too different to patch. */
  private changedPositions(lists: ReadonlyArray<readonly Finding[]>, candidates: readonly number[] | undefined): number[] | undefined {
    if (this.lists.length === 0 || lists.length !== this.lists.length) return undefined;
    const changed: number[] = [];
    if (candidates) {
      for (const i of candidates) if (lists[i] !== this.lists[i]) changed.push(i);
    } else {
      for (let i = 0; i < lists.length; i++) if (lists[i] !== this.lists[i]) changed.push(i);
    }
    return changed.length > lists.length * PATCH_LIMIT ? undefined : changed;
  }

  private rebuild(lists: ReadonlyArray<readonly Finding[]>): Finding[] {
    this.lists = lists;
    this.holders = new Map();
    lists.forEach((list, at) => {
      for (const key of this.best(list).keys()) this.holdersOf(key).add(at);
    });
    this.winners = new Map();
    for (const key of this.holders.keys()) this.winners.set(key, this.decide(key)!);
    this.sorted = [...this.winners.values()].sort(compareFindings);
    return this.sorted;
  }

  /** The first best finding of `key` over the lists holding it. */
  private decide(key: string): Finding | undefined {
    let winner: Finding | undefined;
    let winnerAt = Infinity;
    for (const at of this.holders.get(key) ?? []) {
      const candidate = this.best(this.lists[at]).get(key)!;
      if (!winner || betterFinding(candidate, winner) || (!betterFinding(winner, candidate) && at < winnerAt)) {
        winner = candidate;
        winnerAt = at;
      }
    }
    return winner;
  }

  private holdersOf(key: string): Set<number> {
    let holders = this.holders.get(key);
    if (!holders) this.holders.set(key, (holders = new Set()));
    return holders;
  }

  private best(list: readonly Finding[]): Map<string, Finding> {
    let best = this.bestOf.get(list);
    if (!best) {
      best = new Map();
      for (const f of list) {
        const key = findingKey(f);
        const existing = best.get(key);
        if (!existing || betterFinding(f, existing)) best.set(key, f);
      }
      this.bestOf.set(list, best);
    }
    return best;
  }
}

/** `kept` (sorted) with `added` (sorted) put in their places. */
function mergeSorted(kept: Finding[], added: Finding[]): Finding[] {
  if (added.length === 0) return kept;
  const out: Finding[] = [];
  let i = 0;
  for (const f of added) {
    // Binary search: most of `kept` is copied past, not compared.
    let lo = i;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareFindings(kept[mid], f) <= 0) lo = mid + 1;
      else hi = mid;
    }
    for (; i < lo; i++) out.push(kept[i]);
    out.push(f);
  }
  for (; i < kept.length; i++) out.push(kept[i]);
  return out;
}
