import type { Node } from 'web-tree-sitter';
import type { ConstValue, ParamGuard, ParamInfo } from '../model';
import type { ParamRecord } from './syntax';
import { stringValue, unwrapParens } from './guards';

/**
 * Branches decided by a parameter (`if not reset: return cached`, `if
 * options.get("skip_auth"):`), and constant arguments at calls, so the index
 * can drop a callee's branch a call's constants never take (SickChill's
 * `manage_torrents_url()` probes the torrent client only with `reset=True`).
 */

/** `reset`, `options.skip_auth`: the parameter index and the attribute path, for a parameter of the function. */
function paramPath(node: Node, params: readonly string[]): { index: number; path: string[] } | undefined {
  if (node.type === 'identifier') {
    const index = params.indexOf(node.text);
    return index >= 0 ? { index, path: [] } : undefined;
  }
  if (node.type === 'attribute') {
    const object = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute')?.text;
    const inner = object && attr ? paramPath(object, params) : undefined;
    return inner && { ...inner, path: [...inner.path, attr!] };
  }
  return undefined;
}

/**
 * When the test holds, the parameter's truthiness it implies: `reset` → true,
 * `not reset` → false, and the first such conjunct of `a and b`.
 */
function impliedByTest(raw: Node | null, params: readonly string[]): ParamGuard | undefined {
  const node = unwrapParens(raw);
  if (!node) return undefined;
  if (node.type === 'not_operator') {
    const argument = node.childForFieldName('argument');
    if (!isPlainTest(argument)) return undefined;
    const inner = impliedByTest(argument, params);
    return inner && { ...inner, runsWhen: !inner.runsWhen };
  }
  if (node.type === 'boolean_operator' && node.childForFieldName('operator')?.text === 'and') {
    return impliedByTest(node.childForFieldName('left'), params) ?? impliedByTest(node.childForFieldName('right'), params);
  }
  const at = paramPath(node, params);
  return at && { ...at, runsWhen: true };
}

/** A test that is the parameter itself (not a conjunction), so negating it negates the implication. */
function isPlainTest(raw: Node | null): boolean {
  const node = unwrapParens(raw);
  return node?.type === 'identifier' || node?.type === 'attribute' || node?.type === 'not_operator';
}

/** What the body of `if <test>:` needs of a parameter. */
export function consequenceGuard(test: Node | null, params: readonly string[]): ParamGuard | undefined {
  return impliedByTest(test, params);
}

/** What code after `if <test>: return` needs of a parameter: the test was false, so only a plain test tells. */
export function afterExitGuard(test: Node | null, params: readonly string[]): ParamGuard | undefined {
  if (!isPlainTest(test)) return undefined;
  const implied = impliedByTest(test, params);
  return implied && { ...implied, runsWhen: !implied.runsWhen };
}

/** A literal as a constant: `True`, `None`, `8`, `"x"`, `{"skip_auth": True}`. `type`: the node's, when the caller read it already. */
export function constValue(raw: Node | null | undefined, type?: string): ConstValue | null {
  const known = type !== undefined && type !== 'parenthesized_expression';
  const node = known ? raw : unwrapParens(raw ?? null);
  if (!node) return null;
  switch (known ? type : node.type) {
    case 'true':
      return { kind: 'literal', value: true };
    case 'false':
      return { kind: 'literal', value: false };
    case 'none':
      return { kind: 'literal', value: null };
    case 'integer':
    case 'float': {
      const value = Number(node.text.replace(/_/g, ''));
      return Number.isFinite(value) ? { kind: 'literal', value } : null;
    }
    case 'string': {
      const text = stringValue(node);
      return text === undefined ? null : { kind: 'literal', value: text };
    }
    case 'dictionary': {
      const props: Record<string, ConstValue> = {};
      for (const pair of node.namedChildren) {
        if (pair?.type !== 'pair') continue;
        const key = constValue(pair.childForFieldName('key'));
        const value = constValue(pair.childForFieldName('value'));
        if (key?.kind === 'literal' && typeof key.value === 'string' && value) props[key.value] = value;
      }
      return { kind: 'object', props };
    }
    default:
      return null;
  }
}

export function paramInfos(params: readonly ParamRecord[]): ParamInfo[] {
  return params.map((p) => ({ name: p.name, ...(p.default ? { default: constValue(p.default) } : {}) }));
}
