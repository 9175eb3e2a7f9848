import type { Node, Tree } from 'web-tree-sitter';
import { perObject } from '../../fixes/memo';
import { existingProcessPool, importAnchor } from './imports';
import { minimumPythonMinor } from './pythonVersion';
import { frameworkOf, type Outcome, type PySite } from './site';
import { argumentsText, awaitExpr, containsCall, enclosingFunction, hasKeywordOrSplat } from './syntax';

export type OffloadVariant = 'to_thread' | 'executor' | 'threadpool' | 'sync_to_async' | 'run_sync' | 'process';

export const OFFLOAD_TITLES: Record<OffloadVariant, string> = {
  to_thread: 'Run it in a thread: await asyncio.to_thread(...)',
  executor: 'Run it in a thread: await loop.run_in_executor(None, ...)',
  threadpool: 'Run it in the threadpool: await run_in_threadpool(...)',
  sync_to_async: 'Run it in a thread: await sync_to_async(...)(...)',
  run_sync: 'Run it in a thread: await run_sync(...)(...)',
  process: 'Run it in a process pool: await loop.run_in_executor(pool, ...)',
};

/** The thread offload helper that fits the framework and the project's Python version. */
export function threadVariant(site: PySite): OffloadVariant {
  const framework = frameworkOf(site) ?? '';
  if (framework.includes('fastapi') || framework.includes('starlette')) return 'threadpool';
  if (framework.includes('django')) return 'sync_to_async';
  if (framework.includes('quart')) return 'run_sync';
  // asyncio.to_thread is 3.9+: without a declared version, run_in_executor works on every Python 3.
  const minor = minimumPythonMinor(site.file);
  return minor !== undefined && minor >= 9 ? 'to_thread' : 'executor';
}

/** `fn` and its argument text, or a lambda when evaluating the callee or an argument would already run code. */
function callable(call: Node): { fn: string; args: string; lambda: boolean } | undefined {
  const callee = call.childForFieldName('function');
  if (!callee) return undefined;
  const args = argumentsText(call);
  // A call inside the callee or the arguments would still run on the loop: move the whole expression.
  const argumentList = call.childForFieldName('arguments');
  if (args === undefined || containsCall(callee) || (argumentList && containsCall(argumentList))) return { fn: `lambda: ${call.text}`, args: '', lambda: true };
  return { fn: callee.text, args: args.trim(), lambda: false };
}

/**
 * Wraps the blocking call so it runs off the event loop, awaited in place.
 * Only meaningful inside an `async def` (the caller checks).
 */
