import type { Node } from 'web-tree-sitter';
import type { ArgumentFact, ArgumentFacts } from '../model';
import { stringFact } from '../rules/cost';

/**
 * What the cost model (`rules/cost.ts`) needs to know of a call's arguments:
 * literal numbers and strings (module constants too), request data by the
 * name it is read through (`request.cookies`, `request.headers`, Django's
 * `request.COOKIES`/`request.META`), and nothing else.
 */

const COOKIE = /^(self\.)?request\.(cookies|COOKIES)\b/;
const HEADER = /^(self\.)?request\.(headers|META)\b/;
const REQUEST = /^(self\.)?(request|req)\.(args|form|json|data|body|values|files|get_json|GET|POST|query_params|path_params|stream|text|content)\b/;

/** `b"abc"`, `'x' 'y'`: the literal text, escapes as written; undefined for f-strings with holes. */
function literalText(node: Node): string | undefined {
  if (node.type === 'concatenated_string') {
    let total = '';
    for (const part of node.namedChildren) {
      const text = part ? literalText(part) : undefined;
      if (text === undefined) return undefined;
      total += text;
    }
    return total;
  }
  if (node.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
  return node.namedChildren.map((c) => (c && (c.type === 'string_content' || c.type === 'escape_sequence') ? c.text : '')).join('');
}

function numberOf(text: string): number | undefined {
  const value = Number(text.replace(/_/g, ''));
  return Number.isFinite(value) ? value : undefined;
}

export function argumentFact(node: Node, constants: ReadonlyMap<string, number | string>, params: readonly string[] = []): ArgumentFact {
  switch (node.type) {
    case 'integer':
    case 'float': {
      const value = numberOf(node.text);
      return value === undefined ? { kind: 'unknown' } : { kind: 'number', value };
    }
    case 'string':
    case 'concatenated_string': {
      const text = literalText(node);
      return text === undefined ? { kind: 'unknown' } : stringFact(text);
    }
    case 'identifier': {
      const param = params.indexOf(node.text);
      if (param !== -1) return { kind: 'param', index: param };
      const constant = constants.get(node.text);
      if (typeof constant === 'number') return { kind: 'number', value: constant };
      if (typeof constant === 'string') return stringFact(constant);
      return { kind: 'unknown' };
    }
    default: {
      const text = node.text.replace(/\s+/g, '');
      if (COOKIE.test(text)) return { kind: 'request', part: 'cookie' };
      if (HEADER.test(text)) return { kind: 'request', part: 'header' };
      if (REQUEST.test(text)) return { kind: 'request' };
      return { kind: 'unknown' };
    }
  }
}

/** Positional facts up to the first `*args`, and keyword facts by name. */
/** `params`: the enclosing function's parameter names in order (a parameter passed on is a `param` fact). */
export function argumentFacts(argsNode: Node | null, constants: ReadonlyMap<string, number | string>, params: readonly string[] = []): ArgumentFacts {
  const facts: ArgumentFacts = { positional: [] };
  let splat = false;
  for (const arg of argsNode?.namedChildren ?? []) {
    if (!arg || arg.type === 'comment') continue;
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name');
      const value = arg.childForFieldName('value');
      if (name && value) (facts.keywords ??= {})[name.text] = argumentFact(value, constants, params);
    } else if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') {
      splat = true;
    } else if (!splat) {
      facts.positional.push(argumentFact(arg, constants, params));
    }
  }
  // After `*args` positions are unknown: a missing argument may be in there.
  if (splat) facts.positional.push({ kind: 'unknown' }, { kind: 'unknown' }, { kind: 'unknown' }, { kind: 'unknown' });
  return facts;
}

/** A module constant the cost model can read: `SALT_BYTES = 16`, `GREETING = "hi"`. */
export function constantValue(node: Node): number | string | undefined {
  if (node.type === 'integer' || node.type === 'float') return numberOf(node.text);
  if (node.type === 'string' && !node.namedChildren.some((c) => c?.type === 'interpolation')) {
    return node.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c!.text).join('');
  }
  return undefined;
}
