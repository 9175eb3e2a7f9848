import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { freshName, indentAt, indentUnitOf } from '../../fixes/style';
import { walk, type FunctionNode } from './ast';
import type { JsStyle, LocalEdit } from './imports';
import type { Span } from '../../model';

/** `async` in front of a function (after `export`/`default` it is already placed right by the node start). */
export function asyncKeyword(fn: FunctionNode, text: string, parent?: TSESTree.Node): LocalEdit | undefined {
  // `async function*` is an async generator: every `for...of` over it would break.
  if (fn.async || fn.generator) return undefined;
  const start = fn.range[0];
  // A method or property shorthand (`get(req, res) {}`) has its FunctionExpression start at `(`:
  // `async` goes before the key (after `static`/`private`).
  if (fn.type === 'FunctionExpression' && text[start] === '(') {
    if (parent && (parent.type === 'MethodDefinition' || parent.type === 'Property') && parent.value === fn && (parent.type === 'MethodDefinition' ? parent.kind === 'method' : parent.method)) {
      const key = parent.computed ? text.lastIndexOf('[', parent.key.range[0]) : parent.key.range[0];
      return { span: { start: key, end: key }, newText: 'async ' };
    }
    return undefined;
  }
  return { span: { start, end: start }, newText: 'async ' };
}

/**
 * A return annotation `T` (TypeScript's, or Flow's, which the tree does not
 * hold: blank in `parsedText`, the text the tree was parsed from) becomes
 * `Promise<T>` when the function turns async.
 */
export function promiseReturnType(fn: FunctionNode, text: string, parsedText: string): LocalEdit[] {
  if (fn.async) return [];
  const annotation = fn.returnType?.typeAnnotation;
  const span = annotation ? { start: annotation.range[0], end: annotation.range[1] } : flowReturnType(fn, text, parsedText);
  if (!span) return [];
  const written = text.slice(span.start, span.end);
  if (/^Promise\s*</.test(written)) return [];
  return [{ span, newText: `Promise<${written}>` }];
}

/**
 * Where a Flow file's return annotation is written (`): T =>`, `): T {`):
 * blanked in the parsed text, so found between the parameters' `)` and the
 * body there, and read from the text as written.
 */
function flowReturnType(fn: FunctionNode, text: string, blanked: string): Span | undefined {
  if (blanked === text) return undefined;
  const close = paramsClose(fn, blanked);
  if (close === undefined) return undefined;
  const end = fn.type === 'ArrowFunctionExpression' ? blanked.indexOf('=>', close) : fn.body.range[0];
  const written = /^(\s*:\s*)([\s\S]*?)\s*$/.exec(text.slice(close + 1, end));
  if (!written || !written[2]) return undefined;
  const start = close + 1 + written[1].length;
  return { start, end: start + written[2].length };
}

/** The parameters' closing `)` in `blanked` (the text as parsed), for a function whose parameters the tree holds. */
function paramsClose(fn: FunctionNode, blanked: string): number | undefined {
  const last = fn.params[fn.params.length - 1];
  const from = last ? last.range[1] : blanked.indexOf('(', fn.id?.range[1] ?? fn.range[0]) + 1;
  const close = blanked.slice(from).search(/\S/) + from;
  return blanked[close] === ')' ? close : undefined;
}

/**
 * Where a parameter added after `param` goes: right after it, past a Flow
 * annotation the parsed text blanked (`res: $Response, next`, not `res,
 * next: $Response`).
 */
function afterParam(fn: FunctionNode, param: TSESTree.Parameter, text: string, blanked: string): number {
  if (blanked === text || param !== fn.params[fn.params.length - 1]) return param.range[1];
  const close = paramsClose(fn, blanked);
  return close === undefined ? param.range[1] : param.range[1] + text.slice(param.range[1], close).trimEnd().length;
}

/**
 * Express 4 does not forward a rejected promise: wrap the body in
 * try/catch calling `next(err)`, adding a `next` parameter when missing.
 */
export function express4Wrap(fn: FunctionNode, text: string, parsedText: string, style: JsStyle): LocalEdit[] | { unavailable: string } {
  const params = fn.params;
  let next: string;
  const edits: LocalEdit[] = [];
  if (params.length >= 4 && params[3].type === 'Identifier') next = params[3].name;
  else if (params.length === 3 && params[2].type === 'Identifier') next = params[2].name;
  else if (params.length === 2) {
    next = freshName('next', text.slice(fn.range[0], fn.range[1]));
    const at = afterParam(fn, params[1], text, parsedText);
    edits.push({ span: { start: at, end: at }, newText: `, ${next}` });
  } else return { unavailable: 'cannot add a `next` parameter to this handler' };
  const fnText = text.slice(fn.range[0], fn.range[1]);
  const err = freshName('err', fnText);
  const unit = indentUnitOf(text, '  ');
  const eol = style.eol;
  const body = fn.body;
  const multilineTemplate = [...walk(body as TSESTree.Node)].some((n) => n.type === 'TemplateLiteral' && text.slice(n.range[0], n.range[1]).includes('\n'));
  if (body.type !== 'BlockStatement') {
    const indent = indentAt(text, fn.range[0]);
    // From after `=>` to the function's end: keeps parentheses around the body (`=> ({...})`).
    const open = text.lastIndexOf('=>', body.range[0]) + 2;
    const expr = text.slice(open, fn.range[1]).trim();
    const block = `{${eol}${indent}${unit}try {${eol}${indent}${unit}${unit}return ${expr}${style.semi}${eol}${indent}${unit}} catch (${err}) {${eol}${indent}${unit}${unit}${next}(${err})${style.semi}${eol}${indent}${unit}}${eol}${indent}}`;
    return [...edits, { span: { start: open, end: fn.range[1] }, newText: ` ${block}` }];
  }
  const indent = indentAt(text, body.range[0]);
  const inner = text.slice(body.range[0] + 1, body.range[1] - 1);
  const sameLine = !/^[ \t]*\r?\n/.test(inner);
  const content = inner.replace(/^[ \t]*\r?\n/, '').replace(/\s+$/, '');
  const lines = content.split('\n');
  const shifted = multilineTemplate
    ? content
    : lines.map((line, i) => (line.trim() === '' ? line : i === 0 && sameLine ? `${indent}${unit}${unit}${line.trim()}` : `${unit}${line}`)).join('\n');
  const newBody = `{${eol}${indent}${unit}try {${eol}${shifted}${eol}${indent}${unit}} catch (${err}) {${eol}${indent}${unit}${unit}${next}(${err})${style.semi}${eol}${indent}${unit}}${eol}${indent}}`;
  return [...edits, { span: { start: body.range[0], end: body.range[1] }, newText: newBody }];
}
