/**
 * An open document's ESTree program made from its last one: typescript-estree
 * converts whole programs, so the top-level statements an edit left as they
 * were keep their conversion. Bundled with TypeScript (typescriptSide.ts).
 */
// A plain require, as typescriptSide.ts says why.
import ts = require('typescript');
import { parse, type TSESTree, type TSESTreeOptions } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import type { TextChange } from '../textChange';

/** Where an edit ended in the text before it, and how far it moved what follows. */
export interface EditEnd {
  oldEnd: number;
  delta: number;
}

/** A kept document's last program, and the edit since (`change`: its text then to the text now). */
export interface PreviousProgram {
  program: TSESTree.Program;
  change: TextChange;
  lagging: LaggingBodies;
}

/**
 * The ESTree program of `sourceFile` (as `parse` makes it from the tree).
 * The top-level statements of `previous` that lie wholly before or after
 * the edit, not touching it, keep their conversion (moved in place past the
 * edit) where the new tree has a statement with the same extent: the same
 * text, so the same statement. Only the others are converted. A 5,000-line
 * file's conversion took 17 ms of each keystroke, and most of its
 * collector's work. Whole whenever a string statement's conversion could
 * differ (is it a directive: one of the file's leading string statements).
 */
export function convertStatements(
  sourceFile: ts.SourceFile,
  options: TSESTreeOptions,
  previous: PreviousProgram | undefined,
): { program: TSESTree.Program; reused: number; lagging: LaggingBodies } {
  const kept = previous && reusedStatements(sourceFile, previous);
  if (!kept) return { program: parse(sourceFile as unknown as string, options), reused: 0, lagging: new LaggingBodies() };
  const { reused, lagging } = kept;
  const fresh = sourceFile.statements.filter((statement) => !reused.has(statement));
  // The converter takes the leading string statements of the list it is given for directives: the fresh ones must not start with one.
  if (fresh.length > 0 && isStringStatement(fresh[0])) return convertStatements(sourceFile, options, undefined);
  // The converter reads the file's text, lines and errors from the tree, its statements from `statements`, and looks for
  // tokens from the file's children down (`findNextToken`): those are the whole file's.
  const view = Object.create(sourceFile, {
    statements: { value: fresh },
    getChildren: { value: () => sourceFile.getChildren(sourceFile) },
  }) as ts.SourceFile;
  const program = parse(view as unknown as string, options);
  const converted = statementsOf(sourceFile, fresh, program.body);
  if (!converted) return convertStatements(sourceFile, options, undefined);
  const body: TSESTree.ProgramStatement[] = [];
  for (const statement of sourceFile.statements) {
    const estree = reused.get(statement) ?? converted.get(statement);
    if (estree) body.push(estree);
  }
  program.body = body;
  return { program, reused: reused.size, lagging };
}

/**
 * The statements of `sourceFile` that keep their conversion from
 * `previous`, moved past the edit, with the lagging bodies they keep;
 * undefined when conversion must be whole (the previous program, lagging
 * bodies and all, is then let go).
 */
function reusedStatements(sourceFile: ts.SourceFile, previous: PreviousProgram): { reused: Map<ts.Statement, TSESTree.ProgramStatement>; lagging: LaggingBodies } | undefined {
  const { start, oldEnd, newEnd } = previous.change;
  const delta = newEnd - oldEnd;
  // The statements the edit left alone, by where they start now.
  const untouched = new Map<number, TSESTree.ProgramStatement>();
  for (const statement of previous.program.body) {
    if (statement.range[1] < start) untouched.set(statement.range[0], statement);
    else if (statement.range[0] > oldEnd) untouched.set(statement.range[0] + delta, statement);
  }
  const reused = new Map<ts.Statement, TSESTree.ProgramStatement>();
  const moved: TSESTree.ProgramStatement[] = [];
  let prologue = true;
  for (const statement of sourceFile.statements) {
    const isString = isStringStatement(statement);
    prologue &&= isString;
    const estree = untouched.get(statement.getStart(sourceFile));
    const after = estree !== undefined && estree.range[0] > oldEnd;
    if (!estree || estree.range[1] + (after ? delta : 0) !== statement.end) continue;
    // A reused string statement is a directive (`'use strict'`) as long as it still leads the file.
    if (isString && ((estree as TSESTree.ExpressionStatement).directive !== undefined) !== prologue) return undefined;
    reused.set(statement, estree);
    if (after) moved.push(estree);
  }
  return { reused, lagging: keptPastEdit(previous.lagging, reused.values(), moved, { oldEnd, delta }) };
}

/**
 * The lagging bodies of the statements an edit kept (`kept`), with those
 * after it (`moved`) moved past the edit: their bodies start to lag.
 */
export function keptPastEdit(lagged: LaggingBodies, kept: Iterable<TSESTree.Node>, moved: readonly TSESTree.Node[], edit: EditEnd): LaggingBodies {
  const lagging = new LaggingBodies();
  lagging.carry(lagged, new Set(kept));
  for (const statement of moved) movePast(statement, edit, lagging);
  return lagging;
}

