import * as path from 'path';
import type { Span, TextEdit } from '../model';
import type { FixContext } from './types';
import { lineOf } from './style';
import { filesMentioning, identifierPattern, projectRoot } from './mentions';

/** How one occurrence of a function's name is used, as a language's syntax tree says. */
export type UseKind =
  /** `def name` / `function name` / a method of that name. */
  | 'definition'
  /** `name(...)` or `x.name(...)`. */
  | 'call'
  /** Any other reference: passed as a callback, a decorator, assigned, `map(name, ...)`. */
  | 'value'
  /** A string literal spelling exactly the name (`getattr(obj, "name")`, a registry). */
  | 'string'
  /** Not a reference to a function: a keyword argument, an import, a parameter or local of that name. */
  | 'ignored';

export interface NameUse {
  kind: UseKind;
  /** Offset of the identifier (or string). */
  at: number;
  /** For calls: the whole call expression, as the analyzer records it. */
  callSpan?: Span;
  /** The callee as written, for messages. */
  callee?: string;
  awaited?: boolean;
  /** The pending result is taken care of another way: passed to gather/create_task, `.then(...)`, returned to an awaiting caller. */
  handled?: boolean;
  /** The function around the use; undefined at module level. */
  enclosing?: { async: boolean; lambda: boolean; name?: string };
  /** For calls: the edits that await it (the language knows its precedence rules). */
  awaitEdits?: TextEdit[];
  /** For definitions: whether it is a method of a class. */
  method?: boolean;
}

/** A language's finder of every use of `name` in one file. */
export type UseFinder = (file: string, text: string, name: string) => NameUse[];

/**
 * The uses of `name` in each of `files` that mentions it (the others are not
 * parsed). `uses` is undefined when a file's uses cannot be read.
 */
export function* usesInFiles(
  files: Iterable<string>,
  textOf: (file: string) => string | undefined,
  name: string,
  findUses: UseFinder,
): Generator<{ file: string; text: string; uses: NameUse[] | undefined }> {
  const word = identifierPattern(name);
  for (const file of files) {
    const text = textOf(file);
    if (text === undefined || !word.test(text)) continue;
    let uses: NameUse[] | undefined;
    try {
      uses = findUses(file, text, name);
    } catch {
      uses = undefined;
    }
    yield { file, text, uses };
  }
}

/** Lines where a framework registration passes a function by name (`app.get("/", handler)`, `view_func=index`): that use is the framework calling it. */
export function registrationLines(context: Pick<FixContext, 'model'>, file: string, short: string): Set<number> {
  const lines = new Set<number>();
  for (const h of context.model(file)?.handlers ?? []) if (h.ref.name.split('.').pop() === short) lines.add(h.location.line);
  return lines;
}

export interface CallerPlan {
  edits: TextEdit[];
  /** Call sites that now await, as `file:line`. */
  awaitedAt: string[];
  /** Why the function cannot be made async safely; set means: offer nothing. */
  unavailable?: string;
}

export interface TargetFunction {
  file: string;
  /** The analyzer's dotted name (`verify_password`, `User.check`). */
  name: string;
  /** Offset of the definition's name identifier. */
  nameAt: number;
  /** What an un-awaited call returns: "a coroutine", "a promise". */
  pending: string;
}

/**
 * Plans the caller updates that making `target` async needs, looking at every
 * occurrence of its name in every project file of the same language, not only
 * at the calls the call graph resolved: a call it could not resolve
 * (`account.verify_password(...)` on an untyped value) would otherwise keep
 * testing a coroutine object, which is always truthy. Every occurrence must
 * be a call that resolves to the target from an async function (it gets
 * `await`), or provably something else; anything else makes the change
 * unavailable, naming the place.
 */
