import type { Node } from 'web-tree-sitter';
import type { Finding, Fix } from '../../model';
import type { FixProvider } from '../../fixes/types';
import { markPreferred } from '../../fixes/preferred';
import { requirementChange } from './requirements';
import { awaitTwin } from './awaitTwins';
import { makeAsync } from './asyncify';
import { OFFLOAD_TITLES, offload, threadVariant, type OffloadVariant } from './offload';
import { frameworkOf, inAsyncDef, isUnavailable, siteFor, toTextEdits, type Outcome, type PySite, type Rewrite } from './site';
import { ancestorsOf, isAsyncDef, returnsTruthValue, usesAwait } from './syntax';
import { checkParses } from './validate';
import { pythonUses } from './uses';
import { usesInFiles } from '../../fixes/callers';
import { filesMentioning } from '../../fixes/mentions';
import { lineOf } from '../../fixes/style';
import * as path from 'path';

/**
 * Python rewrites for a finding, best first: await an async twin, make a sync
 * view async, offload to a thread/process, or (FastAPI/Quart) drop a useless
 * `async`. Each is re-parsed before it is offered.
 */
export const pythonFixes: FixProvider = (finding, context) => {
  let site: PySite | undefined;
  try {
    site = siteFor(finding, context);
  } catch {
    return [];
  }
  if (!site || !site.fn) return [];
  if (finding.category === 'coroutine') return markPreferred([checkParses(awaitCoroutine(site), context)]);
  if (site.fn.type === 'lambda') {
    return [{ title: 'Await an async equivalent', kind: 'await', safe: true, unavailable: 'the call is inside a lambda, which cannot await', edits: [] }];
  }
  if (insideGenerator(site)) {
    // `await` would turn the generator into an async generator that sum()/list()/join() cannot consume.
    return [{ title: 'Await an async equivalent', kind: 'await', safe: true, unavailable: 'the call is inside a generator expression, where await changes its type', edits: [] }];
  }
  const fixes = inAsyncDef(site) ? asyncFixes(site) : syncFixes(site);
  return markPreferred(fixes.map((f) => checkParses(f, context)));
};

/**
 * `await` the coroutine that was dropped or tested: never safe, since its
 * body now runs (a check now answers for real), but what the code meant.
 */
function awaitCoroutine(site: PySite): Fix {
  const title = `Await ${site.finding.call}()`;
  const unavailable = (reason: string): Fix => ({ title, kind: 'await', safe: false, unavailable: reason, edits: [] });
  if (site.fn?.type === 'lambda') return unavailable('the call is inside a lambda, which cannot await');
  if (insideGenerator(site)) return unavailable('the call is inside a generator expression, where await changes its type');
  if (!inAsyncDef(site)) return unavailable(`${site.info?.name ?? 'the caller'} is a plain def: make it async first, or run the coroutine with asyncio.run() outside an event loop`);
  return {
    title,
    kind: 'await',
    safe: false,
    description: 'the coroutine now runs: its effects happen, and a check now decides the branch',
    edits: [{ file: site.file, span: { start: site.call.startIndex, end: site.call.startIndex }, newText: 'await ' }],
  };
}

function callLabel(finding: Finding): string {
  return finding.call.split('.').slice(-2).join('.');
}

function toFix(site: PySite, title: string, kind: Fix['kind'], outcome: Outcome, extraNotes: string[] = []): Fix {
  if (isUnavailable(outcome)) return { title, kind, safe: true, unavailable: outcome.unavailable, edits: [] };
  const notes = [...outcome.notes, ...extraNotes];
  return { title, kind, safe: outcome.safe, ...(notes.length ? { description: notes.join('; ') } : {}), edits: toTextEdits(site, outcome) };
}

function isViaCall(finding: Finding): boolean {
  return finding.rule.endsWith('/via-call');
}

/** In an `async def`: await a twin, offload, or (FastAPI/Quart, no await at all) make it a plain def. */
function asyncFixes(site: PySite): Fix[] {
  const fixes: Fix[] = [];
  if (site.call.parent?.type === 'await') {
    return [{ title: 'Offload the call', kind: 'offload', safe: true, unavailable: 'the call is awaited: the blocking code is inside the coroutine, fix it there', edits: [] }];
  }
  if (!isViaCall(site.finding)) {
    const twin = awaitTwin(site);
    if (twin) fixes.push(toFix(site, twinTitle(site), 'await', twin));
  }
  for (const variant of offloadVariants(site)) fixes.push(toFix(site, OFFLOAD_TITLES[variant], 'offload', offload(site, variant)));
  const makeSync = makeSyncFix(site);
  if (makeSync) fixes.push(makeSync);
  return fixes;
}

