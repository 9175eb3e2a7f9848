import * as path from 'path';
import type { FileModel, LanguageId, ScanResult, Span } from '../model';
import type { LanguageSupport, Memo } from '../language';
import type { ResolvedTarget } from '../index/resolver';
import type { Engine } from '../engine';
import { languageForFile } from '../languages';
import { lineOf } from './style';
import { registrationLines, usesInFiles } from './callers';
import { memoScope } from './memo';
import { filesMentioning } from './mentions';

/** The engine's current state; `result` defaults to its handlers and findings without fixes. */
export function engineSnapshot(engine: Engine, root: string, result?: ScanResult): ProjectSnapshot {
  return {
    result: result ?? { root, filesScanned: engine.files().length, handlers: engine.handlers(), findings: engine.findings({ fixes: false }), errors: [] },
    files: () => engine.files(),
    text: (file) => engine.text(file),
    model: (file) => engine.fileModel(file),
    resolvedCallAt: (file, span) => engine.resolvedCallAt(file, span),
  };
}

/** The state of a scan's engines, one per language (`scan()`): each file is asked of its language's engine. */
export function enginesSnapshot(engines: ReadonlyMap<LanguageId | undefined, Engine>, root: string, result: ScanResult): ProjectSnapshot {
  if (engines.size === 1) return engineSnapshot([...engines.values()][0], root, result);
  const engineOf = (file: string) => engines.get(languageForFile(file)?.id);
  return {
    result,
    files: () => [...engines.values()].flatMap((engine) => engine.files()),
    text: (file) => engineOf(file)?.text(file),
    model: (file) => engineOf(file)?.fileModel(file),
    resolvedCallAt: (file, span) => engineOf(file)?.resolvedCallAt(file, span),
  };
}

/** A snapshot that knows only the scan result (no texts): the check then looks at the changed files alone. */
export function resultOnly(result: ScanResult): ProjectSnapshot {
  return { result, files: () => [], text: () => undefined, model: () => undefined };
}

/** One state of the project as the engine saw it: before or after a batch of fixes. */
export interface ProjectSnapshot {
  result: ScanResult;
  files(): readonly string[];
  text(file: string): string | undefined;
  model(file: string): FileModel | undefined;
  resolvedCallAt?(file: string, span: Span): ResolvedTarget | undefined;
}

/**
 * The whole-project check after fixes were applied (CLI `--fix`, the editor's
 * fix-all): every changed file still parses, no function that became async is
 * left un-awaited anywhere in the project (a sync caller would test a
 * coroutine or promise, which is always truthy), no handler disappeared, and
 * no new deployment/config finding appeared. Returns the problems; empty
 * means the batch may stay.
 */
export function checkAppliedFixes(before: ProjectSnapshot, after: ProjectSnapshot, changed: ReadonlyMap<string, { before: string | undefined; after: string }>): string[] {
  const problems: string[] = [];
  const scope = memoScope();
  const rel = (file: string) => path.relative(after.result.root, file).split(path.sep).join('/') || path.basename(file);
  try {
    for (const [file, { before: old, after: text }] of changed) {
      const check = languageForFile(file)?.fixCheck;
      if (!check) continue;
      const errors = check.syntaxErrors(file, text, scope.memo);
      if (errors > (old === undefined ? 0 : check.syntaxErrors(file, old, scope.memo))) problems.push(`${rel(file)} no longer parses`);
    }
    for (const [name, language] of newlyAsync(changed, scope.memo)) {
      problems.push(...unawaitedUses(after, changed, name, language, scope.memo, rel));
    }
  } finally {
    scope.release();
  }
  problems.push(...lostHandlers(before.result, after.result));
  problems.push(...newConfigFindings(before.result, after.result, rel));
  return problems;
}

/** Short names whose async definitions grew in a changed file, with their language. */
function newlyAsync(changed: ReadonlyMap<string, { before: string | undefined; after: string }>, memo: Memo): Map<string, LanguageSupport> {
  const names = new Map<string, LanguageSupport>();
  for (const [file, { before: old, after: text }] of changed) {
    const language = languageForFile(file);
    const check = language?.fixCheck;
    if (!language || !check) continue;
    const was = old === undefined ? new Map<string, number>() : check.asyncNames(file, old, memo);
    for (const [name, count] of check.asyncNames(file, text, memo)) if (count > (was.get(name) ?? 0)) names.set(name, language);
  }
  return names;
}

function unawaitedUses(
  after: ProjectSnapshot,
  changed: ReadonlyMap<string, { after: string }>,
  name: string,
  language: LanguageSupport,
  memo: Memo,
  rel: (f: string) => string,
): string[] {
  const problems: string[] = [];
  const finder = language.fixCheck!.uses(memo);
  const project = memo('verify-project', () => {
    const all = [...new Set([...changed.keys(), ...after.files()])];
    return { memo, files: () => all, text: (f: string) => changed.get(f)?.after ?? after.text(f) };
  });
  const files = filesMentioning(project, name).filter((file) => languageForFile(file) === language);
  for (const { file, text, uses } of usesInFiles(files, project.text, name, finder)) {
    const registered = registrationLines(after, file, name);
    for (const use of uses ?? []) {
      const where = `${rel(file)}:${lineOf(text, use.at)}`;
      if (use.kind === 'call' && !use.awaited && !use.handled && use.callSpan && !callsSyncFunction(after, file, use.callSpan)) {
        problems.push(`${name} is async now but is not awaited at ${where}`);
      } else if (use.kind === 'value' && !registered.has(lineOf(text, use.at))) {
        problems.push(`${name} is async now but is used as a value at ${where}`);
      } else if (use.kind === 'string') {
        problems.push(`${name} is async now but is named in a string at ${where}`);
      }
    }
  }
  return problems;
}

/** The call graph resolves this call to project functions, none of them async: it is another function of that name. */
function callsSyncFunction(after: ProjectSnapshot, file: string, span: Span): boolean {
  const resolved = after.resolvedCallAt?.(file, span);
  if (resolved?.kind === 'external') return true;
  return resolved?.kind === 'functions' && resolved.targets.length > 0 && resolved.targets.every((t) => !t.fn.isAsync);
}

function lostHandlers(before: ScanResult, after: ScanResult): string[] {
  const count = (r: ScanResult) => {
    const m = new Map<string, number>();
    for (const h of r.handlers) m.set(`${h.file}#${h.name}`, (m.get(`${h.file}#${h.name}`) ?? 0) + 1);
    return m;
  };
  const now = count(after);
  const lost: string[] = [];
  for (const [key, n] of count(before)) if ((now.get(key) ?? 0) < n) lost.push(`handler ${key.split('#')[1]} is no longer found`);
  return lost;
}

function newConfigFindings(before: ScanResult, after: ScanResult, rel: (f: string) => string): string[] {
  const key = (f: ScanResult['findings'][number]) => `${f.file}\0${f.rule}\0${f.message}`;
  const old = new Set(before.findings.filter((f) => f.category === 'config').map(key));
  return after.findings.filter((f) => f.category === 'config' && !old.has(key(f))).map((f) => `new ${f.rule} at ${rel(f.file)}:${f.range.line}`);
}
