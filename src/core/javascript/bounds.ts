import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { unwrap } from './ast';

type Node = TSESTree.Node;
type Range = [number, number];

/** Locals followed at most this deep (`const n = base + 8` with `base` a local too). */
const MAX_DEPTH = 4;
const ROUNDING: Record<string, (x: number) => number> = { floor: Math.floor, ceil: Math.ceil, round: Math.round, trunc: Math.trunc };

/**
 * The range of a number computed from literals, `Math.random()` and
 * `Math.floor/ceil/round/trunc/min/max/abs` with `+ - * /` (kutt's
 * `Math.floor(Math.random() * 41) + 24`), through locals initialised so; undefined
 * for anything else. The cost model takes its upper end.
 */
export function numberRange(raw: Node, initOf: (name: string) => Node | undefined, depth = 0): Range | undefined {
  const node = unwrap(raw);
  if (depth > MAX_DEPTH) return undefined;
  if (node.type === 'Literal') return typeof node.value === 'number' ? [node.value, node.value] : undefined;
  if (node.type === 'Identifier') {
    const init = initOf(node.name);
    return init ? numberRange(init, initOf, depth + 1) : undefined;
  }
  if (node.type === 'BinaryExpression' && node.left.type !== 'PrivateIdentifier') {
    const a = numberRange(node.left, initOf, depth + 1);
    const b = numberRange(node.right, initOf, depth + 1);
    if (!a || !b) return undefined;
    switch (node.operator) {
      case '+': return [a[0] + b[0], a[1] + b[1]];
      case '-': return [a[0] - b[1], a[1] - b[0]];
      case '*': return span([a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1]]);
      case '/': return b[0] > 0 || b[1] < 0 ? span([a[0] / b[0], a[0] / b[1], a[1] / b[0], a[1] / b[1]]) : undefined;
      default: return undefined;
    }
  }
  if (node.type !== 'CallExpression') return undefined;
  const callee = unwrap(node.callee);
  if (callee.type !== 'MemberExpression' || callee.computed || unwrap(callee.object).type !== 'Identifier' || (unwrap(callee.object) as TSESTree.Identifier).name !== 'Math' || callee.property.type !== 'Identifier') return undefined;
  const method = callee.property.name;
  if (method === 'random') return node.arguments.length === 0 ? [0, 1] : undefined;
  const args = node.arguments.map((a) => (a.type === 'SpreadElement' ? undefined : numberRange(a, initOf, depth + 1)));
  if (args.length === 0 || args.some((a) => a === undefined)) return undefined;
  const ranges = args as Range[];
  if (ROUNDING[method] && ranges.length === 1) return [ROUNDING[method](ranges[0][0]), ROUNDING[method](ranges[0][1])];
  if (method === 'abs' && ranges.length === 1) return ranges[0][0] >= 0 ? ranges[0] : [0, Math.max(-ranges[0][0], ranges[0][1])];
  if (method === 'min') return [Math.min(...ranges.map((r) => r[0])), Math.min(...ranges.map((r) => r[1]))];
  if (method === 'max') return [Math.max(...ranges.map((r) => r[0])), Math.max(...ranges.map((r) => r[1]))];
  return undefined;
}

function span(values: number[]): Range | undefined {
  return values.every(Number.isFinite) ? [Math.min(...values), Math.max(...values)] : undefined;
}
