import type { FunctionEdit } from '../language';
import type { Finding, FunctionInfo } from '../model';
import { keyOf } from './resolver';
import type { Root } from './roots';
import { Readers } from './readers';
import { isFunctionReadKey, movedItems, movedKey, readsUnedited } from './readKeys';
import type { FindingMove } from './movedFindings';

/** Findings of roots kept elsewhere (the findings cache on disk), given back only while what they read is unchanged. */
export interface StoredRoots {
  take(key: string): { findings: Finding[]; reads: string[] } | undefined;
}

interface Entry {
  fn: FunctionInfo;
  findings: Finding[];
  /** Files (and construction keys) the root's facts and the summaries it used read. */
  files: Set<string>;
  used: number;
}

/**
 * Each root's findings, kept from one compute of the index to the next: after
 * an edit only the roots whose facts or summaries read a changed file (or a
 * construction key) are built again. On a 10,000-file workspace that is the
 * difference between rebuilding 17,000 handlers' findings on every keystroke
 * and rebuilding the few the edit touches.
 */
export class RootFindings {
  private readonly entries = new Map<string, Entry>();
  private readonly readers = new Readers<string>();
  /** Roots of kept registrations are the same objects from one compute to the next: their key is made once. */
  private readonly keys = new WeakMap<Root, string>();
  private generation = 0;
  /** Roots whose findings were built here (neither kept nor taken from the findings cache). */
  built = 0;
  /** Consulted before building a root this instance does not hold. */
  stored: StoredRoots | undefined;

  /** The keys of the roots whose findings were dropped or moved since `takeChanged` last asked; undefined after `clear`: any may have. */
  private changed: Set<string> | undefined = new Set();

  /** `key` (a file, or a construction key) changed: what read it is stale, except what `holds` keeps. */
  invalidate(key: string, holds?: (reads: ReadonlySet<string>) => boolean): void {
    this.readers.drop(key, [{ cache: this.entries, changed: this.noteChanged }], holds);
  }

  private readonly noteChanged = (key: string): void => {
    this.changed?.add(key);
  };

  /** What changed since the last call (see `changed`), starting afresh. */
  takeChanged(): Set<string> | undefined {
    const changed = this.changed;
    this.changed = new Set();
    return changed;
  }

  /**
   * After an edit inside one function body (or one that only moved the
   * file's functions): roots that read that function go; the others stay,
   * on the new model's copies of the functions the edit moved, with their
   * findings moved by `move` (lines too: Enter above them). Without `move`
   * (lines that have no place after the edit) every root that read the file
   * goes: their handlers' lines may have moved, which their keys leave out.
   */
  afterEdit(edit: FunctionEdit, move: FindingMove | undefined): void {
    if (!move) {
      this.invalidate(edit.file);
      return;
    }
    const next = (entry: Entry): Entry | undefined => {
      if (!readsUnedited(entry.files, edit)) return undefined;
      const findings = movedItems(entry.findings, move);
      if (!findings) return undefined;
      const moved = movedKey(edit, entry);
      return moved === entry && findings === entry.findings ? entry : { ...moved, findings };
    };
    this.readers.sweep(edit.file, [{ cache: this.entries, next: (value) => next(value as Entry), changed: this.noteChanged }]);
  }

  clear(): void {
    this.entries.clear();
    this.readers.clear();
    this.changed = undefined;
  }

  /** Call before a compute. */
  begin(): void {
    this.generation++;
  }

  /** Call after a compute: roots that are gone take their findings with them. */
  end(): void {
    for (const [key, entry] of this.entries) if (entry.used !== this.generation) this.entries.delete(key);
  }

  /** Every root of the last compute, with its findings and what they read. */
  *kept(): Iterable<{ key: string; findings: Finding[]; reads: ReadonlySet<string> }> {
    for (const [key, entry] of this.entries) yield { key, findings: entry.findings, reads: new Set([...entry.files].filter((read) => !isFunctionReadKey(read))) };
  }

  /** The root's findings: kept ones when the root is the same, else `build`'s, which records what it read in `files`. */
  /** The key of a root's findings: its function, and everything else they say. */
  keyOf(root: Root): string {
    let key = this.keys.get(root);
    if (key === undefined) {
      key = `${keyOf(root.file, root.fn)}\0${signature(root)}`;
      this.keys.set(root, key);
    }
    return key;
  }

  findingsOf(root: Root, build: (files: Set<string>) => Finding[]): Finding[] {
    const key = this.keyOf(root);
    const entry = this.entries.get(key);
    if (entry && entry.fn === root.fn) {
      entry.used = this.generation;
      return entry.findings;
    }
    const kept = this.stored?.take(key);
    // The findings hold the handler's line, which an edit of its file (a served class's, not the method's) moves.
    const files = new Set<string>(kept?.reads ?? (root.handler ? [root.file, root.handler.file] : [root.file]));
    if (!kept) this.built++;
    const findings = kept?.findings ?? build(files);
    this.entries.set(key, { fn: root.fn, findings, files, used: this.generation });
    this.readers.note(key, files);
    return findings;
  }
}

/**
 * Everything about a root besides its function that its findings say
 * (context, handler, deployment, overrides), but its handler's line: the
 * function and the rest make it one handler, and a line added above it (which
 * moves its kept findings with it) keeps the key. Its findings read the
 * handler's file, so no edit moves that line without going through them.
 */
function signature(root: Root): string {
  const dispatch = root.dispatch && [...root.dispatch].map(([base, target]) => [base, keyOf(target.file, target.fn)]);
  const handler = root.handler && { ...root.handler, line: undefined };
  return JSON.stringify([root.context, root.weighedAs, handler, root.deployment, root.note, root.devOnly, root.runCondition, dispatch]);
}
