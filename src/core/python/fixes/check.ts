import type { FixCheckSupport } from '../../language';
import { parsePython, withoutLongCommentRuns } from '../parse';
import type { Node } from 'web-tree-sitter';
import { enclosingFunction, isAsyncDef, syntaxErrorCount } from './syntax';
import { asyncDefinitionNames, pythonUses } from './uses';

/** What the project-wide check after `--fix` reads from Python files. */
export const pythonFixCheck: FixCheckSupport = {
  syntaxErrors(_file, text) {
    const tree = parsePython(withoutLongCommentRuns(text));
    try {
      return syntaxErrorCount(tree) + awaitOutsideAsync(tree.rootNode);
    } finally {
      tree.delete();
    }
  },
  asyncNames: (_file, text, memo) => asyncDefinitionNames({ memo }, text),
  uses: (memo) => pythonUses({ memo }),
};

/** `await` (and `async for`/`async with`) outside an `async def`: tree-sitter parses it, CPython refuses to compile it. */
function awaitOutsideAsync(root: Node): number {
  let count = 0;
  const asyncStatements = root.descendantsOfType(['for_statement', 'with_statement', 'for_in_clause']).filter((n) => n?.children.some((c) => c?.type === 'async'));
  for (const node of [...root.descendantsOfType('await'), ...asyncStatements]) {
    if (!node) continue;
    const fn = enclosingFunction(node);
    if (!fn || fn.type !== 'function_definition' || !isAsyncDef(fn)) count++;
  }
  return count;
}
