import type { Node, Tree } from 'web-tree-sitter';
import type { Finding, FunctionInfo, TextEdit } from '../../model';
import type { RuleDefinition } from '../../rules/types';
import type { FixContext } from '../../fixes/types';
import { styleOf, type TextStyle } from '../../fixes/style';
import { parsedText } from './trees';
import { perText } from '../../fixes/memo';
import { callAt, enclosingFunction, isAsyncDef } from './syntax';
import { importEdits, type LocalEdit } from './imports';

/** Everything a Python rewrite reads about the place a finding points at. */
export interface PySite {
  finding: Finding;
  file: string;
  text: string;
  tree: Tree;
  call: Node;
  /** Innermost `function_definition` or `lambda` around the call. */
  fn: Node | undefined;
  /** The analyzer's view of that function (name for callersOf, handler matching). */
  info: FunctionInfo | undefined;
  style: TextStyle;
  rule: RuleDefinition | undefined;
  context: FixContext;
}

/** A computed rewrite before it becomes a `Fix`: local edits plus imports to add. */
export interface Rewrite {
  edits: LocalEdit[];
  imports: string[];
  /** Edits in other files (requirements, callers). */
  external?: TextEdit[];
  safe: boolean;
  notes: string[];
}

export type Outcome = Rewrite | { unavailable: string };

export function isUnavailable(o: Outcome): o is { unavailable: string } {
  return 'unavailable' in o;
}

export function siteFor(finding: Finding, context: FixContext): PySite | undefined {
  const text = context.text(finding.file);
  if (text === undefined) return undefined;
  const tree = parsedText(context, text);
  const call = callAt(tree, finding.span);
  if (!call) return undefined;
  const fn = enclosingFunction(call);
  const model = context.model(finding.file);
  const info = fn && fn.type === 'function_definition' ? functionInfoFor(model?.functions ?? [], fn) : undefined;
  return {
    finding,
    file: finding.file,
    text,
    tree,
    call,
    fn,
    info,
    style: perText(context, 'style', text, () => styleOf(text, '"')),
    rule: context.rules.get(finding.rule),
    context,
  };
}

/** The FunctionInfo whose span holds the def node (innermost when nested). */
export function functionInfoFor(functions: readonly FunctionInfo[], fn: Node): FunctionInfo | undefined {
  const nameNode = fn.childForFieldName('name');
  const candidates = functions.filter((f) => f.span.start <= fn.startIndex && f.span.end >= fn.endIndex);
  candidates.sort((a, b) => b.span.start - a.span.start || a.span.end - b.span.end);
  const exact = candidates.find((f) => f.name.split('.').pop() === nameNode?.text);
  return exact ?? candidates[0];
}

export function inAsyncDef(site: PySite): boolean {
  return site.fn?.type === 'function_definition' && isAsyncDef(site.fn);
}

/** Lowercased framework of the finding's handler, or of what the file imports. */
export function frameworkOf(site: PySite): string | undefined {
  const handler = site.finding.handler?.framework?.toLowerCase();
  if (handler) return handler;
  for (const name of ['fastapi', 'starlette', 'quart', 'django', 'flask']) {
    if (new RegExp(`^\\s*(from|import)\\s+${name}\\b`, 'm').test(site.text)) return name;
  }
  return undefined;
}

/** Turns a rewrite's local edits and imports into file edits. */
export function toTextEdits(site: PySite, rewrite: Rewrite, tree: Tree = site.tree, text = site.text): TextEdit[] {
  const local = [...importEdits(tree, text, rewrite.imports), ...rewrite.edits];
  return [...local.map((e) => ({ file: site.file, span: e.span, newText: e.newText })), ...(rewrite.external ?? [])];
}