export function offload(site: PySite, variant: OffloadVariant): Outcome {
  if (/\bawait\b/.test(site.call.text)) return { unavailable: 'an argument awaits: it cannot move to another thread' };
  const lazy = lazyUse(site);
  if (lazy) return { unavailable: lazy };
  const parts = callable(site.call);
  if (!parts) return { unavailable: 'the callee cannot be referenced' };
  const { fn, args } = parts;
  const hasKeywords = hasKeywordOrSplat(site.call);
  const withArgs = (head: string) => (args ? `${head}, ${args}` : head);
  const partial = () => (hasKeywords ? { expr: `functools.partial(${withArgs(fn)})`, imports: ['import functools'] } : { expr: withArgs(fn), imports: [] as string[] });
  let expr: string;
  let imports: string[];
  const edits: Array<{ span: { start: number; end: number }; newText: string }> = [];
  switch (variant) {
    case 'to_thread':
      expr = `await asyncio.to_thread(${withArgs(fn)})`;
      imports = ['import asyncio'];
      break;
    case 'executor': {
      const p = partial();
      expr = `await asyncio.get_running_loop().run_in_executor(None, ${p.expr})`;
      imports = ['import asyncio', ...p.imports];
      break;
    }
    case 'threadpool':
      expr = `await run_in_threadpool(${withArgs(fn)})`;
      imports = [/^\s*(from|import)\s+fastapi\b/m.test(site.text) ? 'from fastapi.concurrency import run_in_threadpool' : 'from starlette.concurrency import run_in_threadpool'];
      break;
    case 'sync_to_async':
      expr = `await sync_to_async(${fn})(${args})`;
      imports = ['from asgiref.sync import sync_to_async'];
      break;
    case 'run_sync':
      expr = `await run_sync(${fn})(${args})`;
      imports = ['from quart.utils import run_sync'];
      break;
    case 'process': {
      if (parts.lambda || !isModuleFunction(site, fn)) return { unavailable: 'only module-level functions can be sent to a process pool (they must pickle)' };
      const existing = existingProcessPool(site.text);
      const pool = existing ?? '_PROCESS_POOL';
      const p = partial();
      expr = `await asyncio.get_running_loop().run_in_executor(${pool}, ${p.expr})`;
      imports = ['import asyncio', 'import concurrent.futures', ...p.imports];
      if (!existing) {
        const anchor = importAnchor(site.tree, site.text);
        const eol = site.style.eol;
        edits.push({
          span: { start: anchor.offset, end: anchor.offset },
          newText: anchor.leading ? `${eol}${eol}${pool} = concurrent.futures.ProcessPoolExecutor()` : `${pool} = concurrent.futures.ProcessPoolExecutor()${eol}${eol}`,
        });
      }
      break;
    }
  }
  edits.push({ span: { start: site.call.startIndex, end: site.call.endIndex }, newText: awaitExpr(site.call, expr) });
  const notes: string[] = [];
  let safe = true;
  if (site.rule?.offloadUnsafe) {
    safe = false;
    notes.push(site.rule.offloadUnsafe);
  }
  if (variant === 'process') notes.push('arguments and results are pickled between processes');
  return { edits, imports, safe, notes };
}

/** `zlib.compress`, `hashlib.pbkdf2_hmac`: a dotted name rooted at an imported module, or a top-level def. */
function isModuleFunction(site: PySite, fn: string): boolean {
  if (!/^[A-Za-z_][\w.]*$/.test(fn)) return false;
  const root = fn.split('.')[0];
  if (fn.includes('.')) return new RegExp(`^\\s*import\\s+([\\w.]+\\s*,\\s*)*${root}\\b`, 'm').test(site.text);
  return new RegExp(`^(async\\s+)?def\\s+${root}\\b`, 'm').test(site.text) || new RegExp(`^from\\s+[\\w.]+\\s+import\\s+.*\\b${root}\\b`, 'm').test(site.text);
}

/**
 * Offloading only the call is wrong when its work happens later: a context
 * manager's `__enter__`/`__exit__` and body, or an iterator consumed by a
 * loop, would still run on the event loop while the finding went away.
 */
function lazyUse(site: PySite): string | undefined {
  const call = site.call;
  const parent = call.parent;
  if (parent?.type === 'with_item' || (parent?.type === 'as_pattern' && parent.parent?.type === 'with_item')) {
    return 'the call opens a context manager: the with block would still run on the loop; move the whole with block into a function and offload that';
  }
  if ((parent?.type === 'for_statement' || parent?.type === 'for_in_clause') && parent.childForFieldName('right')?.id === call.id) {
    return 'the result is iterated lazily by the loop around it: move the loop into a function and offload that';
  }
  if (parent?.type === 'yield' && parent.text.startsWith('yield from')) return 'the result is consumed by yield from, after the offloaded call returns';
  if (isProjectGenerator(site)) return 'it calls a generator: the work runs as the result is iterated, not in the call';
  return undefined;
}

/** A same-file function whose body yields (calling it runs nothing yet). */
function isProjectGenerator(site: PySite): boolean {
  const callee = site.call.childForFieldName('function');
  if (!callee || callee.type !== 'identifier') return false;
  return perObject(generatorsOfTree, site.tree, () => {
    const names = new Set<string>();
    for (const y of site.tree.rootNode.descendantsOfType('yield')) {
      const def = y && enclosingFunction(y);
      const name = def?.type === 'function_definition' ? def.childForFieldName('name')?.text : undefined;
      if (name) names.add(name);
    }
    return names;
  }).has(callee.text);
}

const generatorsOfTree = new WeakMap<Tree, Set<string>>();
