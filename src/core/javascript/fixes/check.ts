import type { FixCheckSupport } from '../../language';
import { parseJavaScript } from '../parse';
import { asyncFunctionNames, javascriptUses } from './uses';

/** What the project-wide check after `--fix` reads from JS/TS files. */
export const javascriptFixCheck: FixCheckSupport = {
  syntaxErrors: (file, text) => (parseJavaScript(text, file).program ? 0 : 1),
  asyncNames: (file, text, memo) => asyncFunctionNames({ memo }, text, file),
  uses: (memo) => javascriptUses({ memo }),
};
