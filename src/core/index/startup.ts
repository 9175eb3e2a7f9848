import type { FileModel } from '../model';
import { keyOf, type FunctionKey } from './resolver';
import type { FunctionFacts, SummaryStore } from './summaries';

export interface StartupInputs {
  models: Iterable<FileModel>;
  store: SummaryStore;
  /** Request handlers (`keyOf`): startup registers them, it does not run them. */
  handlers: ReadonlySet<string>;
  /** Test, example and docs files: their module code is not the app starting. */
  isTestCode(file: string): boolean;
  maxDepth: number;
}

/** A function startup code runs, with the facts the set was followed through and the calls they led on by. */
export interface StartupMember {
  file: string;
  name: string;
  facts: FunctionFacts;
  edges: string;
}

/** What a function's facts lead startup on to, as one string (the targets of each call edge, in order). */
export function startupEdges(facts: FunctionFacts): string {
  return facts.edges.map((edge) => edge.targets.map((t) => keyOf(t.file, t.fn)).join('\u0001')).join('\u0002');
}

/**
 * The functions startup code runs: every production file's module-level code
 * and what it calls, also through the callbacks it hands over (`throng({
 * worker })`, `import('./main').then(({ start }) => start())`), without
 * entering request handlers. A lazy-initialisation guard or a memoizer in one
 * of them was passed before the first request, so what it guards never runs on
 * a request (outline's `PluginManager.loadPlugins()` at startup). `files`:
 * every file (and other read key) the facts followed read; `members`: each
 * function of the set by its key, with what following it read.
 */
export function startupFunctions(inputs: StartupInputs): { functions: Set<string>; files: Set<string>; members: Map<string, StartupMember> } {
  const seen = new Set<string>();
  const files = new Set<string>();
  const members = new Map<string, StartupMember>();
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
      members.set(key, { file: node.file, name: node.fn.name, facts, edges: startupEdges(facts) });
      for (const edge of facts.edges) next.push(...edge.targets);
    }
    frontier = next;
  }
  return { functions: seen, files, members };
}