export function planAwaitingCallers(context: FixContext, target: TargetFunction, findUses: UseFinder, sameLanguage: (file: string) => boolean): CallerPlan {
  const short = target.name.split('.').pop()!;
  const isMethod = target.name.includes('.');
  const callers = context.callersOf(target.file, target.name);
  const siteKey = (file: string, span: { start: number; end: number }) => `${file}\0${span.start}\0${span.end}`;
  const ours = new Set(callers.map((c) => siteKey(c.file, c.span)));
  /** The resolved calls a use of the name was found at: any other must be looked at apart. */
  const seen = new Set<string>();
  const plan: CallerPlan = { edits: [], awaitedAt: [] };
  const base = projectRoot(context, target.file);
  const rel = (file: string) => path.relative(base, file).split(path.sep).join('/') || path.basename(file);
  // A callback, property, operator or `with` runs it without a call that could be awaited.
  const unawaitable = callers.find((c) => c.edge && !c.edge.startsWith('task'));
  if (unawaitable) {
    const text = context.text(unawaitable.file) ?? '';
    return { ...plan, unavailable: `${short} runs without a call at ${rel(unawaitable.file)}:${lineOf(text, unawaitable.span.start)} (${unawaitable.edge}), where an async version would not be awaited` };
  }
  const files = filesMentioning(context, short).filter(sameLanguage).sort((a, b) => (a === target.file ? -1 : b === target.file ? 1 : a.localeCompare(b)));
  for (const { file, text, uses } of usesInFiles(files, (f) => context.text(f), short, (f, t, n) => cachedUses(findUses, f, t, n))) {
    if (!uses) return { ...plan, edits: [], unavailable: `cannot read how ${short} is used in ${rel(file)}` };
    const blocker = usesBlocker(file, text, uses, short);
    if (blocker) return { edits: [], awaitedAt: [], unavailable: blocker };
  }
  // A call the graph resolved to the target where its name is not written (`from auth import check_password as verify`,
  // a default export imported as `verify`): every use of that other name in its file is looked at as those of the
  // target's own name were, so that `if verify(p):` gets its `await` too, or the change is not offered.
  for (let unseen = nextUnseen(); unseen; unseen = nextUnseen()) {
    const text = context.text(unseen.file) ?? '';
    const alias = /([A-Za-z_$][\w$]*)\s*$/.exec(text.slice(unseen.span.start, unseen.span.end).split('(')[0])?.[1];
    const uses = alias && alias !== short ? cachedUses(findUses, unseen.file, text, alias) : undefined;
    const blocker = uses && usesBlocker(unseen.file, text, uses, alias!);
    if (blocker) return { edits: [], awaitedAt: [], unavailable: blocker };
    if (!seen.has(siteKey(unseen.file, unseen.span))) {
      const where = `${rel(unseen.file)}:${lineOf(text, unseen.span.start)}`;
      return { edits: [], awaitedAt: [], unavailable: `${short} is called at ${where} under another name, where an async version would not be awaited` };
    }
  }
  return plan;

  function nextUnseen(): (typeof callers)[number] | undefined {
    return callers.find((c) => !c.awaited && !c.edge && !seen.has(siteKey(c.file, c.span)));
  }

  /** Why a use of `name` (the target's, or another name a resolved call uses) keeps the change from being offered; else undefined, with its calls' awaits planned. */
  function usesBlocker(file: string, text: string, uses: NameUse[], name: string): string | undefined {
    const registered = registrationLines(context, file, name);
    for (const use of uses) {
      if (use.kind === 'value' && registered.has(lineOf(text, use.at))) continue;
      const blocker = classify(use, `${rel(file)}:${lineOf(text, use.at)}`);
      if (blocker) return blocker;
    }
    return undefined;

    function classify(use: NameUse, where: string): string | undefined {
      switch (use.kind) {
        case 'ignored':
          return undefined;
        case 'definition':
          if (file === target.file && use.at === target.nameAt) return undefined;
          // An override (or the method it overrides) would stay sync behind the same call.
          if (isMethod && use.method) return `another class also defines ${name} (${where}): a call through a base class could reach either`;
          return undefined;
        case 'string':
          return `${name} is named in a string at ${where} (getattr or a registry may call it without awaiting)`;
        case 'value':
          return `${name} is used as a value at ${where} (a callback, decorator or alias), where an async version would not be awaited`;
        case 'call':
          return classifyCall(use, where);
      }
    }

    function classifyCall(use: NameUse, where: string): string | undefined {
      if (!use.callSpan) return undefined;
      const key = siteKey(file, use.callSpan);
      if (seen.has(key)) return undefined;
      seen.add(key);
      if (use.awaited) return undefined;
      if (!ours.has(key)) {
        const resolved = context.resolvedCallAt(file, use.callSpan);
        if (resolved?.kind === 'functions' && resolved.targets.length > 0) {
          if (!resolved.targets.some((t) => t.file === target.file && t.fn.name === target.name)) return undefined;
        } else if (resolved?.kind === 'external' && !mayBeProjectModule(context, resolved.name)) {
          return undefined;
        } else {
          return `cannot tell whether \`${use.callee ?? name}(...)\` at ${where} calls it; it would not be awaited`;
        }
      }
      if (!use.enclosing) return `${short} is called at module level (${where}), where nothing can await it`;
      if (use.enclosing.lambda) return `${short} is called inside a lambda (${where}), which cannot await`;
      if (!use.enclosing.async) {
        return `${short} is called from the sync function ${use.enclosing.name ?? ''} (${where}), which would get ${target.pending} instead of the result`.replace('  ', ' ');
      }
      plan.edits.push(...(use.awaitEdits ?? []));
      plan.awaitedAt.push(where);
      return undefined;
    }
  }
  return plan;
}

/**
 * Uses of a name per file text, kept across fix batches: the editor asks for
 * one file's fixes on each edit, and re-parsing every file that mentions the
 * name each time made that quadratic in the project size. Plain data only
 * (offsets and edits), so nothing needs freeing; bounded.
 */
const usesCache = new Map<string, { text: string; uses: NameUse[] }>();
const USES_CACHE_LIMIT = 20_000;

function cachedUses(findUses: UseFinder, file: string, text: string, name: string): NameUse[] {
  const key = `${file}\0${name}`;
  const hit = usesCache.get(key);
  if (hit && hit.text === text) return hit.uses;
  const uses = findUses(file, text, name);
  if (usesCache.size >= USES_CACHE_LIMIT) usesCache.clear();
  usesCache.set(key, { text, uses });
  return uses;
}

/** A library name whose first segment is also a folder or module of the project may be the project's own code, unresolved. */
function mayBeProjectModule(context: FixContext, name: string): boolean {
  const head = name.replace(/^@/, '').split(/[./]/)[0];
  if (!head) return true;
  // Every folder and module name of the project, once per batch.
  const names = context.memo('project-path-names', () => {
    const set = new Set<string>();
    for (const f of context.files()) for (const part of f.split(path.sep)) set.add(part).add(part.replace(/\.[^.]+$/, ''));
    return set;
  });
  return names.has(head);
}
