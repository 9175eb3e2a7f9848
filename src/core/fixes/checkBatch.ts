import type { ScanResult, TextEdit } from '../model';
import type { Engine } from '../engine';
import { applyEdits } from './edits';
import { checkAppliedFixes, type ProjectSnapshot } from './verify';

export interface BatchVerdict {
  /** Indexes of the fix groups that may be applied together. */
  kept: number[];
  rejected: Array<{ index: number; problems: string[] }>;
}

function snapshot(engine: Engine, root: string): ProjectSnapshot {
  const result: ScanResult = { root, filesScanned: engine.files().length, handlers: engine.handlers(), findings: engine.findings({ fixes: false }), errors: [] };
  return {
    result,
    files: () => engine.files(),
    text: (file) => engine.text(file),
    model: (file) => engine.fileModel(file),
    resolvedCallAt: (file, span) => engine.resolvedCallAt(file, span),
  };
}

/** The texts after a set of groups: each edit once, applied to the engine's current text. */
function textsAfter(engine: Engine, groups: readonly TextEdit[][]): Map<string, string> {
  const byFile = new Map<string, TextEdit[]>();
  const seen = new Set<string>();
  for (const edit of groups.flat()) {
    const key = `${edit.file}\0${edit.span.start}\0${edit.span.end}\0${edit.newText}`;
    if (seen.has(key)) continue;
    seen.add(key);
    byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
  }
  const out = new Map<string, string>();
  for (const [file, edits] of byFile) {
    const text = engine.text(file);
    if (text !== undefined) out.set(file, applyEdits(text, edits));
  }
  return out;
}

/**
 * The editor's fix-all check, in memory: applies fix groups (one per fix)
 * to the engine's texts, runs the whole-project check of `--fix`
 * (checkAppliedFixes), and keeps the groups that pass, trying halves when a
 * set fails. The engine is back at its original texts when this returns.
 * Edits to files the engine does not analyse (requirements.txt) are not
 * checked here.
 */
export function checkFixGroups(engine: Engine, root: string, groups: readonly TextEdit[][]): BatchVerdict {
  const verdict: BatchVerdict = { kept: [], rejected: [] };
  const before = snapshot(engine, root);
  const originals = new Map<string, string>();
  for (const edit of groups.flat()) {
    const text = engine.text(edit.file);
    if (text !== undefined) originals.set(edit.file, text);
  }
  const restore = () => {
    for (const [file, text] of originals) if (engine.text(file) !== text) engine.setFile(file, text);
  };
  const attempt = (indexes: number[]) => {
    const trial = [...verdict.kept, ...indexes].map((i) => groups[i]);
    restore();
    let problems: string[];
    try {
      const texts = textsAfter(engine, trial);
      const changed = new Map<string, { before: string | undefined; after: string }>();
      for (const [file, text] of texts) {
        changed.set(file, { before: originals.get(file), after: text });
        engine.setFile(file, text);
      }
      problems = checkAppliedFixes(before, snapshot(engine, root), changed);
    } catch (error) {
      problems = [`the fixes could not be applied together: ${(error as Error).message}`];
    }
    if (problems.length === 0) {
      verdict.kept.push(...indexes);
      return;
    }
    if (indexes.length === 1) {
      verdict.rejected.push({ index: indexes[0], problems });
      return;
    }
    const half = Math.ceil(indexes.length / 2);
    attempt(indexes.slice(0, half));
    attempt(indexes.slice(half));
  };
  try {
    if (groups.length > 0) attempt(groups.map((_, i) => i));
  } finally {
    restore();
  }
  verdict.kept.sort((a, b) => a - b);
  return verdict;
}
