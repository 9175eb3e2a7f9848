import type { Node } from 'web-tree-sitter';
import { instanceOf, unionOf, UNKNOWN, type Value } from '../types';

/** Subscript heads whose arguments are the annotated types themselves. */
const UNION_HEADS = new Set(['Optional', 'Union']);
/** `Annotated[X, ...]`: only X is the type; the rest is metadata (`Depends(get_db)`). */
const ANNOTATED = 'Annotated';
/** Iterators and generators: the items are what callers use (a `yield` dependency gives its item). */
const ITEM_HEADS = new Set(['Iterator', 'Iterable', 'Generator', 'AsyncIterator', 'AsyncIterable', 'AsyncGenerator']);
/** `Type[X]`/`type[X]`: the class itself, not an instance. */
const CLASS_HEADS = new Set(['Type', 'type']);
const MAX_DEPTH = 8;

export interface AnnotationReader {
  /** The value a type expression (a name or dotted name) evaluates to. */
  evaluate(node: Node): Value;
  /** The value of a dotted name written in a string annotation (`"Session"`). */
  lookupDotted(text: string, at: Node): Value;
  /** The metadata of `Annotated[X, Depends(f)]` when X says nothing (`Annotated[Any, Depends(f)]`). */
  metadata?(node: Node): Value;
}

function headName(node: Node | null): string {
  const text = node?.text ?? '';
  return text.slice(text.lastIndexOf('.') + 1);
}

/** The type arguments of `X[a, b]` in either spelling the grammar uses. */
function typeArguments(node: Node): Node[] {
  const args = node.type === 'subscript' ? node.childrenForFieldName('subscript') : node.namedChildren[1] ? [node.namedChildren[1]] : [];
  return args.flatMap((arg) => (arg?.type === 'type_parameter' || arg?.type === 'tuple' ? arg.namedChildren : [arg])).filter((a): a is Node => !!a);
}

/**
 * The value an annotation describes: `Session` → an instance of
 * `sqlalchemy.orm.Session`; `A | B`, `Union[A, B]` and `Optional[A]` → every
 * member (None dropped); `Annotated[X, ...]` → X, or its metadata when X is
 * unknown; `"X"` → X; `type[X]` → the class X.
 */
export function annotationValue(typeNode: Node, reader: AnnotationReader, depth = 0): Value {
  const node = typeNode.type === 'type' ? typeNode.namedChildren[0] : typeNode;
  if (!node || depth > MAX_DEPTH) return UNKNOWN;
  switch (node.type) {
    case 'none':
      return UNKNOWN;
    case 'binary_operator':
    case 'union_type': {
      const parts = node.type === 'binary_operator' ? [node.childForFieldName('left'), node.childForFieldName('right')] : node.namedChildren;
      return unionOf(parts.filter((p): p is Node => !!p).map((p) => annotationValue(p, reader, depth + 1)));
    }
    case 'subscript':
    case 'generic_type': {
      const head = node.type === 'subscript' ? node.childForFieldName('value') : node.namedChildren[0];
      const name = headName(head);
      const args = typeArguments(node);
      if (UNION_HEADS.has(name)) return unionOf(args.map((a) => annotationValue(a, reader, depth + 1)));
      if (ITEM_HEADS.has(name)) return args[0] ? annotationValue(args[0], reader, depth + 1) : UNKNOWN;
      if (name === ANNOTATED && args[0]) {
        const value = annotationValue(args[0], reader, depth + 1);
        if (value.kind !== 'unknown' || !reader.metadata) return value;
        return unionOf(args.slice(1).map((a) => reader.metadata!(a.type === 'type' ? a.namedChildren[0] ?? a : a)));
      }
      if (CLASS_HEADS.has(name) && args[0]) {
        const inner = args[0].type === 'type' ? args[0].namedChildren[0] : args[0];
        return inner && (inner.type === 'identifier' || inner.type === 'attribute') ? reader.evaluate(inner) : UNKNOWN;
      }
      // A generic class (`Session[Any]`, `list[X]`): an instance of the class itself.
      return head && (head.type === 'identifier' || head.type === 'attribute') ? instanceOf(reader.evaluate(head)) : UNKNOWN;
    }
    case 'string': {
      // `"X"`, `"X | None"`: each dotted member of a quoted annotation.
      const content = node.namedChildren.find((c) => c?.type === 'string_content')?.text ?? '';
      const members = content.split('|').map((m) => m.trim());
      if (!members.every((m) => /^[A-Za-z_][\w.]*$/.test(m))) return UNKNOWN;
      return unionOf(members.filter((m) => m !== 'None').map((m) => instanceOf(reader.lookupDotted(m, node))));
    }
    case 'identifier':
    case 'attribute': {
      const type = reader.evaluate(node);
      // `Any` and `object` say nothing about the value.
      if (type.kind === 'ext' && (type.name === 'typing.Any' || type.name === 'builtins.object')) return UNKNOWN;
      return instanceOf(type);
    }
    default:
      return UNKNOWN;
  }
}

/**
 * A module-level type alias (`SessionDep = Annotated[Session, Depends(get_db)]`,
 * `MaybeClient = httpx.Client | None`): the value annotating with it gives, or
 * undefined when the expression is not a type.
 */
export function aliasValue(expr: Node, reader: AnnotationReader): Value | undefined {
  const isTypeExpression =
    ((expr.type === 'subscript' || expr.type === 'generic_type') &&
      [...UNION_HEADS, ANNOTATED].includes(headName(expr.type === 'subscript' ? expr.childForFieldName('value') : expr.namedChildren[0]))) ||
    (expr.type === 'binary_operator' && expr.children.some((c) => c?.type === '|'));
  if (!isTypeExpression) return undefined;
  const instance = annotationValue(expr, reader);
  return instance.kind === 'unknown' ? undefined : { kind: 'alias', instance };
}
