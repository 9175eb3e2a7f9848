import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { dequal } from 'dequal';
import type { FunctionInfo } from '../model';
import { moved, type PositionShift } from '../positionShift';
import type { OuterReads, Scope } from './scope';

/**
 * The walks of an open document's named function bodies, kept for its next
 * walk. typescript-estree's program of an edited document keeps the ESTree
 * statements TypeScript reused (`convertStatements.ts`), moved: a function
 * node seen again is the same function, untouched by the edit; in a
 * statement parsed again, a function whose text lies wholly before the edit
 * or after it is found by where it was. Its body is then not walked again
 * when what its last walk read around it (the outer frames' names, the
 * class's fields, the text of its JSDoc, the module's imports and top-level
 * names) is the same, and the walk left nothing but its own function's facts
 * and what it added to the file's feeds, route calls and registrars: those
 * are put back, moved as the edit moved them. Anything else a body does
 * (registers a handler, defines a named function, assigns to an outer name
 * or a class field) is walked every time.
 */

type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** One body's walk: where it ran, what it read, and what it added. */
export interface BodyRecord {
  /** The function's name in the file. */
  name: string;
  /** Where the function started and ended in the text of that walk. */
  start: number;
  end: number;
  /** The walk's own settings: the function's options, the walker's state at its entry. */
  context: unknown[];
  reads: OuterReads;
  /** Answers the walker gave outside the scope (a top-level constant's initialiser): name → the node it was. */
  constInits: Map<string, unknown>;
  /** The JSDoc before the function, when its parameters read it (null: they did not). */
  doc: string | undefined | null;
  /** The function's facts the body set (calls, patterns, parameters). */
  facts: Partial<FunctionInfo>;
  /** What the body appended to each of the file's lists that bodies may add to (feeds, route calls, registrars), by list. */
  appended: unknown[][];
}

/** A named function's body being walked, watched for a record. */
export interface WatchedBody extends Pick<BodyRecord, 'context' | 'reads' | 'constInits' | 'doc'> {
  fn: FunctionNode;
  /** How much the file's other lists and shared writes held when the body started (`collectedCount`). */
  collected: number;
  /** The lengths of the lists a body may add to, when it started. */
  appendedFrom: number[];
  /** A named function inside it started: it does more than its own facts. */
  spoiled: boolean;
}

/** A walk's records, with what the module's hoisting gave then, for the document's next walk (`keptModels.ts` keeps them). */
export interface KeptBodies {
  records: Map<FunctionNode, BodyRecord>;
  hoisted: string;
}

/** What one walk of a document takes from its last walk, and leaves for its next. */
export class BodyMemo {
  private readonly next = new Map<FunctionNode, BodyRecord>();
  /** This walk's records, once it finished. */
  kept: KeptBodies | undefined;
  private readonly moveAll: <T>(value: T) => T;
  constructor(
    /** The last walk's records, and how the edit since moved positions; none when it was another text's or settings'. */
    private readonly previous: (KeptBodies & { shift: PositionShift }) | undefined,
  ) {
    const shift = previous?.shift;
    this.moveAll = shift ? (value) => moved(value, shift) : unmoved;
  }

  /** Whether the last walk left a record of this very function node (a reused statement's). */
  hasRecordOf(fn: FunctionNode): boolean {
    return this.previous?.records.has(fn) ?? false;
  }

  /** The last walk's records by where their functions started, made when first asked. */
  private byStart: Map<number, BodyRecord> | undefined;

  /**
   * The record of `fn`'s last walk, when this walk may replay it (the hoisted
   * state is the same): `fn`'s node was walked then (its statement was
   * reused), or a function whose text the edit left as it was, only moved,
   * was walked where `fn` is now (a statement TypeScript parsed again because
   * the edit was elsewhere in it: another method of the class, another
   * function of `module.exports = function (Topics) { … }`).
   */
  recordOf(fn: FunctionNode, hoisted: string): BodyRecord | undefined {
    const previous = this.previous;
    if (previous?.hoisted !== hoisted) return undefined;
    const same = previous.records.get(fn);
    if (same) return same;
    const { change, delta } = previous.shift;
    const [start, end] = fn.range;
    // Where the function's text was: wholly before the change, or wholly after it.
    const before = end <= change.start;
    if (!before && start < change.newEnd) return undefined;
    const then = (this.byStart ??= new Map([...previous.records.values()].map((record) => [record.start, record]))).get(before ? start : start - delta);
    return then && then.end === (before ? end : end - delta) ? then : undefined;
  }

  /**
   * How the edit moved what `record` holds: nothing for a function that ended
   * before it (nor the functions around it, which hold it). Else `moved`.
   */
  moverOf(record: BodyRecord): <T>(value: T) => T {
    return record.end <= this.previous!.shift.change.start ? unmoved : this.moveAll;
  }

  /** `fn`'s body was walked and did no more than its own facts: its record is for the next walk. */
  recorded(fn: FunctionNode, record: BodyRecord): void {
    bodyWalks.recorded++;
    this.next.set(fn, record);
  }

  /** `fn`'s body was replayed from its record, now moved to this walk's text. */
  replayed(fn: FunctionNode, record: BodyRecord): void {
    bodyWalks.replayed++;
    this.next.set(fn, record);
  }

  /** The walk finished (`hoisted`: what the module's hoisting gave): its records serve the next one. A failed walk leaves none. */
  finish(hoisted: string): void {
    this.kept = { records: this.next, hoisted };
  }
}

function unmoved<T>(value: T): T {
  return value;
}

/**
 * `now` is `then` as the edit moved it: equal as it is (nothing in it moved,
 * the common case: no moved copy is made), or once moved.
 */
export function sameMoved<T>(now: T, then: T, move: <V>(value: V) => V): { same: boolean; moved: T } {
  if (now === then || dequal(now, then)) return { same: true, moved: then };
  const movedThen = move(then);
  return { same: movedThen !== then && dequal(now, movedThen), moved: movedThen };
}

/** Whether `scope` answers every question of `reads` as it did then (moved by the edit); the answers are left moved, for the next walk. */
export function sameReads(reads: OuterReads, scope: Scope, move: <T>(value: T) => T): boolean {
  const watching = scope.reads;
  scope.reads = undefined;
  try {
    for (const question of QUESTIONS) {
      const answers = reads[question] as Map<string, unknown>;
      for (const [name, answer] of answers) {
        const { same, moved: movedAnswer } = sameMoved(scope.answer(question, name), answer, move);
        if (!same) return false;
        if (movedAnswer !== answer) answers.set(name, movedAnswer);
      }
    }
    return true;
  } finally {
    scope.reads = watching;
  }
}

const QUESTIONS = ['lookup', 'bound', 'local', 'thisMember', 'thisMethod', 'type'] as const;

/** How bodies of kept documents' walks went: replayed from the last walk, or walked and recorded (tests read this). */
export const bodyWalks = { replayed: 0, recorded: 0 };
