import type { LanguageSupport } from '../language';
import { analyzeJavaScript } from './analyze';
import { resolveJavaScriptModule, splitJavaScriptName } from './resolve';
import { javascriptFixCheck } from './fixes/check';
import { javascriptFixes } from './fixes';
import { parameterHandlers } from './handlers/bindings';
import { resolverHandlers } from './handlers/graphql';
import { registrarHandlers } from './handlers/registrars';
import { routeTableHandlers } from './handlers/routeTables';
import { autoloadedPlugins, autoloadPrefixedHandlers } from './handlers/fastifyAutoload';
import type { HandlerInfo } from '../model';
import { analyzeKept, editOf } from './keptModels';
import { LINE_BREAKS } from './location';
import { catchUpKeptTrees } from './parse';
import { regexVerdict } from './patterns/redos';


/** JavaScript and TypeScript (ESM and CommonJS, JSX/TSX) via @typescript-eslint/typescript-estree. */
export const javascript: LanguageSupport = {
  id: 'javascript',
  extensions: ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'],
  lineBreaks: LINE_BREAKS,
  // The parser is plain JS: nothing to load.
  init: () => Promise.resolve(),
  analyze: (input, rules) => analyzeKept(input, rules, LINE_BREAKS, (memo) => analyzeJavaScript(input, rules, memo)),
  editOf,
  idle: catchUpKeptTrees,
  resolveModule: resolveJavaScriptModule,
  splitQualifiedName: splitJavaScriptName,
  projectHandlers: (models, lookup) => {
    const all = [...models];
    const plugins = autoloadedPlugins(all);
    const out = new Map<string, HandlerInfo[]>();
    for (const pass of [parameterHandlers(all, lookup, plugins), resolverHandlers(all, lookup), registrarHandlers(all, lookup), routeTableHandlers(all, lookup), autoloadPrefixedHandlers(plugins)]) {
      for (const [file, found] of pass) out.set(file, [...(out.get(file) ?? []), ...found]);
    }
    return out;
  },
  defaultExport: 'default',
  confirmPattern: (pattern) => (pattern.regex ? regexVerdict(pattern.regex.pattern, pattern.regex.flags) : true),
  fixes: javascriptFixes,
  fixCheck: javascriptFixCheck,
};
