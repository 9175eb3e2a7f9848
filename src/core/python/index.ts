import type { LanguageSupport } from '../language';
import type { FileModel } from '../model';
import { analyzeTree, moduleNameOf } from './analyze';
import { CLASS_HANDLER_KINDS, findHandlers, projectFacts, projectHandlers } from './handlers';
import { initPythonParser, parsePythonFile } from './parse';
import { packageMember, resolveModule, splitQualifiedName } from './resolve';
import { pythonFixes } from './fixes';
import { pythonFixCheck } from './fixes/check';
import { markDevHandlers } from './runsOnce';
import { canonicalName } from './types';

/** An empty model for a file we could not analyze at all; the reason goes to `errors`. */
function failedModel(file: string, root: string, message: string): FileModel {
  const range = { line: 1, column: 1, endLine: 1, endColumn: 1 };
  return {
    file,
    language: 'python',
    moduleName: moduleNameOf(file, root),
    functions: [],
    moduleCode: { name: '<module>', isAsync: false, range, span: { start: 0, end: 0 }, nameRange: range, calls: [], patterns: [] },
    handlers: [],
    exports: new Map(),
    suppressions: new Map(),
    errors: [{ file, message }],
  };
}

export const python: LanguageSupport = {
  id: 'python',
  extensions: ['.py'],
  async init() {
    await initPythonParser();
  },
  analyze({ file, text, root }, rules) {
    let tree;
    try {
      tree = parsePythonFile(file, text);
    } catch (error) {
      return failedModel(file, root, `cannot parse: ${(error as Error).message}`);
    }
    try {
      const { model, facts, devRegions } = analyzeTree(tree, file, root, text, rules);
      model.handlers = findHandlers(facts);
      const frameworks = projectFacts(facts, model.handlers);
      if (frameworks) model.facts = { ...model.facts, frameworks };
      markDevHandlers(model.handlers, devRegions);
      return model;
    } catch (error) {
      return failedModel(file, root, `analysis failed: ${(error as Error).message}`);
    } finally {
      tree.delete();
    }
  },
  resolveModule,
  splitQualifiedName,
  packageMember,
  canonicalName,
  classHandlerKinds: CLASS_HANDLER_KINDS,
  projectHandlers,
  fixes: pythonFixes,
  fixCheck: pythonFixCheck,
};
