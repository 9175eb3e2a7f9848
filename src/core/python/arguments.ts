import type { Node } from 'web-tree-sitter';
import type { ArgumentFact, ArgumentFacts } from '../model';

/**
 * What the cost model (`rules/cost.ts`) needs to know of a call's arguments:
 * literal numbers and strings (module constants too), request data by the
 * name it is read through (`request.cookies`, `request.headers`, Django's
 * `request.COOKIES`/`request.META`), and nothing else.
 */

const COOKIE = /^(self\.)?request\.(cookies|COOKIES)\b/;
const HEADER = /^(self\.)?request\.(headers|META)\b/;
const REQUEST = /^(self\.)?(request|req)\.(args|form|json|data|body|values|files|get_json|GET|POST|query_params|path_params|stream|text|content)\b/;

/** `b"abc"`, `'x' 'y'`: the length of the literal text, escapes counted as written; undefined for f-strings. */
function literalLength(node: Node): number | undefined {
  if (node.type === 'concatenated_string') {
    let total = 0;
    for (const part of node.namedChildren) {
      const length = part ? literalLength(part) : undefined;
      if (length === undefined) return undefined;
      total += length;
    }
    return total;
  }
  if (node.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
  return node.namedChildren.reduce((sum, c) => sum + (c && (c.type === 'string_content' || c.type === 'escape_sequence') ? c.text.length : 0), 0);
}

function numberOf(text: string): number | undefined {
  const value = Number(text.replace(/_/g, ''));
  return Number.isFinite(value) ? value : undefined;
}

export function argumentFact(node: Node, constants: ReadonlyMap<string, number | string>): ArgumentFact {
  switch (node.type) {
    case 'integer':
    case 'float': {
      const value = numberOf(node.text);
      return value === undefined ? { kind: 'unknown' } : { kind: 'number', value };
    }
    case 'string':
    case 'concatenated_string': {
      const length = literalLength(node);
      return length === undefined ? { kind: 'unknown' } : { kind: 'string', length };
    }
    case 'identifier': {
      const constant = constants.get(node.text);
      if (typeof constant === 'number') return { kind: 'number', value: constant };
      if (typeof constant === 'string') return { kind: 'string', length: constant.length };
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
export function argumentFacts(argsNode: Node | null, constants: ReadonlyMap<string, number | string>): ArgumentFacts {
  const facts: ArgumentFacts = { positional: [] };
  let splat = false;
  for (const arg of argsNode?.namedChildren ?? []) {
    if (!arg || arg.type === 'comment') continue;
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name');
      const value = arg.childForFieldName('value');
      if (name && value) (facts.keywords ??= {})[name.text] = argumentFact(value, constants);
    } else if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') {
      splat = true;
    } else if (!splat) {
      facts.positional.push(argumentFact(arg, constants));
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
