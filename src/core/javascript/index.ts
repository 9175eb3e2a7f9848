import type { LanguageSupport } from '../language';
import { analyzeJavaScript } from './analyze';
import { resolveJavaScriptModule, splitJavaScriptName } from './resolve';
import { javascriptFixCheck } from './fixes/check';
import { javascriptFixes } from './fixes';
import { parameterHandlers } from './handlers/bindings';

/** JavaScript and TypeScript (ESM and CommonJS, JSX/TSX) via @typescript-eslint/typescript-estree. */
export const javascript: LanguageSupport = {
  id: 'javascript',
  extensions: ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'],
  // The parser is plain JS: nothing to load.
  init: () => Promise.resolve(),
  analyze: (input, rules) => analyzeJavaScript(input, rules),
  resolveModule: resolveJavaScriptModule,
  splitQualifiedName: splitJavaScriptName,
  projectHandlers: parameterHandlers,
  fixes: javascriptFixes,
  fixCheck: javascriptFixCheck,
};