function offloadVariants(site: PySite): OffloadVariant[] {
  if (site.rule?.offload === 'none') return [];
  const thread = threadVariant(site);
  if (site.finding.category === 'cpu' && site.rule?.offload === 'process') return ['process', thread];
  return [thread];
}

function twinTitle(site: PySite): string {
  const call = site.finding.call;
  if (call === 'time.sleep') return 'Await asyncio.sleep(...)';
  if (call.startsWith('requests.')) return 'Await httpx.AsyncClient instead of requests';
  if (call.startsWith('subprocess.')) return 'Await asyncio.create_subprocess_exec(...)';
  return `Await an async equivalent of ${callLabel(site.finding)}`;
}

const MAKE_SYNC_FRAMEWORKS = ['fastapi', 'quart'];

/** FastAPI/Quart run a plain `def` endpoint in a threadpool: an `async def` that never awaits gains nothing. */
function makeSyncFix(site: PySite): Fix | undefined {
  const fn = site.fn!;
  const handler = site.finding.handler;
  const framework = frameworkOf(site) ?? '';
  if (!handler || !site.info || handler.file !== site.file || handler.name !== site.info.name) return undefined;
  if (!MAKE_SYNC_FRAMEWORKS.some((f) => framework.includes(f))) return undefined;
  // Threads help blocking I/O; CPU-bound Python keeps the GIL, so the threadpool is no cure there.
  if (site.finding.category === 'cpu') return undefined;
  const title = `Make ${site.info.name} a plain def (${framework} runs it in a threadpool)`;
  if (usesAwait(fn)) return { title, kind: 'make-sync', safe: true, unavailable: 'the function awaits, so it must stay async', edits: [] };
  const use = otherUse(site);
  if (use) return { title, kind: 'make-sync', safe: true, unavailable: `project code uses it (${use}) and may await it`, edits: [] };
  const asyncToken = fn.children.find((c) => c?.type === 'async');
  const defToken = fn.children.find((c) => c?.type === 'def');
  if (!asyncToken || !defToken) return undefined;
  return { title, kind: 'make-sync', safe: true, edits: [{ file: site.file, span: { start: asyncToken.startIndex, end: defToken.startIndex }, newText: '' }] };
}

const MAKE_ASYNC_HANDLERS = ['flask', 'django', 'quart'];

/** In a sync function: make it (and its callers) async and await the rewrite. */
function syncFixes(site: PySite): Fix[] {
  if (isViaCall(site.finding) || !site.info || site.fn?.type !== 'function_definition' || isAsyncDef(site.fn)) return [];
  const name = site.info.name;
  const handler = site.finding.handler;
  const isHandler = !!handler && handler.file === site.file && handler.name === name;
  const framework = frameworkOf(site) ?? '';
  const title = `Make ${name} async and await the call`;
  if (site.finding.context === 'cooperative') return [];
  if (isHandler && !MAKE_ASYNC_HANDLERS.some((f) => framework.includes(f))) return [];
  if (isHandler && site.finding.context === 'threadpool') return [];
  let rewrite: Outcome | undefined = awaitTwin(site);
  if (!rewrite || isUnavailable(rewrite)) {
    // A sync worker gains nothing from offloading inside its own private loop.
    if (isHandler) return [{ title, kind: 'make-async', safe: true, unavailable: rewrite && isUnavailable(rewrite) ? rewrite.unavailable : `no async equivalent of ${site.finding.call} to await`, edits: [] }];
    if (site.rule?.offload === 'none') return [];
    rewrite = offload(site, threadVariant(site));
    if (isUnavailable(rewrite)) return [{ title, kind: 'make-async', safe: true, unavailable: rewrite.unavailable, edits: [] }];
  }
  if (isHandler && framework.includes('django') && site.info.className) {
    return [{ title, kind: 'make-async', safe: true, unavailable: 'Django class-based views must have all handler methods sync or all async', edits: [] }];
  }
  if (isHandler && framework.includes('django')) {
    const orm = site.context.findings().find((f) => f.file === site.file && f.category === 'database' && f.span.start >= site.fn!.startIndex && f.span.end <= site.fn!.endIndex);
    if (orm) return [{ title, kind: 'make-async', safe: true, unavailable: 'the view also uses the Django ORM, which raises SynchronousOnlyOperation in async code', edits: [] }];
  }
  const asyncified = makeAsync(site.context, site.file, site.fn, name);
  if (asyncified.unavailable) return [{ title, kind: 'make-async', safe: true, unavailable: asyncified.unavailable, edits: [] }];
  const notes = [...rewrite.notes];
  const external = [...(rewrite.external ?? []), ...asyncified.edits];
  let safe = rewrite.safe;
  let fixTitle = title;
  // Under WSGI, Flask and Django run an async view in a private loop inside the same worker: it buys something only when awaits overlap.
  if (isHandler && (framework.includes('flask') || (framework.includes('django') && site.finding.context === 'sync-worker'))) {
    const together = independentAwaits(site);
    if (together < 2) return [{ title, kind: 'make-async', safe: true, unavailable: `a ${framework.includes('flask') ? 'Flask' : 'Django'} async view under WSGI still holds its worker for the whole request (it runs in a private event loop); it pays only with two or more independent awaits run together`, edits: [] }];
    fixTitle = `Make ${name} async and await the call (then run its ${together} independent calls together with asyncio.gather)`;
  }
  if (isHandler && framework.includes('flask')) {
    const requirement = requirementChange(site.file, 'flask[async]');
    // Without flask[async] the first request raises RuntimeError: never apply it blind.
    if (requirement.note) return [{ title, kind: 'make-async', safe: true, unavailable: `Flask async views need flask[async]; ${requirement.note}`, edits: [] }];
    external.push(...requirement.edits);
    if (requirement.edits.length) notes.push('adds flask[async] to the dependencies');
  }
  if (asyncified.awaitedAt.length > 0) notes.push(`now awaited at: ${asyncified.awaitedAt.join(', ')}`);
  const short = name.slice(name.lastIndexOf('.') + 1);
  if (!isHandler && asyncified.awaitedAt.length === 0) {
    // Only the framework calls a handler; a helper nobody calls in the project is called from outside it.
    safe = false;
    notes.push('no caller found in the project: whoever calls it must now await it');
  } else if (!isHandler && !short.startsWith('_') && returnsTruthValue(site.fn)) {
    // A check others may import (plugins, extensions): one that calls it without await passes whatever it checks.
    safe = false;
    notes.push(`${short} returns a truth value and is public: a caller outside the project that does not await it tests a coroutine, which is always true (a failed check would pass)`);
  }
  const combined: Rewrite = { ...rewrite, external, safe, notes };
  return [toFix(site, fixTitle, 'make-async', combined)];
}

