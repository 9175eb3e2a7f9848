/**
 * A keystroke inside one top-level statement of an open document parses
 * that statement again, alone, instead of the file. TypeScript's
 * incremental parse of the whole file moves every node after the edit: 3-4
 * ms of a keystroke near the top of a 5,000-line file, more than parsing
 * and converting the statement itself. Bundled with TypeScript
 * (typescriptSide.ts).
 */
// A plain require, as typescriptSide.ts says why.
import ts = require('typescript');
import type { TSESTree, TSESTreeOptions } from '@typescript-eslint/typescript-estree';
import { convertOnce } from './tokenChildren';
import { keptPastEdit, translate, type LaggingBodies, type PreviousProgram } from './convertStatements';

/**
 * Statements whose end no following token can continue, whatever follows:
 * declarations closed by their own brace. (An `if` or a loop may end in an
 * expression statement without a semicolon, which `(` on the next line
 * would call.)
 */
const CLOSED = new Set<string>(['FunctionDeclaration', 'ClassDeclaration', 'TSInterfaceDeclaration', 'TSEnumDeclaration', 'TSModuleDeclaration']);

/**
 * TypeScript's incremental parse re-parses little of a large statement (it
 * reuses the nodes the edit did not touch) and moves the nodes after it;
 * parsing a statement afresh costs about as much as moving eight times its
 * text. So a statement past this size is parsed alone only when what follows
 * the edit is that much longer: NodeBB's `module.exports = function (Topics)
 * { … }` files, six 20 KB wrappers to a file, typed 30% slower parsed alone.
 */
const ALWAYS_ALONE_CHARS = 2048;
const MOVE_PER_PARSE = 8;

/**
 * The program of `text` made from `previous` when the edit lies inside one
 * of its top-level statements: that statement's new text (from the end of
 * the statement before it: decorators may come before an ESTree statement's
 * range) is parsed as a file of its own and converted, the statements before it stay, those after it
 * move past the edit. Undefined when that parse could differ from the
 * statement's parse in the file, and the caller parses the file:
 * - the edit is not inside the statement's range, or changes its first
 *   token, or touches its last character (where the statement before it
 *   ends, and whether it starts a directive, may change);
 * - the new text is not one statement, or has a syntax error;
 * - the statement might not end where the text does in the file: it does
 *   not end with `;`, is no declaration closed by its brace, and the next
 *   statement starts with something that could continue an expression;
 * - it is a string statement (a directive in a file of its own), or names
 *   `import.meta` (which makes a file a module);
 * - it is large, and the text after it not much larger (`MOVE_PER_PARSE`).
 * The file's module-ness is the program's: top-level `await (x)` parses as
 * in the file.
 */
export function reparseEditedStatement(
  file: string,
  text: string,
  options: TSESTreeOptions & { jsx: boolean },
  scriptKind: ts.ScriptKind,
  previous: PreviousProgram & { text: string },
): { program: TSESTree.Program; lagging: LaggingBodies } | undefined {
  const { program, change } = previous;
  const body = program.body;
  const index = lastStartingBefore(body, change.start);
  const edited = body[index];
  if (!edited || change.oldEnd >= edited.range[1] || isStringLiteralStatement(edited)) return undefined;
  const start = index > 0 ? body[index - 1].range[1] : 0;
  const end = edited.range[1];
  const delta = change.newEnd - change.oldEnd;
  if (end - start > ALWAYS_ALONE_CHARS && (end - start) * MOVE_PER_PARSE > text.length - change.newEnd) return undefined;
  const slice = text.slice(start, end + delta);
  const variant = options.jsx ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard;
  if (!sameFirstToken(previous.text, text, start, variant)) return undefined;
  if (slice.includes('import.meta') || previous.text.slice(start, end).includes('import.meta')) return undefined;
  const module = program.sourceType === 'module';
  const alone = ts.createSourceFile(
    file,
    slice,
    {
      languageVersion: ts.ScriptTarget.Latest,
      jsDocParsingMode: ts.JSDocParsingMode.ParseNone,
      setExternalModuleIndicator: (sourceFile) => {
        (sourceFile as { externalModuleIndicator?: unknown }).externalModuleIndicator = module || undefined;
      },
    },
    true,
    scriptKind,
  );
  const statement = alone.statements.length === 1 ? alone.statements[0] : undefined;
  if (!statement || (alone as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length > 0) return undefined;
  if (statement.end !== slice.length) return undefined;
  let converted: TSESTree.ProgramStatement | undefined;
  try {
    const convertedBody = convertOnce(alone, options).body;
    converted = convertedBody.length === 1 ? convertedBody[0] : undefined;
  } catch {
    return undefined;
  }
  if (!converted || isStringLiteralStatement(converted)) return undefined;
  const next = body[index + 1];
  if (!slice.endsWith(';') && !CLOSED.has(declarationOf(converted).type) && next && !cannotContinue(previous.text, next.range[0], variant)) return undefined;
  translate(converted, undefined, start);
  const [before, after] = [body.slice(0, index), body.slice(index + 1)];
  const lagging = keptPastEdit(previous.lagging, [...before, ...after], after, { oldEnd: change.oldEnd, delta });
  return { program: { ...program, body: [...before, converted, ...after], range: [program.range[0], program.range[1] + delta] }, lagging };
}

/** The index of the last statement that starts before `offset` (-1: none). */
function lastStartingBefore(body: readonly TSESTree.ProgramStatement[], offset: number): number {
  let low = 0;
  let high = body.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (body[mid].range[0] < offset) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

const scanner = ts.createScanner(ts.ScriptTarget.Latest, true);

/** The first token from `offset` on (a statement's start): its kind and where it lies. */
function tokenAt(text: string, offset: number, variant: ts.LanguageVariant): { kind: ts.SyntaxKind; start: number; end: number } {
  scanner.setLanguageVariant(variant);
  scanner.setText(text, offset);
  const kind = scanner.scan();
  const token = { kind, start: scanner.getTokenStart(), end: scanner.getTokenEnd() };
  scanner.setText('');
  return token;
}

/** Whether both texts start the same token at `offset`: its kind decides where the statement before ends. */
function sameFirstToken(before: string, after: string, offset: number, variant: ts.LanguageVariant): boolean {
  const [a, b] = [tokenAt(before, offset, variant), tokenAt(after, offset, variant)];
  return a.kind === b.kind && a.start === b.start && a.end === b.end;
}

/** Whether the token at `offset` (the next statement's start) cannot continue the expression before it across a line break. */
function cannotContinue(text: string, offset: number, variant: ts.LanguageVariant): boolean {
  const { kind } = tokenAt(text, offset, variant);
  if (kind === ts.SyntaxKind.InKeyword || kind === ts.SyntaxKind.InstanceOfKeyword) return false;
  return kind === ts.SyntaxKind.Identifier || (kind >= ts.SyntaxKind.FirstKeyword && kind <= ts.SyntaxKind.LastKeyword);
}

/** The declaration an export statement exports, or the statement. */
function declarationOf(statement: TSESTree.ProgramStatement): TSESTree.Node {
  if ((statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration') && statement.declaration) return statement.declaration;
  return statement;
}

function isStringLiteralStatement(statement: TSESTree.ProgramStatement): boolean {
  return statement.type === 'ExpressionStatement' && statement.expression.type === 'Literal' && typeof statement.expression.value === 'string';
}
