import type { TSESTree } from '@typescript-eslint/typescript-estree';

type Loop = TSESTree.WhileStatement | TSESTree.DoWhileStatement | TSESTree.ForStatement;

/** `Date.now()`, `new Date()`, `performance.now()`, `process.hrtime(...)`, `Date.prototype.getTime()`. */
function readsClock(node: TSESTree.Node | null | undefined): boolean {
  if (!node) return false;
  switch (node.type) {
    case 'CallExpression': {
      const callee = node.callee;
      if (callee.type === 'MemberExpression' && callee.property.type === 'Identifier') {
        const obj = callee.object;
        const prop = callee.property.name;
        if (obj.type === 'Identifier' && ((obj.name === 'Date' && prop === 'now') || (obj.name === 'performance' && prop === 'now'))) return true;
        if (prop === 'hrtime' || prop === 'getTime' || prop === 'bigint') return true;
      }
      return node.arguments.some(readsClock) || readsClock(callee);
    }
    case 'NewExpression':
      return node.callee.type === 'Identifier' && node.callee.name === 'Date';
    case 'BinaryExpression':
    case 'LogicalExpression':
      return readsClock(node.left) || readsClock(node.right);
    case 'UnaryExpression':
      return readsClock(node.argument);
    case 'MemberExpression':
      return readsClock(node.object);
    case 'ChainExpression':
      return readsClock(node.expression);
    default:
      return false;
  }
}

/** A body that does nothing but spin: empty, or statements without await/yield/break/return. */
function spins(body: TSESTree.Statement): boolean {
  if (body.type === 'EmptyStatement') return true;
  if (body.type === 'BlockStatement') return body.body.length === 0 || (body.body.length <= 2 && body.body.every(isTrivial));
  return isTrivial(body);
}

function isTrivial(stmt: TSESTree.Statement): boolean {
  if (stmt.type === 'EmptyStatement') return true;
  if (stmt.type !== 'ExpressionStatement') return false;
  const e = stmt.expression;
  // `now = Date.now()` / `i++` keep spinning; an await would yield.
  return e.type === 'UpdateExpression' || (e.type === 'AssignmentExpression' && e.right.type !== 'AwaitExpression');
}

/** A loop that waits for the clock without yielding: `while (Date.now() < end) {}`. */
export function isBusyWait(loop: Loop): boolean {
  return readsClock(loop.test) && spins(loop.body);
}