/**
 * How many blocking calls directly in the site's function have an async twin
 * and do not use one another's results (`a = get(x)` then `get(a)` is one
 * chain): the awaits that could overlap once the function is async.
 */
function independentAwaits(site: PySite): number {
  const fn = site.fn!;
  // Every finding of the view asks the same question: answer it once per function and batch.
  return site.context.memo(`independent-awaits\0${site.file}\0${fn.startIndex}`, () => countIndependentAwaits(site, fn));
}

function countIndependentAwaits(site: PySite, fn: Node): number {
  const calls = site.context.findings()
    .filter((f) => f.file === site.file && !isViaCall(f) && f.span.start >= fn.startIndex && f.span.end <= fn.endIndex)
    .map((f) => siteFor(f, site.context))
    .filter((s): s is PySite => !!s && s.fn?.id === fn.id)
    .filter((s) => { const twin = awaitTwin(s); return !!twin && !isUnavailable(twin); })
    .sort((a, b) => a.call.startIndex - b.call.startIndex);
  const independent: PySite[] = [];
  for (const candidate of calls) {
    const args = candidate.call.childForFieldName('arguments')?.text ?? '';
    const usesEarlier = independent.some((earlier) => assignedNames(earlier.call).some((name) => new RegExp(`\\b${name}\\b`).test(args)));
    if (!usesEarlier) independent.push(candidate);
  }
  return independent.length;
}

/** Names bound by the assignment whose value holds `call` (`resp = requests.get(...)` → `resp`). */
function assignedNames(call: Node): string[] {
  for (const n of ancestorsOf(call)) {
    if (n.type === 'assignment' || n.type === 'augmented_assignment') return [...(n.childForFieldName('left')?.text.matchAll(/[A-Za-z_]\w*/g) ?? [])].map((m) => m[0]);
    if (n.type === 'expression_statement' || n.type === 'function_definition') return [];
  }
  return [];
}

/** Where the project refers to the site's function other than by its own definition, as `file:line`. */
function otherUse(site: PySite): string | undefined {
  const short = site.info!.name.split('.').pop()!;
  const files = filesMentioning(site.context, short).filter((f) => f.endsWith('.py'));
  for (const { file, text, uses } of usesInFiles(files, (f) => site.context.text(f), short, pythonUses(site.context))) {
    const use = (uses ?? []).find((u) => u.kind !== 'ignored' && !(u.kind === 'definition' && !u.method && file !== site.file) && !(file === site.file && u.at === site.fn!.childForFieldName('name')?.startIndex));
    if (use) return `${path.basename(file)}:${lineOf(text, use.at)}`;
  }
  return undefined;
}

function insideGenerator(site: PySite): boolean {
  for (const n of ancestorsOf(site.call)) {
    if (n.id === site.fn?.id) return false;
    if (n.type === 'generator_expression') return true;
  }
  return false;
}
