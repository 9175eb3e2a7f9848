import type { FixCheckSupport } from '../../language';
import { cachedTree } from './ast';
import { asyncFunctionNames, javascriptUses } from './uses';

/** What the project-wide check after `--fix` reads from JS/TS files; one parse per text, shared through `memo`. */
export const javascriptFixCheck: FixCheckSupport = {
  syntaxErrors: (file, text, memo) => (cachedTree({ memo }, text, file) ? 0 : 1),
  asyncNames: (file, text, memo) => asyncFunctionNames({ memo }, text, file),
  uses: (memo) => javascriptUses({ memo }),
};
