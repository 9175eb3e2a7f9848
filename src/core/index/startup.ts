import type { FileModel } from '../model';
import { keyOf, type FunctionKey } from './resolver';
import type { SummaryStore } from './summaries';

export interface StartupInputs {
  models: Iterable<FileModel>;
  store: SummaryStore;
  /** Request handlers (`keyOf`): startup registers them, it does not run them. */
  handlers: ReadonlySet<string>;
  /** Test, example and docs files: their module code is not the app starting. */
  isTestCode(file: string): boolean;
  maxDepth: number;
}

/**
 * The functions startup code runs: every production file's module-level code
 * and what it calls, also through the callbacks it hands over (`throng({
 * worker })`, `import('./main').then(({ start }) => start())`), without
 * entering request handlers. A lazy-initialisation guard or a memoizer in one
 * of them was passed before the first request, so what it guards never runs on
 * a request (outline's `PluginManager.loadPlugins()` at startup). `files`:
 * every file (and other read key) the facts followed read.
 */
export function startupFunctions(inputs: StartupInputs): { functions: Set<string>; files: Set<string> } {
  const seen = new Set<string>();
  const files = new Set<string>();
  let frontier: FunctionKey[] = [];
  for (const model of inputs.models) {
    if (!inputs.isTestCode(model.file)) frontier.push({ file: model.file, fn: model.moduleCode });
  }
  for (let depth = 0; depth <= inputs.maxDepth && frontier.length > 0; depth++) {
    const next: FunctionKey[] = [];
    for (const node of frontier) {
      const key = keyOf(node.file, node.fn);
      if (seen.has(key) || inputs.handlers.has(key)) continue;
      seen.add(key);
      const facts = inputs.store.factsOf(node.file, node.fn);
      facts.files.forEach((file) => files.add(file));
      for (const edge of facts.edges) next.push(...edge.targets);
    }
    frontier = next;
  }
  return { functions: seen, files };
}