/** Moves every offset in `root`'s tree as the edit moved its text; the function bodies in it are left to `lagging`. */
function movePast(root: TSESTree.Node, edit: EditEnd, lagging: LaggingBodies): void {
  shiftTree(root, undefined, edit.delta, moveStack, (node, parent) => isFunctionNode(parent) && parent.body === node && lagging.lagBehind(node, parent, root, edit));
}

/** Moves every node of `root`'s tree by `delta` offsets (`parent`: the node `root` may share a range with). */
export function translate(root: TSESTree.Node, parent: TSESTree.Node | undefined, delta: number): void {
  shiftTree(root, parent, delta, translateStack);
}

/**
 * Shifts the offsets of every node in `root`'s tree by `delta`, except the
 * subtrees `skip` takes. Nodes are not shared, but the converter gives a
 * node its child's range in places (a default import's specifier and its
 * name, a type predicate's annotation and its type): those move with the
 * parent. `stack` is the caller's own (a translation may run inside a
 * move), reused so it grows once.
 */
function shiftTree(
  root: TSESTree.Node,
  above: TSESTree.Node | undefined,
  delta: number,
  stack: Array<TSESTree.Node | undefined>,
  skip?: (node: TSESTree.Node, parent: TSESTree.Node) => boolean,
): void {
  // Each node with its parent (pairs, flat).
  stack.push(root, above);
  while (stack.length > 0) {
    const parent = stack.pop();
    const node = stack.pop()!;
    if (skip && parent && skip(node, parent)) continue;
    const range = node.range;
    if (range !== parent?.range) {
      range[0] += delta;
      range[1] += delta;
    }
    // Indexed loops: iterators allocated a megabyte per keystroke here.
    const record = node as unknown as Record<string, unknown>;
    const keys = visitorKeys[node.type] ?? [];
    for (let k = 0; k < keys.length; k++) {
      const value = record[keys[k]];
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (item !== null && typeof item === 'object') stack.push(item as TSESTree.Node, node);
        }
      } else if (value !== null && typeof value === 'object') stack.push(value as TSESTree.Node, node);
    }
  }
}

const moveStack: Array<TSESTree.Node | undefined> = [];
const translateStack: Array<TSESTree.Node | undefined> = [];

type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

function isFunctionNode(node: TSESTree.Node): node is FunctionNode {
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}

/** How far a function body's offsets lag behind its text. */
interface Lag {
  fn: FunctionNode;
  statement: TSESTree.Node;
  delta: number;
}

/**
 * Function bodies of a kept program whose offsets lag behind the edits
 * since they were converted: moving a reused statement stops at each
 * function body after the edit's end (for it the edit is a translation),
 * and the body catches up when something is about to read it (`settle`: the
 * analyzer before walking a function, anyone else before reading the
 * program, `settleAll`). Most of a file's nodes are in bodies the analyzer
 * replays (`bodyMemo.ts`), which nothing reads.
 */
export class LaggingBodies {
  private readonly lags = new Map<TSESTree.Node, Lag>();

  /** Defers moving `body` (the body of `fn` in `statement`) past the edit when it starts after the edit's end; false when it must move now. */
  lagBehind(body: TSESTree.Node, fn: FunctionNode, statement: TSESTree.Node, edit: EditEnd): boolean {
    const lag = this.lags.get(body);
    // Where the body starts in the text before the edit, with what it lags already.
    if (body.range[0] + (lag?.delta ?? 0) < edit.oldEnd) {
      this.settle(body);
      return false;
    }
    if (lag) lag.delta += edit.delta;
    else this.lags.set(body, { fn, statement, delta: edit.delta });
    return true;
  }

  /** `body` at its place in the text. */
  settle(body: TSESTree.Node | null | undefined): void {
    const lag = body && this.lags.get(body);
    if (!lag) return;
    this.lags.delete(body);
    translate(body, lag.fn, lag.delta);
  }

  /** Every body at its place, but those of the functions `keep` names (they may never be read). */
  settleAll(keep?: (fn: FunctionNode) => boolean): void {
    for (const [body, lag] of this.lags) if (!keep?.(lag.fn)) this.settle(body);
  }

  /** Takes `previous`'s lags of bodies in `statements` (the statements reused); the others were converted again. */
  carry(previous: LaggingBodies, statements: ReadonlySet<TSESTree.Node>): void {
    for (const [body, lag] of previous.lags) if (statements.has(lag.statement)) this.lags.set(body, lag);
  }
}

function isStringStatement(statement: ts.Statement): boolean {
  return ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression);
}

/** `body` (the conversion of `statements`) by TypeScript statement; undefined when the two cannot be paired by where they start. */
function statementsOf(sourceFile: ts.SourceFile, statements: readonly ts.Statement[], body: readonly TSESTree.ProgramStatement[]): Map<ts.Statement, TSESTree.ProgramStatement> | undefined {
  const out = new Map<ts.Statement, TSESTree.ProgramStatement>();
  let next = 0;
  for (const statement of statements) {
    // A statement the converter leaves out (an unknown node) has no ESTree statement: it is converted again each time.
    if (next < body.length && body[next].range[0] === statement.getStart(sourceFile) && body[next].range[1] === statement.end) out.set(statement, body[next++]);
  }
  return next === body.length ? out : undefined;
}
