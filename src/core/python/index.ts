import type { FunctionEdit, LanguageSupport } from '../language';
import type { FileModel } from '../model';
import type { Tree } from 'web-tree-sitter';
import type { RuleCatalog } from '../rules/catalog';
import type { AnalysisOutput } from './analyze';
import { moduleNameOf, walkTree } from './analyze';
import { rewalkEditedBody, type WalkState } from './incremental';
import { CLASS_HANDLER_KINDS, findHandlers, projectFacts, projectHandlers } from './handlers';
import { initPythonParser, keptSource, lastIncrementalParse, parsePythonFile, parserSource } from './parse';
import { packageMember, resolveModule, splitQualifiedName } from './resolve';
import { pythonFixes } from './fixes';
import { pythonFixCheck } from './fixes/check';
import { markDevHandlers } from './runsOnce';
import { canonicalName } from './types';
import { LatestDocuments } from '../latestDocuments';

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

/** How each analysis walked the file: whole, or only the edited function (tests and the bench read this). */
export const walkCounts = { whole: 0, edited: 0 };

/** Files whose last walk is kept, so the next analysis of the same file (an edit in the editor) can walk only the edited function. */
const KEPT_WALKS = 2;
type KeptWalk = WalkState & { root: string; rules: RuleCatalog | undefined };
const keptWalks = new LatestDocuments<KeptWalk>(KEPT_WALKS, freeWalk);

function freeWalk(state: WalkState): void {
  for (const tree of state.trees) tree.delete();
}

/** The file's kept walk, taken out of the cache (the caller keeps or frees it); none when it was made for other rules or another root. */
function takeWalk(file: string, root: string, rules: RuleCatalog | undefined): WalkState | undefined {
  const kept = keptWalks.take(file);
  if (!kept) return undefined;
  if (kept.root === root && kept.rules === rules) return kept;
  freeWalk(kept);
  return undefined;
}

/** The edited function walked alone on the kept walk, which then holds `tree` too; otherwise undefined, and the kept walk is freed. */
function rewalkOrFree(state: WalkState, tree: Tree, text: string, file: string): ReturnType<typeof rewalkEditedBody> {
  let rewalked: ReturnType<typeof rewalkEditedBody>;
  try {
    rewalked = rewalkEditedBody(state, tree, text, file, lastIncrementalParse(file));
  } catch {
    // A failed re-walk leaves the walker half-changed: the full walk that follows starts afresh.
    rewalked = undefined;
  }
  if (!rewalked) freeWalk(state);
  return rewalked;
}

/** The models that came from a function-level re-walk, with the edit (`LanguageSupport.editOf`). */
const editedModels = new WeakMap<FileModel, FunctionEdit>();

/** The walk's model with what the framework matchers find in its facts. */
export function completeModel({ model, facts, devRegions }: AnalysisOutput): FileModel {
  model.handlers = findHandlers(facts);
  const frameworks = projectFacts(facts, model.handlers);
  if (frameworks) model.facts = { ...model.facts, frameworks };
  markDevHandlers(model.handlers, devRegions);
  return model;
}

export const python: LanguageSupport = {
  id: 'python',
  extensions: ['.py'],
  // The parser is given lone CRs as LFs (`parserSource`).
  lineBreaks: ['\r\n', '\r', '\n'],
  async init() {
    await initPythonParser();
  },
  analyze({ file, text, root, keepWalk }, rules) {
    const previous = takeWalk(file, root, rules);
    let tree: Tree | undefined;
    try {
      tree = parsePythonFile(file, text);
    } catch (error) {
      if (previous) freeWalk(previous);
      return failedModel(file, root, `cannot parse: ${(error as Error).message}`);
    }
    let state: WalkState | undefined;
    try {
      const rewalked = previous && rewalkOrFree(previous, tree, text, file);
      let output: AnalysisOutput;
      if (rewalked) {
        walkCounts.edited++;
        ({ output } = rewalked);
        state = previous;
      } else {
        walkCounts.whole++;
        const walked = walkTree(tree, file, root, text, rules);
        output = walked.output;
        state = { text, source: keptSource(file) ?? parserSource(text), trees: [tree], walker: walked.walker };
      }
      const model = completeModel(output);
      if (rewalked) editedModels.set(model, rewalked.edit);
      if (keepWalk) keptWalks.set(file, { ...state, root, rules });
      else freeWalk(state);
      return model;
    } catch (error) {
      // The trees of a walk that is not kept go, the new one among them.
      if (state) freeWalk(state);
      else tree.delete();
      return failedModel(file, root, `analysis failed: ${(error as Error).message}`);
    }
  },
  resolveModule,
  splitQualifiedName,
  packageMember,
  canonicalName,
  classHandlerKinds: CLASS_HANDLER_KINDS,
  editOf: (model) => editedModels.get(model),
  projectHandlers,
  fixes: pythonFixes,
  fixCheck: pythonFixCheck,
};
