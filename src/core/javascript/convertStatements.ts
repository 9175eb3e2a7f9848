/**
 * An open document's ESTree program made from its last one: typescript-estree
 * converts whole programs, so the top-level statements TypeScript's
 * incremental parse reused keep their conversion. Bundled with TypeScript
 * (typescriptSide.ts).
 */
import * as ts from 'typescript';
import { parse, type TSESTree, type TSESTreeOptions } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';

/** A kept document's ESTree statements, by the TypeScript statement each was converted from. */
export type ConvertedStatements = Map<ts.Statement, TSESTree.ProgramStatement>;

/** Where an edit's end was before it and is after it (0-based lines, as TypeScript counts them). */
export interface EditEnd {
  oldEnd: number;
  delta: number;
  before: ts.LineAndCharacter;
  after: ts.LineAndCharacter;
}

/**
 * The ESTree program of `sourceFile` (as `parse` makes it from the tree)
 * and its statements by TypeScript statement. After an incremental update,
 * the top-level statements TypeScript reused (the same node objects) keep
 * their ESTree statements from `previous`, moved in place past `edit`; only
 * the others are converted. A 5,000-line file's conversion took 17 ms of each
 * keystroke, and most of its collector's work. Whole whenever a string
 * statement's conversion could differ (is it a directive: one of the file's
 * leading string statements) or a reused statement is not where the edit
 * says it should be.
 */
export function convertStatements(
  sourceFile: ts.SourceFile,
  options: TSESTreeOptions,
  previous: { statements: ConvertedStatements; edit: EditEnd } | undefined,
): { program: TSESTree.Program; statements: ConvertedStatements | undefined; reused: number } {
  const reused = previous && reusedStatements(sourceFile, previous.statements, previous.edit);
  if (!reused) {
    const program = parse(sourceFile as unknown as string, options);
    return { program, statements: statementsOf(sourceFile, sourceFile.statements, program.body), reused: 0 };
  }
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
  const statements: ConvertedStatements = new Map();
  const body: TSESTree.ProgramStatement[] = [];
  for (const statement of sourceFile.statements) {
    const estree = reused.get(statement) ?? converted.get(statement);
    if (!estree) continue;
    statements.set(statement, estree);
    body.push(estree);
  }
  program.body = body;
  return { program, statements, reused: reused.size };
}

/**
 * The reused statements of `sourceFile` with their ESTree statements, moved
 * past the edit; undefined when conversion must be whole. A statement before
 * the edit starts where it did; one after it, `edit.delta` further.
 */
function reusedStatements(sourceFile: ts.SourceFile, previous: ConvertedStatements, edit: EditEnd): ConvertedStatements | undefined {
  const reused: ConvertedStatements = new Map();
  const moved: TSESTree.ProgramStatement[] = [];
  let prologue = true;
  for (const statement of sourceFile.statements) {
    const isString = isStringStatement(statement);
    prologue &&= isString;
    const estree = previous.get(statement);
    if (!estree) continue;
    // A reused string statement is a directive (`'use strict'`) as long as it still leads the file.
    const directive = (estree as TSESTree.ExpressionStatement).directive !== undefined;
    if (isString && directive !== prologue) return undefined;
    const start = statement.getStart(sourceFile);
    if (start === estree.range[0] && estree.range[1] <= edit.oldEnd) reused.set(statement, estree);
    else if (start === estree.range[0] + edit.delta && estree.range[0] >= edit.oldEnd) {
      reused.set(statement, estree);
      moved.push(estree);
    } else return undefined;
  }
  for (const statement of moved) movePast(statement, edit);
  return reused;
}

/**
 * Moves every position in `root`'s tree as the edit moved its text. Nodes
 * are not shared, but the converter gives a node its child's range or
 * line-column objects in places (a default import's specifier and its name,
 * a type predicate's annotation and its type): those move with the parent.
 */
function movePast(root: TSESTree.Node, edit: EditEnd): void {
  const lineDelta = edit.after.line - edit.before.line;
  const columnDelta = edit.after.character - edit.before.character;
  // Typing on one line moves no line or column of the statements below it: only their offsets.
  const linesStay = lineDelta === 0 && root.loc.start.line - 1 > edit.before.line;
  const move = (position: TSESTree.Position): void => {
    // ESTree lines are 1-based, TypeScript's 0-based; columns are 0-based in both.
    if (position.line - 1 === edit.before.line && position.column >= edit.before.character) position.column += columnDelta;
    position.line += lineDelta;
  };
  // Each node with its parent (a stack of pairs, flat; one array for every call, so it grows once).
  const stack = moveStack;
  stack.push(root, undefined);
  while (stack.length > 0) {
    const parent = stack.pop();
    const node = stack.pop()!;
    const range = node.range;
    if (range !== parent?.range) {
      range[0] += edit.delta;
      range[1] += edit.delta;
    }
    const loc = node.loc;
    if (!linesStay && loc !== parent?.loc) {
      if (loc.start !== parent?.loc.start) move(loc.start);
      if (loc.end !== parent?.loc.end) move(loc.end);
    }
    const record = node as unknown as Record<string, unknown>;
    // Indexed loops: iterators allocated a megabyte per keystroke here.
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

function isStringStatement(statement: ts.Statement): boolean {
  return ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression);
}

/** `body` (the conversion of `statements`) by TypeScript statement; undefined when the two cannot be paired by where they start. */
function statementsOf(sourceFile: ts.SourceFile, statements: readonly ts.Statement[], body: readonly TSESTree.ProgramStatement[]): ConvertedStatements | undefined {
  const out: ConvertedStatements = new Map();
  let next = 0;
  for (const statement of statements) {
    // A statement the converter leaves out (an unknown node) has no ESTree statement: it is converted again each time.
    if (next < body.length && body[next].range[0] === statement.getStart(sourceFile) && body[next].range[1] === statement.end) out.set(statement, body[next++]);
  }
  return next === body.length ? out : undefined;
}
