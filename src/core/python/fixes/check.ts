import type { Node } from 'web-tree-sitter';
import type { FixCheckSupport } from '../../language';
import { enclosingFunction, isAsyncDef, syntaxErrorCount } from './syntax';
import { parsedText } from './trees';
import { asyncDefinitionNames, pythonUses } from './uses';

/** What the project-wide check after `--fix` reads from Python files; one parse per text, shared through `memo`. */
export const pythonFixCheck: FixCheckSupport = {
  syntaxErrors(_file, text, memo) {
    const tree = parsedText({ memo }, text);
    return syntaxErrorCount(tree) + awaitOutsideAsync(tree.rootNode);
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
